//! What a campaign's kind adds to the hub's pages, as sent from the server.
use crate::campaigns::views::{CampaignView, EditorView};
use crate::letters::views::{LetterEditorPart, LetterPart};
use crate::petitions::views::PetitionPart;
use serde::{Deserialize, Serialize};

/// A kind's part of its campaign page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KindPart {
    Petition(PetitionPart),
    Letter(LetterPart),
}

impl KindPart {
    /// What the page counts towards the goal: confirmed signatures, or letters sent off.
    pub fn count(&self) -> i64 {
        match self {
            KindPart::Petition(p) => p.confirmed,
            KindPart::Letter(l) => l.sent,
        }
    }
}

/// A campaign page: the hub's part and its kind's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignPage {
    pub campaign: CampaignView,
    pub part: KindPart,
}

/// A kind's part of the editor (petitions have none beyond the hub's settings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KindEditor {
    Petition,
    Letter(LetterEditorPart),
}

/// The editor: the hub's settings and texts and its kind's part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorPage {
    pub editor: EditorView,
    pub part: KindEditor,
}
