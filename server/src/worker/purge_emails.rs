//! Retention for the email outbox: rows of sent messages (already emptied of their sealed
//! content when sent) are deleted after `worker.email_retention_days`.
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
    Ok(())
}

impl Run for PurgeEmails {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        run(ctx, self).await
    }
}
