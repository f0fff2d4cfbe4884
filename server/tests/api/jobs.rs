//! The job outbox: transactional enqueue, retries with backoff, dead jobs, several workers.
use crate::helpers::{Backend, backends, free_port, spawn_app, spawn_app_with};
use app::domain::{Email, Locale};
use app::ssr::jobs;
use app::ssr::outbox::{self, Template};
use petrel::config::{MailBackend, SmtpSecurity};
use sea_orm::{ConnectionTrait, TransactionTrait};
use std::collections::HashSet;
use std::time::Duration;

async fn queue_test_email<C: ConnectionTrait>(
    db: &C,
    vault: &app::ssr::vault::Vault,
    to: &str,
) -> i64 {
    outbox::queue(
        db,
        vault,
        Template::TestMessage,
        Locale::DEFAULT,
        &Email::parse(to).expect("valid"),
        serde_json::Map::new(),
    )
    .await
    .expect("queued")
}

#[tokio::test]
async fn a_job_enqueued_in_a_rolled_back_transaction_never_runs() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let txn = app.db.begin().await.expect("begin");
        queue_test_email(&txn, &app.app.app.vault, "rolled.back@example.org").await;
        txn.rollback().await.expect("rollback");
        let report = app.run_jobs().await;
        assert_eq!(report, Default::default(), "{backend:?}");
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM jobs").await, 0);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM emails").await, 0);
        assert!(app.worker.context().mailer.sent_in_memory().is_empty());

        // The same in a committed transaction runs once.
        let txn = app.db.begin().await.expect("begin");
        queue_test_email(&txn, &app.app.app.vault, "committed@example.org").await;
        txn.commit().await.expect("commit");
        assert_eq!(app.run_jobs().await.succeeded, 1);
        assert_eq!(app.worker.context().mailer.sent_in_memory().len(), 1);
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn a_failing_job_backs_off_then_is_parked_dead() {
    for backend in backends() {
        // Mail goes to a port where nothing listens: every attempt fails.
        let dead_port = free_port();
        let app = spawn_app_with(backend, |s| {
            s.mail.backend = MailBackend::Smtp;
            s.mail.smtp_host = "127.0.0.1".into();
            s.mail.smtp_port = dead_port;
            s.mail.smtp_security = SmtpSecurity::None;
        })
        .await;
        queue_test_email(&app.db, &app.app.app.vault, "unlucky@example.org").await;
        let max = <jobs::SendEmail as jobs::Job>::MAX_ATTEMPTS as i64;
        let mut delays = Vec::new();
        for attempt in 1..=max {
            let report = app.run_jobs().await;
            if attempt < max {
                assert_eq!(report.retried, 1, "{backend:?} attempt {attempt}");
                let delay = app
                    .query_i64("SELECT run_after - updated_at FROM jobs")
                    .await;
                delays.push(delay);
                // Not due yet: a second pass does nothing.
                assert_eq!(app.run_jobs().await, Default::default());
                app.db
                    .execute_unprepared("UPDATE jobs SET run_after = 0")
                    .await
                    .expect("make due");
            } else {
                assert_eq!(report.dead, 1, "{backend:?}");
            }
            assert_eq!(app.query_i64("SELECT attempts FROM jobs").await, attempt);
        }
        // Exponential: each delay at least the base of the one before doubled (jitter only adds).
        assert!(delays[0] >= 2_000 && delays[0] <= 2_500, "{delays:?}");
        for pair in delays.windows(2) {
            assert!(
                pair[1] >= pair[0].min(3_600_000) * 2 * 4 / 5 || pair[1] >= 3_600_000,
                "{delays:?}"
            );
        }
        let metrics = app.get("/metrics").await.text().await.expect("body");
        assert!(metrics.contains("petrel_jobs_dead 1"), "{metrics}");
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM jobs WHERE state = 'dead' AND last_error IS NOT NULL"
            )
            .await,
            1
        );
        // A dead job is not claimed again.
        assert_eq!(app.run_jobs().await, Default::default());
    }
}

