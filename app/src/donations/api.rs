//! The donation pages' server functions: they only parse and call `donations::ssr`.
use crate::domain::Locale;
use crate::donations::views::{FundCard, FundView};
use crate::error::AppError;
use leptos::prelude::*;

/// A fund's public page.
#[server(endpoint = "funds/page")]
pub async fn fund_page(slug: String, locale: Locale) -> Result<FundView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::donations::ssr::funds::page(&state, &slug, locale).await
}

/// The funds taking donations, for the home page.
#[server(endpoint = "funds/open")]
pub async fn open_funds(locale: Locale) -> Result<Vec<FundCard>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok(crate::donations::ssr::funds::open(&state.db, locale).await?)
}
