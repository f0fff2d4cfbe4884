//! What Stripe's events change. The webhook stores each event once (by its id) and queues a
//! [`ProcessStripeEvent`] job; the server's worker reads the stored payload with Stripe's own
//! types and hands what matters here as a [`StripeChange`]. Every change is keyed by Stripe's
//! object ids and only moves a donation forward (a paid donation is never pending again, a
//! refund never shrinks), so events applied twice or out of order end in the same state. An
//! event about a payment Petrel has not seen as paid yet is [`Applied::NotYet`]: the job tries
//! again later, when the event that comes first has arrived.
use super::donate::{DONOR_PURPOSE, Donor, DonorDisplay};
use crate::domain::{DisputeState, DonationKind, DonationState, Locale};
use crate::ssr::entities::{donation, stripe_event};
use crate::ssr::jobs::Job;
use crate::ssr::outbox::{self, Template};
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};

/// The vault purpose of `stripe_events.payload_sealed`.
pub const EVENT_PURPOSE: &str = "stripe_events.payload";

/// Applies the stored event with this id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessStripeEvent {
    pub event_id: String,
}

impl Job for ProcessStripeEvent {
    const KIND: &'static str = "process_stripe_event";
    /// Out-of-order events wait for the one before them: up to about half an hour of tries.
    const MAX_ATTEMPTS: i32 = 12;
}

/// Stores a verified event once: `true` if it is new (and a job to apply it was queued), `false`
/// for a repeat, which changes nothing.
pub async fn record(
    db: &DatabaseConnection,
    vault: &Vault,
    id: &str,
    kind: &str,
    payload: &str,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let inserted = txn
        .execute_raw(sql::stmt(
            txn.get_database_backend(),
            "INSERT INTO stripe_events (id, kind, payload_sealed, received_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
            [
                id.into(),
                kind.into(),
                vault.seal_str(EVENT_PURPOSE, payload).into(),
                now_ms().into(),
            ],
        ))
        .await?
        .rows_affected()
        == 1;
    if inserted {
        crate::ssr::jobs::enqueue(
            &txn,
            &ProcessStripeEvent {
                event_id: id.to_owned(),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(inserted)
}

/// The stored event's payload, opened.
pub async fn payload(
    db: &DatabaseConnection,
    vault: &Vault,
    id: &str,
) -> Result<Option<String>, DbErr> {
    let Some(row) = stripe_event::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    vault
        .open_str(EVENT_PURPOSE, &row.payload_sealed)
        .map(Some)
        .map_err(|e| DbErr::Custom(format!("stripe event {id}: {e}")))
}

/// Marks the event applied.
pub async fn processed(db: &DatabaseConnection, id: &str) -> Result<(), DbErr> {
    db.execute_raw(sql::stmt(
        db.get_database_backend(),
        "UPDATE stripe_events SET processed_at = $1 WHERE id = $2",
        [now_ms().into(), id.into()],
    ))
    .await?;
    Ok(())
}

/// What an event changes, in Petrel's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StripeChange {
    /// A Checkout Session was paid (`checkout.session.completed` with `payment_status` paid, or
    /// `checkout.session.async_payment_succeeded`).
    CheckoutPaid {
        session_id: String,
        payment_intent: Option<String>,
        subscription: Option<String>,
        customer: Option<String>,
        amount_total: Option<i64>,
    },
    /// The session ended without money (`checkout.session.expired`, async payment failed).
    CheckoutFailed { session_id: String },
    /// A charge was refunded, `amount_refunded` in all so far.
    Refunded {
        payment_intent: String,
        amount_refunded: i64,
    },
    /// A monthly gift's invoice was paid. The first (`first`: billing reason
    /// `subscription_create`) is the month the checkout already recorded; each later one is a
    /// donation of its own.
    InvoicePaid {
        invoice_id: String,
        subscription: String,
        payment_intent: Option<String>,
        amount_paid: i64,
        first: bool,
    },
    /// A monthly payment failed: the donor is told, with the link to change the card.
    InvoiceFailed {
        invoice_id: String,
        subscription: String,
    },
    /// A monthly gift stopped (cancelled here, in Stripe's portal, or by Stripe).
    GiftEnded { subscription: String },
    /// A payment was disputed (`Open`), or its dispute decided.
    Disputed {
        payment_intent: String,
        amount: i64,
        state: DisputeState,
    },
    /// A charge settled: Stripe's fee is on its balance transaction, which the worker reads
    /// from Stripe and turns into [`StripeChange::Fee`].
    Settled {
        payment_intent: String,
        balance_transaction: String,
    },
    /// Stripe's fee on a payment.
    Fee { payment_intent: String, fee: i64 },
    /// Nothing for Petrel to do (a completed session still waiting for its money, an event
    /// type Petrel does not act on).
    Nothing,
}

/// Whether a change could be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// It is about a payment not known as paid yet: try again later.
    NotYet,
}

impl Applied {
    /// `NotYet` when an update found no row: the payment it is about is not known yet.
    fn unless_none(rows_changed: u64) -> Applied {
        if rows_changed == 0 {
            Applied::NotYet
        } else {
            Applied::Done
        }
    }
}

/// How receipts describe the payment.
pub struct ReceiptContext<'a> {
    /// What the donor's bank statement shows.
    pub statement_descriptor: &'a str,
}

