//! Sends a mailing in batches at the configured rate (`lists.send_per_second`, and
//! `lists.send_per_hour` across all mailings): each run claims a second's worth of recipients,
//! sends them concurrently over the SMTP pool, marks the batch, and goes on for up to 20 s before
//! handing over to a fresh job (so no job holds its lease long, and a paused or cancelled
//! mailing stops within a batch). A worker killed mid-batch leaves its claimed recipients to be
//! taken again once their claim lapses; each copy carries the same Message-ID, so the few that
//! may have gone out just before the kill are recognisable as one message.
use super::{JobContext, JobError, Run};
use crate::mailer::Outgoing;
use app::domain::RecipientState;
use app::lists::ssr::sending::{self, Claimed};
use app::lists::ssr::{FreezeAudience, SendMailing, SendMailingTest, StartScheduledMailings};
use app::ssr::jobs;
use app::ssr::time::now_ms;
use sea_orm::EntityTrait;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// How long one run sends before handing over to a new job.
const RUN_FOR: Duration = Duration::from_secs(20);

fn host_of(public_url: &str) -> &str {
    public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost")
}

impl Run for SendMailing {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let per_second = ctx.lists.send_per_second.max(1);
        let per_hour = i64::from(ctx.lists.send_per_hour);
        let concurrency = ctx.lists.send_concurrency.max(1) as usize;
        let claim_lease_ms = i64::from(ctx.lists.claim_lease_secs.max(1)) * 1000;
        let started = Instant::now();
        let host = host_of(&ctx.site.public_url).to_owned();
        loop {
            if started.elapsed() > RUN_FOR {
                jobs::enqueue(&ctx.db, &self).await?;
                return Ok(());
            }
            let mut batch = per_second.min(1_000);
            if per_hour > 0 {
                let since = now_ms() - 3_600_000;
                let sent = sending::sent_since(&ctx.db, since).await?;
                if sent >= per_hour {
                    let at = sending::oldest_since(&ctx.db, since)
                        .await?
                        .map(|t| t + 3_600_000 + 1)
                        .unwrap_or_else(|| now_ms() + 60_000);
                    jobs::enqueue_at(&ctx.db, &self, at).await?;
                    tracing::info!(mailing = self.mailing_id, "hourly limit reached: waiting");
                    return Ok(());
                }
                batch = batch.min((per_hour - sent) as u32);
            }
            let t0 = Instant::now();
            let items =
                match sending::claim(&ctx.db, &ctx.vault, self.mailing_id, batch, claim_lease_ms)
                    .await?
                {
                    Claimed::Stopped => return Ok(()),
                    Claimed::Empty => {
                        if sending::finish_if_done(&ctx.db, self.mailing_id).await? {
                            tracing::info!(mailing = self.mailing_id, "mailing sent");
                        } else {
                            // Others' batches are in flight (or a dead worker's claim has to lapse).
                            jobs::enqueue_at(&ctx.db, &self, now_ms() + claim_lease_ms).await?;
                        }
                        return Ok(());
                    }
                    Claimed::Batch(items) => items,
                };
            let n = items.len();
            // A chunk at a time over the pool, its results marked before the next: a worker
            // killed mid-send leaves at most one chunk whose sending is unknown.
            let mut last_error = None;
            let mut retry_count = 0;
            for chunk in items.chunks(concurrency) {
                let (mut sent, mut failed, mut retry) = (Vec::new(), Vec::new(), Vec::new());
                let mut running = JoinSet::new();
                for item in chunk {
                    let rendered = match ctx.renderer.render_list(&item.message, &ctx.site) {
                        Ok(r) => r,
                        Err(e) => {
                            tracing::error!(mailing = self.mailing_id, error = %e, "mailing does not render");
                            failed.push(item.recipient_id);
                            continue;
                        }
                    };
                    let Ok(to) = item.message.to.as_str().parse() else {
                        failed.push(item.recipient_id);
                        continue;
                    };
                    let outgoing = Outgoing {
                        to,
                        reply_to: None,
                        subject: rendered.subject,
                        text: rendered.text,
                        html: rendered.html,
                        language: item.message.locale.code().to_owned(),
                        headers: item.message.headers(
                            &ctx.site.public_url,
                            ctx.lists.unsubscribe_mailto.as_deref(),
                        ),
                        message_id: Some(format!("<{}@{host}>", item.message_id)),
                    };
                    let mailer = ctx.mailer.clone();
                    let id = item.recipient_id;
                    running.spawn(async move { (id, mailer.send(&outgoing).await) });
                }
                while let Some(joined) = running.join_next().await {
                    if let Ok(result) = joined {
                        sort(result, &mut sent, &mut failed, &mut retry, &mut last_error);
                    }
                }
                sending::mark(&ctx.db, &sent, RecipientState::Sent).await?;
                sending::mark(&ctx.db, &failed, RecipientState::Failed).await?;
                sending::mark(&ctx.db, &retry, RecipientState::Pending).await?;
                retry_count += retry.len();
                if last_error.is_some() {
                    break;
                }
            }
            if last_error.is_some() {
                // Give back the rest of the batch, unsent.
                let rest: Vec<i64> = items.iter().map(|i| i.recipient_id).collect();
                sending::release_claimed(&ctx.db, &rest).await?;
            }
            if let Some(e) = last_error {
                // The mail server is away: the job is tried again later, with backoff.
                return Err(JobError::transient(format!(
                    "mailing {}: {retry_count} messages to retry: {e}",
                    self.mailing_id
                )));
            }
            let floor = Duration::from_secs_f64(n as f64 / f64::from(per_second));
            if let Some(rest) = floor.checked_sub(t0.elapsed()) {
                tokio::time::sleep(rest).await;
            }
        }
    }
}

