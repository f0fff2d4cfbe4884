//! Writing and reviewing campaigns in the admin area. Editing needs the campaign's owner, an
//! organizer it was shared with, or an admin; reviewing needs an admin. Every change carries the
//! session's form token.
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) fn back_to(locale: &str, slug: &str) {
    crate::ssr::response::redirect_localized(locale, &format!("/admin/campaigns/{slug}"));
}

/// The campaign `slug` for `action`: not found, or refused, before anything else is read.
#[cfg(feature = "ssr")]
pub(crate) async fn campaign_for(
    state: &crate::ssr::state::AppState,
    slug: &str,
    csrf: Option<&str>,
) -> Result<
    (
        crate::accounts::ssr::auth::Authenticated,
        crate::ssr::entities::campaign::Model,
    ),
    AppError,
> {
    use crate::accounts::ssr::auth::{Action, authorize, authorize_change};
    // Anonymous visitors learn nothing, not even whether the campaign exists.
    crate::accounts::ssr::auth::current().ok_or(AppError::Unauthorized)?;
    let c = crate::campaigns::ssr::editor::find(state, slug).await?;
    let user = match csrf {
        Some(token) => authorize_change(&state.db, Action::ManageCampaign(c.id), token).await?,
        None => authorize(&state.db, Action::ManageCampaign(c.id)).await?,
    };
    Ok((user, c))
}

/// Starts a draft petition or letter campaign.
#[server(endpoint = "admin/campaigns/create")]
pub async fn create_campaign(
    csrf: String,
    locale: String,
    slug: String,
    default_locale: String,
    kind: Option<String>,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize_change(&state.db, Action::UseAdminArea, &csrf).await?;
    let slug = crate::campaigns::ssr::editor::create(
        &state,
        &user,
        &slug,
        &default_locale,
        kind.as_deref().unwrap_or_default(),
    )
    .await?;
    back_to(&locale, &slug);
    Ok(())
}

/// An admin approves (`decision` = approve) or rejects a submitted campaign.
#[server(endpoint = "admin/campaigns/review")]
pub async fn review_campaign(
    csrf: String,
    locale: String,
    slug: String,
    decision: String,
    reason: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let admin = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let c = crate::campaigns::ssr::editor::find(&state, &slug).await?;
    crate::campaigns::ssr::review::review(
        &state,
        &admin,
        c,
        decision == "approve",
        reason.as_deref().unwrap_or_default(),
        note.as_deref().unwrap_or_default(),
    )
    .await?;
    back_to(&locale, &slug);
    Ok(())
}

/// Shares the campaign with another organizer (`remove` absent) or stops sharing it.
#[server(endpoint = "admin/campaigns/share")]
pub async fn share_campaign(
    csrf: String,
    locale: String,
    slug: String,
    email: String,
    remove: Option<String>,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::campaigns::ssr::team::share(&state, &user, &c, &email, remove.is_none()).await?;
    back_to(&locale, &slug);
    Ok(())
}

/// Closes an open campaign (`to` = closed) or archives a closed one (`to` = archived).
#[server(endpoint = "admin/campaigns/state")]
pub async fn advance_campaign(
    csrf: String,
    locale: String,
    slug: String,
    to: String,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::campaigns::ssr::review::advance(&state, &user, c, &to).await?;
    back_to(&locale, &slug);
    Ok(())
}
