//! Scheduled tasks: "enqueue job X every N seconds", once across every process that shares the
//! database. The `schedules` row holds the next due time; the process whose conditional UPDATE
//! moves it forward is the one that enqueues, in the same transaction.
use app::ssr::jobs::{self, Job};
use app::ssr::sql;
use app::ssr::time::now_ms;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use std::time::Duration;

pub struct Schedule {
    pub name: &'static str,
    pub every: Duration,
    kind: &'static str,
    payload: String,
    max_attempts: i32,
}

impl Schedule {
    pub fn new<J: Job>(name: &'static str, every: Duration, job: &J) -> Schedule {
        Schedule {
            name,
            every,
            kind: J::KIND,
            payload: serde_json::to_string(job).unwrap_or_else(|_| "{}".into()),
            max_attempts: J::MAX_ATTEMPTS,
        }
    }

    /// Enqueues the job if it is due; true if this process did.
    pub async fn tick(&self, db: &DatabaseConnection) -> Result<bool, DbErr> {
        let now = now_ms();
        let backend = db.get_database_backend();
        let txn = db.begin().await?;
        txn.execute_raw(sql::stmt(backend, "INSERT INTO schedules (name, next_run_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [self.name.into(), now.into()]))
        .await?;
        let moved = txn
            .execute_raw(sql::stmt(
                backend,
                "UPDATE schedules SET next_run_at = $1 WHERE name = $2 AND next_run_at <= $3",
                [
                    (now + self.every.as_millis() as i64).into(),
                    self.name.into(),
                    now.into(),
                ],
            ))
            .await?
            .rows_affected();
        if moved == 1 {
            jobs::enqueue_raw(&txn, self.kind, &self.payload, self.max_attempts, now).await?;
        }
        txn.commit().await?;
        Ok(moved == 1)
    }
}
