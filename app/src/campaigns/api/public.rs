//! Reading campaigns for the public pages (one campaign's page is `kinds::api::campaign`, since
//! its kind adds its part).
use crate::campaigns::views::CampaignCard;
use crate::domain::Locale;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "campaigns/open")]
pub async fn open_campaigns(locale: Locale) -> Result<Vec<CampaignCard>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::campaigns::ssr::open_campaigns(&state.db, locale).await
}
