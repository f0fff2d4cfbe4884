//! The daily letter digests: each representative of a digest campaign gets one email listing
//! the day's letters; each letter names its writer and their address to reply to.
use super::{JobContext, JobError, Run};
use crate::mailer::Outgoing;
use app::letters::ssr::{self as letters, SendLetterDigests};

impl Run for SendLetterDigests {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        digests(ctx).await
    }
}

/// Sends each representative one email listing the day's letters of a digest campaign; each
/// letter names its writer and their address to reply to.
async fn digests(ctx: &JobContext) -> Result<(), JobError> {
    let due = letters::digests(&ctx.db, &ctx.vault)
        .await
        .map_err(|e| JobError::permanent(format!("digests: {e:?}")))?;
    for digest in due {
        let list: Vec<serde_json::Value> = digest
            .letters
            .iter()
            .map(|(sender, content)| {
                serde_json::json!({
                    "name": sender.name,
                    "email": sender.email,
                    "signature": letters::signature(sender),
                    "subject": content.subject,
                    "body": content.body,
                })
            })
            .collect();
        let mut params = serde_json::Map::new();
        params.insert("campaign".into(), digest.campaign.clone().into());
        params.insert("count".into(), list.len().into());
        params.insert("letters".into(), list.into());
        let text = ctx
            .renderer
            .render_plain("letter_digest.txt", digest.locale, &params, &ctx.site)
            .map_err(JobError::permanent)?;
        let subject = app::i18n::t_with(
            digest.locale,
            "email-digest-subject",
            &[
                ("count", app::i18n::Arg::Num(digest.letters.len() as i64)),
                ("campaign", app::i18n::Arg::Str(&digest.campaign)),
            ],
        );
        let to = lettre::message::Mailbox::new(
            Some(digest.to_name.clone()),
            digest
                .to_email
                .parse()
                .map_err(|_| JobError::permanent("the representative's address is not valid"))?,
        );
        ctx.mailer
            .send(&Outgoing {
                to,
                reply_to: None,
                subject,
                text,
                html: String::new(),
                language: digest.locale.code().to_owned(),
                headers: Vec::new(),
                message_id: None,
            })
            .await
            .map_err(JobError::from)?;
        for id in &digest.deliveries {
            letters::mark_sent(&ctx.db, *id).await?;
        }
        tracing::info!(letters = digest.deliveries.len(), "letter digest delivered");
    }
    Ok(())
}
