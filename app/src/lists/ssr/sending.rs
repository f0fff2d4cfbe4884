//! Sending a mailing, the worker's side: claim a batch of recipients (rows move from pending to
//! sending in one statement, so two workers never take the same person, and a batch claimed by
//! a worker that died goes back to the pool after `claim_lease_ms`), check in one query per
//! batch that each person is still subscribed and not suppressed (an unsubscribe takes effect
//! before the next batch), build each one's message in their language, and mark the batch's
//! results in one statement each. Nothing here runs a query per recipient.
use super::message::ListMessage;
use super::subscribers;
use crate::domain::{Locale, MailingState, RecipientState, SubscriptionState};
use crate::lists::views::ListLink;
use crate::ssr::entities::{list, list_text, mailing, mailing_text, subscriber};
use crate::ssr::jobs::Job;
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Sends the next batches of mailing `mailing_id` (the job queues its own continuation).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SendMailing {
    pub mailing_id: i64,
}

impl Job for SendMailing {
    const KIND: &'static str = "send_mailing";
    // Each run sends some batches; a failing SMTP server is retried for a long while.
    const MAX_ATTEMPTS: i32 = 20;
}

/// One recipient's message in a batch.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub recipient_id: i64,
    pub message: ListMessage,
    /// The same for every copy of this message to this person, so a receiving server can tell
    /// a copy sent again after a crash from a new message.
    pub message_id: String,
}

/// What one claim gave.
#[derive(Debug)]
pub enum Claimed {
    /// The mailing is not sending (paused, cancelled, finished, gone).
    Stopped,
    /// No one left to claim.
    Empty,
    Batch(Vec<Outgoing>),
}

/// One language's subject, Markdown and rendered HTML.
type Text = (String, String, Arc<str>);

/// The mailing's text per language, rendered once for the whole batch.
struct Texts {
    default: Locale,
    by_locale: HashMap<String, Text>,
}

impl Texts {
    fn new(m: &mailing::Model, texts: Vec<mailing_text::Model>) -> Texts {
        Texts {
            default: Locale::from_code(&m.default_locale).unwrap_or_default(),
            by_locale: texts
                .into_iter()
                .map(|t| {
                    let html: Arc<str> = crate::campaigns::ssr::render_markdown(&t.body).into();
                    (t.locale, (t.subject, t.body, html))
                })
                .collect(),
        }
    }

    /// The variant for a reader of `locale`, else the default one; with the language it is in.
    fn pick(&self, locale: Locale) -> Option<(Locale, &Text)> {
        self.by_locale
            .get(locale.code())
            .map(|t| (locale, t))
            .or_else(|| {
                self.by_locale
                    .get(self.default.code())
                    .map(|t| (self.default, t))
            })
    }
}