pub async fn apply(
    db: &DatabaseConnection,
    vault: &Vault,
    change: &StripeChange,
    receipt: &ReceiptContext<'_>,
) -> Result<Applied, DbErr> {
    match change {
        StripeChange::Nothing => Ok(Applied::Done),
        // The worker reads the fee first; without Stripe there is nothing to read it from.
        StripeChange::Settled { .. } => Ok(Applied::Done),
        StripeChange::Fee {
            payment_intent,
            fee,
        } => {
            let changed = db
                .execute_raw(sql::stmt(
                    db.get_database_backend(),
                    "UPDATE donations SET fee_minor = $1 WHERE payment_intent_id = $2 \
                     AND state IN ($3, $4)",
                    [
                        (*fee).into(),
                        payment_intent.as_str().into(),
                        DonationState::Paid.as_str().into(),
                        DonationState::Refunded.as_str().into(),
                    ],
                ))
                .await?
                .rows_affected();
            Ok(Applied::unless_none(changed))
        }
        StripeChange::CheckoutPaid {
            session_id,
            payment_intent,
            subscription,
            customer,
            amount_total,
        } => {
            paid(
                db,
                vault,
                session_id,
                payment_intent.as_deref(),
                subscription.as_deref(),
                customer.as_deref(),
                *amount_total,
                receipt,
            )
            .await
        }
        StripeChange::CheckoutFailed { session_id } => {
            // Only a donation still waiting fails; a paid one stays paid.
            let known = donation::Entity::find()
                .filter(donation::Column::CheckoutSessionId.eq(session_id.as_str()))
                .one(db)
                .await?;
            if known.is_none() {
                return Ok(Applied::NotYet);
            }
            db.execute_raw(sql::stmt(
                db.get_database_backend(),
                "UPDATE donations SET state = $1 WHERE checkout_session_id = $2 AND state = $3",
                [
                    DonationState::Failed.as_str().into(),
                    session_id.as_str().into(),
                    DonationState::Pending.as_str().into(),
                ],
            ))
            .await?;
            Ok(Applied::Done)
        }
        StripeChange::Refunded {
            payment_intent,
            amount_refunded,
        } => {
            let changed = db
                .execute_raw(sql::stmt(
                    db.get_database_backend(),
                    "UPDATE donations SET \
                     refunded_minor = CASE WHEN refunded_minor > $1 THEN refunded_minor ELSE $1 END, \
                     state = CASE WHEN $1 >= amount_minor THEN $2 ELSE state END \
                     WHERE payment_intent_id = $3 AND state IN ($4, $2)",
                    [
                        (*amount_refunded).into(),
                        DonationState::Refunded.as_str().into(),
                        payment_intent.as_str().into(),
                        DonationState::Paid.as_str().into(),
                    ],
                ))
                .await?
                .rows_affected();
            Ok(Applied::unless_none(changed))
        }
        StripeChange::InvoicePaid {
            invoice_id,
            subscription,
            payment_intent,
            amount_paid,
            first,
        } => {
            invoice_paid(
                db,
                vault,
                invoice_id,
                subscription,
                payment_intent.as_deref(),
                *amount_paid,
                *first,
                receipt,
            )
            .await
        }
        StripeChange::InvoiceFailed {
            invoice_id,
            subscription,
        } => {
            let Some(gift) = gift_of(db, subscription).await? else {
                return Ok(Applied::NotYet);
            };
            if gift.ended_at.is_none()
                && let Some(donor) = donor_of(vault, &gift)
            {
                let locale = Locale::from_code(&gift.locale).unwrap_or_default();
                let mut params =
                    receipt_params(db, vault, &gift, gift.amount_minor, receipt).await?;
                params.insert("invoice".into(), invoice_id.clone().into());
                let txn = db.begin().await?;
                outbox::queue(
                    &txn,
                    vault,
                    Template::DonationFailed,
                    locale,
                    &donor.email,
                    params,
                )
                .await?;
                txn.commit().await?;
                tracing::info!(donation = gift.id, "a monthly payment failed");
            }
            Ok(Applied::Done)
        }
        StripeChange::GiftEnded { subscription } => {
            let Some(gift) = gift_of(db, subscription).await? else {
                return Ok(Applied::NotYet);
            };
            end_gift(db, gift.id).await?;
            Ok(Applied::Done)
        }
        StripeChange::Disputed {
            payment_intent,
            amount,
            state,
        } => {
            // Forward only: none → open → won/lost; a decided dispute is never reopened.
            let changed = db
                .execute_raw(sql::stmt(
                    db.get_database_backend(),
                    "UPDATE donations SET dispute_state = $1, \
                     disputed_minor = CASE WHEN $1 = $2 THEN 0 ELSE $3 END \
                     WHERE payment_intent_id = $4 AND state IN ($5, $6) \
                     AND (dispute_state IS NULL OR (dispute_state = $7 AND $1 <> $7))",
                    [
                        state.as_str().into(),
                        DisputeState::Won.as_str().into(),
                        (*amount).into(),
                        payment_intent.as_str().into(),
                        DonationState::Paid.as_str().into(),
                        DonationState::Refunded.as_str().into(),
                        DisputeState::Open.as_str().into(),
                    ],
                ))
                .await?
                .rows_affected();
            if changed > 0 {
                return Ok(Applied::Done);
            }
            let known = donation::Entity::find()
                .filter(donation::Column::PaymentIntentId.eq(payment_intent.as_str()))
                .filter(
                    donation::Column::State
                        .is_in(DonationState::RECEIVED.map(DonationState::as_str)),
                )
                .one(db)
                .await?;
            Ok(if known.is_some() {
                Applied::Done
            } else {
                Applied::NotYet
            })
        }
    }
}

