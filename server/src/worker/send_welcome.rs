//! Sends a list's welcome message to one new subscriber: a list message like any mailing (the
//! list headers, the unsubscribe and preferences links), in the subscriber's language where
//! the list has it. Nothing is sent to someone who left, was erased or is suppressed since.
use super::{JobContext, JobError, Run};
use crate::mailer::Outgoing;
use app::lists::ssr::SendWelcome;

impl Run for SendWelcome {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let Some(message) =
            app::lists::ssr::message::welcome(&ctx.db, &ctx.vault, self.subscription_id).await?
        else {
            return Ok(());
        };
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
            .await
            .map_err(|e| {
                metrics::counter!("petrel_emails_failed_total").increment(1);
                JobError::from(e)
            })?;
        tracing::info!(subscription = self.subscription_id, "welcome sent");
        Ok(())
    }
}