/// Files one send's result: sent, refused for good, or to try again.
fn sort(
    (id, result): (i64, Result<(), crate::mailer::MailError>),
    sent: &mut Vec<i64>,
    failed: &mut Vec<i64>,
    retry: &mut Vec<i64>,
    last_error: &mut Option<String>,
) {
    match result {
        Ok(()) => sent.push(id),
        Err(e) if e.is_permanent() => {
            metrics::counter!("petrel_emails_failed_total").increment(1);
            failed.push(id);
        }
        Err(e) => {
            retry.push(id);
            *last_error = Some(e.to_string());
        }
    }
}

impl Run for SendMailingTest {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let Some(user) = app::ssr::entities::user::Entity::find_by_id(self.user_id)
            .one(&ctx.db)
            .await?
        else {
            return Ok(());
        };
        let Ok(to) = app::domain::Email::parse(&app::accounts::ssr::email_of(&ctx.vault, &user))
        else {
            return Ok(());
        };
        for message in sending::test_messages(&ctx.db, self.mailing_id, to).await? {
            let rendered = ctx
                .renderer
                .render_list(&message, &ctx.site)
                .map_err(JobError::permanent)?;
            let to = message
                .to
                .as_str()
                .parse()
                .map_err(|_| JobError::permanent("recipient is not a valid mailbox"))?;
            ctx.mailer
                .send(&Outgoing {
                    to,
                    reply_to: None,
                    subject: rendered.subject,
                    text: rendered.text,
                    html: rendered.html,
                    language: message.locale.code().to_owned(),
                    headers: message.headers(
                        &ctx.site.public_url,
                        ctx.lists.unsubscribe_mailto.as_deref(),
                    ),
                    message_id: None,
                })
                .await?;
        }
        tracing::info!(mailing = self.mailing_id, "test of a mailing sent");
        Ok(())
    }
}

impl Run for StartScheduledMailings {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let started = app::lists::ssr::mailings::start_due(&ctx.db)
            .await
            .map_err(|e| JobError::transient(format!("{e:?}")))?;
        if started > 0 {
            tracing::info!(started, "scheduled mailings started");
        }
        Ok(())
    }
}

impl Run for FreezeAudience {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        Ok(app::lists::ssr::mailings::freeze(&ctx.db, &ctx.vault, self.mailing_id).await?)
    }
}
