//! The job worker: claims due jobs from the outbox table, runs them a few at a time, and runs
//! the scheduled tasks (each once across all processes). `petrel serve` runs one inside the web
//! process; `petrel worker` runs only this. Tests drive it with [`Worker::run_due`].
mod counts;
mod deadlines;
mod deliver_letter;
mod issue_login_link;
mod join_list;
mod letter_digests;
mod letter_follow_ups;
mod purge_emails;
mod retention;
pub mod schedule;
mod send_email;
mod send_mailing;
mod send_welcome;
mod stripe_event;

pub use purge_emails::PurgeEmails;
pub use retention::ApplyRetention;
pub use schedule::Schedule;

use crate::mailer::Mailer;
use crate::mailer::templates::{Renderer, SiteContext};
use app::accounts::ssr::IssueLoginLink;
use app::campaigns::ssr::deadlines::CloseExpiredCampaigns;
use app::donations::ssr::events::ProcessStripeEvent;
use app::letters::ssr::{DeliverLetter, LetterFollowUps, SendLetterDigests};
use app::lists::ssr::{
    FreezeAudience, SendMailing, SendMailingTest, SendWelcome, StartScheduledMailings,
};
use app::petitions::ssr::counts::{AggregateCounts, RecountAll};
use app::ssr::jobs::{self, Claimed, Failed, Job, JoinListFromSignature, SendEmail};
use app::ssr::vault::Vault;
use sea_orm::{DatabaseConnection, DbErr};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Everything a job may need.
pub struct JobContext {
    pub db: DatabaseConnection,
    pub vault: Vault,
    pub mailer: Mailer,
    pub renderer: Renderer,
    pub site: SiteContext,
    pub email_retention_days: u32,
    pub counts: app::petitions::ssr::counts::CountCache,
    pub retention: crate::config::RetentionSettings,
    pub letters: app::letters::settings::LetterSettings,
    /// What donors' bank statements show, for receipts.
    pub statement_descriptor: String,
    /// Stripe, when configured: Stripe's fees are read from it.
    pub stripe: Option<Arc<dyn app::donations::ssr::checkout::Checkout>>,
    /// Mailing lists: the unsubscribe address, sending rates.
    pub lists: app::lists::settings::ListSettings,
}

/// Why a job failed. A permanent failure (bad payload, undecryptable row) goes straight to
/// `dead`; a transient one (SMTP down, database busy) is retried with backoff.
#[derive(Debug)]
pub struct JobError {
    pub permanent: bool,
    pub message: String,
}

impl JobError {
    pub fn permanent(message: impl std::fmt::Display) -> Self {
        JobError {
            permanent: true,
            message: message.to_string(),
        }
    }
    pub fn transient(message: impl std::fmt::Display) -> Self {
        JobError {
            permanent: false,
            message: message.to_string(),
        }
    }
}

/// A mail server's permanent refusal (5xx: no such mailbox, refused as spam) will not change
/// on retrying; anything else (connection, 4xx) may.
impl From<crate::mailer::MailError> for JobError {
    fn from(e: crate::mailer::MailError) -> Self {
        if e.is_permanent() {
            JobError::permanent(e)
        } else {
            JobError::transient(e)
        }
    }
}

impl From<DbErr> for JobError {
    fn from(e: DbErr) -> Self {
        JobError::transient(format!("database: {e}"))
    }
}

#[derive(Debug, Clone)]
pub struct WorkerOptions {
    pub concurrency: u32,
    /// How often confirmed signatures are folded into the counts.
    pub count_interval: Duration,
    pub poll_interval: Duration,
    pub lease: Duration,
}

/// What one pass over the due jobs did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub succeeded: usize,
    pub retried: usize,
    pub dead: usize,
}

#[derive(Clone)]
pub struct Worker {
    ctx: Arc<JobContext>,
    options: WorkerOptions,
    id: String,
    schedules: Arc<Vec<Schedule>>,
    handlers: Arc<HashMap<&'static str, Handler>>,
}

