//! The donation pages' server functions: they only parse and call `donations::ssr`.
// The donation form has its fourteen fields.
#![allow(clippy::too_many_arguments)]
use crate::domain::Locale;
use crate::donations::views::{FundCard, FundView};
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
