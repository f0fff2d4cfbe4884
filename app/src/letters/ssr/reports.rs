//! What comes back to the bounce address: delivery reports, automatic replies and bounces, and
//! what they settle.
use super::sealed::{SENDER_PURPOSE, Sender, open};
use super::tokens::{DELIVERY_CHECK, DELIVERY_PURPOSE, id_of_token, id_token};
use crate::domain::{Email, Locale};
use crate::error::AppError;
use crate::ssr::entities::{letter, letter_delivery, representative};
use crate::ssr::outbox::{self, Template};
use crate::ssr::sql;
use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};

/// The header that marks a letter's email, so that a bounce naming it finds the delivery.
pub const DELIVERY_HEADER: &str = "X-Petrel-Letter";

/// The value of [`DELIVERY_HEADER`] for a delivery: its id and a keyed check of it, so a bounce
/// cannot be forged for another delivery.
pub fn delivery_tag(vault: &crate::ssr::vault::Vault, delivery_id: i64) -> String {
    id_token(vault, DELIVERY_PURPOSE, delivery_id, DELIVERY_CHECK)
}

/// The delivery a [`DELIVERY_HEADER`] value names, if its check holds.
pub fn delivery_of_tag(vault: &crate::ssr::vault::Vault, tag: &str) -> Option<i64> {
    id_of_token(vault, DELIVERY_PURPOSE, tag, DELIVERY_CHECK)
}

/// What a message to the bounce address says about a letter's delivery (see
/// [`crate::ssr::returns`], the one reader for every kind of message).
pub use crate::ssr::returns::Verdict as Report;

/// The delivery a message to the bounce address is about — the first [`DELIVERY_HEADER`] in it
/// whose check holds — and what it says (see [`crate::ssr::returns::read`]).
pub fn read_report(vault: &crate::ssr::vault::Vault, message: &[u8]) -> Option<(i64, Report)> {
    crate::ssr::returns::read(message, &[DELIVERY_HEADER], |_, tag| {
        delivery_of_tag(vault, tag)
    })
    .map(|(_, id, verdict)| (id, verdict))
}

/// Records a delivery report about delivery `delivery_id` (see [`read_report`]); returns whether
/// anything changed.
pub async fn record_report(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    delivery_id: i64,
    report: Report,
) -> Result<bool, AppError> {
    match report {
        Report::Failed => bounce(db, vault, delivery_id).await,
        Report::Delivered => {
            let backend = db.get_database_backend();
            let txn = db.begin().await?;
            let changed = txn
                .execute_raw(sql::stmt(
                    backend,
                    "UPDATE letter_deliveries SET state = 'delivered' WHERE id = $1 AND state = 'sent'",
                    [delivery_id.into()],
                ))
                .await?
                .rows_affected();
            settle_letters(
                &txn,
                "id = (SELECT letter_id FROM letter_deliveries WHERE id = $1)",
                delivery_id,
            )
            .await?;
            txn.commit().await?;
            Ok(changed > 0)
        }
        // No verdict yet; or a representative's office marking a letter as unwanted, which
        // changes nothing about its delivery.
        Report::Pending | Report::Complaint => Ok(false),
    }
}

/// Letters matching `which` (an SQL condition on `letters` with one parameter, `arg`) whose
/// deliveries by email have all arrived or failed, with at least one arrived: delivered.
async fn settle_letters<C: ConnectionTrait>(
    db: &C,
    which: &str,
    arg: i64,
) -> Result<u64, sea_orm::DbErr> {
    Ok(db
        .execute_raw(sql::stmt(
            db.get_database_backend(),
            &format!(
                "UPDATE letters SET state = 'delivered' WHERE {which} AND state = 'sent' \
                 AND NOT EXISTS (SELECT 1 FROM letter_deliveries d WHERE d.letter_id = letters.id \
                                 AND d.state IN ('pending', 'queued', 'sent')) \
                 AND EXISTS (SELECT 1 FROM letter_deliveries d WHERE d.letter_id = letters.id \
                             AND d.state = 'delivered')"
            ),
            [arg.into()],
        ))
        .await?
        .rows_affected())
}

/// Deliveries sent more than `window_hours` before `now_ms` that did not bounce: delivered
/// (the worker runs it every hour). Returns how many.
pub async fn settle_deliveries<C: ConnectionTrait>(
    db: &C,
    now_ms: i64,
    window_hours: u32,
) -> Result<u64, sea_orm::DbErr> {
    let before = now_ms - i64::from(window_hours) * 3600 * 1000;
    let settled = db
        .execute_raw(sql::stmt(
            db.get_database_backend(),
            "UPDATE letter_deliveries SET state = 'delivered' WHERE state = 'sent' AND sent_at <= $1",
            [before.into()],
        ))
        .await?
        .rows_affected();
    if settled > 0 {
        settle_letters(db, "sent_at <= $1", before).await?;
    }
    Ok(settled)
}

