//! Where a letter is in its life, and where each of its deliveries (one per representative) is,
//! stored as their names. A letter: `new` (written and previewed) → `awaiting_confirmation` →
//! `queued` → `sent` → `delivered` or `failed`; `print` when it goes by post only; `withdrawn`
//! when its writer took it back before it went. A delivery: `pending` → `queued` → `sent` (their
//! mail server took it) → `delivered` or `failed` (bounced); by post `pending` → `print`;
//! `withdrawn` with its letter. The SQL that moves rows between states names them in the query
//! text; Rust code uses these enums.
use super::stored::stored_enum;

stored_enum!(
    /// A letter's state.
    LetterState {
        New => "new",
        AwaitingConfirmation => "awaiting_confirmation",
        Queued => "queued",
        Sent => "sent",
        Delivered => "delivered",
        Failed => "failed",
        Print => "print",
        Withdrawn => "withdrawn",
    }
);

stored_enum!(
    /// The state of a letter's way to one representative.
    DeliveryState {
        Pending => "pending",
        Queued => "queued",
        Sent => "sent",
        Delivered => "delivered",
        Failed => "failed",
        Print => "print",
        Withdrawn => "withdrawn",
    }
);

impl LetterState {
    /// The states of a letter its writer confirmed.
    pub const CONFIRMED: [LetterState; 5] = [
        LetterState::Queued,
        LetterState::Sent,
        LetterState::Delivered,
        LetterState::Failed,
        LetterState::Print,
    ];

    pub fn confirmed(self) -> bool {
        LetterState::CONFIRMED.contains(&self)
    }

    /// Whether it has left Petrel (sent, delivered, bounced, or handed to its writer to print):
    /// withdrawing it then no longer stops it.
    pub fn gone(self) -> bool {
        matches!(
            self,
            LetterState::Sent | LetterState::Delivered | LetterState::Failed | LetterState::Print
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_back_from_their_stored_names() {
        for s in LetterState::ALL {
            assert_eq!(LetterState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).ok(), Some(format!("\"{s}\"")));
        }
        for s in DeliveryState::ALL {
            assert_eq!(DeliveryState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).ok(), Some(format!("\"{s}\"")));
        }
        assert_eq!(LetterState::parse("bogus"), None);
        assert_eq!(LetterState::of_stored("bogus"), LetterState::New);
        assert!(LetterState::Print.confirmed() && !LetterState::AwaitingConfirmation.confirmed());
    }
}
