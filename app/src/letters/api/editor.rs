//! A letter campaign's part of the editor: the legislatures it writes to, their party and area
//! filters, and its fixed recipients. Needs whoever may edit the campaign, with the session's
//! form token; a campaign that can no longer be edited refuses.
use crate::error::AppError;
use leptos::prelude::*;

/// Adds a legislature to a letter campaign's recipients (`remove` absent) or takes it away.
#[server(endpoint = "admin/campaigns/target")]
pub async fn set_campaign_target(
    csrf: String,
    locale: String,
    slug: String,
    legislature: String,
    remove: Option<String>,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::letters::ssr::editor::set_target(&state, &user, &c, &legislature, remove.is_none())
        .await?;
    crate::campaigns::api::editor::back_to(&locale, &slug);
    Ok(())
}

/// Writes only to members of a party (`kind` = party) or of an area (`kind` = area) of a target
/// legislature (`remove` absent), or takes that restriction away.
#[server(endpoint = "admin/campaigns/target-filter")]
pub async fn set_target_filter(
    csrf: String,
    locale: String,
    slug: String,
    legislature: String,
    kind: String,
    value: String,
    remove: Option<String>,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::letters::ssr::editor::set_target_filter(
        &state,
        &user,
        &c,
        &legislature,
        &kind,
        &value,
        remove.is_none(),
    )
    .await?;
    crate::campaigns::api::editor::back_to(&locale, &slug);
    Ok(())
}

/// Adds a fixed recipient (`remove` absent) or stops writing to them.
#[server(endpoint = "admin/campaigns/recipient")]
pub async fn set_campaign_recipient(
    csrf: String,
    locale: String,
    slug: String,
    recipient_name: Option<String>,
    recipient_email: String,
    remove: Option<String>,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::letters::ssr::editor::set_recipient(
        &state,
        &user,
        &c,
        recipient_name.as_deref().unwrap_or_default(),
        &recipient_email,
        remove.is_none(),
    )
    .await?;
    crate::campaigns::api::editor::back_to(&locale, &slug);
    Ok(())
}