impl Worker {
    pub fn new(ctx: JobContext, options: WorkerOptions) -> Worker {
        let schedules = vec![
            Schedule::new::<PurgeEmails>(
                "purge_emails",
                Duration::from_secs(3600),
                &PurgeEmails {},
            ),
            Schedule::new::<ApplyRetention>(
                "apply_retention",
                Duration::from_secs(3600),
                &ApplyRetention {},
            ),
            Schedule::new::<AggregateCounts>(
                "aggregate_counts",
                options.count_interval,
                &AggregateCounts {},
            ),
            Schedule::new::<LetterFollowUps>(
                "letter_follow_ups",
                Duration::from_secs(3600),
                &LetterFollowUps {},
            ),
            // Digests go out in the morning (UTC), before offices open in Europe.
            Schedule::daily_at::<SendLetterDigests>(
                "send_letter_digests",
                6,
                &SendLetterDigests {},
            ),
            Schedule::new::<CloseExpiredCampaigns>(
                "close_expired_campaigns",
                Duration::from_secs(300),
                &CloseExpiredCampaigns {},
            ),
            Schedule::new::<StartScheduledMailings>(
                "start_scheduled_mailings",
                Duration::from_secs(60),
                &StartScheduledMailings {},
            ),
            // Nightly, when campaigns are quietest.
            Schedule::daily_at::<RecountAll>("recount_all", 3, &RecountAll {}),
        ];
        Worker {
            ctx: Arc::new(ctx),
            options,
            id: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
            schedules: Arc::new(schedules),
            handlers: Arc::new(handlers()),
        }
    }

    pub fn context(&self) -> &JobContext {
        &self.ctx
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs until `shutdown` turns true; jobs in flight are finished first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(worker = %self.id, "worker started");
        let mut running: JoinSet<()> = JoinSet::new();
        // Schedules are looked at once a second, not on every pass: under load the loop turns
        // many times a second and each look costs four statements per schedule.
        let mut last_tick: Option<std::time::Instant> = None;
        loop {
            if *shutdown.borrow() {
                break;
            }
            if last_tick.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                last_tick = Some(std::time::Instant::now());
                if let Err(e) = self.tick_schedules().await {
                    tracing::warn!(error = %e, "scheduler tick failed");
                }
            }
            while running.try_join_next().is_some() {}
            let free = self.options.concurrency as usize
                - running.len().min(self.options.concurrency as usize);
            let mut claimed = 0;
            if free > 0 {
                match jobs::claim(&self.ctx.db, &self.id, self.lease_ms(), free as u32).await {
                    Ok(batch) => {
                        claimed = batch.len();
                        for job in batch {
                            let worker = self.clone();
                            running.spawn(async move {
                                worker.execute(job).await;
                            });
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "claiming jobs failed"),
                }
            }
            // Poll again at once while there is work; otherwise wait, waking early for a
            // finished job or shutdown.
            if claimed == 0 || claimed < free {
                tokio::select! {
                    _ = tokio::time::sleep(self.options.poll_interval) => {}
                    _ = shutdown.changed() => {}
                    Some(_) = running.join_next(), if !running.is_empty() => {}
                }
            }
        }
        while running.join_next().await.is_some() {}
        tracing::info!(worker = %self.id, "worker stopped");
    }

    /// Runs every job that is due now, one at a time, until none is left; for tests and the
    /// command line.
    pub async fn run_due(&self) -> Result<Report, DbErr> {
        let mut report = Report::default();
        loop {
            let batch = jobs::claim(&self.ctx.db, &self.id, self.lease_ms(), 1).await?;
            let Some(job) = batch.into_iter().next() else {
                return Ok(report);
            };
            match self.execute(job).await {
                Outcome::Succeeded => report.succeeded += 1,
                Outcome::Retry => report.retried += 1,
                Outcome::Dead => report.dead += 1,
            }
        }
    }

    /// Enqueues each scheduled task whose time has come, once across all processes.
    pub async fn tick_schedules(&self) -> Result<usize, DbErr> {
        let mut enqueued = 0;
        for s in self.schedules.iter() {
            if s.tick(&self.ctx.db).await? {
                enqueued += 1;
            }
        }
        Ok(enqueued)
    }

    fn lease_ms(&self) -> i64 {
        self.options.lease.as_millis() as i64
    }

