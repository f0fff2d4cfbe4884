//! Signing a petition. The form's strings are parsed into domain types first; then one
//! `INSERT … ON CONFLICT DO NOTHING` lets the unique index decide whether this address already
//! signed. Either way the response is the same "check your email" page, and the owner of the
//! address is emailed: a confirmation link for a new or unconfirmed signature, a note for a
//! confirmed one. So nobody can learn from the site whether an address has signed.
use super::{form_token, tokens};
use crate::domain::{CountryCode, Email, Locale, NameDisplay, PersonName, PostalCode};
use crate::error::{AppError, FieldErrors};
use crate::ssr::entities::{campaign, signature};
use crate::ssr::outbox::{self, Template};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::net::IpAddr;

/// The signing form as submitted.
#[derive(Debug, Clone, Default)]
pub struct SignForm {
    pub slug: String,
    pub locale: String,
    pub name: String,
    pub email: String,
    pub country: String,
    pub postcode: Option<String>,
    pub display: String,
    pub subscribe: bool,
    /// The honeypot: hidden from people, filled by naive bots.
    pub website: String,
    pub form_token: String,
}

/// The vault purpose of `signatures.email_hash`.
pub const EMAIL_HASH_PURPOSE: &str = "signature.email";

/// At most this many confirmation or reminder emails per signature.
pub const MAX_EMAILS: i32 = 5;
/// A form filled in faster than this was not filled in by a person.
pub const MIN_FILL_MS: i64 = 2_000;
/// Signatures per campaign from one network address per hour before the rest are marked.
pub const IP_LIMIT_PER_HOUR: i64 = 20;

struct Valid {
    name: PersonName,
    email: Email,
    country: CountryCode,
    postcode: Option<PostalCode>,
    display: NameDisplay,
}

