//! Saving a written letter (state `new`) with a delivery per representative; its preview link.
use super::sealed::{CONTENT_PURPOSE, Content, EMAIL_HASH_PURPOSE, SENDER_PURPOSE, Sender, seal};
use super::similarity::{COMPARED, decode, encode, fingerprint, similarity};
use super::targets::{filters, recipients, targets};
use super::text::fill;
use super::write::open_campaign;
use crate::domain::{DeliveryState, Email, LetterState, Locale, PersonName, letter_text};
use crate::error::{AppError, FormErrors};
use crate::ssr::entities::{letter, letter_delivery, representative};
use crate::ssr::secret;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

/// Unconfirmed letters are deleted after a week.
pub const EXPIRY_MS: i64 = 7 * 24 * 3600 * 1000;

/// The writing form as submitted.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub slug: String,
    /// The page's language: the letter is in the campaign text shown in it.
    pub locale: String,
    pub legislature: String,
    pub area: i64,
    pub subject: String,
    pub body: String,
    pub name: String,
    pub email: String,
    pub town: String,
    pub address: String,
    /// The postcode the page found the representatives by, if it did.
    pub postcode: String,
    pub website: String,
    pub form_token: String,
}

/// Checks and saves a letter (state `new`) with a delivery row per representative, by email or
/// (for those without an address) by post; returns the raw token of its preview link.
pub async fn draft(state: &AppState, form: Draft) -> Result<String, AppError> {
    let p = open_campaign(state, &form.slug).await?;
    let l = targets(&state.db, p.campaign.id)
        .await?
        .into_iter()
        .find(|l| l.slug == form.legislature)
        .ok_or(AppError::NotFound)?;
    let area = crate::ssr::entities::area::Entity::find_by_id(form.area)
        .filter(crate::ssr::entities::area::Column::LegislatureId.eq(l.id))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::field("form", "error-letter-area"))?;
    let mut errors = FormErrors::new();
    let name = errors.check(
        "name",
        PersonName::parse(&form.name).map_err(|e| e.message_key()),
    );
    let email = errors.check(
        "email",
        Email::parse(&form.email).map_err(|e| e.message_key()),
    );
    let town = errors.check("town", letter_text::town(&form.town));
    let address = errors.check(
        "address",
        letter_text::address(&form.address, p.campaign.letter_requires_address),
    );
    let subject = errors.check("subject", letter_text::subject(&form.subject));
    let body = errors.check("body", letter_text::body(&form.body));
    // Nothing is saved for a bot. A form sent back faster than a person writes is told so
    // (a person sends it again); one whose token is not ours, or the honeypot, is "expired".
    let age = crate::ssr::abuse::form_token::age_ms(&state.vault, &form.form_token);
    let too_fast = age.is_some_and(|age| age < crate::ssr::abuse::MIN_FILL_MS);
    let bot = !form.website.trim().is_empty() || age.is_none();
    let (Some(name), Some(email), Some(town), Some(address), Some(subject), Some(body)) =
        (name, email, town, address, subject, body)
    else {
        return Err(errors.into());
    };
    errors.finish()?;
    let f = filters(&state.db, p.campaign.id, l.id).await?;
    if !f.areas.is_empty() && !f.areas.contains(&area.external_id) {
        return Err(AppError::field("form", "error-letter-area"));
    }
    let reps: Vec<representative::Model> = recipients(state, area.id, &f)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    if reps.is_empty() {
        return Err(AppError::field("form", "error-letter-no-recipient"));
    }
    if bot {
        return Err(AppError::field("form", "error-letter-form-expired"));
    }
    if crate::ssr::abuse::form_token::expired(age) {
        return Err(AppError::field("form", "error-form-expired"));
    }
    if too_fast {
        return Err(AppError::field("form", "error-form-too-fast"));
    }
    let body = fill(
        body,
        "",
        l.member_title.as_deref().unwrap_or_default(),
        name.as_str(),
        town,
    );
    let page_locale = Locale::from_code(&form.locale).unwrap_or_default();
    // The language it is written in; failing that, that of the text it started from.
    let language = crate::domain::language::detect(&body)
        .map(|l| l.code().to_owned())
        .or_else(|| p.text(page_locale).map(|(t, _)| t.locale.clone()))
        .unwrap_or_else(|| p.campaign.default_locale.clone());
    let fp = fingerprint(&state.vault, &body);
    let similar = letter::Entity::find()
        .filter(letter::Column::CampaignId.eq(p.campaign.id))
        .filter(letter::Column::State.is_in(LetterState::CONFIRMED.map(LetterState::as_str)))
        .order_by_desc(letter::Column::Id)
        .select_only()
        .column(letter::Column::Fingerprint)
        .limit(COMPARED)
        .into_tuple::<String>()
        .all(&state.db)
        .await?
        .iter()
        .map(|other| similarity(&fp, &decode(other)))
        .max()
        .unwrap_or(0);
    // Only a postcode that finds this very area goes under the letter: anything else is not
    // what the page sent.
    let postcode = form.postcode.trim().to_uppercase();
    let postcode = if !postcode.is_empty()
        && postcode.len() <= 12
        && crate::directory::ssr::postcodes::area_for(&state.db, l.id, &postcode)
            .await?
            .is_some_and(|a| a.id == area.id)
    {
        postcode
    } else {
        String::new()
    };
    let sender = Sender {
        name: name.as_str().to_owned(),
        email: email.as_str().to_owned(),
        town: town.to_owned(),
        address: address.to_owned(),
        postcode,
        locale: page_locale.code().to_owned(),
    };
    let content = Content {
        subject: subject.to_owned(),
        body,
    };
    let (raw, hash) = secret::generate();
    let now = now_ms();
    let txn = state.db.begin().await?;
    let row = letter::ActiveModel {
        campaign_id: Set(p.campaign.id),
        legislature_id: Set(l.id),
        area_id: Set(Some(area.id)),
        state: Set(LetterState::New.as_str().into()),
        locale: Set(language),
        email_hash: Set(state
            .vault
            .lookup_hash(EMAIL_HASH_PURPOSE, &email.normalised())),
        sender_sealed: Set(Some(seal(&state.vault, SENDER_PURPOSE, &sender)?)),
        content_sealed: Set(Some(seal(&state.vault, CONTENT_PURPOSE, &content)?)),
        fingerprint: Set(encode(&fp)),
        similarity: Set(similar),
        preview_token_hash: Set(Some(hash)),
        confirm_token_hash: Set(None),
        created_at: Set(now),
        expires_at: Set(now + EXPIRY_MS),
        confirmed_at: Set(None),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for r in &reps {
        letter_delivery::ActiveModel {
            letter_id: Set(row.id),
            representative_id: Set(r.id),
            state: Set(DeliveryState::Pending.as_str().into()),
            channel: Set(if r.email.is_some() { "email" } else { "post" }.into()),
            sent_at: Set(None),
            failure: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(raw)
}
