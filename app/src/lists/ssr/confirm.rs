//! Confirming a subscription from the emailed link. The link opens a page with a button; only
//! the button's POST confirms, so a mail scanner fetching links subscribes no one. Confirming
//! queues the list's welcome message.
use super::message::SendWelcome;
use crate::domain::{Locale, SubscriptionState};
use crate::error::AppError;
use crate::lists::views::SubscribeLink;
use crate::ssr::entities::{list, subscription};
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};

async fn find(
    db: &DatabaseConnection,
    raw: &str,
) -> Result<Option<(subscription::Model, list::Model)>, AppError> {
    if raw.is_empty() || raw.len() > 100 {
        return Ok(None);
    }
    let Some(s) = subscription::Entity::find()
        .filter(subscription::Column::ConfirmTokenHash.eq(crate::ssr::secret::hash(raw)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(list::Entity::find_by_id(s.list_id)
        .one(db)
        .await?
        .map(|l| (s, l)))
}

/// What the link leads to, without using it.
pub async fn check(
    db: &DatabaseConnection,
    raw: &str,
    locale: Locale,
) -> Result<SubscribeLink, AppError> {
    let Some((s, l)) = find(db, raw).await? else {
        return Ok(SubscribeLink::Invalid);
    };
    let list = super::lists::link(db, &l, locale).await?;
    Ok(match SubscriptionState::of_stored(&s.state) {
        SubscriptionState::Confirmed => SubscribeLink::Confirmed { list },
        SubscriptionState::Pending
            if s.confirm_expires_at.is_some_and(|e| e >= now_ms()) && l.open() =>
        {
            SubscribeLink::Valid { list }
        }
        _ => SubscribeLink::Invalid,
    })
}

/// Confirms the subscription the link was mailed for; returns the list's slug. Using a link
/// twice is harmless; an unknown, expired or revoked one is not found.
pub async fn confirm(db: &DatabaseConnection, raw: &str) -> Result<String, AppError> {
    let Some((_, l)) = find(db, raw).await? else {
        return Err(AppError::NotFound);
    };
    if !l.open() {
        return Err(AppError::field("form", "list-closed"));
    }
    let now = now_ms();
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    // The first statement writes, so SQLite takes its write lock at once.
    let row = txn
        .query_one_raw(sql::stmt(
            backend,
            "UPDATE subscriptions SET state = 'confirmed', confirmed_at = $1 \
             WHERE confirm_token_hash = $2 AND state = 'pending' AND confirm_expires_at >= $1 \
             RETURNING id",
            [now.into(), crate::ssr::secret::hash(raw).into()],
        ))
        .await?;
    let Some(row) = row else {
        txn.commit().await?;
        return match find(db, raw).await? {
            Some((s, l)) if s.state == SubscriptionState::Confirmed.as_str() => Ok(l.slug),
            _ => Err(AppError::NotFound),
        };
    };
    let id: i64 = row.try_get("", "id")?;
    crate::ssr::jobs::enqueue(
        &txn,
        &SendWelcome {
            subscription_id: id,
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(subscription = id, list = l.id, "subscription confirmed");
    Ok(l.slug)
}
