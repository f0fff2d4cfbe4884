//! Reading campaigns for the public pages.
use crate::campaigns::views::{CampaignCard, CampaignView};
use crate::domain::Locale;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "campaigns/open")]
pub async fn open_campaigns(locale: Locale) -> Result<Vec<CampaignCard>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::campaigns::ssr::open_campaigns(&state.db, locale).await
}

#[server(endpoint = "campaigns/get")]
pub async fn campaign(slug: String, locale: Locale) -> Result<CampaignView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let mut view = crate::campaigns::ssr::campaign(&state, &slug, locale).await?;
    view.form_token = crate::ssr::abuse::form_token::issue(&state.vault);
    view.pow_bits = state.abuse.pow_bits;
    Ok(view)
}
