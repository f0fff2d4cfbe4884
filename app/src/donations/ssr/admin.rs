//! The fund's admin page (admins only: it is money): the figures, money out entered and
//! corrected, and the donations with filters, each refundable. Every change is written to the
//! audit log. A disbursement is never edited or deleted: a correction is a new entry that takes
//! the old one back (negative), so the public ledger shows what happened. A refund goes to
//! Stripe; the ledger changes when Stripe's `charge.refunded` event arrives.
use super::checkout::CheckoutError;
use crate::accounts::ssr::auth::Authenticated;
use crate::domain::{Currency, DonationKind, DonationState, Locale};
use crate::donations::views::{
    ActivityRow, AdminDisbursement, AdminDonation, CATEGORIES, DESCRIPTION_MAX, DonationFilter,
    FundAdminView, SourceRow,
};
use crate::error::{AppError, FormErrors};
use crate::ssr::entities::{campaign, disbursement, donation, fund};
use crate::ssr::state::AppState;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// How many donations the page lists (the newest that match).
const LISTED: u64 = 200;

async fn fund_by_slug(state: &AppState, slug: &str) -> Result<fund::Model, AppError> {
    super::funds::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The page: figures, money out (with what each correction takes back), and the donations
/// that match `filter`, newest first.
pub async fn view(
    state: &AppState,
    user: &Authenticated,
    slug: &str,
    locale: Locale,
    filter: DonationFilter,
) -> Result<FundAdminView, AppError> {
    let db = &state.db;
    let f = fund_by_slug(state, slug).await?;
    let title = super::funds::text(db, f.id, locale)
        .await?
        .map(|t| t.title)
        .unwrap_or_else(|| f.slug.clone());
    // One read of the fund's rows for the figures, the money out and the dashboard.
    let (received, mut out) = super::ledger::rows_of(db, f.id).await?;
    let ledger = super::ledger::from_rows(&received, &out);
    out.sort_by_key(|d| std::cmp::Reverse(d.id));
    let corrected: Vec<i64> = out.iter().filter_map(|d| d.corrects_id).collect();
    let rows = filtered(f.id, &filter).limit(LISTED).all(db).await?;
    let campaigns = campaign::Entity::find().all(db).await?;
    let can_refund = state.payments.checkout.is_some();
    let (by_month, by_day, by_source) = dashboard(&received, &campaigns);
    Ok(FundAdminView {
        by_month,
        by_day,
        by_source,
        slug: f.slug.clone(),
        title,
        currency: f.currency.clone(),
        open: f.open(),
        totals: ledger.totals,
        disbursements: out
            .iter()
            .map(|d| AdminDisbursement {
                id: d.id,
                spent_on: d.spent_on.clone(),
                amount_minor: d.amount_minor,
                category: d.category.clone(),
                description: d.description.clone(),
                corrects: d.corrects_id,
                corrected: corrected.contains(&d.id),
            })
            .collect(),
        donations: rows
            .into_iter()
            .map(|d| AdminDonation {
                id: d.id,
                date: date_of(&d),
                kind: DonationKind::of_stored(&d.kind),
                state: DonationState::of_stored(&d.state),
                amount_minor: d.amount_minor,
                refunded_minor: d.refunded_minor,
                disputed_minor: d.disputed_minor,
                campaign: d.campaign_id.and_then(|id| {
                    campaigns
                        .iter()
                        .find(|c| c.id == id)
                        .map(|c| c.slug.clone())
                }),
                ref_code: d.ref_code.clone(),
                public_name: d.public_name.clone(),
                refundable: can_refund
                    && d.state == DonationState::Paid.as_str()
                    && d.refunded_minor < d.amount_minor
                    && d.payment_intent_id.is_some(),
            })
            .collect(),
        filter,
        today: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        csrf: user.csrf.clone(),
    })
}

/// The dashboard's tables from a fund's donations whose money came in: per month, per day (the
/// last 31 days), and by campaign and share code. A monthly gift is gained when its first month
/// is paid and lost when it stops.
fn dashboard(
    rows: &[donation::Model],
    campaigns: &[campaign::Model],
) -> (Vec<ActivityRow>, Vec<ActivityRow>, Vec<SourceRow>) {
    use std::collections::BTreeMap;
    let since = day_of(crate::ssr::time::now_ms() - 30 * 24 * 3600 * 1000);
    let mut months: BTreeMap<String, ActivityRow> = BTreeMap::new();
    let mut days: BTreeMap<String, ActivityRow> = BTreeMap::new();
    let mut sources: BTreeMap<(Option<String>, Option<String>), (i64, i64)> = BTreeMap::new();
    let mut add = |day: String, f: &dyn Fn(&mut ActivityRow)| {
        let month = day.get(..7).unwrap_or_default().to_owned();
        f(months.entry(month.clone()).or_insert_with(|| ActivityRow {
            period: month,
            ..Default::default()
        }));
        if day >= since {
            f(days.entry(day.clone()).or_insert_with(|| ActivityRow {
                period: day,
                ..Default::default()
            }));
        }
    };
    for d in rows {
        let day = date_of(d);
        let amount = d.amount_minor;
        add(day.clone(), &|r| {
            r.donations += 1;
            r.gross += amount;
        });
        let gift = d.kind == DonationKind::Monthly.as_str() && d.checkout_session_id.is_some();
        if gift {
            add(day, &|r| r.gained += 1);
            if let Some(ended) = d.ended_at {
                add(day_of(ended), &|r| r.lost += 1);
            }
        }
        let campaign = d
            .campaign_id
            .and_then(|id| campaigns.iter().find(|c| c.id == id))
            .map(|c| c.slug.clone());
        let entry = sources.entry((campaign, d.ref_code.clone())).or_default();
        entry.0 += 1;
        entry.1 += amount;
    }
    let mut by_source: Vec<SourceRow> = sources
        .into_iter()
        .map(|((campaign, ref_code), (donations, gross))| SourceRow {
            campaign,
            ref_code,
            donations,
            gross,
        })
        .collect();
    by_source.sort_by_key(|r| std::cmp::Reverse(r.gross));
    (
        months.into_values().rev().collect(),
        days.into_values().rev().collect(),
        by_source,
    )
}

/// Fund `fund_id`'s donations that match `filter`, newest first.
fn filtered(fund_id: i64, filter: &DonationFilter) -> sea_orm::Select<donation::Entity> {
    let mut query = donation::Entity::find().filter(donation::Column::FundId.eq(fund_id));
    if let Some(kind) = DonationKind::parse(&filter.kind) {
        query = query.filter(donation::Column::Kind.eq(kind.as_str()));
    }
    if let Some(s) = DonationState::parse(&filter.state) {
        query = query.filter(donation::Column::State.eq(s.as_str()));
    }
    if let Some(r) = crate::domain::RefCode::parse(&filter.ref_code) {
        query = query.filter(donation::Column::RefCode.eq(r.as_str()));
    }
    if let Some((from, to)) = month_bounds(&filter.month) {
        query = query.filter(
            Condition::all()
                .add(donation::Column::CreatedAt.gte(from))
                .add(donation::Column::CreatedAt.lt(to)),
        );
    }
    query.order_by_desc(donation::Column::Id)
}

/// One exported donation: what the admin page lists, with the currency.
pub struct ExportRow {
    pub id: i64,
    pub date: String,
    pub kind: String,
    pub state: String,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub disputed_minor: i64,
    pub fee_minor: Option<i64>,
    pub campaign: String,
    pub ref_code: String,
    pub shown_as: String,
}

/// Every donation of fund `slug` that matches `filter`, for the CSV export (audited by the
/// caller), with the fund's currency. Nothing about a donor beyond what the public sees.
pub async fn export(
    state: &AppState,
    slug: &str,
    filter: &DonationFilter,
) -> Result<(Currency, Vec<ExportRow>), AppError> {
    let db = &state.db;
    let f = fund_by_slug(state, slug).await?;
    let currency = Currency::parse(&f.currency).ok_or(AppError::Internal)?;
    let rows = filtered(f.id, filter).all(db).await?;
    let campaigns = campaign::Entity::find().all(db).await?;
    Ok((
        currency,
        rows.into_iter()
            .map(|d| ExportRow {
                id: d.id,
                date: date_of(&d),
                campaign: d
                    .campaign_id
                    .and_then(|id| campaigns.iter().find(|c| c.id == id))
                    .map(|c| c.slug.clone())
                    .unwrap_or_default(),
                ref_code: d.ref_code.unwrap_or_default(),
                shown_as: d.public_name.unwrap_or_default(),
                kind: d.kind,
                state: d.state,
                amount_minor: d.amount_minor,
                refunded_minor: d.refunded_minor,
                disputed_minor: d.disputed_minor,
                fee_minor: d.fee_minor,
            })
            .collect(),
    ))
}

fn date_of(d: &donation::Model) -> String {
    day_of(d.paid_at.unwrap_or(d.created_at))
}

/// `YYYY-MM-DD` of a time in milliseconds.
fn day_of(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `YYYY-MM` as the first millisecond of that month and of the next.
fn month_bounds(month: &str) -> Option<(i64, i64)> {
    let start =
        chrono::NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").ok()?;
    let next = start.checked_add_months(chrono::Months::new(1))?;
    let ms = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
    };
    Some((ms(start)?, ms(next)?))
}

/// Money out as the form sent it.
#[derive(Debug, Clone, Default)]
pub struct DisbursementForm {
    pub spent_on: String,
    pub amount: String,
    pub category: String,
    pub description: String,
}

/// Records money paid out of fund `slug`, checked field by field.
pub async fn add_disbursement(
    state: &AppState,
    user: &Authenticated,
    slug: &str,
    form: DisbursementForm,
) -> Result<(), AppError> {
    let f = fund_by_slug(state, slug).await?;
    let currency = Currency::parse(&f.currency).ok_or(AppError::Internal)?;
    let mut errors = FormErrors::new();
    let today = chrono::Utc::now().date_naive();
    let spent_on = match chrono::NaiveDate::parse_from_str(form.spent_on.trim(), "%Y-%m-%d") {
        Ok(d) if d <= today && chrono::Datelike::year(&d) >= 2000 => Some(d),
        _ => {
            errors.add("spent_on", "error-spent-on-invalid");
            None
        }
    };
    let amount = currency
        .parse_amount(&form.amount)
        .filter(|a| (1..=1_000_000_000_000).contains(a));
    if amount.is_none() {
        errors.add("amount", "error-disbursement-amount");
    }
    if !CATEGORIES.contains(&form.category.as_str()) {
        errors.add("category", "error-category-invalid");
    }
    let description = form.description.trim();
    if description.is_empty() {
        errors.add("description", "error-description-required");
    } else if description.chars().count() > DESCRIPTION_MAX {
        errors.add("description", "error-description-long");
    }
    errors.finish()?;
    let (Some(spent_on), Some(amount)) = (spent_on, amount) else {
        return Err(AppError::Internal);
    };
    let txn = state.db.begin().await?;
    let id = super::setup::disburse(
        &txn,
        f.id,
        &spent_on.format("%Y-%m-%d").to_string(),
        amount,
        &form.category,
        description,
        Some(user.user_id),
    )
    .await?;
    crate::accounts::ssr::audit(
        &txn,
        Some(user.user_id),
        "disbursement_add",
        &format!("fund:{}", f.id),
        serde_json::json!({ "disbursement": id, "amount_minor": amount }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes entry `id` back with a new, negative entry (once: a second click changes nothing).
pub async fn correct_disbursement(
    state: &AppState,
    user: &Authenticated,
    slug: &str,
    id: i64,
) -> Result<(), AppError> {
    use sea_orm::ActiveModelTrait;
    let f = fund_by_slug(state, slug).await?;
    let txn = state.db.begin().await?;
    let original = disbursement::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|d| d.fund_id == f.id && d.corrects_id.is_none())
        .ok_or(AppError::NotFound)?;
    let already = disbursement::Entity::find()
        .filter(disbursement::Column::CorrectsId.eq(id))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Ok(());
    }
    let row = disbursement::ActiveModel {
        fund_id: sea_orm::Set(f.id),
        spent_on: sea_orm::Set(chrono::Utc::now().format("%Y-%m-%d").to_string()),
        amount_minor: sea_orm::Set(-original.amount_minor),
        category: sea_orm::Set(original.category.clone()),
        description: sea_orm::Set(original.description.clone()),
        corrects_id: sea_orm::Set(Some(original.id)),
        created_by: sea_orm::Set(Some(user.user_id)),
        created_at: sea_orm::Set(crate::ssr::time::now_ms()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::accounts::ssr::audit(
        &txn,
        Some(user.user_id),
        "disbursement_correct",
        &format!("fund:{}", f.id),
        serde_json::json!({ "disbursement": row.id, "corrects": original.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Asks Stripe to give donation `id` back in full. The ledger changes when Stripe's event
/// arrives; asking twice refunds once (the idempotency key names the donation).
pub async fn refund(
    state: &AppState,
    user: &Authenticated,
    slug: &str,
    id: i64,
) -> Result<(), AppError> {
    let f = fund_by_slug(state, slug).await?;
    let d = donation::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|d| d.fund_id == f.id)
        .ok_or(AppError::NotFound)?;
    let (Some(pi), true) = (
        d.payment_intent_id.clone(),
        d.state == DonationState::Paid.as_str() && d.refunded_minor < d.amount_minor,
    ) else {
        return Err(AppError::field("form", "error-refund-not-possible"));
    };
    let Some(checkout) = state.payments.checkout.clone() else {
        return Err(AppError::field("form", "error-gift-stripe"));
    };
    checkout
        .refund(pi, format!("refund-donation-{}", d.id))
        .await
        .map_err(|e| {
            match &e {
                CheckoutError::Unavailable(_) => {
                    tracing::warn!(error = %e, "Stripe unavailable: refund")
                }
                CheckoutError::Refused(_) => tracing::error!(error = %e, "Stripe refused a refund"),
            }
            AppError::field("form", "error-gift-stripe")
        })?;
    crate::accounts::ssr::audit(
        &state.db,
        Some(user.user_id),
        "donation_refund",
        &format!("donation:{}", d.id),
        serde_json::json!({ "amount_minor": d.amount_minor - d.refunded_minor }),
    )
    .await?;
    tracing::info!(donation = d.id, "refund asked of Stripe");
    Ok(())
}

/// The funds, for the admin start page: slug and title (the slug for a fund with no text).
pub async fn list(
    state: &AppState,
    locale: Locale,
) -> Result<Vec<crate::donations::views::FundCard>, AppError> {
    Ok(fund::titled(&state.db, locale, false)
        .await?
        .into_iter()
        .map(|(f, title)| crate::donations::views::FundCard {
            title: title.unwrap_or_else(|| f.slug.clone()),
            slug: f.slug,
        })
        .collect())
}