/// A monthly gift: the donation its checkout made, once paid (later months are rows of their
/// own, with no checkout session).
pub async fn gift_of<C: ConnectionTrait>(
    db: &C,
    subscription: &str,
) -> Result<Option<donation::Model>, DbErr> {
    donation::Entity::find()
        .filter(donation::Column::SubscriptionId.eq(subscription))
        .filter(donation::Column::CheckoutSessionId.is_not_null())
        .filter(donation::Column::State.is_in(DonationState::RECEIVED.map(DonationState::as_str)))
        .one(db)
        .await
}

/// Marks a monthly gift stopped (once: the first stop's time stays).
pub async fn end_gift<C: ConnectionTrait>(db: &C, gift_id: i64) -> Result<(), DbErr> {
    let changed = db
        .execute_raw(sql::stmt(
            db.get_database_backend(),
            "UPDATE donations SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL",
            [now_ms().into(), gift_id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 1 {
        tracing::info!(donation = gift_id, "monthly gift stopped");
    }
    Ok(())
}

/// The donor's sealed identity, unless erased.
pub fn donor_of(vault: &Vault, d: &donation::Model) -> Option<Donor> {
    d.donor_sealed
        .as_deref()
        .and_then(|s| vault.open(DONOR_PURPOSE, s).ok())
        .and_then(|json| serde_json::from_slice(&json).ok())
}

/// What a receipt (or a failed payment's notice) says about the gift `gift` and one payment
/// of `amount_minor`.
async fn receipt_params<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    gift: &donation::Model,
    amount_minor: i64,
    receipt: &ReceiptContext<'_>,
) -> Result<serde_json::Map<String, serde_json::Value>, DbErr> {
    let locale = Locale::from_code(&gift.locale).unwrap_or_default();
    let fund_title = super::funds::text(db, gift.fund_id, locale)
        .await?
        .map(|t| t.title)
        .unwrap_or_default();
    let mut params = serde_json::Map::new();
    params.insert("fund".into(), fund_title.into());
    params.insert(
        "amount".into(),
        crate::i18n::format_money(locale, &gift.currency, amount_minor).into(),
    );
    params.insert(
        "date".into(),
        crate::i18n::format_date(locale, chrono::Utc::now().date_naive()).into(),
    );
    params.insert(
        "statement".into(),
        receipt.statement_descriptor.to_owned().into(),
    );
    params.insert(
        "monthly".into(),
        (gift.kind == DonationKind::Monthly.as_str()).into(),
    );
    params.insert(
        "manage_path".into(),
        super::manage::manage_path(vault, gift.id).into(),
    );
    Ok(params)
}

/// A monthly gift's invoice, paid: the first month completes the checkout's donation, a later
/// month is a new donation (once per invoice) with its own receipt.
#[allow(clippy::too_many_arguments)]
async fn invoice_paid(
    db: &DatabaseConnection,
    vault: &Vault,
    invoice_id: &str,
    subscription: &str,
    payment_intent: Option<&str>,
    amount_paid: i64,
    first: bool,
    receipt: &ReceiptContext<'_>,
) -> Result<Applied, DbErr> {
    let Some(gift) = gift_of(db, subscription).await? else {
        // The checkout's own event has not arrived yet.
        return Ok(Applied::NotYet);
    };
    let backend = db.get_database_backend();
    if first {
        db.execute_raw(sql::stmt(
            backend,
            "UPDATE donations SET invoice_id = $1, \
             payment_intent_id = COALESCE(payment_intent_id, $2) \
             WHERE id = $3 AND invoice_id IS NULL",
            [
                invoice_id.into(),
                payment_intent.map(str::to_owned).into(),
                gift.id.into(),
            ],
        ))
        .await?;
        return Ok(Applied::Done);
    }
    let now = now_ms();
    let txn = db.begin().await?;
    let inserted = txn
        .execute_raw(sql::stmt(
            backend,
            "INSERT INTO donations (fund_id, kind, state, amount_minor, currency, display, \
             email_hash, locale, campaign_id, ref_code, idempotency_key, subscription_id, \
             invoice_id, payment_intent_id, customer_id, created_at, paid_at, refunded_minor, \
             disputed_minor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, \
             0, 0) ON CONFLICT (invoice_id) DO NOTHING",
            [
                gift.fund_id.into(),
                DonationKind::Monthly.as_str().into(),
                DonationState::Paid.as_str().into(),
                amount_paid.into(),
                gift.currency.clone().into(),
                gift.display.clone().into(),
                gift.email_hash.clone().into(),
                gift.locale.clone().into(),
                gift.campaign_id.into(),
                gift.ref_code.clone().into(),
                format!("invoice-{invoice_id}").into(),
                subscription.into(),
                invoice_id.into(),
                payment_intent.map(str::to_owned).into(),
                gift.customer_id.clone().into(),
                now.into(),
            ],
        ))
        .await?
        .rows_affected()
        == 1;
    if inserted && let Some(donor) = donor_of(vault, &gift) {
        let locale = Locale::from_code(&gift.locale).unwrap_or_default();
        let params = receipt_params(&txn, vault, &gift, amount_paid, receipt).await?;
        outbox::queue(
            &txn,
            vault,
            Template::DonationReceipt,
            locale,
            &donor.email,
            params,
        )
        .await?;
    }
    txn.commit().await?;
    if inserted {
        tracing::info!(donation = gift.id, "a monthly payment arrived");
    }
    Ok(Applied::Done)
}

/// A paid session: the donation is paid (once), the public sees what the donor chose, and the
/// donor gets a receipt.
#[allow(clippy::too_many_arguments)]
async fn paid(
    db: &DatabaseConnection,
    vault: &Vault,
    session_id: &str,
    payment_intent: Option<&str>,
    subscription: Option<&str>,
    customer: Option<&str>,
    amount_total: Option<i64>,
    receipt: &ReceiptContext<'_>,
) -> Result<Applied, DbErr> {
    let Some(d) = donation::Entity::find()
        .filter(donation::Column::CheckoutSessionId.eq(session_id))
        .one(db)
        .await?
    else {
        // The session was created, but the request that asked for it has not recorded it yet.
        return Ok(Applied::NotYet);
    };
    if amount_total.is_some_and(|a| a != d.amount_minor) {
        tracing::warn!(
            donation = d.id,
            "Stripe's amount differs from the donation's"
        );
    }
    let donor = donor_of(vault, &d);
    let display = DonorDisplay::parse(&d.display).unwrap_or(DonorDisplay::Hidden);
    let public_name = donor.as_ref().and_then(|p| display.public_name(&p.name));
    let public_message = donor
        .as_ref()
        .filter(|_| public_name.is_some())
        .map(|p| p.message.clone())
        .filter(|m| !m.is_empty());
    let now = now_ms();
    let txn = db.begin().await?;
    let changed = txn
        .execute_raw(sql::stmt(
            txn.get_database_backend(),
            "UPDATE donations SET state = $1, paid_at = $2, payment_intent_id = $3, \
             subscription_id = $4, customer_id = $5, public_name = $6, public_message = $7 \
             WHERE id = $8 AND state IN ($9, $10)",
            [
                DonationState::Paid.as_str().into(),
                now.into(),
                payment_intent.map(str::to_owned).into(),
                subscription.map(str::to_owned).into(),
                customer.map(str::to_owned).into(),
                public_name.into(),
                public_message.into(),
                d.id.into(),
                DonationState::Pending.as_str().into(),
                DonationState::Failed.as_str().into(),
            ],
        ))
        .await?
        .rows_affected();
    if changed == 1
        && let Some(donor) = &donor
    {
        let locale = Locale::from_code(&d.locale).unwrap_or_default();
        let params = receipt_params(&txn, vault, &d, d.amount_minor, receipt).await?;
        outbox::queue(
            &txn,
            vault,
            Template::DonationReceipt,
            locale,
            &donor.email,
            params,
        )
        .await?;
    }
    txn.commit().await?;
    if changed == 1 {
        tracing::info!(donation = d.id, "donation paid");
    }
    Ok(Applied::Done)
}
