//! Delivers one letter to one representative: a plain-text email in the letter's language, from
//! the site's address with the writer's as Reply-To (so the answer goes straight to them), the
//! writer's signature block under the text (always: name, address or town and postcode, email),
//! and a line saying where it came from, all in the language the letter is written in. A
//! delivery already sent is not sent again; one over the representative's daily cap waits.
use super::{JobContext, JobError, Run};
use crate::mailer::Outgoing;
use app::letters::ssr::{self as letters, DeliverLetter};

pub async fn run(ctx: &JobContext, job: DeliverLetter) -> Result<(), JobError> {
    // A representative gets at most so many letters a day; the rest wait their turn.
    if let Some(at) = letters::reserve(
        &ctx.db,
        job.delivery_id,
        ctx.letters.daily_cap_per_representative,
        app::ssr::time::now_ms(),
    )
    .await?
    {
        app::ssr::jobs::enqueue_at(&ctx.db, &job, at).await?;
        tracing::info!(
            delivery = job.delivery_id,
            "letter held back by the daily cap"
        );
        return Ok(());
    }
    let letter = match letters::outgoing(&ctx.db, &ctx.vault, job.delivery_id).await {
        Ok(Some(letter)) => letter,
        Ok(None) => return Ok(()),
        // A database hiccup: give the place in the cap back and try again later.
        Err(e) => {
            letters::release(&ctx.db, job.delivery_id).await?;
            return Err(JobError::transient(format!(
                "letter {}: {e:?}",
                job.delivery_id
            )));
        }
    };
    let mut params = serde_json::Map::new();
    params.insert("body".into(), letter.content.body.clone().into());
    params.insert(
        "signature".into(),
        letters::signature(&letter.sender).into(),
    );
    params.insert(
        "footer".into(),
        letters::footer(letter.locale, &letter.campaign, &letter.sender.name).into(),
    );
    let text = ctx
        .renderer
        .render_plain("letter.txt", letter.locale, &params, &ctx.site)
        .map_err(JobError::permanent)?;
    let to = lettre::message::Mailbox::new(
        Some(letter.to_name.clone()),
        letter
            .to_email
            .parse()
            .map_err(|_| JobError::permanent("the representative's address is not valid"))?,
    );
    let reply_to = lettre::message::Mailbox::new(
        Some(letter.sender.name.clone()),
        letter
            .sender
            .email
            .parse()
            .map_err(|_| JobError::permanent("the writer's address is not valid"))?,
    );
    let sent = ctx
        .mailer
        .send(&Outgoing {
            to,
            reply_to: Some(reply_to),
            subject: letter.content.subject.clone(),
            text,
            html: String::new(),
            language: letter.locale.code().to_owned(),
            // A bounce quoting this header finds the delivery (see `petrel letters bounce`).
            headers: vec![(
                letters::DELIVERY_HEADER.to_owned(),
                letters::delivery_tag(&ctx.vault, job.delivery_id),
            )],
            message_id: None,
        })
        .await;
    if let Err(e) = sent {
        metrics::counter!("petrel_emails_failed_total").increment(1);
        letters::release(&ctx.db, job.delivery_id).await?;
        return Err(e.into());
    }
    letters::mark_sent(&ctx.db, job.delivery_id).await?;
    tracing::info!(delivery = job.delivery_id, "letter delivered");
    Ok(())
}

impl Run for DeliverLetter {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        run(ctx, self).await
    }
}
