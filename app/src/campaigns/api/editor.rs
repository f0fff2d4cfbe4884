//! Writing and reviewing campaigns in the admin area. Editing needs the campaign's owner, an
//! organizer it was shared with, or an admin; reviewing needs an admin. Every change carries the
//! session's form token.
// The editor's form: its settings, the texts, the campaign, language, token and next step.
#![allow(clippy::too_many_arguments)]
use crate::campaigns::views::{EditorView, TextInput};
#[cfg(feature = "ssr")]
use crate::campaigns::views::{TargetView, TextView};
#[cfg(feature = "ssr")]
use crate::domain::Locale;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn back_to(locale: &str, slug: &str) {
    crate::api::redirect_localized(locale, &format!("/admin/campaigns/{slug}"));
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

#[server(endpoint = "admin/campaigns/editor")]
pub async fn campaign_editor(slug: String) -> Result<EditorView, AppError> {
    use crate::campaigns::ssr::render_markdown;
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = campaign_for(&state, &slug, None).await?;
    crate::ui::context::set_no_store();
    let saved = crate::campaigns::ssr::editor::texts(&state, &c).await?;
    let texts = Locale::all()
        .map(
            |locale| match saved.iter().find(|t| t.locale == locale.code()) {
                Some(t) => TextView {
                    locale,
                    saved: true,
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    addressee: t.addressee.clone(),
                    body: t.body.clone(),
                    image_alt: t.image_alt.clone().unwrap_or_default(),
                    letter_subject: t.letter_subject.clone().unwrap_or_default(),
                    letter_body: t.letter_body.clone().unwrap_or_default(),
                    letter_guidance: t.letter_guidance.clone().unwrap_or_default(),
                    preview_html: render_markdown(&t.body),
                },
                None => TextView {
                    locale,
                    saved: false,
                    title: String::new(),
                    summary: String::new(),
                    addressee: String::new(),
                    body: String::new(),
                    image_alt: String::new(),
                    letter_subject: String::new(),
                    letter_body: String::new(),
                    letter_guidance: String::new(),
                    preview_html: String::new(),
                },
            },
        )
        .collect();
    let team = crate::campaigns::ssr::team::team(&state, &c).await?;
    let image = match c.image_id {
        Some(id) => crate::campaigns::ssr::images::describe(&state.db, id)
            .await?
            .map(|(src, _, _)| src),
        None => None,
    };
    let (legislatures, targets, recipients) =
        if c.campaign_kind() == crate::domain::CampaignKind::Letter {
            use crate::campaigns::ssr::is_recipients_list;
            let chosen: Vec<_> = crate::letters::ssr::targets(&state.db, c.id)
                .await?
                .into_iter()
                .filter(|l| !is_recipients_list(l))
                .collect();
            let mut targets = Vec::new();
            for l in &chosen {
                let f = crate::letters::ssr::filters(&state.db, c.id, l.id).await?;
                let parties = crate::directory::ssr::parties(&state.db, l.id)
                    .await?
                    .into_iter()
                    .map(|p| {
                        let on = f.parties.contains(&p.external_id);
                        (p.external_id, p.name, on)
                    })
                    .collect();
                let (chosen_areas, other_areas) = crate::directory::ssr::areas(&state.db, l.id)
                    .await?
                    .into_iter()
                    .map(|a| (a.external_id, a.name))
                    .partition(|(id, _)| f.areas.contains(id));
                targets.push(TargetView {
                    slug: l.slug.clone(),
                    name: l.name.clone(),
                    parties,
                    chosen_areas,
                    other_areas,
                });
            }
            (
                crate::directory::ssr::all_legislatures(&state.db)
                    .await?
                    .into_iter()
                    .filter(|l| !is_recipients_list(l))
                    .map(|l| {
                        let on = chosen.iter().any(|x| x.id == l.id);
                        (l.slug, l.name, l.country, on)
                    })
                    .collect(),
                targets,
                crate::letters::ssr::editor::recipients(&state, &c).await?,
            )
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
    Ok(EditorView {
        image,
        kind: c.campaign_kind(),
        legislatures,
        targets,
        recipients,
        letter_digest: c.letter_digest,
        letter_requires_address: c.letter_requires_address,
        editable: crate::campaigns::ssr::editor::editable(&c),
        can_review: user.is_admin()
            && c.campaign_state() == crate::domain::CampaignState::Submitted,
        state: c.campaign_state(),
        slug: c.slug,
        default_locale: Locale::from_code(&c.default_locale).unwrap_or_default(),
        goal: c.goal,
        closes_on: c.closes_at.map(|d| d.date_naive()),
        requires_postcode: c.requires_postcode,
        texts,
        review_reason: c.review_reason,
        team,
        review_note: c.review_note,
        csrf: user.csrf,
    })
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
    texts: Option<std::collections::BTreeMap<String, TextInput>>,
    then: Option<String>,
) -> Result<(), AppError> {
    use crate::campaigns::ssr::editor::{Text, parse_settings, save};
    use crate::campaigns::ssr::review::submit;
    let state = crate::ssr::state::use_app_state()?;
    let (user, c) = campaign_for(&state, &slug, Some(&csrf)).await?;
    let mut errors = crate::error::FormErrors::new();
    let settings = settings.and_then(|_| {
        parse_settings(
            goal.as_deref().unwrap_or_default(),
            closes_on.as_deref().unwrap_or_default(),
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
        submit(&state, &user, c).await?;
    }
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
    let (user, c) = campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::letters::ssr::editor::set_target(&state, &user, &c, &legislature, remove.is_none())
        .await?;
    back_to(&locale, &slug);
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
    let (user, c) = campaign_for(&state, &slug, Some(&csrf)).await?;
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
    back_to(&locale, &slug);
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
    let (user, c) = campaign_for(&state, &slug, Some(&csrf)).await?;
    crate::letters::ssr::editor::set_recipient(
        &state,
        &user,
        &c,
        recipient_name.as_deref().unwrap_or_default(),
        &recipient_email,
        remove.is_none(),
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
