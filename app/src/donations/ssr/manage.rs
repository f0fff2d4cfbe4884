//! The donor's own page, from the link in every receipt (no account): what they gave, and for a
//! monthly gift stopping it here or changing the card in Stripe's customer portal; for any gift,
//! erasing their name, email and message (the amounts and dates stay in the fund's accounts).
//! The link is the donation's id with a keyed check of it (`ssr::secret::id_token`): nothing to
//! store and nothing to guess.
use super::checkout::CheckoutError;
use super::events::end_gift;
use crate::domain::{DonationKind, DonationState, Locale};
use crate::donations::views::GiftView;
use crate::error::AppError;
use crate::ssr::entities::donation;
use crate::ssr::secret::{id_of_token, id_token};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::vault::Vault;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

const MANAGE_PURPOSE: &str = "donations.manage";
const MANAGE_CHECK: usize = 22;

/// The path of a gift's own page, for its receipts.
pub fn manage_path(vault: &Vault, donation_id: i64) -> String {
    format!(
        "/donations/manage?token={}",
        id_token(vault, MANAGE_PURPOSE, donation_id, MANAGE_CHECK)
    )
}

/// The gift a link names: a donation paid through checkout (a monthly gift's first month).
async fn by_token(state: &AppState, raw: &str) -> Result<donation::Model, AppError> {
    let id =
        id_of_token(&state.vault, MANAGE_PURPOSE, raw, MANAGE_CHECK).ok_or(AppError::NotFound)?;
    donation::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(donation::Model::received)
        .ok_or(AppError::NotFound)
}

fn monthly(d: &donation::Model) -> bool {
    d.kind == DonationKind::Monthly.as_str()
}

/// Whether a monthly gift is still being charged.
fn running(d: &donation::Model) -> bool {
    monthly(d) && d.ended_at.is_none() && d.subscription_id.is_some()
}

fn date_of(ms: i64, locale: Locale) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| crate::i18n::format_date(locale, d.date_naive()))
        .unwrap_or_default()
}

