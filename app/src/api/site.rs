//! The operator's details (`crate::site::SiteInfo`) for the footer and the contact page.
use crate::error::AppError;
use crate::site::SiteInfo;
use leptos::prelude::*;

#[server(endpoint = "site/info")]
pub async fn load_site_info() -> Result<SiteInfo, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok((*state.site).clone())
}
