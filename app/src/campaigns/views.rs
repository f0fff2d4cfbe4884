//! What campaign pages, the editor and the admin start page show, as sent from the server (wire
//! types), and the editor's per-language text as a form sends it.
use crate::domain::{CampaignKind, CampaignState, Locale};
use serde::{Deserialize, Serialize};

/// What the home page shows of an open campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignCard {
    pub slug: String,
    pub kind: CampaignKind,
    pub title: String,
    pub summary: String,
}

/// What a campaign page shows. `body_html` is Markdown rendered and sanitised on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignView {
    pub slug: String,
    pub kind: CampaignKind,
    pub state: CampaignState,
    pub title: String,
    pub summary: String,
    pub body_html: String,
    pub addressee: String,
    pub goal: Option<i64>,
    pub closes_on: Option<chrono::NaiveDate>,
    /// The language the text is in: the reader's if translated, else the campaign's default.
    pub text_locale: Locale,
    pub requires_postcode: bool,
    /// Confirmed signatures as last aggregated.
    pub confirmed: i64,
    /// Country code and confirmed signatures, largest first.
    pub by_country: Vec<(String, i64)>,
    /// Public name (as the signer chose it) and country code of the latest signers who chose
    /// to be shown.
    pub recent_signers: Vec<(String, String)>,
    /// Proves when the form was served (see `ssr::petitions::form_token`).
    pub form_token: String,
    /// The proof of work asked of the browser (see `domain::pow`); 0 for none.
    pub pow_bits: u8,
    pub image: Option<ImageView>,
    /// Letter campaigns: the legislatures written to (short name, name, country), and how many
    /// letters have been sent off.
    pub targets: Vec<(String, String, String)>,
    pub letters_sent: i64,
    /// Letters delivered per legislature, and per representative (name, area, count).
    pub letters_by_legislature: Vec<(String, i64)>,
    pub letters_by_representative: Vec<(String, String, i64)>,
    /// How often representatives answered, as writers told us (only with enough answers).
    pub responsiveness: crate::letters::views::Responsiveness,
}

/// A campaign's image: served by Petrel, with its text alternative (empty: decorative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageView {
    pub src: String,
    pub width: i32,
    pub height: i32,
    pub alt: String,
}

/// One language's text in the editor, with the saved body rendered as the public page will.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextView {
    pub locale: Locale,
    pub saved: bool,
    pub title: String,
    pub summary: String,
    pub addressee: String,
    pub body: String,
    /// The image's description in this language.
    pub image_alt: String,
    pub letter_subject: String,
    pub letter_body: String,
    pub letter_guidance: String,
    pub preview_html: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorView {
    pub slug: String,
    pub state: crate::domain::CampaignState,
    pub default_locale: Locale,
    pub goal: Option<i64>,
    pub closes_on: Option<chrono::NaiveDate>,
    pub requires_postcode: bool,
    /// Every language the site speaks, saved or not.
    pub texts: Vec<TextView>,
    pub editable: bool,
    /// An admin looking at a submitted campaign.
    pub can_review: bool,
    pub review_reason: Option<String>,
    pub review_note: Option<String>,
    /// Who runs it: address, and whether it is the owner (listed first).
    pub team: Vec<(String, bool)>,
    /// The campaign image's path, if it has one.
    pub image: Option<String>,
    pub kind: crate::domain::CampaignKind,
    /// Letter campaigns: every legislature in the directory (short name, name, country) and
    /// whether the campaign writes to it; and whether it sends daily digests.
    pub legislatures: Vec<(String, String, String, bool)>,
    /// The legislatures written to, each with what it can be narrowed to.
    pub targets: Vec<TargetView>,
    /// People written to whatever the writer's area: name and address.
    pub recipients: Vec<(String, String)>,
    pub letter_digest: bool,
    pub letter_requires_address: bool,
    pub csrf: String,
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

/// One language's fields as the editor sends them (`texts[<code>][<field>]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TextInput {
    pub title: String,
    pub summary: String,
    pub addressee: String,
    pub body: String,
    pub image_alt: String,
    pub letter_subject: String,
    pub letter_body: String,
    pub letter_guidance: String,
}

/// A campaign on the admin start page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminCampaign {
    pub slug: String,
    pub title: String,
    pub state: crate::domain::CampaignState,
    /// What `confirmed` counts: signatures or letters.
    pub kind: crate::domain::CampaignKind,
    /// Confirmed signatures of a petition, letters sent off of a letter campaign.
    pub confirmed: i64,
}

/// A campaign waiting for an admin's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub slug: String,
    pub title: String,
    /// How long it has waited, in hours.
    pub waiting_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminStart {
    pub is_admin: bool,
    pub campaigns: Vec<AdminCampaign>,
    /// For admins: the moderation queue, oldest first.
    pub queue: Vec<ReviewItem>,
    pub csrf: String,
}
