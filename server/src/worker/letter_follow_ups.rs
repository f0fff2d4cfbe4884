//! Hourly, for letters: deliveries with no bounce within the bounce window count as delivered,
//! and writers are asked (then reminded once) whether their representatives answered.
use super::{JobContext, JobError, Run};
use app::letters::ssr::LetterFollowUps;

impl Run for LetterFollowUps {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let now = app::ssr::time::now_ms();
        let delivered =
            app::letters::ssr::settle_deliveries(&ctx.db, now, ctx.letters.bounce_window_hours)
                .await?;
        let (asked, reminded) = app::letters::ssr::follow_up(&ctx.db, &ctx.vault, now).await?;
        tracing::info!(
            delivered,
            asked,
            reminded,
            "settled letters, asked writers about replies"
        );
        Ok(())
    }
}
