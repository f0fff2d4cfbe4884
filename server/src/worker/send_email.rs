//! Sends one queued email: opens the sealed recipient and parameters, renders the template in
//! the recipient's language, sends, and then forgets the content (the row keeps only that a
//! message of this kind was sent, and when).
use super::{JobContext, JobError, Run};
use crate::mailer::Outgoing;
use app::domain::{EmailState, Locale};
use app::ssr::entities::email;
use app::ssr::jobs::SendEmail;
use app::ssr::outbox::Template;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

pub async fn run(ctx: &JobContext, job: SendEmail) -> Result<(), JobError> {
    let Some(row) = email::Entity::find_by_id(job.email_id).one(&ctx.db).await? else {
        // Erased since it was queued (the person withdrew): nothing to send.
        return Ok(());
    };
    if row.state == EmailState::Sent.as_str() {
        return Ok(());
    }
    let content = app::ssr::outbox::open(&ctx.vault, &row).map_err(JobError::permanent)?;
    let template = Template::from_name(&row.template)
        .ok_or_else(|| JobError::permanent(format!("unknown template {}", row.template)))?;
    let locale = Locale::from_code(&row.locale).unwrap_or_default();
    let rendered = ctx
        .renderer
        .render(template, locale, &content.params, &ctx.site)
        .map_err(JobError::permanent)?;
    let to = content
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
            language: locale.code().to_owned(),
            headers: Vec::new(),
            message_id: None,
        })
        .await
        .map_err(|e| {
            metrics::counter!("petrel_emails_failed_total").increment(1);
            JobError::from(e)
        })?;
    let mut active = row.into_active_model();
    active.state = Set(EmailState::Sent.as_str().to_owned());
    active.sent_at = Set(Some(chrono::Utc::now()));
    active.sealed = Set(None);
    active.update(&ctx.db).await?;
    tracing::info!(
        email = job.email_id,
        template = template.name(),
        "email sent"
    );
    Ok(())
}

impl Run for SendEmail {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        run(ctx, self).await
    }
}