/// Records that delivery `delivery_id` bounced: it failed, the letter failed if none of its
/// deliveries went through, and the writer is told. Returns whether anything changed.
pub async fn bounce(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    delivery_id: i64,
) -> Result<bool, AppError> {
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    let changed = txn
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letter_deliveries SET state = 'failed', failure = 'bounced' \
             WHERE id = $1 AND state IN ('queued', 'sent', 'delivered')",
            [delivery_id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    let Some(d) = letter_delivery::Entity::find_by_id(delivery_id)
        .one(&txn)
        .await?
    else {
        txn.rollback().await?;
        return Ok(false);
    };
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letters SET state = 'failed' WHERE id = $1 AND NOT EXISTS \
         (SELECT 1 FROM letter_deliveries x WHERE x.letter_id = letters.id AND x.state <> 'failed')",
        [d.letter_id.into()],
    ))
    .await?;
    // A late bounce can leave the rest delivered.
    settle_letters(&txn, "id = $1", d.letter_id).await?;
    let l = letter::Entity::find_by_id(d.letter_id).one(&txn).await?;
    let r = representative::Entity::find_by_id(d.representative_id)
        .one(&txn)
        .await?;
    if let (Some(l), Some(r)) = (l, r)
        && let Ok(sender) = open::<Sender>(vault, SENDER_PURPOSE, &l.sender_sealed)
        && let Ok(to) = Email::parse(&sender.email)
        && let Some(c) = crate::ssr::entities::campaign::Entity::find_by_id(l.campaign_id)
            .one(&txn)
            .await?
    {
        let locale = sender.locale_or(Locale::from_code(&l.locale).unwrap_or_default());
        let mut params = serde_json::Map::new();
        params.insert(
            "campaign".into(),
            crate::campaigns::ssr::title(&txn, &c, locale).await?.into(),
        );
        params.insert("representative".into(), r.name.into());
        params.insert(
            "campaign_path".into(),
            format!("/campaigns/{}", c.slug).into(),
        );
        outbox::queue(&txn, vault, Template::LetterBounced, locale, &to, params).await?;
    }
    txn.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_read_by_their_action_or_as_automatic_replies() {
        let vault = crate::ssr::vault::Vault::generate();
        let tag = format!("{DELIVERY_HEADER}: {}", delivery_tag(&vault, 7));
        let read = |m: String| read_report(&vault, m.as_bytes());
        let dsn = |action: &str| {
            format!(
                "From: MAILER-DAEMON@x\r\nContent-Type: multipart/report; report-type=delivery-status\r\n\r\n\
                 Final-Recipient: rfc822; mp@x\r\nAction: {action}\r\n\r\n{tag}\r\n"
            )
        };
        assert_eq!(read(dsn("failed")), Some((7, Report::Failed)));
        assert_eq!(read(dsn("delivered")), Some((7, Report::Delivered)));
        assert_eq!(read(dsn("delayed")), Some((7, Report::Pending)));
        // The letter's own words, quoted after the tag, decide nothing.
        assert_eq!(
            read(format!(
                "Subject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\n> {tag}\r\n> Action: failed\r\n"
            )),
            Some((7, Report::Delivered))
        );
        for header in [
            "X-Autoreply: yes",
            "X-Autorespond: on",
            "Precedence: auto_reply",
        ] {
            assert_eq!(
                read(format!("Subject: Away\r\n{header}\r\n\r\n> {tag}\r\n")),
                Some((7, Report::Delivered)),
                "{header}"
            );
        }
        // Said in the body, it is not a header; and "no" says it is not automatic.
        for not_auto in [
            "Subject: Away\r\n\r\nAuto-Submitted: auto-replied",
            "Auto-Submitted: no\r\n",
        ] {
            assert_eq!(
                read(format!("{not_auto}\r\n\r\n{tag}\r\n")),
                Some((7, Report::Failed))
            );
        }
        // A plain bounce without a report is a failure; a forged tag nothing.
        assert_eq!(
            read(format!("Subject: Undeliverable\r\n\r\n{tag}\r\n")),
            Some((7, Report::Failed))
        );
        assert_eq!(read(tag.replace(": 7.", ": 8.")), None);
    }
}
