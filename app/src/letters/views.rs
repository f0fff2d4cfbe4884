//! What the writer's pages show, as sent from the server (wire types: they depend only on
//! `domain`).
use crate::domain::Locale;
use crate::domain::{DeliveryState, LetterState};
use serde::{Deserialize, Serialize};

/// A letter this similar (percent) to one already sent is called nearly identical.
pub const NEARLY_IDENTICAL: i32 = 90;

/// A representative as the writer sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecipientView {
    pub name: String,
    pub party: Option<String>,
    /// Whether they can be written to by email (the others get a printed letter).
    pub by_email: bool,
    pub postal_address: Option<String>,
}

/// The writing page: where the writer is, who will receive the letter, and the suggested
/// letter already addressed to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriteView {
    pub slug: String,
    pub title: String,
    pub text_locale: Locale,
    /// The campaign's legislatures: short name, name, country.
    pub legislatures: Vec<(String, String, String)>,
    /// The chosen one (the only one, or the one in the address).
    pub legislature: Option<String>,
    /// Whether a postcode table is loaded for it.
    pub has_postcodes: bool,
    /// Every area of the legislature, by name (for the picker), when no area was found yet.
    pub areas: Vec<(i64, String)>,
    /// The area found or picked.
    pub area: Option<(i64, String)>,
    /// The postcode that found the area (it goes under the letter), or empty.
    pub postcode: String,
    /// The area found is not among those the campaign writes to.
    pub outside: bool,
    pub recipients: Vec<RecipientView>,
    pub subject: String,
    pub body: String,
    pub guidance: String,
    /// The writer must give their postal address.
    pub address_required: bool,
    pub form_token: String,
}

/// A letter's way to one representative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: i64,
    pub name: String,
    pub state: DeliveryState,
    pub by_post: bool,
    /// Their email address, or postal address (by post; the directory may not have one).
    pub address: Option<String>,
}

/// The letter exactly as each representative will receive it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewView {
    pub slug: String,
    pub campaign: String,
    /// `New` until sent off; later states show what happened instead of the button.
    pub state: LetterState,
    /// Each recipient: by email, or by post (printed by the writer).
    pub to: Vec<DeliveryView>,
    pub reply_to: String,
    pub subject: String,
    pub body: String,
    /// The writer's signature block, which Petrel adds under the text.
    pub signature: Vec<String>,
    /// The line under it saying where the letter came from, in the letter's language.
    pub footer: String,
    /// The language the letter is written in (and goes out in).
    pub language: Locale,
    /// How like the most similar letter already sent in this campaign, in percent.
    pub similarity: i32,
    pub token: String,
}

/// What a confirmation link leads to: the campaign, and whether it can still be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmView {
    pub slug: String,
    pub campaign: String,
    /// `valid`, `done` (already confirmed) or `invalid`.
    pub link: String,
}

/// The "did you get a reply?" page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyView {
    pub slug: String,
    pub campaign: String,
    pub token: String,
    /// Delivery id, representative, the answer so far (`yes`, `no`).
    pub representatives: Vec<(i64, String, Option<String>)>,
}

/// How often letters were answered, per legislature, party and representative: name, answers,
/// answers saying they replied. Only figures with enough answers are listed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Responsiveness {
    pub legislatures: Vec<(String, i64, i64)>,
    pub parties: Vec<(String, i64, i64)>,
    pub representatives: Vec<(String, i64, i64)>,
}

/// The page behind a letter email's "withdraw and erase" link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManageView {
    pub slug: String,
    pub campaign: String,
    pub state: LetterState,
    /// What the writer typed is gone already.
    pub erased: bool,
    /// Its text and sender are still there to print.
    pub printable: bool,
    pub deliveries: Vec<DeliveryView>,
    pub token: String,
}

/// A letter by post, laid out for printing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintView {
    pub slug: String,
    pub campaign: String,
    /// The writer's name and address (or town).
    pub from: Vec<String>,
    pub date: String,
    pub to_name: String,
    /// Their postal address, by line (empty when the directory has none).
    pub to_address: Vec<String>,
    pub subject: String,
    pub body: String,
    /// The writer's name, unless the letter already signs with it.
    pub signature: Vec<String>,
    pub token: String,
}

/// A legislature a letter campaign writes to, and the members it is narrowed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    /// Short name and name.
    pub slug: String,
    pub name: String,
    /// Every party or group (the source's id, name) and whether it is written to.
    pub parties: Vec<(String, String, bool)>,
    /// The areas written to (id, name); none means all.
    pub chosen_areas: Vec<(String, String)>,
    /// Every other area, for the picker.
    pub other_areas: Vec<(String, String)>,
}

/// A letter campaign's part of its campaign page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LetterPart {
    /// The legislatures written to (short name, name, country).
    pub targets: Vec<(String, String, String)>,
    /// Letters sent off.
    pub sent: i64,
    /// Letters delivered per legislature, and per representative (name, area, count).
    pub by_legislature: Vec<(String, i64)>,
    pub by_representative: Vec<(String, String, i64)>,
    /// How often representatives answered, as writers told us (only with enough answers).
    pub responsiveness: Responsiveness,
}

/// A letter campaign's part of the editor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LetterEditorPart {
    /// Every legislature in the directory (short name, name, country) and whether the campaign
    /// writes to it.
    pub legislatures: Vec<(String, String, String, bool)>,
    /// The legislatures written to, each with what it can be narrowed to.
    pub targets: Vec<TargetView>,
    /// People written to whatever the writer's area: name and address.
    pub recipients: Vec<(String, String)>,
}
