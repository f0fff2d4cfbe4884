//! Writing to one's representatives (no account, works without JavaScript): find them by
//! postcode or area, write (starting from the campaign's suggested letter), preview exactly what
//! will be sent, send it off, confirm from the emailed link. Each step is a form post that
//! redirects to the next page.
// A letter form has its nine fields.
#![allow(clippy::too_many_arguments)]
use crate::domain::Locale;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A letter this similar (percent) to one already sent is called nearly identical.
pub const NEARLY_IDENTICAL: i32 = 90;

/// A representative as the writer sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecipientView {
    pub name: String,
    pub party: Option<String>,
    /// Whether they can be written to by email (the others get a printed letter).
    pub by_email: bool,
    pub postal_address: Option<String>,
}

/// The writing page: where the writer is, who will receive the letter, and the suggested
/// letter already addressed to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriteView {
    pub slug: String,
    pub title: String,
    pub text_locale: Locale,
    /// The campaign's legislatures: short name, name, country.
    pub legislatures: Vec<(String, String, String)>,
    /// The chosen one (the only one, or the one in the address).
    pub legislature: Option<String>,
    /// Whether a postcode table is loaded for it.
    pub has_postcodes: bool,
    /// Every area of the legislature, by name (for the picker), when no area was found yet.
    pub areas: Vec<(i64, String)>,
    /// The area found or picked.
    pub area: Option<(i64, String)>,
    /// A postcode was given that matched no area.
    pub postcode_unknown: bool,
    /// The postcode that found the area (it goes under the letter), or empty.
    pub postcode: String,
    /// The area found is not among those the campaign writes to.
    pub outside: bool,
    pub recipients: Vec<RecipientView>,
    pub subject: String,
    pub body: String,
    pub guidance: String,
    /// The writer must give their postal address.
    pub address_required: bool,
    pub form_token: String,
}

#[server(endpoint = "letters/write")]
pub async fn letter_writing(
    slug: String,
    locale: Locale,
    legislature: Option<String>,
    postcode: Option<String>,
    area: Option<i64>,
) -> Result<WriteView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ui::context::set_no_store();
    crate::ssr::letters::write_view(&state, &slug, locale, legislature, postcode, area).await
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
    use crate::ssr::letters::{Draft, draft};
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
    super::redirect_localized(&locale, &format!("/letters/preview?token={token}"));
    Ok(())
}

/// A letter's way to one representative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: i64,
    pub name: String,
    /// `pending`, `queued`, `sent`, `delivered`, `failed`, `withdrawn`; by post `print`.
    pub state: String,
    pub by_post: bool,
    /// Their email address, or postal address (by post; the directory may not have one).
    pub address: Option<String>,
}

/// The letter exactly as each representative will receive it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewView {
    pub slug: String,
    pub campaign: String,
    /// `new` until sent off; later states show what happened instead of the button.
    pub state: String,
    /// Each recipient: by email, or by post (printed by the writer).
    pub to: Vec<DeliveryView>,
    pub reply_to: String,
    pub subject: String,
    pub body: String,
    /// The writer's signature block, which Petrel adds under the text.
    pub signature: Vec<String>,
    /// The line under it saying where the letter came from, in the letter's language.
    pub footer: String,
    /// The language the letter is written in (and goes out in).
    pub language: Locale,
    /// How like the most similar letter already sent in this campaign, in percent.
    pub similarity: i32,
    pub token: String,
}

#[server(endpoint = "letters/preview")]
pub async fn letter_preview(token: String) -> Result<PreviewView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ui::context::set_no_store();
    crate::ssr::letters::preview(&state, &token).await
}

/// Sends the letter off: the writer gets an email to confirm it.
#[server(endpoint = "letters/submit")]
pub async fn submit_letter(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let lang = Locale::from_code(&locale).unwrap_or_default();
    let slug = crate::ssr::letters::submit(&state, &token, lang).await?;
    super::redirect_localized(&locale, &format!("/campaigns/{slug}/letter-sent"));
    Ok(())
}

/// What a confirmation link leads to: the campaign, and whether it can still be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmView {
    pub slug: String,
    pub campaign: String,
    /// `valid`, `done` (already confirmed) or `invalid`.
    pub link: String,
}

#[server(endpoint = "letters/check")]
pub async fn check_letter_link(token: String, locale: Locale) -> Result<ConfirmView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ui::context::set_no_store();
    crate::ssr::letters::check_link(&state, &token, locale).await
}

/// Confirms the letter: it is queued for delivery.
#[server(endpoint = "letters/confirm")]
pub async fn confirm_letter(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let (slug, letter) = crate::ssr::letters::confirm(&state, &token).await?;
    let page = crate::ssr::letters::manage_token(&state.vault, letter);
    super::redirect_localized(
        &locale,
        &format!("/campaigns/{slug}/letter-confirmed?letter={page}"),
    );
    Ok(())
}

/// The "did you get a reply?" page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyView {
    pub slug: String,
    pub campaign: String,
    pub token: String,
    /// Delivery id, representative, the answer so far (`yes`, `no`).
    pub representatives: Vec<(i64, String, Option<String>)>,
}

#[server(endpoint = "letters/replies")]
pub async fn letter_replies(token: String, locale: Locale) -> Result<ReplyView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ui::context::set_no_store();
    crate::ssr::letters::reply_view(&state, &token, locale).await
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
    crate::ssr::letters::answer(&state, &token, delivery, &reply).await?;
    super::redirect_localized(&locale, &format!("/letters/reply?token={token}&answered=1"));
    Ok(())
}

/// How often letters were answered, per legislature, party and representative: name, answers,
/// answers saying they replied. Only figures with enough answers are listed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Responsiveness {
    pub legislatures: Vec<(String, i64, i64)>,
    pub parties: Vec<(String, i64, i64)>,
    pub representatives: Vec<(String, i64, i64)>,
}

/// The page behind a letter email's "withdraw and erase" link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManageView {
    pub slug: String,
    pub campaign: String,
    pub state: String,
    /// What the writer typed is gone already.
    pub erased: bool,
    /// Its text and sender are still there to print.
    pub printable: bool,
    pub deliveries: Vec<DeliveryView>,
    pub token: String,
}

#[server(endpoint = "letters/manage")]
pub async fn manage_letter(token: String, locale: Locale) -> Result<ManageView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ui::context::set_no_store();
    crate::ssr::letters::manage_view(&state, &token, locale).await
}

/// A letter by post, laid out for printing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintView {
    pub slug: String,
    pub campaign: String,
    /// The writer's name and address (or town).
    pub from: Vec<String>,
    pub date: String,
    pub to_name: String,
    /// Their postal address, by line (empty when the directory has none).
    pub to_address: Vec<String>,
    pub subject: String,
    pub body: String,
    /// The writer's name, unless the letter already signs with it.
    pub signature: Vec<String>,
    pub token: String,
}

#[server(endpoint = "letters/print")]
pub async fn letter_to_print(
    token: String,
    delivery: i64,
    locale: Locale,
) -> Result<PrintView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ui::context::set_no_store();
    crate::ssr::letters::print_view(&state, &token, delivery, locale).await
}

/// Withdraws the letter if it has not gone, and erases what its writer typed.
#[server(endpoint = "letters/erase")]
pub async fn erase_letter(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::letters::erase(&state, &token).await?;
    super::redirect_localized(&locale, "/letters/erased");
    Ok(())
}
