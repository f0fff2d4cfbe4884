//! Scheduled tasks: "enqueue job X every N seconds" or "every day at HH:00 UTC", once across
//! every process that shares the database. The `schedules` row holds the next due time; the process whose conditional UPDATE
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
    /// Runs daily at this hour (UTC) instead of every `every` from the first start.
    at_hour: Option<u32>,
}

const DAY_MS: i64 = 24 * 3600 * 1000;

/// The first time after `now` (ms) that is `hour`:00 UTC.
pub fn next_daily(now: i64, hour: u32) -> i64 {
    let start_of_day = now - now.rem_euclid(DAY_MS);
    let at = start_of_day + i64::from(hour % 24) * 3_600_000;
    if at > now { at } else { at + DAY_MS }
}

impl Schedule {
    pub fn new<J: Job>(name: &'static str, every: Duration, job: &J) -> Schedule {
        Schedule {
            name,
            every,
            kind: J::KIND,
            payload: serde_json::to_string(job).unwrap_or_else(|_| "{}".into()),
            max_attempts: J::MAX_ATTEMPTS,
            at_hour: None,
        }
    }

    /// Every day at `hour`:00 UTC (a quiet hour for nightly work), first at the next one.
    pub fn daily_at<J: Job>(name: &'static str, hour: u32, job: &J) -> Schedule {
        Schedule {
            at_hour: Some(hour),
            ..Schedule::new(name, Duration::from_millis(DAY_MS as u64), job)
        }
    }

    fn next_after(&self, now: i64) -> i64 {
        match self.at_hour {
            Some(hour) => next_daily(now, hour),
            None => now + self.every.as_millis() as i64,
        }
    }

    /// Enqueues the job if it is due; true if this process did.
    pub async fn tick(&self, db: &DatabaseConnection) -> Result<bool, DbErr> {
        let now = now_ms();
        let backend = db.get_database_backend();
        let txn = db.begin().await?;
        // A new interval schedule is due at once; a daily one at its next hour.
        let first = if self.at_hour.is_some() {
            self.next_after(now)
        } else {
            now
        };
        txn.execute_raw(sql::stmt(backend, "INSERT INTO schedules (name, next_run_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [self.name.into(), first.into()]))
        .await?;
        let moved = txn
            .execute_raw(sql::stmt(
                backend,
                "UPDATE schedules SET next_run_at = $1 WHERE name = $2 AND next_run_at <= $3",
                [self.next_after(now).into(), self.name.into(), now.into()],
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

#[cfg(test)]
mod tests {
    use super::next_daily;

    #[test]
    fn daily_times_are_the_next_hour_mark() {
        let day = 24 * 3600 * 1000;
        let base = 20_000 * day; // some midnight UTC
        assert_eq!(next_daily(base, 3), base + 3 * 3_600_000);
        assert_eq!(
            next_daily(base + 3 * 3_600_000, 3),
            base + day + 3 * 3_600_000
        );
        assert_eq!(
            next_daily(base + 5 * 3_600_000, 3),
            base + day + 3 * 3_600_000
        );
        assert_eq!(next_daily(base + 2 * 3_600_000, 3), base + 3 * 3_600_000);
    }
}
