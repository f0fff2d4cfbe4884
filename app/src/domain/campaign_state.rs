//! Where a campaign is in its life, stored as its name. Drafts and rejected campaigns are
//! edited by their organizers; submitted ones wait for an admin's review; open ones take
//! signatures or letters; closed ones show their result; archived ones are kept for the record.
use super::stored::stored_enum;

stored_enum!(
    /// A campaign's state.
    CampaignState {
        Draft => "draft",
        Submitted => "submitted",
        Rejected => "rejected",
        Open => "open",
        Closed => "closed",
        Archived => "archived",
    }
);

impl CampaignState {
    /// The states in which a campaign is public; the others are seen only in the admin area.
    pub const PUBLIC: [CampaignState; 3] = [
        CampaignState::Open,
        CampaignState::Closed,
        CampaignState::Archived,
    ];

    /// Whether its organizers may still change it.
    pub fn editable(self) -> bool {
        matches!(self, CampaignState::Draft | CampaignState::Rejected)
    }

    /// The next step an organizer can take by hand: close an open campaign, archive a closed one.
    pub fn next_by_hand(self) -> Option<CampaignState> {
        match self {
            CampaignState::Open => Some(CampaignState::Closed),
            CampaignState::Closed => Some(CampaignState::Archived),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_published_ones_are_public() {
        for state in CampaignState::ALL {
            assert_eq!(CampaignState::parse(state.as_str()), Some(state));
            assert_eq!(
                serde_json::to_string(&state).expect("json"),
                format!("\"{state}\"")
            );
        }
        assert_eq!(CampaignState::of_stored("nonsense"), CampaignState::Draft);
        assert!(!CampaignState::PUBLIC.contains(&CampaignState::Submitted));
        assert!(CampaignState::Rejected.editable() && !CampaignState::Open.editable());
        assert_eq!(
            CampaignState::Open.next_by_hand(),
            Some(CampaignState::Closed)
        );
        assert_eq!(CampaignState::Draft.next_by_hand(), None);
    }
}
