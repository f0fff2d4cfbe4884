//! Subscriptions and their consent records: written once per subscriber and list, then moved
//! between pending, confirmed and unsubscribed. Each move that needs consent records it anew
//! (when, where, which wording), so the row always says why the person is on the list.
use crate::domain::SubscriptionState;
use crate::ssr::entities::subscription;
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Confirmation links work for a week.
pub const CONFIRM_TTL_MS: i64 = 7 * 24 * 3600 * 1000;
/// At most this many confirmation (or "already subscribed") emails per address and list a
/// day: the form cannot be used to flood someone's inbox.
pub const MAX_EMAILS_PER_DAY: i32 = 3;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// Where and how a person agreed to join.
#[derive(Debug, Clone)]
pub struct Consent {
    /// `form`, `petition`, `letter`, `preferences`, `import`, `import-consented`.
    pub source: &'static str,
    pub campaign_id: Option<i64>,
    /// The message key of the words the person agreed to, and its version (`key@1`).
    pub wording: String,
}

impl Consent {
    /// The subscribe page's form.
    pub fn form() -> Consent {
        Consent {
            source: "form",
            campaign_id: None,
            wording: "list-consent@1".into(),
        }
    }
}

pub async fn find<C: ConnectionTrait>(
    db: &C,
    subscriber_id: i64,
    list_id: i64,
) -> Result<Option<subscription::Model>, DbErr> {
    subscription::Entity::find()
        .filter(subscription::Column::SubscriberId.eq(subscriber_id))
        .filter(subscription::Column::ListId.eq(list_id))
        .one(db)
        .await
}

/// Writes (or rewrites) the subscription of `subscriber_id` to `list_id` in `state`, with
/// `consent` recorded now and, for a pending one, the confirmation link's hash. Returns the row.
pub async fn put<C: ConnectionTrait>(
    db: &C,
    subscriber_id: i64,
    list_id: i64,
    state: SubscriptionState,
    consent: &Consent,
    confirm_hash: Option<String>,
) -> Result<subscription::Model, DbErr> {
    let now = now_ms();
    let confirmed_at = (state == SubscriptionState::Confirmed).then_some(now);
    let expires = confirm_hash.as_ref().map(|_| now + CONFIRM_TTL_MS);
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(
        backend,
        "INSERT INTO subscriptions (subscriber_id, list_id, state, source, campaign_id, wording, \
         consent_at, confirmed_at, unsubscribed_at, confirm_token_hash, confirm_expires_at, \
         confirm_emails, confirm_window_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, 0, NULL) \
         ON CONFLICT (subscriber_id, list_id) DO UPDATE SET state = $3, source = $4, \
         campaign_id = $5, wording = $6, consent_at = $7, confirmed_at = $8, \
         unsubscribed_at = NULL, confirm_token_hash = $9, confirm_expires_at = $10",
        [
            subscriber_id.into(),
            list_id.into(),
            state.as_str().into(),
            consent.source.into(),
            consent.campaign_id.into(),
            consent.wording.clone().into(),
            now.into(),
            confirmed_at.into(),
            confirm_hash.into(),
            expires.into(),
        ],
    ))
    .await?;
    find(db, subscriber_id, list_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("subscription just written".into()))
}

/// Counts one more email about subscription `id` if today's allowance has room; false when it
/// has not (then no email goes). One conditional statement, safe under concurrent forms.
pub async fn take_email<C: ConnectionTrait>(db: &C, id: i64) -> Result<bool, DbErr> {
    let now = now_ms();
    let backend = db.get_database_backend();
    let done = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE subscriptions SET \
             confirm_emails = CASE WHEN COALESCE(confirm_window_at, 0) <= $2 THEN 1 \
               ELSE confirm_emails + 1 END, \
             confirm_window_at = CASE WHEN COALESCE(confirm_window_at, 0) <= $2 THEN $3 \
               ELSE confirm_window_at END \
             WHERE id = $1 AND (confirm_emails < $4 OR COALESCE(confirm_window_at, 0) <= $2)",
            [
                id.into(),
                (now - DAY_MS).into(),
                now.into(),
                MAX_EMAILS_PER_DAY.into(),
            ],
        ))
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes subscriber `subscriber_id` off `list_id` (every list when `None`); returns how many
/// subscriptions ended. An old confirmation link stops working, so it cannot bring them back.
pub async fn leave<C: ConnectionTrait>(
    db: &C,
    subscriber_id: i64,
    list_id: Option<i64>,
) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let mut values: Vec<sea_orm::Value> = vec![now_ms().into(), subscriber_id.into()];
    let mut query = "UPDATE subscriptions SET state = 'unsubscribed', unsubscribed_at = $1, \
         confirm_token_hash = NULL, confirm_expires_at = NULL \
         WHERE subscriber_id = $2 AND state <> 'unsubscribed'"
        .to_owned();
    if let Some(list_id) = list_id {
        query.push_str(" AND list_id = $3");
        values.push(list_id.into());
    }
    Ok(db
        .execute_raw(sql::stmt(backend, &query, values))
        .await?
        .rows_affected())
}
