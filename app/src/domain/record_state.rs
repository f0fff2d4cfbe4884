//! The states of a signature and of an outgoing email, stored by name (see [`super::stored`]).
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