/// Several workers on one database run each job exactly once.
#[tokio::test]
async fn concurrent_workers_never_run_a_job_twice() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let n = 120;
        for i in 0..n {
            queue_test_email(
                &app.db,
                &app.app.app.vault,
                &format!("person{i}@example.org"),
            )
            .await;
        }
        // Four more worker processes' worth: each its own pool, id and mailer.
        let mut handles = Vec::new();
        let mut mailers = Vec::new();
        for _ in 0..4 {
            let mut settings =
                crate::helpers::test_settings(Backend::Sqlite, app.data_dir.path()).await;
            settings.database_url = Some(app.database_url.clone());
            settings.mail.backend = MailBackend::Memory;
            settings.worker.concurrency = 3;
            let resources = petrel::startup::Resources::open(settings, false)
                .await
                .expect("open");
            let worker = resources.worker();
            mailers.push(worker.context().mailer.clone());
            let (tx, rx) = tokio::sync::watch::channel(false);
            handles.push((tx, tokio::spawn(worker.run(rx))));
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let left = app.query_i64("SELECT COUNT(*) FROM jobs").await;
            if left == 0 || std::time::Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for (tx, handle) in handles {
            let _ = tx.send(true);
            handle.await.expect("worker stops");
        }
        let mut seen = HashSet::new();
        let mut total = 0;
        let mut busy_workers = 0;
        for mailer in &mailers {
            let sent = mailer.sent_in_memory();
            if !sent.is_empty() {
                busy_workers += 1;
            }
            for m in sent {
                total += 1;
                let to = m
                    .envelope()
                    .to()
                    .first()
                    .map(|a| a.to_string())
                    .unwrap_or_default();
                assert!(
                    seen.insert(to.clone()),
                    "{backend:?}: {to} got two messages"
                );
            }
        }
        assert_eq!(total, n, "{backend:?}: every job ran");
        assert!(
            busy_workers >= 2,
            "{backend:?}: the work was shared ({busy_workers} workers)"
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM emails WHERE state = 'sent'")
                .await,
            n as i64
        );
        app.assert_no_jobs_left().await;
    }
}

/// A scheduled task is enqueued once per period, however many workers tick at once.
#[tokio::test]
async fn scheduled_tasks_run_once_across_workers() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut workers = vec![app.worker.clone()];
        for _ in 0..3 {
            let mut settings =
                crate::helpers::test_settings(Backend::Sqlite, app.data_dir.path()).await;
            settings.database_url = Some(app.database_url.clone());
            let resources = petrel::startup::Resources::open(settings, false)
                .await
                .expect("open");
            workers.push(resources.worker());
        }
        let ticks = futures_join(workers.iter().map(|w| {
            let w = w.clone();
            tokio::spawn(async move { w.tick_schedules().await.expect("tick") })
        }))
        .await;
        // Six interval schedules (email purge, retention, count aggregation, letter
        // follow-ups, closing campaigns past their deadline, starting scheduled mailings), each
        // enqueued once in all; the nightly recount waits for 03:00 UTC and the letter digests
        // for 06:00.
        assert_eq!(ticks.iter().sum::<usize>(), 6, "{backend:?}: {ticks:?}");
        assert_eq!(
            app.query_i64("SELECT next_run_at FROM schedules WHERE name = 'recount_all'")
                .await,
            petrel::worker::schedule::next_daily(app::ssr::time::now_ms(), 3),
            "{backend:?}"
        );
        assert_eq!(
            app.query_i64("SELECT next_run_at FROM schedules WHERE name = 'send_letter_digests'")
                .await,
            petrel::worker::schedule::next_daily(app::ssr::time::now_ms(), 6),
            "{backend:?}"
        );
        for kind in [
            "purge_emails",
            "apply_retention",
            "aggregate_counts",
            "letter_follow_ups",
            "close_expired_campaigns",
            "start_scheduled_mailings",
        ] {
            let sql = format!("SELECT COUNT(*) FROM jobs WHERE kind = '{kind}'");
            assert_eq!(app.query_i64(&sql).await, 1, "{backend:?}: {kind}");
        }
        // Not due again within the period.
        assert_eq!(app.worker.tick_schedules().await.expect("tick"), 0);
        assert_eq!(app.run_jobs().await.succeeded, 6);
        app.assert_no_jobs_left().await;
    }
}

async fn futures_join(handles: impl Iterator<Item = tokio::task::JoinHandle<usize>>) -> Vec<usize> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.expect("task"));
    }
    out
}