fn validate(form: &SignForm, requires_postcode: bool) -> Result<Valid, AppError> {
    let mut errors = FieldErrors::new();
    let mut add = |field: &str, key: &str| {
        errors
            .entry(field.to_owned())
            .or_default()
            .push(key.to_owned());
    };
    let name = PersonName::parse(&form.name)
        .map_err(|e| add("name", e.message_key()))
        .ok();
    let email = Email::parse(&form.email)
        .map_err(|e| add("email", e.message_key()))
        .ok();
    let country = CountryCode::parse(&form.country);
    if country.is_none() {
        add("country", "error-country-invalid");
    }
    let postcode = match (requires_postcode, country) {
        (true, Some(c)) => PostalCode::parse(form.postcode.as_deref().unwrap_or_default(), c)
            .map_err(|key| add("postcode", key))
            .ok(),
        _ => None,
    };
    let display = NameDisplay::parse(&form.display);
    if display.is_none() {
        add("display", "error-display-invalid");
    }
    match (name, email, country, display) {
        (Some(name), Some(email), Some(country), Some(display)) if errors.is_empty() => Ok(Valid {
            name,
            email,
            country,
            postcode,
            display,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Signs; returns the campaign's slug for the "check your email" page.
pub async fn sign(
    state: &AppState,
    form: SignForm,
    ip: Option<IpAddr>,
) -> Result<String, AppError> {
    let db = &state.db;
    let campaign = campaign::Entity::find()
        .filter(campaign::Column::Slug.eq(form.slug.as_str()))
        .filter(campaign::Column::Kind.eq("petition"))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if campaign.state != "open" {
        let mut errors = FieldErrors::new();
        errors.insert("form".into(), vec!["error-campaign-closed".into()]);
        return Err(AppError::Validation(errors));
    }
    let valid = validate(&form, campaign.requires_postcode)?;
    let locale = Locale::from_code(&form.locale).unwrap_or_default();
    let email_hash = state
        .vault
        .lookup_hash("signature.email", &valid.email.normalised());
    let ip_hash = match ip {
        Some(ip) => Some(state.ip_salts.hash(db, ip).await?),
        None => None,
    };

    // Suspicion: the signature is kept (the bot learns nothing) but not counted.
    let mut suspect: Option<&str> = None;
    let mut bot = false;
    if !form.website.trim().is_empty() {
        suspect = Some("honeypot");
        bot = true;
    } else {
        match form_token::age_ms(&state.vault, &form.form_token) {
            None => suspect = Some("form-token"),
            Some(age) if age < MIN_FILL_MS => {
                suspect = Some("too-fast");
                bot = true;
            }
            _ => {}
        }
    }
    if suspect.is_none() {
        let domain = valid.email.as_str().rsplit('@').next().unwrap_or_default();
        suspect = state.blocklist.get(db).await?.reason(domain, ip);
    }
    if suspect.is_none()
        && let Some(h) = &ip_hash
    {
        let backend = db.get_database_backend();
        let recent = db
            .query_one_raw(sql::stmt(backend, "SELECT COUNT(*) AS n FROM signatures WHERE campaign_id = $1 AND ip_hash = $2 AND created_at > $3", [campaign.id.into(), h.clone().into(), (now_ms() - 3_600_000).into()]))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if recent >= IP_LIMIT_PER_HOUR {
            suspect = Some("ip-rate");
        }
    }

    let vault = &state.vault;
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let inserted = txn
        .query_one_raw(sql::stmt(backend, "INSERT INTO signatures (campaign_id, email_hash, email_sealed, name_sealed, \
                 postcode_sealed, country, display, public_name, subscribe, locale, state, suspect, \
                 suspect_reason, counted, ip_hash, confirmation_emails, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, false, $13, 0, $14) \
                 ON CONFLICT (campaign_id, email_hash) DO NOTHING RETURNING id", [
                campaign.id.into(),
                email_hash.clone().into(),
                vault.seal_str("signatures.email", valid.email.as_str()).into(),
                vault.seal_str("signatures.name", valid.name.as_str()).into(),
                valid
                    .postcode
                    .as_ref()
                    .map(|p| vault.seal_str("signatures.postcode", p.as_str()))
                    .into(),
                valid.country.as_str().to_owned().into(),
                valid.display.as_str().into(),
                valid.display.public_name(&valid.name).into(),
                form.subscribe.into(),
                locale.code().into(),
                suspect.is_some().into(),
                suspect.map(str::to_owned).into(),
                ip_hash.into(),
                now_ms().into(),
            ]))
        .await?;
    let (row, fresh) = match inserted {
        Some(r) => {
            let id: i64 = r.try_get("", "id")?;
            let row = signature::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::Internal)?;
            (row, true)
        }
        None => {
            let row = signature::Entity::find()
                .filter(signature::Column::CampaignId.eq(campaign.id))
                .filter(signature::Column::EmailHash.eq(email_hash))
                .one(&txn)
                .await?
                .ok_or(AppError::Internal)?;
            (row, false)
        }
    };
    if fresh && suspect.is_some() {
        tracing::info!(
            campaign = campaign.id,
            signature = row.id,
            reason = suspect,
            "suspect signature"
        );
    }
    // Obvious bots get no email: the form must not become a way to mail strangers. The
    // conditional UPDATE both counts and caps the emails, safely under concurrent submissions.
    let may_email = !bot
        && txn
            .execute_raw(sql::stmt(
                backend,
                "UPDATE signatures SET confirmation_emails = confirmation_emails + 1 \
                     WHERE id = $1 AND confirmation_emails < $2",
                [row.id.into(), MAX_EMAILS.into()],
            ))
            .await?
            .rows_affected()
            == 1;
    if may_email {
        let to_locale = Locale::from_code(&row.locale).unwrap_or(locale);
        let title = crate::ssr::campaigns::title(&txn, &campaign, to_locale).await?;
        let manage = tokens::create(&txn, row.id, tokens::MANAGE, tokens::MANAGE_TTL_MS).await?;
        let mut params = serde_json::Map::new();
        params.insert("campaign".into(), title.into());
        params.insert(
            "campaign_path".into(),
            format!("/campaigns/{}", campaign.slug).into(),
        );
        params.insert(
            "manage_path".into(),
            format!("/signatures/manage?token={manage}").into(),
        );
        let template = if row.state == "confirmed" {
            Template::AlreadySigned
        } else {
            let confirm =
                tokens::create(&txn, row.id, tokens::CONFIRM, tokens::CONFIRM_TTL_MS).await?;
            params.insert(
                "confirm_path".into(),
                format!("/campaigns/{}/confirm?token={confirm}", campaign.slug).into(),
            );
            Template::ConfirmSignature
        };
        outbox::queue(&txn, vault, template, to_locale, &valid.email, params).await?;
    }
    txn.commit().await?;
    Ok(campaign.slug)
}
