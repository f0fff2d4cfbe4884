//! What a campaign is. Stored and sent as its name (`petition`, `letter`), so adding a kind —
//! donations and mailing lists are next — is adding a variant here, and the compiler then
//! points at every place that must decide what the new kind does.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignKind {
    /// Signatures, counted and delivered to an addressee.
    #[default]
    Petition,
    /// Letters from each writer to their own representatives.
    Letter,
}

impl CampaignKind {
    pub const ALL: [CampaignKind; 2] = [CampaignKind::Petition, CampaignKind::Letter];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignKind::Petition => "petition",
            CampaignKind::Letter => "letter",
        }
    }

    /// The kind a stored or submitted name names, if any.
    pub fn parse(name: &str) -> Option<CampaignKind> {
        CampaignKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind of a stored campaign row. Only these names are ever written (campaign files and
    /// the editor parse them first); anything else reads as a petition rather than failing.
    pub fn of_stored(name: &str) -> CampaignKind {
        CampaignKind::parse(name).unwrap_or_default()
    }
}

impl fmt::Display for CampaignKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
