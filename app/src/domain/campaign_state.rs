//! Where a campaign is in its life, stored as its name. Drafts and rejected campaigns are
//! edited by their organizers; submitted ones wait for an admin's review; open ones take
//! signatures or letters; closed ones show their result; archived ones are kept for the record.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignState {
    #[default]
    Draft,
    Submitted,
    Rejected,
    Open,
    Closed,
    Archived,
}

impl CampaignState {
    pub const ALL: [CampaignState; 6] = [
        CampaignState::Draft,
        CampaignState::Submitted,
        CampaignState::Rejected,
        CampaignState::Open,
        CampaignState::Closed,
        CampaignState::Archived,
    ];

    /// The states in which a campaign is public; the others are seen only in the admin area.
    pub const PUBLIC: [CampaignState; 3] = [
        CampaignState::Open,
        CampaignState::Closed,
        CampaignState::Archived,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignState::Draft => "draft",
            CampaignState::Submitted => "submitted",
            CampaignState::Rejected => "rejected",
            CampaignState::Open => "open",
            CampaignState::Closed => "closed",
            CampaignState::Archived => "archived",
        }
    }

    pub fn parse(name: &str) -> Option<CampaignState> {
        CampaignState::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The state of a stored row; an unknown name reads as a draft (never public).
    pub fn of_stored(name: &str) -> CampaignState {
        CampaignState::parse(name).unwrap_or_default()
    }

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

impl fmt::Display for CampaignState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