/// Claims up to `n` recipients of mailing `mailing_id` and builds their messages.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    mailing_id: i64,
    n: u32,
    claim_lease_ms: i64,
) -> Result<Claimed, DbErr> {
    let Some(m) = mailing::Entity::find_by_id(mailing_id).one(db).await? else {
        return Ok(Claimed::Stopped);
    };
    if MailingState::of_stored(&m.state) != MailingState::Sending {
        return Ok(Claimed::Stopped);
    }
    let now = now_ms();
    let backend = db.get_database_backend();
    let claimable =
        "mailing_id = $1 AND (state = 'pending' OR (state = 'sending' AND claimed_at < $3))";
    let rows = db
        .query_all_raw(sql::stmt(
            backend,
            &format!(
                "UPDATE mailing_recipients SET state = 'sending', claimed_at = $2 \
                 WHERE id IN (SELECT id FROM mailing_recipients WHERE {claimable} \
                 ORDER BY id LIMIT $4) AND {claimable} RETURNING id, subscriber_id"
            ),
            [
                mailing_id.into(),
                now.into(),
                (now - claim_lease_ms).into(),
                i64::from(n).into(),
            ],
        ))
        .await?;
    if rows.is_empty() {
        return Ok(Claimed::Empty);
    }
    let mut claimed: Vec<(i64, i64)> = Vec::with_capacity(rows.len());
    for r in &rows {
        claimed.push((r.try_get("", "id")?, r.try_get("", "subscriber_id")?));
    }
    claimed.sort_unstable();
    let subscriber_ids: Vec<i64> = claimed.iter().map(|(_, s)| *s).collect();
    let subs: HashMap<i64, subscriber::Model> = subscriber::Entity::find()
        .filter(subscriber::Column::Id.is_in(subscriber_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    // Which of the mailing's lists each person is still on, now.
    let lists = m.list_ids();
    let mut values: Vec<Value> = vec![SubscriptionState::Confirmed.as_str().into()];
    values.extend(subscriber_ids.iter().map(|id| Value::from(*id)));
    values.extend(lists.iter().map(|id| Value::from(*id)));
    let on = db
        .query_all_raw(sql::stmt(
            backend,
            &format!(
                "SELECT subscriber_id, list_id FROM subscriptions WHERE state = $1 \
                 AND subscriber_id IN ({}) AND list_id IN ({}) ORDER BY list_id",
                sql::params(2, subscriber_ids.len()),
                sql::params(2 + subscriber_ids.len(), lists.len().max(1)),
            ),
            if lists.is_empty() {
                let mut v = values;
                v.push(Value::from(None::<i64>));
                v
            } else {
                values
            },
        ))
        .await?;
    let mut first_list: HashMap<i64, i64> = HashMap::new();
    for r in &on {
        let (s, l): (i64, i64) = (r.try_get("", "subscriber_id")?, r.try_get("", "list_id")?);
        first_list.entry(s).or_insert(l);
    }
    let list_rows = list::Entity::find()
        .filter(list::Column::Id.is_in(lists.clone()))
        .all(db)
        .await?;
    let list_texts = list_text::of_lists(db, &lists).await?;
    let texts = Texts::new(
        &m,
        mailing_text::Entity::find()
            .filter(mailing_text::Column::MailingId.eq(m.id))
            .all(db)
            .await?,
    );
    let mut out = Vec::with_capacity(claimed.len());
    let mut skipped = Vec::new();
    for (recipient_id, subscriber_id) in claimed {
        let built = (|| {
            let s = subs.get(&subscriber_id)?;
            if s.suppressed_at.is_some() {
                return None;
            }
            let list_id = *first_list.get(&subscriber_id)?;
            let l = list_rows.iter().find(|l| l.id == list_id)?;
            let locale = Locale::from_code(&s.locale).unwrap_or_default();
            let (locale, (subject, body, html)) = texts.pick(locale)?;
            let own: Vec<_> = list_texts
                .iter()
                .filter(|t| t.list_id == list_id)
                .cloned()
                .collect();
            let name = list_text::pick(&own, locale)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| l.slug.clone());
            Some(ListMessage {
                to: subscribers::email_of(vault, s)?,
                locale,
                list: ListLink {
                    slug: l.slug.clone(),
                    name,
                },
                subject: subject.clone(),
                markdown: body.clone(),
                body_html: Some(html.clone()),
                token: subscribers::token_of(vault, s),
                tag: super::bounces::subscriber_tag(vault, s.id),
            })
        })();
        match built {
            Some(message) => out.push(Outgoing {
                recipient_id,
                message,
                message_id: format!("mailing-{mailing_id}-{recipient_id}"),
            }),
            None => skipped.push(recipient_id),
        }
    }
    mark(db, &skipped, RecipientState::Skipped).await?;
    if out.is_empty() {
        // All skipped: look again (the caller's loop claims the next batch).
        return Ok(Claimed::Batch(Vec::new()));
    }
    Ok(Claimed::Batch(out))
}

/// Marks recipients `ids` (a batch's) as `state`, in one statement. `Pending` gives a claim back.
pub async fn mark<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
    state: RecipientState,
) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    let backend = db.get_database_backend();
    let mut values: Vec<Value> = vec![state.as_str().into(), now_ms().into()];
    values.extend(ids.iter().map(|id| Value::from(*id)));
    let sent_at = if state == RecipientState::Sent {
        "$2"
    } else {
        "NULL"
    };
    db.execute_raw(sql::stmt(
        backend,
        &format!(
            "UPDATE mailing_recipients SET state = $1, sent_at = {sent_at}, \
             claimed_at = CASE WHEN $1 = 'pending' THEN NULL ELSE claimed_at END \
             WHERE id IN ({}) AND $2 > 0",
            sql::params(3, ids.len())
        ),
        values,
    ))
    .await?;
    Ok(())
}

