//! Retention for the email outbox: rows of sent messages (already emptied of their sealed
//! content when sent) are deleted after `worker.email_retention_days`, and so are dead jobs and
//! the emails that were never sent (still sealed).
use super::{JobContext, JobError, Run};
use app::ssr::entities::email;
use app::ssr::jobs::Job;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PurgeEmails {}

impl Job for PurgeEmails {
    const KIND: &'static str = "purge_emails";
    const MAX_ATTEMPTS: i32 = 3;
}

pub async fn run(ctx: &JobContext, _job: PurgeEmails) -> Result<(), JobError> {
    let cutoff = chrono::Utc::now() - chrono::Duration::days(i64::from(ctx.email_retention_days));
    let deleted = email::Entity::delete_many()
        .filter(email::Column::State.eq(app::domain::EmailState::Sent.as_str()))
        .filter(email::Column::SentAt.lt(cutoff))
        .exec(&ctx.db)
        .await?
        .rows_affected;
    tracing::info!(deleted, "purged sent emails");
    // An email still unsent this long after it was queued never will be (its job has died):
    // it goes, with the address and parameters it seals.
    let unsent = email::Entity::delete_many()
        .filter(email::Column::State.eq(app::domain::EmailState::Queued.as_str()))
        .filter(email::Column::CreatedAt.lt(cutoff))
        .exec(&ctx.db)
        .await?
        .rows_affected;
    if unsent > 0 {
        tracing::info!(unsent, "purged emails that were never sent");
    }
    // Dead jobs are kept as long, for an operator to look into, then go too.
    let dead = app::ssr::jobs::purge_dead(&ctx.db, cutoff.timestamp_millis()).await?;
    if dead > 0 {
        tracing::info!(dead, "purged dead jobs");
    }
    Ok(())
}

impl Run for PurgeEmails {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        run(ctx, self).await
    }
}
