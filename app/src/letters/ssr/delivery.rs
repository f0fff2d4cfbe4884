//! Delivering a confirmed letter: what the worker sends, marking it sent, and each
//! representative's daily cap.
use super::sealed::{CONTENT_PURPOSE, Content, SENDER_PURPOSE, Sender, open};
use crate::domain::{DeliveryState, Locale};
use crate::error::AppError;
use crate::ssr::entities::{letter, letter_delivery, representative};
use crate::ssr::jobs::Job;
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};
use serde::{Deserialize, Serialize};

/// Delivers one letter to one representative.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliverLetter {
    pub delivery_id: i64,
}

impl Job for DeliverLetter {
    const KIND: &'static str = "deliver_letter";
}

/// What the worker needs to send one delivery; `None` when it is not (or no longer) due.
pub struct Outgoing {
    pub to_name: String,
    pub to_email: String,
    pub sender: Sender,
    pub content: Content,
    pub locale: Locale,
    pub campaign: String,
}

pub async fn outgoing(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    delivery_id: i64,
) -> Result<Option<Outgoing>, AppError> {
    let Some(d) = letter_delivery::Entity::find_by_id(delivery_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if d.delivery_state() != DeliveryState::Queued {
        return Ok(None);
    }
    let l = letter::Entity::find_by_id(d.letter_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = representative::Entity::find_by_id(d.representative_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(to_email) = r.email.clone() else {
        return Ok(None);
    };
    let c = crate::campaigns::ssr::by_id(db, l.campaign_id).await?;
    let locale = Locale::from_code(&l.locale).unwrap_or_default();
    Ok(Some(Outgoing {
        to_name: r.name,
        to_email,
        sender: open(vault, SENDER_PURPOSE, &l.sender_sealed)?,
        content: open(vault, CONTENT_PURPOSE, &l.content_sealed)?,
        campaign: crate::campaigns::ssr::title(db, &c, locale).await?,
        locale,
    }))
}

/// Records a delivery as sent (once); the letter is sent when all its deliveries are.
pub async fn mark_sent<C: ConnectionTrait>(db: &C, delivery_id: i64) -> Result<(), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let now = now_ms();
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE letter_deliveries SET state = 'sent', sent_at = $1 WHERE id = $2 AND state = 'queued'",
        [now.into(), delivery_id.into()],
    ))
    .await?;
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE letters SET state = 'sent', sent_at = $1 \
         WHERE id = (SELECT letter_id FROM letter_deliveries WHERE id = $2) AND state = 'queued' \
         AND NOT EXISTS (SELECT 1 FROM letter_deliveries d WHERE d.letter_id = letters.id \
                         AND d.state IN ('pending', 'queued'))",
        [now.into(), delivery_id.into()],
    ))
    .await?;
    Ok(())
}

/// Takes one of the representative's `cap` letters a day for delivery `delivery_id` (marking
/// it with the moment, `now_ms`), or says when one frees up — the moment the oldest of the last
/// 24 hours' letters is a day old. Workers delivering at once to the same representative take
/// turns on the representative's row, so the cap holds under any number of them. A delivery
/// that is retried keeps its place. `None`: it may go now.
pub async fn reserve(
    db: &sea_orm::DatabaseConnection,
    delivery_id: i64,
    cap: u32,
    now_ms: i64,
) -> Result<Option<i64>, sea_orm::DbErr> {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    if cap == 0 {
        return Ok(None);
    }
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    // The first statement writes: it locks the representative's row (PostgreSQL) or the
    // database (SQLite) until this transaction ends.
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE representatives SET id = id \
         WHERE id = (SELECT representative_id FROM letter_deliveries WHERE id = $1)",
        [delivery_id.into()],
    ))
    .await?;
    let rows = txn
        .query_all_raw(sql::stmt(
            backend,
            "SELECT sent_at FROM letter_deliveries WHERE sent_at > $1 AND id <> $2 \
             AND representative_id = (SELECT representative_id FROM letter_deliveries WHERE id = $2) \
             ORDER BY sent_at DESC LIMIT $3",
            [(now_ms - DAY_MS).into(), delivery_id.into(), i64::from(cap).into()],
        ))
        .await?;
    if rows.len() >= cap as usize {
        txn.rollback().await?;
        let oldest: i64 = rows
            .last()
            .map(|r| r.try_get("", "sent_at"))
            .transpose()?
            .unwrap_or(now_ms);
        return Ok(Some(oldest + DAY_MS));
    }
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letter_deliveries SET sent_at = $1 WHERE id = $2 AND state = 'queued'",
        [now_ms.into(), delivery_id.into()],
    ))
    .await?;
    txn.commit().await?;
    Ok(None)
}

/// Gives back the place [`reserve`] took when the email could not go (it is tried again).
pub async fn release<C: ConnectionTrait>(db: &C, delivery_id: i64) -> Result<(), sea_orm::DbErr> {
    db.execute_raw(sql::stmt(
        db.get_database_backend(),
        "UPDATE letter_deliveries SET sent_at = NULL WHERE id = $1 AND state = 'queued'",
        [delivery_id.into()],
    ))
    .await?;
    Ok(())
}
