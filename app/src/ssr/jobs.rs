//! The job outbox. Anything slow or external (mail, payments, aggregation) is a row in `jobs`,
//! written in the caller's transaction: if the transaction rolls back, the job never existed.
//! Workers claim due jobs atomically (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite, whose
//! writers are serialised, one conditional `UPDATE … RETURNING`), run them, delete them on
//! success, and on failure retry with exponential backoff until `max_attempts`, then park them
//! as `dead` for an administrator. A claim is a lease: a worker that dies mid-job loses it when
//! `locked_until` passes, and another worker takes the job again.
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A kind of job. Its payload holds ids, never personal data: the job re-reads what it needs
/// and tolerates a row that has gone.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    const KIND: &'static str;
    const MAX_ATTEMPTS: i32 = 10;
}

/// Sends the queued email with this id (see [`crate::ssr::outbox`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SendEmail {
    pub email_id: i64,
}

impl Job for SendEmail {
    const KIND: &'static str = "send_email";
}

/// Puts the signer of a just-confirmed signature on its campaign's mailing list (they ticked
/// the box): the petitions feature queues it, the lists feature does it, and neither imports
/// the other.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct JoinListFromSignature {
    pub signature_id: i64,
}

impl Job for JoinListFromSignature {
    const KIND: &'static str = "join_list_from_signature";
}

pub const PENDING: &str = "pending";
pub const RUNNING: &str = "running";
pub const DEAD: &str = "dead";

/// Enqueues `job` to run now, on `db` (a connection or, usually, the caller's transaction).
pub async fn enqueue<C: ConnectionTrait, J: Job>(db: &C, job: &J) -> Result<i64, DbErr> {
    enqueue_at(db, job, now_ms()).await
}

/// Enqueues `job` to run at `run_after` (milliseconds since the epoch).
pub async fn enqueue_at<C: ConnectionTrait, J: Job>(
    db: &C,
    job: &J,
    run_after: i64,
) -> Result<i64, DbErr> {
    let payload = serde_json::to_string(job).map_err(|e| DbErr::Custom(e.to_string()))?;
    enqueue_raw(db, J::KIND, &payload, J::MAX_ATTEMPTS, run_after).await
}

/// Enqueues an already-serialised job; for the scheduler, which stores payloads as text.
pub async fn enqueue_raw<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    payload: &str,
    max_attempts: i32,
    run_after: i64,
) -> Result<i64, DbErr> {
    let now = now_ms();
    let backend = db.get_database_backend();
    let sql = "INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_after, \
               created_at, updated_at) VALUES ($1, $2, 'pending', 0, $3, $4, $5, $5) RETURNING id";
    let row = db
        .query_one_raw(sql::stmt(
            backend,
            sql,
            [
                kind.into(),
                payload.into(),
                max_attempts.into(),
                run_after.into(),
                now.into(),
            ],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("INSERT … RETURNING gave no row".into()))?;
    row.try_get("", "id")
}

/// A job a worker holds the lease on.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i32,
    pub max_attempts: i32,
}

/// Claims up to `limit` due jobs for `worker` for `lease_ms`.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    worker: &str,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<Claimed>, DbErr> {
    let now = now_ms();
    let backend = db.get_database_backend();
    let due =
        "((state = 'pending' AND run_after <= $3) OR (state = 'running' AND locked_until < $3))";
    let set = "state = 'running', attempts = attempts + 1, locked_until = $1, locked_by = $2, \
               updated_at = $3";
    let returning = match backend {
        DbBackend::Postgres => {
            "RETURNING jobs.id, jobs.kind, jobs.payload, jobs.attempts, jobs.max_attempts"
        }
        _ => "RETURNING id, kind, payload, attempts, max_attempts",
    };
    let sql = match backend {
        // A locking CTE is evaluated once; `WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP
        // LOCKED)` may be re-run by the planner and claim more than `n` rows.
        DbBackend::Postgres => format!(
            "WITH next AS (SELECT id FROM jobs WHERE {due} ORDER BY run_after, id LIMIT $4 \
             FOR UPDATE SKIP LOCKED) \
             UPDATE jobs SET {set} FROM next WHERE jobs.id = next.id {returning}"
        ),
        // SQLite runs one writer at a time, so the statement is atomic as it stands.
        _ => format!(
            "UPDATE jobs SET {set} WHERE id IN (SELECT id FROM jobs WHERE {due} \
             ORDER BY run_after, id LIMIT $4) AND {due} {returning}"
        ),
    };
    let rows = db
        .query_all_raw(sql::stmt(
            backend,
            &sql,
            [
                (now + lease_ms).into(),
                worker.into(),
                now.into(),
                i64::from(limit).into(),
            ],
        ))
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Claimed {
                id: row.try_get("", "id")?,
                kind: row.try_get("", "kind")?,
                payload: row.try_get("", "payload")?,
                attempts: row.try_get("", "attempts")?,
                max_attempts: row.try_get("", "max_attempts")?,
            })
        })
        .collect()
}

