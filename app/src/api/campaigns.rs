//! Reading campaigns for the public pages.
use crate::domain::{CampaignKind, CampaignState, Locale};
use crate::error::AppError;
use leptos::prelude::*;
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

#[server(endpoint = "campaigns/open")]
pub async fn open_campaigns(locale: Locale) -> Result<Vec<CampaignCard>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::campaigns::open_campaigns(&state.db, locale).await
}

#[server(endpoint = "campaigns/get")]
pub async fn campaign(slug: String, locale: Locale) -> Result<CampaignView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let mut view = crate::ssr::campaigns::campaign(&state, &slug, locale).await?;
    view.form_token = crate::ssr::abuse::form_token::issue(&state.vault);
    view.pow_bits = state.abuse.pow_bits;
    Ok(view)
}
