//! The state every request and job shares, given to Leptos as context once.
use crate::error::AppError;
use crate::site::SiteInfo;
use crate::ssr::vault::Vault;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub vault: Vault,
    pub site: Arc<SiteInfo>,
    pub counts: crate::petitions::ssr::counts::CountCache,
    pub campaigns: crate::campaigns::ssr::cache::CampaignCache,
    pub ip_salts: crate::ssr::abuse::ip_salt::IpSalts,
    pub blocklist: crate::petitions::ssr::blocklist::BlocklistCache,
    pub abuse: crate::ssr::abuse::AbuseSettings,
    pub letters: crate::letters::settings::LetterSettings,
    pub donations: Arc<crate::donations::settings::DonationSettings>,
    pub payments: crate::donations::ssr::checkout::Payments,
    pub auth: crate::accounts::settings::AuthConfig,
    /// The site's public address without a trailing slash, for links meant to be shared.
    pub public_url: Arc<str>,
    pub leptos_options: LeptosOptions,
}

/// The application state from context, as an error (not a panic) if it is missing.
pub fn use_app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
