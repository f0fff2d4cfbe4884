//! Signing a petition. The form's strings are parsed into domain types first; then one
//! `INSERT … ON CONFLICT DO NOTHING` lets the unique index decide whether this address already
//! signed. Either way the response is the same "check your email" page, and the owner of the
//! address is emailed: a confirmation link for a new or unconfirmed signature, a note for a
//! confirmed one. So nobody can learn from the site whether an address has signed.
use super::tokens;
use crate::domain::{
    CountryCode, Email, Locale, NameDisplay, PersonName, PostalCode, RefCode, pow,
};
use crate::error::{AppError, FormErrors};
use crate::ssr::abuse::{MIN_FILL_MS, form_token};
use crate::ssr::outbox::{self, Template};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{ConnectionTrait, TransactionTrait};
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
    /// The proof-of-work solution the browser found, if it ran the page's script.
    pub pow: String,
    /// The `?ref=` of the link the signer came by.
    pub ref_code: String,
}

/// The vault purpose of `signatures.email_hash`.
pub use crate::ssr::entities::signature::EMAIL_HASH_PURPOSE;
/// The vault purpose of `signatures.email_domain_hash`.
pub const EMAIL_DOMAIN_HASH_PURPOSE: &str = "signature.email-domain";

/// The keyed hash of an email domain, as stored with each signature (see `ssr::invalidation`).
pub fn email_domain_hash(vault: &crate::ssr::vault::Vault, domain: &str) -> String {
    vault.lookup_hash(
        EMAIL_DOMAIN_HASH_PURPOSE,
        &domain.trim().trim_start_matches('@').to_ascii_lowercase(),
    )
}

/// At most this many confirmation or reminder emails per signature in a day
/// ([`EMAIL_WINDOW_MS`]), as for letters: enough for a person who lost one, too few to bomb a
/// stranger's inbox. Counted per day, not for good, so that someone who submits a stranger's
/// address five times keeps its owner from a confirmation link for a day at most.
pub const MAX_EMAILS: i32 = 5;
/// The window [`MAX_EMAILS`] counts over.
pub const EMAIL_WINDOW_MS: i64 = 24 * 3600 * 1000;
/// Why a signature was flagged for review but still counts (`suspect_reason` with
/// `suspect = false`): many signatures from its network address in a short time.
pub const REVIEW_IP_RATE: &str = "ip-rate";

struct Valid {
    name: PersonName,
    email: Email,
    country: CountryCode,
    postcode: Option<PostalCode>,
    display: NameDisplay,
}

fn validate(form: &SignForm, requires_postcode: bool) -> Result<Valid, AppError> {
    let mut errors = FormErrors::new();
    let name = errors.check(
        "name",
        PersonName::parse(&form.name).map_err(|e| e.message_key()),
    );
    let email = errors.check(
        "email",
        Email::parse(&form.email).map_err(|e| e.message_key()),
    );
    let country = errors.check(
        "country",
        CountryCode::parse(&form.country).ok_or("error-country-invalid"),
    );
    let postcode = match (requires_postcode, country) {
        (true, Some(c)) => errors.check(
            "postcode",
            PostalCode::parse(form.postcode.as_deref().unwrap_or_default(), c),
        ),
        _ => None,
    };
    let display = errors.check(
        "display",
        NameDisplay::parse(&form.display).ok_or("error-display-invalid"),
    );
    match (name, email, country, display) {
        (Some(name), Some(email), Some(country), Some(display)) if errors.is_empty() => Ok(Valid {
            name,
            email,
            country,
            postcode,
            display,
        }),
        _ => Err(errors.into()),
    }
}

