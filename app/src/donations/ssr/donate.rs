//! The donation form: checked, written as a pending donation, handed to Stripe Checkout. The
//! donor's name, email and message are sealed at once; nothing about them is public until the
//! payment is confirmed by Stripe's event, and then only what they chose.
use super::checkout::{CheckoutError, CheckoutRequest};
use crate::domain::{Currency, DonationKind, DonationState, Email, Locale, PersonName, RefCode};
use crate::error::{AppError, FormErrors};
use crate::ssr::abuse::{MIN_FILL_MS, form_token};
use crate::ssr::entities::{donation, fund};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

/// The vault purpose of `donations.donor_sealed`.
pub const DONOR_PURPOSE: &str = "donations.donor";
/// The vault purpose of `donations.email_hash`.
pub const EMAIL_HASH_PURPOSE: &str = "donation.email";
/// The longest public message.
pub const MESSAGE_MAX: usize = 300;

/// The form as posted.
#[derive(Debug, Clone, Default)]
pub struct DonateForm {
    pub slug: String,
    pub locale: String,
    /// A preset amount in minor units, or `other` (then `other_amount` counts).
    pub amount: String,
    pub other_amount: String,
    /// The fund's currency as the form showed it; another one is refused.
    pub currency: String,
    pub kind: String,
    /// `hidden`, `first` or `full`.
    pub display: String,
    pub name: String,
    pub email: String,
    pub message: String,
    pub form_token: String,
    pub website: String,
    pub ref_code: String,
    /// The campaign the donor came from, by slug, if any.
    pub campaign: String,
}

/// How a donor is shown on the fund's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DonorDisplay {
    Hidden,
    First,
    Full,
}

impl DonorDisplay {
    pub fn parse(input: &str) -> Option<DonorDisplay> {
        match input {
            "" | "hidden" => Some(DonorDisplay::Hidden),
            "first" => Some(DonorDisplay::First),
            "full" => Some(DonorDisplay::Full),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DonorDisplay::Hidden => "hidden",
            DonorDisplay::First => "first",
            DonorDisplay::Full => "full",
        }
    }

    /// What the public sees of `name`.
    pub fn public_name(self, name: &str) -> Option<String> {
        match self {
            DonorDisplay::Hidden => None,
            DonorDisplay::First => name.split_whitespace().next().map(str::to_owned),
            DonorDisplay::Full => Some(name.trim().to_owned()),
        }
    }
}

/// What is sealed about a donor.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Donor {
    pub name: String,
    pub email: Email,
    pub message: String,
}

struct Valid {
    amount_minor: i64,
    kind: DonationKind,
    display: DonorDisplay,
    donor: Donor,
}

fn validate(form: &DonateForm, f: &fund::Model) -> Result<Valid, AppError> {
    let mut errors = FormErrors::new();
    let currency = Currency::parse(&f.currency).ok_or(AppError::Internal)?;
    if !form.currency.is_empty() && Currency::parse(&form.currency).as_ref() != Some(&currency) {
        errors.add("amount", "error-donation-currency");
    }
    let amount = match form.amount.as_str() {
        "" | "other" => currency.parse_amount(&form.other_amount),
        preset => preset.parse::<i64>().ok().filter(|a| *a > 0),
    };
    match amount {
        None => errors.add("amount", "error-donation-amount"),
        Some(a) if a < f.min_minor => errors.add("amount", "error-donation-too-small"),
        Some(a) if a > f.max_minor => errors.add("amount", "error-donation-too-large"),
        Some(_) => {}
    }
    let kind = match DonationKind::parse(if form.kind.is_empty() {
        "once"
    } else {
        &form.kind
    }) {
        Some(DonationKind::Monthly) if !super::funds::takes_monthly(f) => {
            errors.add("kind", "error-donation-monthly");
            None
        }
        Some(k) => Some(k),
        None => {
            errors.add("kind", "error-donation-kind");
            None
        }
    };
    let display = DonorDisplay::parse(&form.display);
    if display.is_none() {
        errors.add("display", "error-display-invalid");
    }
    let name = form.name.trim();
    if display.is_some_and(|d| d != DonorDisplay::Hidden) && name.is_empty() {
        errors.add("name", "error-donation-name-shown");
    }
    if !name.is_empty() {
        errors.check("name", PersonName::parse(name).map_err(|e| e.message_key()));
    }
    let email = errors.check(
        "email",
        Email::parse(&form.email).map_err(|e| e.message_key()),
    );
    let message = form.message.trim();
    if message.chars().count() > MESSAGE_MAX {
        errors.add("message", "error-donation-message-long");
    }
    errors.finish()?;
    match (amount, kind, display, email) {
        (Some(amount_minor), Some(kind), Some(display), Some(email)) => Ok(Valid {
            amount_minor,
            kind,
            display,
            donor: Donor {
                name: name.to_owned(),
                email,
                message: message.to_owned(),
            },
        }),
        _ => Err(AppError::Internal),
    }
}