pub async fn view(state: &AppState, raw: &str, locale: Locale) -> Result<GiftView, AppError> {
    let d = by_token(state, raw).await?;
    let fund = crate::ssr::entities::fund::Entity::find_by_id(d.fund_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = super::funds::text(&state.db, fund.id, locale)
        .await?
        .map(|t| t.title)
        .unwrap_or_else(|| fund.slug.clone());
    let months = match &d.subscription_id {
        Some(sub) if monthly(&d) => {
            donation::Entity::find()
                .filter(donation::Column::SubscriptionId.eq(sub.as_str()))
                .filter(donation::Column::State.eq(DonationState::Paid.as_str()))
                .count(&state.db)
                .await? as i64
        }
        _ => 0,
    };
    let stripe = state.payments.checkout.is_some();
    Ok(GiftView {
        token: raw.to_owned(),
        fund_title: title,
        fund_slug: fund.slug,
        amount_minor: d.amount_minor,
        currency: d.currency.clone(),
        monthly: monthly(&d),
        running: running(&d),
        since: date_of(d.paid_at.unwrap_or(d.created_at), locale),
        ended: d.ended_at.map(|ms| date_of(ms, locale)),
        months_paid: months,
        erased: d.donor_sealed.is_none(),
        portal: stripe && running(&d) && d.customer_id.is_some(),
    })
}

fn stripe_failed(e: CheckoutError, what: &str) -> AppError {
    match &e {
        CheckoutError::Unavailable(_) => tracing::warn!(error = %e, "Stripe unavailable: {what}"),
        CheckoutError::Refused(_) => tracing::error!(error = %e, "Stripe refused: {what}"),
    }
    AppError::field("form", "error-gift-stripe")
}

/// Stops a monthly gift: Stripe first (so that nothing more is charged), then here. Stripe's
/// `customer.subscription.deleted` event that follows changes nothing more.
pub async fn cancel(state: &AppState, raw: &str) -> Result<(), AppError> {
    let d = by_token(state, raw).await?;
    if !running(&d) {
        return Ok(());
    }
    let (Some(checkout), Some(sub)) = (state.payments.checkout.clone(), d.subscription_id.clone())
    else {
        return Err(AppError::field("form", "error-gift-stripe"));
    };
    checkout
        .cancel_subscription(sub)
        .await
        .map_err(|e| stripe_failed(e, "cancel a monthly gift"))?;
    end_gift(&state.db, d.id).await?;
    Ok(())
}

/// The address of Stripe's customer portal for the gift's donor, where they change their card.
pub async fn portal(state: &AppState, raw: &str, locale: Locale) -> Result<String, AppError> {
    let d = by_token(state, raw).await?;
    let (Some(checkout), Some(customer), true) = (
        state.payments.checkout.clone(),
        d.customer_id.clone(),
        running(&d),
    ) else {
        return Err(AppError::field("form", "error-gift-stripe"));
    };
    let back = format!(
        "{}/{}{}",
        state.public_url,
        locale.code(),
        manage_path(&state.vault, d.id)
    );
    checkout
        .portal(customer, back, locale)
        .await
        .map_err(|e| stripe_failed(e, "open the customer portal"))
}

/// Erases the donor's name, email and message from the gift and its later months; the amounts
/// and dates stay for the fund's accounts. A monthly gift still running is stopped first (an
/// erased donor could not be sent a receipt).
pub async fn erase(state: &AppState, raw: &str) -> Result<(), AppError> {
    let d = by_token(state, raw).await?;
    if running(&d) {
        cancel(state, raw).await?;
    }
    erase_identity(&state.db, &d).await?;
    tracing::info!(donation = d.id, "donor erased");
    Ok(())
}

/// Forgets who gave `gift` (and its later months): what the donor typed, their public name
/// and message, and the keyed hash of their address (replaced by one that names the gift, so
/// the fund's count of donors does not change).
pub async fn erase_identity<C: ConnectionTrait>(
    db: &C,
    gift: &donation::Model,
) -> Result<(), sea_orm::DbErr> {
    let placeholder = format!("erased:{}", gift.id);
    db.execute_raw(sql::stmt(
        db.get_database_backend(),
        "UPDATE donations SET donor_sealed = NULL, public_name = NULL, public_message = NULL, \
         email_hash = $1 WHERE id = $2 OR (subscription_id IS NOT NULL AND subscription_id = $3)",
        [
            placeholder.into(),
            gift.id.into(),
            gift.subscription_id.clone().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// How long a checkout never paid keeps who started it (Stripe's sessions expire in a day).
const UNPAID_DAYS: i64 = 7;

/// Retention: forgets the donors of gifts whose last payment was more than `years` ago (a
/// monthly gift: that stopped that long ago; one still running is kept), and of checkouts
/// never paid after a week. Their later months get the gift's placeholder too. Returns how
/// many gifts were forgotten.
pub async fn forget<C: ConnectionTrait>(
    db: &C,
    now_ms: i64,
    years: u32,
) -> Result<u64, sea_orm::DbErr> {
    let day = 24 * 3600 * 1000;
    let cutoff = now_ms - i64::from(years) * 365 * day - i64::from(years / 4) * day;
    let unpaid = now_ms - UNPAID_DAYS * day;
    let backend = db.get_database_backend();
    let forgotten = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE donations SET donor_sealed = NULL, public_name = NULL, \
             public_message = NULL, email_hash = 'erased:' || CAST(id AS VARCHAR(20)) \
             WHERE checkout_session_id IS NOT NULL AND email_hash NOT LIKE 'erased:%' AND ( \
             (state IN ($1, $2) AND created_at < $3) \
             OR (kind = $4 AND state IN ($5, $6) AND COALESCE(paid_at, created_at) < $7) \
             OR (kind = $8 AND ended_at IS NOT NULL AND ended_at < $7))",
            [
                DonationState::Pending.as_str().into(),
                DonationState::Failed.as_str().into(),
                unpaid.into(),
                DonationKind::Once.as_str().into(),
                DonationState::Paid.as_str().into(),
                DonationState::Refunded.as_str().into(),
                cutoff.into(),
                DonationKind::Monthly.as_str().into(),
            ],
        ))
        .await?
        .rows_affected();
    if forgotten > 0 {
        // Later months: the same placeholder as their gift, so the count of donors holds.
        db.execute_raw(sql::stmt(
            backend,
            "UPDATE donations SET email_hash = (SELECT g.email_hash FROM donations g \
             WHERE g.subscription_id = donations.subscription_id \
             AND g.checkout_session_id IS NOT NULL) \
             WHERE checkout_session_id IS NULL AND subscription_id IS NOT NULL \
             AND email_hash NOT LIKE 'erased:%' AND EXISTS (SELECT 1 FROM donations g \
             WHERE g.subscription_id = donations.subscription_id \
             AND g.checkout_session_id IS NOT NULL AND g.email_hash LIKE 'erased:%')",
            Vec::<sea_orm::Value>::new(),
        ))
        .await?;
    }
    Ok(forgotten)
}
