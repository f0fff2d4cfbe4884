//! Writing to one's representatives (no account, works without JavaScript): find them by
//! postcode or area, write (starting from the campaign's suggested letter), preview exactly what
//! will be sent, send it off, confirm from the emailed link. Each step is a form post that
//! redirects to the next page. These server functions only parse and call `letters::ssr`.
// A letter form has its nine fields.
#![allow(clippy::too_many_arguments)]
use crate::domain::Locale;
use crate::error::AppError;
use crate::letters::views::{
    ConfirmView, ManageView, PreviewView, PrintView, ReplyView, WriteView,
};
use leptos::prelude::*;

/// The writing page for an area; `found` is the sealed postcode [`find_area`] found it by.
#[server(endpoint = "letters/write")]
pub async fn letter_writing(
    slug: String,
    locale: Locale,
    legislature: Option<String>,
    found: Option<String>,
    area: Option<i64>,
) -> Result<WriteView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::letters::ssr::write_view(&state, &slug, locale, legislature, found, area).await
}

/// Finds the writer's area by postcode and goes to the writing page for it. Posted, so that
/// the postcode never appears in a URL.
#[server(endpoint = "letters/find-area")]
pub async fn find_area(
    slug: String,
    locale: String,
    legislature: Option<String>,
    postcode: Option<String>,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let path = crate::letters::ssr::find_area(
        &state,
        &slug,
        legislature.as_deref(),
        postcode.as_deref().unwrap_or_default(),
    )
    .await?;
    crate::ssr::response::redirect_localized(&locale, &path);
    Ok(())
}

/// Saves the letter and goes to its preview (nothing is sent yet).
#[server(endpoint = "letters/draft")]
pub async fn draft_letter(
    slug: String,
    locale: String,
    legislature: String,
    area: i64,
    subject: String,
    body: String,
    name: String,
    email: String,
    town: String,
    address: Option<String>,
    postcode: Option<String>,
    website: Option<String>,
    form_token: Option<String>,
) -> Result<(), AppError> {
    use crate::letters::ssr::{Draft, draft};
    let state = crate::ssr::state::use_app_state()?;
    let token = draft(
        &state,
        Draft {
            slug,
            locale: locale.clone(),
            legislature,
            area,
            subject,
            body,
            name,
            email,
            town,
            address: address.unwrap_or_default(),
            postcode: postcode.unwrap_or_default(),
            website: website.unwrap_or_default(),
            form_token: form_token.unwrap_or_default(),
        },
    )
    .await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/letters/preview?token={token}"));
    Ok(())
}

#[server(endpoint = "letters/preview")]
pub async fn letter_preview(token: String) -> Result<PreviewView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::letters::ssr::preview(&state, &token).await
}

/// Sends the letter off: the writer gets an email to confirm it.
#[server(endpoint = "letters/submit")]
pub async fn submit_letter(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let lang = Locale::from_code(&locale).unwrap_or_default();
    let slug = crate::letters::ssr::submit(&state, &token, lang).await?;
    crate::ssr::response::redirect_localized(&locale, &format!("/campaigns/{slug}/letter-sent"));
    Ok(())
}

#[server(endpoint = "letters/check")]
pub async fn check_letter_link(token: String, locale: Locale) -> Result<ConfirmView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::letters::ssr::check_link(&state, &token, locale).await
}

/// Confirms the letter: it is queued for delivery.
#[server(endpoint = "letters/confirm")]
pub async fn confirm_letter(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (slug, letter) = crate::letters::ssr::confirm(&state, &token).await?;
    let page = crate::letters::ssr::manage_token(&state.vault, letter);
    crate::ssr::response::redirect_localized(
        &locale,
        &format!("/campaigns/{slug}/letter-confirmed?letter={page}"),
    );
    Ok(())
}

#[server(endpoint = "letters/replies")]
pub async fn letter_replies(token: String, locale: Locale) -> Result<ReplyView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::letters::ssr::reply_view(&state, &token, locale).await
}

/// Records whether a representative replied; back to the same page.
#[server(endpoint = "letters/answer")]
pub async fn answer_reply(
    locale: String,
    token: String,
    delivery: i64,
    reply: String,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::letters::ssr::answer(&state, &token, delivery, &reply).await?;
    crate::ssr::response::redirect_localized(
        &locale,
        &format!("/letters/reply?token={token}&answered=1"),
    );
    Ok(())
}

#[server(endpoint = "letters/manage")]
pub async fn manage_letter(token: String, locale: Locale) -> Result<ManageView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::letters::ssr::manage_view(&state, &token, locale).await
}

#[server(endpoint = "letters/print")]
pub async fn letter_to_print(
    token: String,
    delivery: i64,
    locale: Locale,
) -> Result<PrintView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::letters::ssr::print_view(&state, &token, delivery, locale).await
}

/// Withdraws the letter if it has not gone, and erases what its writer typed.
#[server(endpoint = "letters/erase")]
pub async fn erase_letter(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::letters::ssr::erase(&state, &token).await?;
    crate::ssr::response::redirect_localized(&locale, "/letters/erased");
    Ok(())
}
pub mod editor;
