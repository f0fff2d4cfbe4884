//! Reading campaigns for the public pages (one campaign's page is `kinds::api::campaign`, since
//! its kind adds its part).
use crate::campaigns::views::{CampaignCard, FundLink};
use crate::domain::Locale;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "campaigns/open")]
pub async fn open_campaigns(locale: Locale) -> Result<Vec<CampaignCard>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::campaigns::ssr::open_campaigns(&state.db, locale).await
}

/// The fund a campaign's pages invite supporters to give to, if any.
#[server(endpoint = "campaigns/fund")]
pub async fn campaign_fund(slug: String, locale: Locale) -> Result<Option<FundLink>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::campaigns::ssr::public::fund_of(&state, &slug, locale).await
}