/// Gives back those of `ids` still claimed (`sending`): a batch cut short by a failing mail
/// server.
pub async fn release_claimed<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(
        backend,
        &format!(
            "UPDATE mailing_recipients SET state = 'pending', claimed_at = NULL \
             WHERE state = 'sending' AND id IN ({})",
            sql::params(1, ids.len())
        ),
        ids.iter().map(|id| Value::from(*id)),
    ))
    .await?;
    Ok(())
}

/// Ends mailing `mailing_id` as sent when no one is left to send to; true if it did.
pub async fn finish_if_done<C: ConnectionTrait>(db: &C, mailing_id: i64) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let done = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE mailings SET state = 'sent', finished_at = $2 WHERE id = $1 \
             AND state = 'sending' AND NOT EXISTS (SELECT 1 FROM mailing_recipients \
             WHERE mailing_id = $1 AND state IN ('pending', 'sending'))",
            [mailing_id.into(), now_ms().into()],
        ))
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Messages of every mailing sent since `since` (ms): what the hourly limit counts.
pub async fn sent_since<C: ConnectionTrait>(db: &C, since: i64) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(sql::stmt(
            backend,
            "SELECT COUNT(*) AS n FROM mailing_recipients WHERE sent_at > $1",
            [since.into()],
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
}

/// The oldest send within the window starting at `since`, to know when the hourly budget
/// frees up.
pub async fn oldest_since<C: ConnectionTrait>(db: &C, since: i64) -> Result<Option<i64>, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(sql::stmt(
            backend,
            "SELECT MIN(sent_at) AS t FROM mailing_recipients WHERE sent_at > $1",
            [since.into()],
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get::<Option<i64>>("", "t").ok().flatten()))
}

/// Mailing `mailing_id` in each of its languages, addressed to `to` (an admin trying it out):
/// the subject marked as a test, the links leading nowhere.
pub async fn test_messages<C: ConnectionTrait>(
    db: &C,
    mailing_id: i64,
    to: crate::domain::Email,
) -> Result<Vec<ListMessage>, DbErr> {
    let Some(m) = mailing::Entity::find_by_id(mailing_id).one(db).await? else {
        return Ok(Vec::new());
    };
    let lists = m.list_ids();
    let first = match lists.first() {
        Some(id) => list::Entity::find_by_id(*id).one(db).await?,
        None => None,
    };
    let list_texts = list_text::of_lists(db, &lists).await?;
    let texts = mailing_text::Entity::find()
        .filter(mailing_text::Column::MailingId.eq(m.id))
        .all(db)
        .await?;
    Ok(texts
        .into_iter()
        .map(|t| {
            let locale = Locale::from_code(&t.locale).unwrap_or_default();
            let name = first
                .as_ref()
                .map(|l| {
                    let own: Vec<_> = list_texts
                        .iter()
                        .filter(|x| x.list_id == l.id)
                        .cloned()
                        .collect();
                    list_text::pick(&own, locale)
                        .map(|x| x.name.clone())
                        .unwrap_or_else(|| l.slug.clone())
                })
                .unwrap_or_default();
            ListMessage {
                to: to.clone(),
                locale,
                list: ListLink {
                    slug: first.as_ref().map(|l| l.slug.clone()).unwrap_or_default(),
                    name,
                },
                subject: format!("[Test] {}", t.subject),
                markdown: t.body,
                body_html: None,
                token: "test".into(),
                tag: String::new(),
            }
        })
        .collect())
}
