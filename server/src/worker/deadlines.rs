//! Every few minutes: campaigns past their deadline are closed (see
//! `app::campaigns::ssr::deadlines`).
use super::{JobContext, JobError, Run};
use app::campaigns::ssr::deadlines::{CloseExpiredCampaigns, close_expired};

impl Run for CloseExpiredCampaigns {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        for slug in close_expired(&ctx.db, chrono::Utc::now()).await? {
            tracing::info!(campaign = %slug, "closed at its deadline");
        }
        Ok(())
    }
}
