//! The donation pages' server functions: they only parse and call `donations::ssr`.
// The donation form has its fourteen fields.
#![allow(clippy::too_many_arguments)]
use crate::domain::Locale;
use crate::donations::views::{FundCard, FundView, GiftView};
use crate::error::AppError;
use leptos::prelude::*;

/// A fund's public page.
#[server(endpoint = "funds/page")]
pub async fn fund_page(slug: String, locale: Locale) -> Result<FundView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::donations::ssr::funds::page(&state, &slug, locale).await
}

/// Takes the donation form and sends the donor to Stripe's checkout page. A plain form post
/// (the browser follows the redirect to another site): errors come back on the fund's page.
#[server(endpoint = "donations/donate")]
pub async fn donate(
    slug: String,
    locale: String,
    amount: Option<String>,
    other_amount: Option<String>,
    currency: Option<String>,
    kind: Option<String>,
    display: Option<String>,
    name: Option<String>,
    email: Option<String>,
    message: Option<String>,
    form_token: Option<String>,
    website: Option<String>,
    ref_code: Option<String>,
    campaign: Option<String>,
) -> Result<(), AppError> {
    use crate::donations::ssr::donate::{DonateForm, donate};
    let state = crate::ssr::state::use_app_state()?;
    let url = donate(
        &state,
        DonateForm {
            slug,
            locale,
            amount: amount.unwrap_or_default(),
            other_amount: other_amount.unwrap_or_default(),
            currency: currency.unwrap_or_default(),
            kind: kind.unwrap_or_default(),
            display: display.unwrap_or_default(),
            name: name.unwrap_or_default(),
            email: email.unwrap_or_default(),
            message: message.unwrap_or_default(),
            form_token: form_token.unwrap_or_default(),
            website: website.unwrap_or_default(),
            ref_code: ref_code.unwrap_or_default(),
            campaign: campaign.unwrap_or_default(),
        },
    )
    .await?;
    crate::ssr::response::no_store();
    leptos_axum::redirect(&url);
    Ok(())
}

/// The funds taking donations, for the home page.
#[server(endpoint = "funds/open")]
pub async fn open_funds(locale: Locale) -> Result<Vec<FundCard>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok(crate::donations::ssr::funds::open(&state.db, locale).await?)
}

/// A donor's own page, from the link in their receipt.
#[server(endpoint = "donations/manage")]
pub async fn manage_gift(token: String, locale: Locale) -> Result<GiftView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::donations::ssr::manage::view(&state, &token, locale).await
}

/// Stops a monthly gift (at Stripe, then here) and comes back to the gift's page.
#[server(endpoint = "donations/cancel")]
pub async fn cancel_gift(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::donations::ssr::manage::cancel(&state, &token).await?;
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(
        &locale,
        &format!("/donations/manage?token={token}&done=stopped"),
    );
    Ok(())
}

/// Sends the donor to Stripe's customer portal to change their card.
#[server(endpoint = "donations/portal")]
pub async fn open_portal(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let url = crate::donations::ssr::manage::portal(
        &state,
        &token,
        Locale::from_code(&locale).unwrap_or_default(),
    )
    .await?;
    crate::ssr::response::no_store();
    leptos_axum::redirect(&url);
    Ok(())
}

/// Erases the donor's name, email and message (stopping a monthly gift first).
#[server(endpoint = "donations/erase")]
pub async fn erase_donor(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::donations::ssr::manage::erase(&state, &token).await?;
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(
        &locale,
        &format!("/donations/manage?token={token}&done=erased"),
    );
    Ok(())
}

/// A fund's admin page (admins only), with the donations that match the filter.
#[server(endpoint = "admin/funds/page")]
pub async fn fund_admin(
    slug: String,
    locale: Locale,
    filter: crate::donations::views::DonationFilter,
) -> Result<crate::donations::views::FundAdminView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    crate::donations::ssr::admin::view(&state, &me, &slug, locale, filter).await
}

/// The funds, for the admin start page (admins only).
#[server(endpoint = "admin/funds/list")]
pub async fn admin_funds(locale: Locale) -> Result<Vec<FundCard>, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    crate::donations::ssr::admin::list(&state, locale).await
}

/// Records money paid out of the fund.
#[server(endpoint = "admin/funds/disburse")]
pub async fn add_disbursement(
    csrf: String,
    locale: String,
    slug: String,
    spent_on: Option<String>,
    amount: Option<String>,
    category: Option<String>,
    description: Option<String>,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    use crate::donations::ssr::admin::DisbursementForm;
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    crate::donations::ssr::admin::add_disbursement(
        &state,
        &me,
        &slug,
        DisbursementForm {
            spent_on: spent_on.unwrap_or_default(),
            amount: amount.unwrap_or_default(),
            category: category.unwrap_or_default(),
            description: description.unwrap_or_default(),
        },
    )
    .await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/admin/funds/{slug}"));
    Ok(())
}

/// Takes an entry of money out back (a new, negative entry).
#[server(endpoint = "admin/funds/correct")]
pub async fn correct_disbursement(
    csrf: String,
    locale: String,
    slug: String,
    entry: String,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let id = entry
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::NotFound)?;
    crate::donations::ssr::admin::correct_disbursement(&state, &me, &slug, id).await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/admin/funds/{slug}"));
    Ok(())
}

/// Asks Stripe to refund a donation in full.
#[server(endpoint = "admin/funds/refund")]
pub async fn refund_donation(
    csrf: String,
    locale: String,
    slug: String,
    donation: String,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let id = donation
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::NotFound)?;
    crate::donations::ssr::admin::refund(&state, &me, &slug, id).await?;
    crate::ssr::response::redirect_localized(
        &locale,
        &format!("/admin/funds/{slug}?refunded={id}"),
    );
    Ok(())
}

/// The fund editor: fund `slug`'s fields, or blank ones for a new fund (admins only).
#[server(endpoint = "admin/funds/editor")]
pub async fn fund_editor(
    slug: Option<String>,
) -> Result<crate::donations::views::FundEditorView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    crate::donations::ssr::editor::view(&state, &me, slug.as_deref()).await
}

/// Creates a fund (`original` empty) or saves fund `original`, then to its admin page.
#[server(endpoint = "admin/funds/save")]
pub async fn save_fund(
    csrf: String,
    locale: String,
    original: Option<String>,
    slug: Option<String>,
    currency: Option<String>,
    goal: Option<String>,
    presets: Option<String>,
    min: Option<String>,
    max: Option<String>,
    monthly: Option<String>,
    open: Option<String>,
    texts: Option<std::collections::BTreeMap<String, crate::donations::views::FundTextInput>>,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    use crate::donations::ssr::editor::{FundForm, save};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let slug = save(
        &state,
        &me,
        original.as_deref().unwrap_or_default(),
        FundForm {
            slug: slug.unwrap_or_default(),
            currency: currency.unwrap_or_default(),
            goal: goal.unwrap_or_default(),
            presets: presets.unwrap_or_default(),
            min: min.unwrap_or_default(),
            max: max.unwrap_or_default(),
            monthly: monthly.is_some(),
            open: open.is_some(),
            texts: texts.unwrap_or_default(),
        },
    )
    .await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/admin/funds/{slug}"));
    Ok(())
}
