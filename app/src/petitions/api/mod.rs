//! Signing and confirming petitions. Both are real form posts (`ActionForm`), so they work
//! without JavaScript; on success they redirect to a page that says what happened.
// A form's fields are a server function's arguments: the signing form has twelve.
#![allow(clippy::too_many_arguments)]
pub mod dashboard;

use super::views::{ConfirmLink, SignatureToManage};
use crate::error::AppError;
use leptos::prelude::*;

/// Signs the petition `slug`; redirects to its "check your email" page.
#[server(endpoint = "petitions/sign")]
pub async fn sign_petition(
    slug: String,
    locale: String,
    name: String,
    email: String,
    country: String,
    postcode: Option<String>,
    display: Option<String>,
    subscribe: Option<String>,
    website: Option<String>,
    form_token: Option<String>,
    pow: Option<String>,
    ref_code: Option<String>,
) -> Result<(), AppError> {
    use crate::petitions::ssr::sign::{SignForm, sign};
    let state = crate::ssr::state::use_app_state()?;
    let ip = use_context::<http::request::Parts>().and_then(|p| {
        p.extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
    });
    let locale_code = locale.clone();
    let slug = sign(
        &state,
        SignForm {
            slug,
            locale,
            name,
            email,
            country,
            postcode,
            display: display.unwrap_or_default(),
            subscribe: subscribe.is_some(),
            website: website.unwrap_or_default(),
            form_token: form_token.unwrap_or_default(),
            pow: pow.unwrap_or_default(),
            ref_code: ref_code.unwrap_or_default(),
        },
        ip,
    )
    .await?;
    crate::ssr::response::redirect_localized(&locale_code, &format!("/campaigns/{slug}/signed"));
    Ok(())
}

/// Confirms the signature behind an emailed link; redirects to the thank-you page.
#[server(endpoint = "petitions/confirm")]
pub async fn confirm_signature(
    slug: String,
    locale: String,
    token: String,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::petitions::ssr::confirm::confirm(&state.db, &state.vault, &token).await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/campaigns/{slug}/thanks"));
    Ok(())
}

/// Whether a confirm link can still be used, and what confirming it publishes.
#[server(endpoint = "petitions/link")]
pub async fn confirm_link_state(token: String) -> Result<ConfirmLink, AppError> {
    use crate::petitions::ssr::confirm::{LinkState, check};
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    Ok(match check(&state.db, &state.vault, &token).await? {
        LinkState::Valid(p) => ConfirmLink::Valid {
            shown_as: p.shown_as,
            subscribe: p.subscribe,
        },
        LinkState::AlreadyConfirmed => ConfirmLink::Confirmed,
        LinkState::Invalid => ConfirmLink::Invalid,
    })
}

/// The signature behind a manage link, or `None` if the link is unknown or its data is gone.
#[server(endpoint = "petitions/managed")]
pub async fn managed_signature(
    token: String,
    locale: crate::domain::Locale,
) -> Result<Option<SignatureToManage>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok(
        crate::petitions::ssr::erase::describe(&state.db, &token, locale)
            .await?
            .map(|m| SignatureToManage {
                campaign_title: m.campaign_title,
                campaign_slug: m.campaign_slug,
                confirmed: m.confirmed,
            }),
    )
}

/// Withdraws the signature and erases its personal data; redirects to a page that says so.
#[server(endpoint = "petitions/erase")]
pub async fn erase_signature(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::petitions::ssr::erase::erase(&state.db, &state.counts, &token).await?;
    crate::ssr::response::redirect_localized(&locale, "/signatures/erased");
    Ok(())
}
