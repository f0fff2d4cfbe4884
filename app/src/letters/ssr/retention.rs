//! Forgetting what letters no longer need, and deleting those never sent off or confirmed.
use crate::ssr::sql;
use sea_orm::ConnectionTrait;

/// What the retention rules removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    pub texts: u64,
    pub writers: u64,
}

/// Forgets what letters delivered long enough ago no longer need: their text (and its
/// fingerprint) `body_days` after delivery, their writer `writer_days` after (for a confirmed
/// letter that never left, counted from its confirmation). The letter row
/// stays, for the counts. `now_ms` is the clock.
pub async fn forget<C: ConnectionTrait>(
    db: &C,
    now_ms: i64,
    body_days: u32,
    writer_days: u32,
) -> Result<Forgotten, sea_orm::DbErr> {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    let backend = db.get_database_backend();
    let body_cutoff = now_ms - i64::from(body_days) * DAY_MS;
    // A confirmed letter that never left (its delivery died, say) will not leave now: it gives
    // up, and is forgotten on the same clock as a sent one, counted from its confirmation.
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE letter_deliveries SET state = 'failed', failure = 'expired' \
         WHERE state IN ('pending', 'queued') AND letter_id IN (SELECT id FROM letters \
         WHERE state = 'queued' AND sent_at IS NULL AND confirmed_at < $1)",
        [body_cutoff.into()],
    ))
    .await?;
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE letters SET state = 'failed' \
         WHERE state = 'queued' AND sent_at IS NULL AND confirmed_at < $1",
        [body_cutoff.into()],
    ))
    .await?;
    let texts = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letters SET content_sealed = NULL, fingerprint = '' \
             WHERE COALESCE(sent_at, confirmed_at) < $1 AND content_sealed IS NOT NULL",
            [body_cutoff.into()],
        ))
        .await?
        .rows_affected();
    let writers = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letters SET sender_sealed = NULL, email_hash = 'forgotten' \
             WHERE COALESCE(sent_at, confirmed_at) < $1 AND sender_sealed IS NOT NULL",
            [(now_ms - i64::from(writer_days) * DAY_MS).into()],
        ))
        .await?
        .rows_affected();
    Ok(Forgotten { texts, writers })
}

/// Deletes letters the writer never sent off or never confirmed, once past their expiry
/// (`now_ms` is the clock, so tests can move it); returns how many.
pub async fn expire<C: ConnectionTrait>(db: &C, now_ms: i64) -> Result<u64, sea_orm::DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(
        backend,
        "DELETE FROM letter_deliveries WHERE letter_id IN (SELECT id FROM letters \
         WHERE state IN ('new', 'awaiting_confirmation') AND expires_at < $1)",
        [now_ms.into()],
    ))
    .await?;
    Ok(db
        .execute_raw(sql::stmt(
            backend,
            "DELETE FROM letters WHERE state IN ('new', 'awaiting_confirmation') AND expires_at < $1",
            [now_ms.into()],
        ))
        .await?
        .rows_affected())
}
