//! A fund's ledger: money in (paid donations, less Stripe's fees, refunds and disputes) and out
//! (disbursements), per month and in all. Read from the rows each time: a fund has thousands of
//! donations, not millions, and the sums must agree with the rows to the cent.
use crate::domain::DonationState;
use crate::donations::views::{DisbursementRow, FundTotals, LedgerMonth};
use crate::ssr::entities::{disbursement, donation};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, BTreeSet};

pub struct Ledger {
    pub totals: FundTotals,
    pub months: Vec<LedgerMonth>,
    pub disbursements: Vec<DisbursementRow>,
}

fn month_of_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m").to_string())
        .unwrap_or_default()
}

/// The rows a fund's ledger is made of: its donations whose money came in, and its money out
/// (newest first).
pub async fn rows_of<C: ConnectionTrait>(
    db: &C,
    fund_id: i64,
) -> Result<(Vec<donation::Model>, Vec<disbursement::Model>), sea_orm::DbErr> {
    let paid = donation::Entity::find()
        .filter(donation::Column::FundId.eq(fund_id))
        .filter(donation::Column::State.is_in(DonationState::RECEIVED.map(DonationState::as_str)))
        .all(db)
        .await?;
    let out = disbursement::Entity::find()
        .filter(disbursement::Column::FundId.eq(fund_id))
        .order_by_desc(disbursement::Column::SpentOn)
        .order_by_desc(disbursement::Column::Id)
        .all(db)
        .await?;
    Ok((paid, out))
}

pub async fn of_fund<C: ConnectionTrait>(db: &C, fund_id: i64) -> Result<Ledger, sea_orm::DbErr> {
    let (paid, out) = rows_of(db, fund_id).await?;
    Ok(from_rows(&paid, &out))
}

/// The ledger of [`rows_of`]'s rows.
pub fn from_rows(paid: &[donation::Model], out: &[disbursement::Model]) -> Ledger {
    let mut months: BTreeMap<String, LedgerMonth> = BTreeMap::new();
    let mut totals = FundTotals::default();
    let mut donors = BTreeSet::new();
    let mut monthly = BTreeSet::new();
    let blank = |month: &str| LedgerMonth {
        month: month.to_owned(),
        gross: 0,
        fees: 0,
        refunds: 0,
        disputes: 0,
        net: 0,
        spent: 0,
    };
    for d in paid {
        let month = month_of_ms(d.paid_at.unwrap_or(d.created_at));
        let m = months.entry(month.clone()).or_insert_with(|| blank(&month));
        let fee = d.fee_minor.unwrap_or(0);
        m.gross += d.amount_minor;
        m.fees += fee;
        m.refunds += d.refunded_minor;
        m.disputes += d.disputed_minor;
        totals.gross += d.amount_minor;
        totals.fees += fee;
        totals.refunds += d.refunded_minor;
        totals.disputes += d.disputed_minor;
        donors.insert(d.email_hash.clone());
        // A monthly donor is one whose gift is still running (its checkout's row, not ended).
        if d.kind == crate::domain::DonationKind::Monthly.as_str()
            && d.checkout_session_id.is_some()
            && d.ended_at.is_none()
            && d.state == DonationState::Paid.as_str()
        {
            monthly.insert(d.email_hash.clone());
        }
    }
    for o in out {
        let month = o.spent_on.get(..7).unwrap_or_default().to_owned();
        let m = months.entry(month.clone()).or_insert_with(|| blank(&month));
        m.spent += o.amount_minor;
        totals.spent += o.amount_minor;
    }
    for m in months.values_mut() {
        m.net = m.gross - m.fees - m.refunds - m.disputes;
    }
    totals.net = totals.gross - totals.fees - totals.refunds - totals.disputes;
    totals.balance = totals.net - totals.spent;
    totals.donors = donors.len() as i64;
    totals.monthly_donors = monthly.len() as i64;
    Ledger {
        totals,
        months: months.into_values().rev().collect(),
        disbursements: out
            .iter()
            .map(|o| DisbursementRow {
                spent_on: o.spent_on.clone(),
                amount_minor: o.amount_minor,
                category: o.category.clone(),
                description: o.description.clone(),
            })
            .collect(),
    }
}
