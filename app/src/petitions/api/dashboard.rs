//! A campaign's dashboard for its organizers (and admins): figures, and bulk invalidation of
//! signatures by rule with a preview and an undo. Same authorisation as the editor.
use crate::error::AppError;
use crate::petitions::views::{Preview, RuleForm, StatsView};
use leptos::prelude::*;

/// The dashboard of campaign `slug`; `view` = `hours` for the hourly chart.
#[server(endpoint = "admin/campaigns/stats")]
pub async fn campaign_stats(slug: String, view: Option<String>) -> Result<StatsView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, None).await?;
    crate::ssr::response::no_store();
    let hourly = view.as_deref() == Some("hours");
    let mut stats =
        crate::petitions::ssr::dashboard::stats(&state, &c, crate::ssr::time::now_ms(), hourly)
            .await?;
    stats.invalidations = crate::petitions::ssr::invalidation::list(&state, &c).await?;
    stats.csrf = user.csrf;
    Ok(stats)
}

/// What a rule would match; `None` when no rule was given.
#[server(endpoint = "admin/campaigns/invalidation-preview")]
pub async fn preview_invalidation(
    slug: String,
    rule: RuleForm,
) -> Result<Option<Preview>, AppError> {
    use crate::petitions::ssr::invalidation::{Rule, preview};
    let state = crate::ssr::state::use_app_state()?;
    let (_, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, None).await?;
    crate::ssr::response::no_store();
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
    use crate::petitions::ssr::invalidation::{Rule, apply};
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, Some(&csrf)).await?;
    let rule = Rule::parse(&RuleForm {
        domain,
        ip_hash,
        from,
        to,
    })?
    .ok_or_else(|| AppError::field("form", "error-rule-empty"))?;
    apply(&state, &user, &c, &rule).await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/admin/campaigns/{slug}/stats"));
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
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::petitions::ssr::invalidation::undo(&state, &user, &c, invalidation).await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/admin/campaigns/{slug}/stats"));
    Ok(())
}
