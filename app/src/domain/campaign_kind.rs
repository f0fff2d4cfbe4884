//! What a campaign is. Stored and sent as its name (`petition`, `letter`), so adding a kind —
//! donations and mailing lists are next — is adding a variant here, and the compiler then
//! points at every place that must decide what the new kind does.
use super::stored::stored_enum;

stored_enum!(
    /// What a campaign is.
    CampaignKind {
        /// Signatures, counted and delivered to an addressee.
        Petition => "petition",
        /// Letters from each writer to their own representatives.
        Letter => "letter",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_the_wire() {
        for kind in CampaignKind::ALL {
            assert_eq!(CampaignKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).expect("json"),
                format!("\"{}\"", kind.as_str())
            );
        }
        assert_eq!(CampaignKind::parse("donation"), None);
    }
}
