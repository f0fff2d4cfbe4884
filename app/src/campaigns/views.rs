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
    pub image: Option<ImageView>,
    /// The mailing list its opt-in box subscribes to (an open one), named in the reader's
    /// language; `None`: no box.
    pub list: Option<CampaignList>,
}

/// The mailing list a campaign's forms offer to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignList {
    pub slug: String,
    pub name: String,
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
    /// Letter campaigns: one email a day per representative; writers give their address.
    pub letter_digest: bool,
    pub letter_requires_address: bool,
    /// The fund the campaign's pages point to (slug; empty: none), and the funds to choose from.
    pub fund: String,
    pub funds: Vec<FundLink>,
    /// The mailing list its opt-in boxes subscribe to (slug; empty: none), and the open lists
    /// to choose from.
    pub list: String,
    pub lists: Vec<CampaignList>,
    pub csrf: String,
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

/// The fund a campaign invites its supporters to give to ("chip in for legal aid").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundLink {
    pub slug: String,
    /// In the reader's language where the fund has it.
    pub title: String,
}