    async fn execute(&self, job: Claimed) -> Outcome {
        let started = std::time::Instant::now();
        let kind = job.kind.clone();
        let result = if job.attempts > job.max_attempts {
            // A lease that expired after the last attempt: the worker running it died.
            Err(JobError::permanent(
                "worker lost the job after its last attempt",
            ))
        } else {
            match self.handlers.get(job.kind.as_str()) {
                // A panicking job must not take the worker down: run it as its own task.
                Some(run) => match tokio::spawn(run(self.ctx.clone(), job.clone())).await {
                    Ok(result) => result,
                    Err(e) => Err(JobError::transient(format!("job panicked: {e}"))),
                },
                None => Err(JobError::permanent(format!(
                    "unknown job kind {}",
                    job.kind
                ))),
            }
        };
        let elapsed = started.elapsed().as_secs_f64();
        metrics::histogram!("petrel_job_duration_seconds", "kind" => kind.clone()).record(elapsed);
        let outcome = match result {
            Ok(()) => match jobs::complete(&self.ctx.db, job.id).await {
                Ok(()) => Outcome::Succeeded,
                Err(e) => {
                    tracing::error!(job = job.id, error = %e, "could not mark job done");
                    Outcome::Retry
                }
            },
            Err(err) => {
                let mut for_fail = job.clone();
                if err.permanent {
                    for_fail.attempts = for_fail.max_attempts.max(for_fail.attempts);
                }
                match jobs::fail(&self.ctx.db, &for_fail, &err.message).await {
                    Ok(Failed::Dead) => {
                        tracing::error!(job = job.id, kind = %kind, error = %err.message, "job is dead");
                        Outcome::Dead
                    }
                    Ok(Failed::RetryAt(at)) => {
                        tracing::warn!(job = job.id, kind = %kind, attempt = job.attempts, retry_at = at, error = %err.message, "job failed, will retry");
                        Outcome::Retry
                    }
                    Err(e) => {
                        tracing::error!(job = job.id, error = %e, "could not record job failure");
                        Outcome::Retry
                    }
                }
            }
        };
        let label = match outcome {
            Outcome::Succeeded => "succeeded",
            Outcome::Retry => "retry",
            Outcome::Dead => "dead",
        };
        metrics::counter!("petrel_jobs_total", "kind" => kind, "outcome" => label).increment(1);
        outcome
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Succeeded,
    Retry,
    Dead,
}

fn payload<J: Job>(job: &Claimed) -> Result<J, JobError> {
    serde_json::from_str(&job.payload)
        .map_err(|e| JobError::permanent(format!("bad {} payload: {e}", J::KIND)))
}

/// A job the worker knows how to run: each lives in a file of its own in this folder.
pub trait Run: Job {
    fn run(
        self,
        ctx: &JobContext,
    ) -> impl std::future::Future<Output = Result<(), JobError>> + Send;
}

type Running = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), JobError>> + Send>>;

/// Runs one claimed job of a kind.
type Handler = fn(Arc<JobContext>, Claimed) -> Running;

/// Decodes job `J`'s payload and runs it.
fn run_claimed<J: Run>(ctx: Arc<JobContext>, job: Claimed) -> Running {
    Box::pin(async move { payload::<J>(&job)?.run(&ctx).await })
}

/// Every job kind the worker runs, by its stored name.
fn handlers() -> HashMap<&'static str, Handler> {
    HashMap::from([
        (SendEmail::KIND, run_claimed::<SendEmail> as Handler),
        (IssueLoginLink::KIND, run_claimed::<IssueLoginLink>),
        (ProcessStripeEvent::KIND, run_claimed::<ProcessStripeEvent>),
        (DeliverLetter::KIND, run_claimed::<DeliverLetter>),
        (SendLetterDigests::KIND, run_claimed::<SendLetterDigests>),
        (LetterFollowUps::KIND, run_claimed::<LetterFollowUps>),
        (PurgeEmails::KIND, run_claimed::<PurgeEmails>),
        (ApplyRetention::KIND, run_claimed::<ApplyRetention>),
        (AggregateCounts::KIND, run_claimed::<AggregateCounts>),
        (RecountAll::KIND, run_claimed::<RecountAll>),
        (SendWelcome::KIND, run_claimed::<SendWelcome>),
        (FreezeAudience::KIND, run_claimed::<FreezeAudience>),
        (SendMailing::KIND, run_claimed::<SendMailing>),
        (SendMailingTest::KIND, run_claimed::<SendMailingTest>),
        (
            StartScheduledMailings::KIND,
            run_claimed::<StartScheduledMailings>,
        ),
        (
            JoinListFromSignature::KIND,
            run_claimed::<JoinListFromSignature>,
        ),
        (
            CloseExpiredCampaigns::KIND,
            run_claimed::<CloseExpiredCampaigns>,
        ),
    ])
}
