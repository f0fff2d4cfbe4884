//! The subscribe form of a public list: double opt-in. A new (or returning) address gets a
//! confirmation link; an address already on the list gets a note with its preferences link
//! instead. The page after the form is the same in every case, so no one can learn from it
//! whether an address is subscribed. A suppressed address (it bounced or complained) is sent
//! nothing at all.
use super::subscribers::{self, Person};
use super::subscriptions::{self, Consent};
use crate::domain::{Email, Locale, PersonName, SubscriptionState};
use crate::error::{AppError, FormErrors};
use crate::ssr::abuse::{MIN_FILL_MS, form_token};
use crate::ssr::outbox::{self, Template};
use crate::ssr::state::AppState;
use sea_orm::TransactionTrait;

/// The form as posted.
#[derive(Debug, Clone, Default)]
pub struct SubscribeForm {
    pub slug: String,
    pub locale: String,
    pub email: String,
    pub name: String,
    pub form_token: String,
    pub website: String,
}

fn validate(form: &SubscribeForm) -> Result<(Email, String), AppError> {
    let mut errors = FormErrors::new();
    let email = errors.check(
        "email",
        Email::parse(&form.email).map_err(|e| e.message_key()),
    );
    let name = form.name.trim();
    if !name.is_empty() {
        errors.check("name", PersonName::parse(name).map_err(|e| e.message_key()));
    }
    errors.finish()?;
    Ok((email.ok_or(AppError::Internal)?, name.to_owned()))
}

/// Takes the form. `Ok` means "check your email", whatever the address's standing.
pub async fn subscribe(state: &AppState, form: SubscribeForm) -> Result<(), AppError> {
    let db = &state.db;
    let list = super::lists::by_slug(db, &form.slug)
        .await?
        .filter(|l| l.public)
        .ok_or(AppError::NotFound)?;
    if !list.open() {
        return Err(AppError::field("form", "list-closed"));
    }
    // The honeypot: a bot sees the usual page, and nothing is stored or sent.
    if !form.website.trim().is_empty() {
        return Ok(());
    }
    let age = form_token::age_ms(&state.vault, &form.form_token);
    if age.is_some_and(|age| age < MIN_FILL_MS) {
        return Err(AppError::field("form", "error-form-too-fast"));
    }
    if form_token::expired(age) {
        return Err(AppError::field("form", "error-form-expired"));
    }
    let (email, name) = validate(&form)?;
    let locale = Locale::from_code(&form.locale).unwrap_or_default();
    let vault = &state.vault;
    let txn = db.begin().await?;
    let person = Person {
        email: email.clone(),
        name,
        locale,
        country: String::new(),
    };
    let subscriber = subscribers::find_or_create(&txn, vault, &person).await?;
    if subscriber.suppressed_at.is_some() {
        txn.commit().await?;
        tracing::info!(
            list = list.id,
            "subscribe form for a suppressed address: nothing sent"
        );
        return Ok(());
    }
    let existing = subscriptions::find(&txn, subscriber.id, list.id).await?;
    let list_name = super::lists::link(&txn, &list, locale).await?.name;
    let mut params = serde_json::Map::new();
    params.insert("list".into(), list_name.into());
    let template = match existing
        .as_ref()
        .map(|s| SubscriptionState::of_stored(&s.state))
    {
        Some(SubscriptionState::Confirmed) => {
            let id = existing.as_ref().map(|s| s.id).unwrap_or_default();
            if !subscriptions::take_email(&txn, id).await? {
                txn.commit().await?;
                return Ok(());
            }
            let token = subscribers::token_of(vault, &subscriber);
            params.insert(
                "preferences_path".into(),
                format!("/lists/preferences?token={token}").into(),
            );
            Template::AlreadySubscribed
        }
        // New, waiting, or left before: a fresh link, and consent recorded now.
        _ => {
            let (raw, hash) = crate::ssr::secret::generate();
            let s = subscriptions::put(
                &txn,
                subscriber.id,
                list.id,
                SubscriptionState::Pending,
                &Consent::form(),
                Some(hash),
            )
            .await?;
            if !subscriptions::take_email(&txn, s.id).await? {
                txn.commit().await?;
                return Ok(());
            }
            params.insert(
                "confirm_path".into(),
                format!("/lists/confirm?token={raw}").into(),
            );
            Template::ConfirmSubscription
        }
    };
    outbox::queue(&txn, vault, template, locale, &email, params).await?;
    txn.commit().await?;
    tracing::info!(list = list.id, "subscribe form taken");
    Ok(())
}