/// Signs; returns the campaign's slug for the "check your email" page.
///
/// Written for a viral peak: the campaign comes from the in-process cache, and the signature
/// takes one transaction of five statements (upsert, tokens, email, job, commit) plus one bounded
/// rate-limit count before it.
pub async fn sign(
    state: &AppState,
    form: SignForm,
    ip: Option<IpAddr>,
) -> Result<String, AppError> {
    let db = &state.db;
    let published = state
        .campaigns
        .published(db, &form.slug)
        .await?
        .filter(|p| p.campaign.campaign_kind() == crate::domain::CampaignKind::Petition)
        .ok_or(AppError::NotFound)?;
    let campaign = &published.campaign;
    if !campaign.takes_part_at(chrono::Utc::now()) {
        return Err(AppError::field("form", "error-campaign-closed"));
    }
    let valid = validate(&form, campaign.requires_postcode)?;
    let locale = Locale::from_code(&form.locale).unwrap_or_default();
    let email_hash = state
        .vault
        .lookup_hash(EMAIL_HASH_PURPOSE, &valid.email.normalised());
    let ip_hash = match ip {
        Some(ip) => Some(state.ip_salts.hash(db, &state.vault, ip).await?),
        None => None,
    };

    // A form sent back faster than a person fills one in: say so, store nothing. (A person
    // with autofill reads the message and sends it again; the page keeps what they typed.)
    let age = form_token::age_ms(&state.vault, &form.form_token);
    if form.website.trim().is_empty() && age.is_some_and(|age| age < MIN_FILL_MS) {
        return Err(AppError::field("form", "error-form-too-fast"));
    }
    if form_token::expired(age) {
        return Err(AppError::field("form", "error-form-expired"));
    }
    // Suspicion: the signature is kept but never counted. The honeypot, which no person sees,
    // marks a bot that is told what people are told and gets no email (the form must not be
    // a way to mail strangers).
    let mut suspect: Option<&str> = None;
    let bot = !form.website.trim().is_empty();
    if bot {
        suspect = Some("honeypot");
    } else if age.is_none() {
        suspect = Some("form-token");
    }
    let domain = valid.email.as_str().rsplit('@').next().unwrap_or_default();
    if suspect.is_none() {
        suspect = state.blocklist.get(db).await?.reason(domain, ip);
    }
    let review = match (suspect, &ip_hash) {
        (None, Some(h)) => busy_address(state, &form, campaign.id, h).await?,
        _ => None,
    };
    if let Some(reason) = review {
        tracing::info!(
            campaign = campaign.id,
            reason,
            "signature flagged for review"
        );
    }

    // One statement decides everything the unique index can decide: a new address inserts a
    // row (its first email counted), a known one takes another email unless it has had
    // MAX_EMAILS (the conditional update caps them safely under concurrent submissions). No row
    // back means no email: a capped address, or an obvious bot, which must not be able to use
    // the form to mail strangers.
    let vault = &state.vault;
    let created_at = now_ms();
    let on_conflict = if bot {
        "DO NOTHING"
    } else {
        // A new day starts a new count (see MAX_EMAILS).
        "DO UPDATE SET \
         confirmation_emails = CASE WHEN COALESCE(signatures.emails_window_at, \
           signatures.created_at) <= $19 THEN 1 ELSE signatures.confirmation_emails + 1 END, \
         emails_window_at = CASE WHEN COALESCE(signatures.emails_window_at, \
           signatures.created_at) <= $19 THEN $14 ELSE signatures.emails_window_at END \
         WHERE signatures.confirmation_emails < $18 \
           OR COALESCE(signatures.emails_window_at, signatures.created_at) <= $19"
    };
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let mut values: Vec<sea_orm::Value> = vec![
        campaign.id.into(),
        email_hash.into(),
        vault
            .seal_str("signatures.email", valid.email.as_str())
            .into(),
        vault
            .seal_str("signatures.name", valid.name.as_str())
            .into(),
        valid
            .postcode
            .as_ref()
            .map(|p| vault.seal_str("signatures.postcode", p.as_str()))
            .into(),
        valid.country.as_str().to_owned().into(),
        valid.display.as_str().into(),
        // Nothing is public until it is confirmed (`confirm` sets it from the link's values).
        Option::<String>::None.into(),
        form.subscribe.into(),
        locale.code().into(),
        suspect.is_some().into(),
        suspect.or(review).map(str::to_owned).into(),
        ip_hash.into(),
        created_at.into(),
        i32::from(!bot).into(),
        RefCode::parse(&form.ref_code)
            .map(|r| r.as_str().to_owned())
            .into(),
        email_domain_hash(vault, domain).into(),
    ];
    if !bot {
        values.push(MAX_EMAILS.into());
        values.push((created_at - EMAIL_WINDOW_MS).into());
    }
    let row = txn
        .query_one_raw(sql::stmt(
            backend,
            &format!(
                "INSERT INTO signatures (campaign_id, email_hash, email_sealed, name_sealed, \
                 postcode_sealed, country, display, public_name, subscribe, locale, state, \
                 suspect, suspect_reason, counted, ip_hash, confirmation_emails, created_at, \
                 ref_code, email_domain_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, false, \
                 $13, $15, $14, $16, $17) ON CONFLICT (campaign_id, email_hash) {on_conflict} \
                 RETURNING id, state, locale, created_at"
            ),
            values,
        ))
        .await?;
    let Some(row) = row else {
        txn.commit().await?;
        return Ok(campaign.slug.clone());
    };
    let id: i64 = row.try_get("", "id")?;
    let row_state: String = row.try_get("", "state")?;
    let row_locale: String = row.try_get("", "locale")?;
    let fresh = row.try_get::<i64>("", "created_at")? == created_at;
    if fresh && suspect.is_some() {
        tracing::info!(
            campaign = campaign.id,
            signature = id,
            reason = suspect,
            "suspect signature"
        );
    }
    if bot {
        txn.commit().await?;
        return Ok(campaign.slug.clone());
    }

    // The owner of the address hears in the language they signed in.
    let to_locale = Locale::from_code(&row_locale).unwrap_or(locale);
    let confirmed = row_state == crate::domain::SignatureState::Confirmed.as_str();
    let mut purposes = vec![(tokens::MANAGE, tokens::MANAGE_TTL_MS, None)];
    if !confirmed {
        // The link confirms exactly this submission: what it publishes travels with it.
        let submitted = super::confirm::Submitted {
            name: valid.name.as_str().to_owned(),
            postcode: valid.postcode.as_ref().map(|p| p.as_str().to_owned()),
            country: valid.country.as_str().to_owned(),
            display: valid.display.as_str().to_owned(),
            subscribe: form.subscribe,
        };
        purposes.push((
            tokens::CONFIRM,
            tokens::CONFIRM_TTL_MS,
            Some(submitted.seal(vault)),
        ));
    }
    let links = tokens::create(&txn, id, &purposes).await?;
    let mut params = serde_json::Map::new();
    params.insert("campaign".into(), published.title(to_locale).into());
    params.insert(
        "campaign_path".into(),
        format!("/campaigns/{}", campaign.slug).into(),
    );
    params.insert(
        "manage_path".into(),
        format!("/signatures/manage?token={}", links[0]).into(),
    );
    let template = match links.get(1) {
        Some(confirm) => {
            params.insert(
                "confirm_path".into(),
                format!("/campaigns/{}/confirm?token={confirm}", campaign.slug).into(),
            );
            Template::ConfirmSignature
        }
        None => Template::AlreadySigned,
    };
    outbox::queue(&txn, vault, template, to_locale, &valid.email, params).await?;
    txn.commit().await?;
    Ok(campaign.slug.clone())
}

