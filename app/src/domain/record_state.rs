//! The states of a signature, an outgoing email and a donation, stored by name (see [`super::stored`]).
//! SQL text that filters on them names them too (`state = 'confirmed'`); these are the names.
use super::stored::stored_enum;

stored_enum!(
    /// A signature's state: waiting for its emailed link, or confirmed.
    SignatureState {
        Pending => "pending",
        Confirmed => "confirmed",
    }
);

stored_enum!(
    /// An outgoing email's state in the outbox.
    EmailState {
        Queued => "queued",
        Sent => "sent",
    }
);

stored_enum!(
    /// A donation's state. Stripe's events only move it forward (see
    /// `donations::ssr::events`): a late or repeated event never takes it back.
    DonationState {
        /// Sent to Stripe's checkout; nothing paid yet.
        Pending => "pending",
        Paid => "paid",
        /// Checkout expired or the payment failed: nothing was taken.
        Failed => "failed",
        /// Paid, then given back in full.
        Refunded => "refunded",
    }
);

impl DonationState {
    /// The states of a donation whose money came in (refunded ones count: the ledger shows the
    /// gift and the refund).
    pub const RECEIVED: [DonationState; 2] = [DonationState::Paid, DonationState::Refunded];
}

stored_enum!(
    /// A card holder's dispute of a payment. It only moves forward (open, then won or lost), so
    /// Stripe's dispute events in any order end the same.
    DisputeState {
        /// Disputed: the money is held back until the bank decides.
        Open => "open",
        /// Decided for the fund: the money came back.
        Won => "won",
        /// Decided for the card holder: the money is gone.
        Lost => "lost",
    }
);

stored_enum!(
    /// Whether a fund takes donations.
    FundState {
        Open => "open",
        Closed => "closed",
    }
);

stored_enum!(
    /// Once, or every month until cancelled.
    DonationKind {
        Once => "once",
        Monthly => "monthly",
    }
);

stored_enum!(
    /// Whether a list takes new subscribers.
    ListState {
        Open => "open",
        Closed => "closed",
    }
);

stored_enum!(
    /// One subscriber on one list.
    SubscriptionState {
        /// Asked to join; waiting for the emailed link.
        Pending => "pending",
        Confirmed => "confirmed",
        /// Left (or was never confirmed and asked to leave); kept as the record of it.
        Unsubscribed => "unsubscribed",
    }
);

stored_enum!(
    /// A mailing's life: written, perhaps scheduled, sent in batches (which can be paused and
    /// resumed), and finished or cancelled.
    MailingState {
        Draft => "draft",
        Scheduled => "scheduled",
        Sending => "sending",
        Paused => "paused",
        Cancelled => "cancelled",
        Sent => "sent",
    }
);

stored_enum!(
    /// One person's copy of a mailing.
    RecipientState {
        Pending => "pending",
        /// Claimed by a worker's batch; back to pending if the worker died.
        Sending => "sending",
        Sent => "sent",
        /// The mail server refused it for good.
        Failed => "failed",
        /// Not sent: they left the lists, were erased or suppressed before their turn.
        Skipped => "skipped",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_keep_their_stored_names() {
        assert_eq!(SignatureState::Confirmed.as_str(), "confirmed");
        assert_eq!(
            SignatureState::of_stored("pending"),
            SignatureState::Pending
        );
        assert_eq!(EmailState::parse("sent"), Some(EmailState::Sent));
        assert_eq!(EmailState::parse("bounced"), None);
    }
}
