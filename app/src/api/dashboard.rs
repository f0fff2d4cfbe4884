//! A campaign's dashboard for its organizers (and admins): figures, and bulk invalidation of
//! signatures by rule with a preview and an undo. Same authorisation as the editor.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A campaign's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub slug: String,
    /// Confirmed and not suspect: what the public count shows once aggregated.
    pub confirmed: i64,
    /// Waiting for the signer to confirm.
    pub pending: i64,
    /// Marked suspect (confirmed or not), never counted.
    pub suspect: i64,
    /// Flagged for review (many from one network address) but counted like the rest.
    pub flagged: i64,
    /// Whether `series` is per hour (the last 48) rather than per day (the last 30).
    pub hourly: bool,
    /// Confirmations per hour or day (UTC), oldest first.
    pub series: Vec<(chrono::NaiveDateTime, i64)>,
    pub by_country: Vec<(String, i64)>,
    /// Confirmed signatures by the referral code of the link they came by (`""`: none).
    pub by_ref: Vec<(String, i64)>,
    /// The rule that marked them, and how many.
    pub suspect_by_reason: Vec<(String, i64)>,
    /// Network-address hashes behind several countable signatures, most first.
    pub busy_addresses: Vec<(String, i64)>,
    pub invalidations: Vec<InvalidationView>,
    pub csrf: String,
}

/// A bulk invalidation as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvalidationView {
    pub id: i64,
    pub domain: Option<String>,
    pub ip_hash: Option<String>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    pub matched: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub undone_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// An invalidation rule as typed: any of an email domain, an address hash, a time window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    pub domain: Option<String>,
    pub ip_hash: Option<String>,
    /// `YYYY-MM-DDTHH:MM`, UTC.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// How many countable signatures a rule matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub confirmed: i64,
    pub pending: i64,
}

impl Preview {
    pub fn total(&self) -> i64 {
        self.confirmed + self.pending
    }
}

/// The dashboard of campaign `slug`; `view` = `hours` for the hourly chart.
#[server(endpoint = "admin/campaigns/stats")]
pub async fn campaign_stats(slug: String, view: Option<String>) -> Result<StatsView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = super::authoring::campaign_for(&state, &slug, None).await?;
    crate::ui::context::set_no_store();
    let hourly = view.as_deref() == Some("hours");
    let mut stats =
        crate::ssr::dashboard::stats(&state, &c, crate::ssr::time::now_ms(), hourly).await?;
    stats.invalidations = crate::ssr::invalidation::list(&state, &c).await?;
    stats.csrf = user.csrf;
    Ok(stats)
}

/// What a rule would match; `None` when no rule was given.
#[server(endpoint = "admin/campaigns/invalidation-preview")]
pub async fn preview_invalidation(
    slug: String,
    rule: RuleForm,
) -> Result<Option<Preview>, AppError> {
    use crate::ssr::invalidation::{Rule, preview};
    let state = crate::ssr::state::use_app_state()?;
    let (_, c) = super::authoring::campaign_for(&state, &slug, None).await?;
    crate::ui::context::set_no_store();
    match Rule::parse(&rule)? {
        Some(rule) => Ok(Some(preview(&state, &c, &rule).await?)),
        None => Ok(None),
    }
}

/// Marks what the rule matches as suspect; back to the dashboard.
#[server(endpoint = "admin/campaigns/invalidate")]
pub async fn invalidate_signatures(
    csrf: String,
    locale: String,
    slug: String,
    domain: Option<String>,
    ip_hash: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::invalidation::{Rule, apply};
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = super::authoring::campaign_for(&state, &slug, Some(&csrf)).await?;
    let rule = Rule::parse(&RuleForm {
        domain,
        ip_hash,
        from,
        to,
    })?
    .ok_or_else(|| AppError::field("form", "error-rule-empty"))?;
    apply(&state, &user, &c, &rule).await?;
    crate::api::redirect_localized(&locale, &format!("/admin/campaigns/{slug}/stats"));
    Ok(())
}

/// Undoes an invalidation; back to the dashboard.
#[server(endpoint = "admin/campaigns/restore")]
pub async fn restore_signatures(
    csrf: String,
    locale: String,
    slug: String,
    invalidation: i64,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = super::authoring::campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::ssr::invalidation::undo(&state, &user, &c, invalidation).await?;
    crate::api::redirect_localized(&locale, &format!("/admin/campaigns/{slug}/stats"));
    Ok(())
}