/// `Some(REVIEW_IP_RATE)` when this network address has signed the campaign more than the
/// short-window limits allow (lower for a form without a valid proof of work).
async fn busy_address(
    state: &AppState,
    form: &SignForm,
    campaign_id: i64,
    ip_hash: &str,
) -> Result<Option<&'static str>, AppError> {
    let abuse = &state.abuse;
    let worked = abuse.pow_bits == 0
        || pow::verify(&form.form_token, &form.email, abuse.pow_bits, &form.pow);
    let (per_minute, per_5_minutes) = if worked {
        (abuse.ip_per_minute, abuse.ip_per_5_minutes)
    } else {
        (
            abuse.ip_per_minute_without_pow,
            abuse.ip_per_5_minutes_without_pow,
        )
    };
    // Counts at most up to the larger limit: behind a busy exit the rows can be many.
    let now = now_ms();
    let db = &state.db;
    let row = db
        .query_one_raw(sql::stmt(
            db.get_database_backend(),
            "SELECT COUNT(*) AS five, COALESCE(SUM(CASE WHEN created_at > $4 THEN 1 ELSE 0 END), 0) \
             AS one FROM (SELECT created_at FROM signatures WHERE campaign_id = $1 \
             AND ip_hash = $2 AND created_at > $3 ORDER BY created_at DESC LIMIT $5) AS recent",
            [
                campaign_id.into(),
                ip_hash.to_owned().into(),
                (now - 300_000).into(),
                (now - 60_000).into(),
                per_minute.max(per_5_minutes).into(),
            ],
        ))
        .await?;
    let (five, one) = match row {
        Some(r) => (r.try_get::<i64>("", "five")?, r.try_get::<i64>("", "one")?),
        None => (0, 0),
    };
    Ok((one >= per_minute || five >= per_5_minutes).then_some(REVIEW_IP_RATE))
}