/// The same for the same form sent twice by the same person for the same gift, and different
/// for anyone else (two forms served in the same millisecond carry the same token).
fn idempotency_key(form: &DonateForm, fund_id: i64, v: &Valid) -> String {
    let key = crate::ssr::secret::hash(&format!(
        "{}|{fund_id}|{}|{}|{}",
        form.form_token,
        v.donor.email.normalised(),
        v.amount_minor,
        v.kind.as_str()
    ));
    format!("donation-{}", &key[..40])
}

/// Takes the form: returns the address of Stripe's checkout page to send the donor to. Without
/// Stripe configured, or with Stripe unreachable, the donor is told so next to the form, keeps
/// what they typed, and nothing is charged.
pub async fn donate(state: &AppState, form: DonateForm) -> Result<String, AppError> {
    let db = &state.db;
    let f = super::funds::by_slug(db, &form.slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !f.open() {
        return Err(AppError::field("form", "fund-closed"));
    }
    let locale = Locale::from_code(&form.locale).unwrap_or_default();
    let fund_path = format!("{}/{}/funds/{}", state.public_url, locale.code(), f.slug);
    // The honeypot: a bot is sent back to the page, and nothing is stored.
    if !form.website.trim().is_empty() {
        return Ok(fund_path);
    }
    let age = form_token::age_ms(&state.vault, &form.form_token);
    if age.is_some_and(|age| age < MIN_FILL_MS) {
        return Err(AppError::field("form", "error-form-too-fast"));
    }
    if form_token::expired(age) {
        return Err(AppError::field("form", "error-form-expired"));
    }
    let valid = validate(&form, &f)?;
    let Some(checkout) = state.payments.checkout.clone() else {
        return Err(AppError::field("form", "error-donation-unavailable"));
    };
    let key = idempotency_key(&form, f.id, &valid);
    // The campaign whose page sent the donor here, if it is a public one.
    let campaign_id = match crate::domain::Slug::parse(&form.campaign) {
        Ok(slug) => state
            .campaigns
            .published(db, slug.as_str())
            .await?
            .map(|p| p.campaign.id),
        Err(_) => None,
    };
    let sealed = serde_json::to_vec(&valid.donor).map_err(|_| AppError::Internal)?;
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(
        backend,
        "INSERT INTO donations (fund_id, kind, state, amount_minor, currency, display, \
         donor_sealed, email_hash, locale, campaign_id, ref_code, idempotency_key, created_at, \
         refunded_minor, disputed_minor) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 0) \
         ON CONFLICT (idempotency_key) DO NOTHING",
        [
            f.id.into(),
            valid.kind.as_str().into(),
            DonationState::Pending.as_str().into(),
            valid.amount_minor.into(),
            f.currency.clone().into(),
            valid.display.as_str().into(),
            state.vault.seal(DONOR_PURPOSE, &sealed).into(),
            state
                .vault
                .lookup_hash(EMAIL_HASH_PURPOSE, &valid.donor.email.normalised())
                .into(),
            locale.code().into(),
            campaign_id.into(),
            RefCode::parse(&form.ref_code)
                .map(|r| r.as_str().to_owned())
                .into(),
            key.clone().into(),
            now_ms().into(),
        ],
    ))
    .await?;
    let d = donation::Entity::find()
        .filter(donation::Column::IdempotencyKey.eq(key.as_str()))
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let title = super::funds::text(db, f.id, locale)
        .await?
        .map(|t| t.title)
        .unwrap_or_else(|| f.slug.clone());
    let created = checkout
        .create(CheckoutRequest {
            donation_id: d.id,
            kind: valid.kind,
            amount_minor: valid.amount_minor,
            currency: f.currency.clone(),
            product_name: title,
            success_url: format!("{fund_path}/thanks"),
            cancel_url: format!("{fund_path}?cancelled=1#give"),
            locale,
            idempotency_key: key,
        })
        .await;
    let session = match created {
        Ok(session) => session,
        Err(e) => {
            match &e {
                CheckoutError::Unavailable(_) => {
                    tracing::warn!(donation = d.id, error = %e, "Stripe unavailable")
                }
                CheckoutError::Refused(_) => {
                    tracing::error!(donation = d.id, error = %e, "Stripe refused a session")
                }
            }
            // Nothing half-done is kept: the donor sends the form again when Stripe is back.
            db.execute_raw(sql::stmt(
                backend,
                "DELETE FROM donations WHERE id = $1 AND checkout_session_id IS NULL",
                [d.id.into()],
            ))
            .await?;
            return Err(AppError::field("form", "error-donation-unavailable"));
        }
    };
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE donations SET checkout_session_id = $1 WHERE id = $2",
        [session.id.clone().into(), d.id.into()],
    ))
    .await?;
    tracing::info!(donation = d.id, "sent to Stripe's checkout");
    Ok(session.url)
}
