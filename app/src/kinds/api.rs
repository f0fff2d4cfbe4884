//! The server functions that put the hub and a campaign's kind together: the campaign page, the
//! admin start page, the editor, and saving (which may submit for review, where the kind has its
//! own conditions). Their endpoints are the hub's (`campaigns/get`, `admin/…`).
// The editor's form: its settings, the texts, the campaign, language, token and next step.
#![allow(clippy::too_many_arguments)]
#[cfg(feature = "ssr")]
use crate::campaigns::views::ReviewItem;
use crate::campaigns::views::{AdminStart, TextInput};
use crate::error::AppError;
use crate::kinds::views::{CampaignPage, EditorPage};
use leptos::prelude::*;

/// A campaign's page: the hub's part and its kind's.
#[server(endpoint = "campaigns/get")]
pub async fn campaign(
    slug: String,
    locale: crate::domain::Locale,
) -> Result<CampaignPage, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (id, campaign) = crate::campaigns::ssr::campaign(&state, &slug, locale).await?;
    let part = crate::kinds::ssr::page_part(&state, campaign.kind, id).await?;
    Ok(CampaignPage { campaign, part })
}

/// The admin start page: the campaigns this user runs (all of them for an admin) with each one's
/// figure (signatures or letters), and for admins the review queue.
#[server(endpoint = "admin/overview")]
pub async fn admin_overview(locale: crate::domain::Locale) -> Result<AdminStart, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize(&state.db, Action::UseAdminArea).await?;
    crate::ssr::response::no_store();
    let mut campaigns = Vec::new();
    for (id, mut c) in crate::campaigns::ssr::admin::campaigns_for(&state, &user, locale).await? {
        c.confirmed = crate::kinds::ssr::confirmed(&state, c.kind, id).await?;
        campaigns.push(c);
    }
    let queue = if user.is_admin() {
        let now = crate::ssr::time::now_ms();
        crate::campaigns::ssr::review::queue(&state, locale)
            .await?
            .into_iter()
            .map(|(slug, title, at)| ReviewItem {
                slug,
                title,
                waiting_hours: (now - at).max(0) / 3_600_000,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AdminStart {
        is_admin: user.is_admin(),
        campaigns,
        queue,
        csrf: user.csrf,
    })
}

/// The editor: the hub's settings and texts, and its kind's part.
#[server(endpoint = "admin/campaigns/editor")]
pub async fn campaign_editor(slug: String) -> Result<EditorPage, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, None).await?;
    crate::ssr::response::no_store();
    let part = crate::kinds::ssr::editor_part(&state, &c).await?;
    let editor = crate::campaigns::ssr::editor::view(&state, &user, c).await?;
    Ok(EditorPage { editor, part })
}

/// The editor's one form: its settings and every language's text, saved together (all or
/// nothing), and with `then` = `submit` sent for review right after — so nothing typed on the
/// page is ever lost to a button that saves only part of it.
#[server(endpoint = "admin/campaigns/save")]
pub async fn save_campaign(
    csrf: String,
    locale: String,
    slug: String,
    /// Present when the form carried the settings fields (a disabled fieldset sends none).
    settings: Option<String>,
    goal: Option<String>,
    closes_on: Option<String>,
    requires_postcode: Option<String>,
    letter_digest: Option<String>,
    letter_requires_address: Option<String>,
    fund: Option<String>,
    list: Option<String>,
    texts: Option<std::collections::BTreeMap<String, TextInput>>,
    then: Option<String>,
) -> Result<(), AppError> {
    use crate::campaigns::ssr::editor::{Text, parse_settings, save};
    use crate::campaigns::ssr::review::submit;
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = crate::campaigns::api::editor::campaign_for(&state, &slug, Some(&csrf)).await?;
    let mut errors = crate::error::FormErrors::new();
    let settings = settings.and_then(|_| {
        parse_settings(
            goal.as_deref().unwrap_or_default(),
            closes_on.as_deref().unwrap_or_default(),
            fund.as_deref().unwrap_or_default(),
            list.as_deref().unwrap_or_default(),
            [
                requires_postcode.is_some(),
                letter_digest.is_some(),
                letter_requires_address.is_some(),
            ],
            &mut errors,
        )
    });
    let texts = texts
        .unwrap_or_default()
        .into_iter()
        .map(|(code, t)| {
            (
                code,
                Text {
                    values: [t.title, t.summary, t.addressee, t.body],
                    image_alt: t.image_alt,
                    letter: [t.letter_subject, t.letter_body, t.letter_guidance],
                },
            )
        })
        .collect();
    save(&state, c, settings, texts, errors).await?;
    if then.as_deref() == Some("submit") {
        // Read again: the texts just saved are what is checked and submitted.
        let c = crate::campaigns::ssr::editor::find(&state, &slug).await?;
        let ready = crate::kinds::ssr::ready_for_review(&state, &c).await;
        submit(&state, &user, c, ready).await?;
    }
    crate::campaigns::api::editor::back_to(&locale, &slug);
    Ok(())
}