/// The job succeeded: it is removed.
pub async fn complete<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), DbErr> {
    exec(db, "DELETE FROM jobs WHERE id = $1", [id.into()]).await
}

/// What became of a failed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    RetryAt(i64),
    Dead,
}

/// The job failed with `error`: retried after a backoff, or parked as dead after its last attempt.
pub async fn fail<C: ConnectionTrait>(db: &C, job: &Claimed, error: &str) -> Result<Failed, DbErr> {
    let now = now_ms();
    // Kept in the database: no recipient's address in it (SMTP answers often quote one).
    let error: String = crate::ssr::redact::redact(error)
        .chars()
        .take(2000)
        .collect();
    if job.attempts >= job.max_attempts {
        exec(
            db,
            "UPDATE jobs SET state = 'dead', locked_until = NULL, locked_by = NULL, \
             last_error = $1, updated_at = $2 WHERE id = $3",
            [error.into(), now.into(), job.id.into()],
        )
        .await?;
        Ok(Failed::Dead)
    } else {
        let run_after = now + backoff_ms(job.attempts);
        exec(
            db,
            "UPDATE jobs SET state = 'pending', locked_until = NULL, locked_by = NULL, \
             last_error = $1, run_after = $2, updated_at = $3 WHERE id = $4",
            [error.into(), run_after.into(), now.into(), job.id.into()],
        )
        .await?;
        Ok(Failed::RetryAt(run_after))
    }
}

/// Deletes dead jobs last changed before `before` (ms); returns how many.
pub async fn purge_dead<C: ConnectionTrait>(db: &C, before: i64) -> Result<u64, DbErr> {
    Ok(db
        .execute_raw(sql::stmt(
            db.get_database_backend(),
            "DELETE FROM jobs WHERE state = 'dead' AND updated_at < $1",
            [before.into()],
        ))
        .await?
        .rows_affected())
}

/// Delay before the next try after `attempts` failures: 2 s, 4 s, 8 s … capped at one hour,
/// with up to a quarter more at random so that failed jobs do not all come back at once.
pub fn backoff_ms(attempts: i32) -> i64 {
    use rand::Rng;
    let exp = attempts.clamp(1, 30) as u32 - 1;
    let base = 2_000i64.saturating_mul(1i64 << exp.min(20)).min(3_600_000);
    base + rand::rng().random_range(0..=base / 4)
}

/// Jobs per state, for metrics and health pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    pub pending: i64,
    pub running: i64,
    pub dead: i64,
}

pub async fn depth<C: ConnectionTrait>(db: &C) -> Result<Depth, DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state",
        ))
        .await?;
    let mut depth = Depth::default();
    for row in rows {
        let state: String = row.try_get("", "state")?;
        let n: i64 = row.try_get("", "n")?;
        match state.as_str() {
            PENDING => depth.pending = n,
            RUNNING => depth.running = n,
            DEAD => depth.dead = n,
            _ => {}
        }
    }
    Ok(depth)
}

async fn exec<C: ConnectionTrait, const N: usize>(
    db: &C,
    sql: &str,
    values: [Value; N],
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(backend, sql, values)).await?;
    Ok(())
}
