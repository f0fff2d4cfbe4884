//! "Did you get a reply?": asking writers after delivery, reminding once, and their answers.
use super::sealed::{SENDER_PURPOSE, Sender, open};
use super::tokens::manage_path;
use crate::domain::{Email, Locale};
use crate::error::AppError;
use crate::ssr::entities::letter;
use crate::ssr::jobs::Job;
use crate::ssr::outbox::{self, Template};
use crate::ssr::secret;
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde::{Deserialize, Serialize};

/// Writers are asked whether they got a reply this long after delivery…
pub const ASK_AFTER_MS: i64 = 14 * 24 * 3600 * 1000;
/// …and reminded once, this long after that, if they have not answered.
pub const REMIND_AFTER_MS: i64 = 7 * 24 * 3600 * 1000;

/// Asks about replies now and then (the worker runs it hourly).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LetterFollowUps {}

impl Job for LetterFollowUps {
    const KIND: &'static str = "letter_follow_ups";
}

/// The link that answers "did you get a reply?" for a letter: derived from the letter's id with
/// the vault's key, so the question and its reminder carry the same link and nothing secret is
/// stored (the database keeps its hash, to find the letter).
fn followup_token(vault: &crate::ssr::vault::Vault, letter_id: i64) -> String {
    vault.lookup_hash("letters.followup", &letter_id.to_string())
}

/// Emails "did you get a reply?" to writers whose letters were delivered `ASK_AFTER_MS` before
/// `now_ms`, and the one reminder `REMIND_AFTER_MS` later to those who have not answered;
/// returns how many were asked and reminded.
pub async fn follow_up(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    now_ms: i64,
) -> Result<(u64, u64), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let mut counts = (0, 0);
    for reminder in [false, true] {
        let due = if reminder {
            "SELECT DISTINCT d.letter_id AS id FROM letter_deliveries d \
             JOIN letters l ON l.id = d.letter_id \
             WHERE d.asked_at <= $1 AND d.reminded_at IS NULL AND d.reply IS NULL \
             AND l.sender_sealed IS NOT NULL LIMIT 500"
        } else {
            "SELECT DISTINCT d.letter_id AS id FROM letter_deliveries d \
             JOIN letters l ON l.id = d.letter_id \
             WHERE d.state = 'delivered' AND d.sent_at <= $1 AND d.asked_at IS NULL \
             AND l.sender_sealed IS NOT NULL LIMIT 500"
        };
        let before = now_ms
            - if reminder {
                REMIND_AFTER_MS
            } else {
                ASK_AFTER_MS
            };
        let ids: Vec<i64> = db
            .query_all_raw(sql::stmt(backend, due, [before.into()]))
            .await?
            .iter()
            .map(|r| r.try_get("", "id"))
            .collect::<Result<_, _>>()?;
        for id in ids {
            let Some(l) = letter::Entity::find_by_id(id).one(db).await? else {
                continue;
            };
            let Ok(sender) = open::<Sender>(vault, SENDER_PURPOSE, &l.sender_sealed) else {
                continue;
            };
            let Ok(to) = Email::parse(&sender.email) else {
                continue;
            };
            let Some(c) = crate::ssr::entities::campaign::Entity::find_by_id(l.campaign_id)
                .one(db)
                .await?
            else {
                continue;
            };
            let locale = sender.locale_or(Locale::from_code(&l.locale).unwrap_or_default());
            let raw = followup_token(vault, l.id);
            let names: Vec<String> = db
                .query_all_raw(sql::stmt(
                    backend,
                    "SELECT r.name FROM letter_deliveries d \
                     JOIN representatives r ON r.id = d.representative_id \
                     WHERE d.letter_id = $1 AND d.state = 'delivered' ORDER BY r.sort_name",
                    [l.id.into()],
                ))
                .await?
                .iter()
                .map(|r| r.try_get("", "name"))
                .collect::<Result<_, _>>()?;
            let txn = db.begin().await?;
            let stamp = if reminder {
                "UPDATE letter_deliveries SET reminded_at = $1 \
                 WHERE letter_id = $2 AND asked_at IS NOT NULL AND reminded_at IS NULL"
            } else {
                "UPDATE letter_deliveries SET asked_at = $1 \
                 WHERE letter_id = $2 AND state = 'delivered' AND asked_at IS NULL"
            };
            // The first statement writes, and decides: another worker that got here first
            // leaves nothing to stamp, and no second email goes.
            let stamped = txn
                .execute_raw(sql::stmt(backend, stamp, [now_ms.into(), l.id.into()]))
                .await?
                .rows_affected();
            if stamped == 0 {
                txn.rollback().await?;
                continue;
            }
            txn.execute_raw(sql::stmt(
                backend,
                "UPDATE letters SET followup_token_hash = $1 WHERE id = $2",
                [secret::hash(&raw).into(), l.id.into()],
            ))
            .await?;
            let mut params = serde_json::Map::new();
            params.insert(
                "campaign".into(),
                crate::campaigns::ssr::title(&txn, &c, locale).await?.into(),
            );
            params.insert("representatives".into(), names.join(", ").into());
            params.insert(
                "reply_path".into(),
                format!("/letters/reply?token={raw}").into(),
            );
            params.insert("reminder".into(), reminder.into());
            params.insert("manage_path".into(), manage_path(vault, l.id).into());
            outbox::queue(&txn, vault, Template::LetterFollowUp, locale, &to, params).await?;
            txn.commit().await?;
            if reminder {
                counts.1 += 1;
            } else {
                counts.0 += 1;
            }
        }
    }
    Ok(counts)
}

async fn by_followup_token(state: &AppState, raw: &str) -> Result<letter::Model, AppError> {
    letter::Entity::find()
        .filter(letter::Column::FollowupTokenHash.eq(secret::hash(raw)))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The "did you get a reply?" page: each representative the letter went to, and the answer
/// given so far.
pub async fn reply_view(
    state: &AppState,
    raw: &str,
    locale: Locale,
) -> Result<crate::letters::views::ReplyView, AppError> {
    let l = by_followup_token(state, raw).await?;
    let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
    let rows = state
        .db
        .query_all_raw(sql::stmt(
            state.db.get_database_backend(),
            "SELECT d.id, r.name, d.reply FROM letter_deliveries d \
             JOIN representatives r ON r.id = d.representative_id \
             WHERE d.letter_id = $1 AND d.state = 'delivered' ORDER BY r.sort_name",
            [l.id.into()],
        ))
        .await?;
    Ok(crate::letters::views::ReplyView {
        campaign: crate::campaigns::ssr::title(&state.db, &c, locale).await?,
        slug: c.slug,
        token: raw.to_owned(),
        representatives: rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("", "id")?,
                    r.try_get("", "name")?,
                    r.try_get("", "reply")?,
                ))
            })
            .collect::<Result<_, sea_orm::DbErr>>()?,
    })
}

/// Records the writer's answer for one representative (it can be changed).
pub async fn answer(
    state: &AppState,
    raw: &str,
    delivery: i64,
    reply: &str,
) -> Result<(), AppError> {
    if reply != "yes" && reply != "no" {
        return Err(AppError::field("form", "error-reply-invalid"));
    }
    let l = by_followup_token(state, raw).await?;
    let changed = state
        .db
        .execute_raw(sql::stmt(
            state.db.get_database_backend(),
            "UPDATE letter_deliveries SET reply = $1, answered_at = $2 \
             WHERE id = $3 AND letter_id = $4 AND state = 'delivered'",
            [reply.into(), now_ms().into(), delivery.into(), l.id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
