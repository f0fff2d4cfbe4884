//! Leaving a list from a message: the one-click POST of RFC 8058 (no cookie, no confirmation),
//! and the page a person opens from the link, whose button does the same.
use super::subscribers;
use crate::domain::{Locale, SubscriptionState};
use crate::error::AppError;
use crate::lists::views::UnsubscribeView;
use crate::ssr::entities::{list, subscription};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The list named by a link's `list` parameter, if it names one.
async fn named_list(db: &DatabaseConnection, slug: &str) -> Result<Option<list::Model>, AppError> {
    if slug.is_empty() {
        return Ok(None);
    }
    Ok(super::lists::by_slug(db, slug).await?)
}

/// Takes the link's owner off the list `slug` (every list when empty). `Ok(false)`: the link is
/// unknown (its owner erased their data, say); nothing to do either way. Takes effect at once:
/// a running mailing checks each recipient's subscription before sending.
pub async fn unsubscribe(
    db: &DatabaseConnection,
    token: &str,
    slug: &str,
) -> Result<bool, AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Ok(false);
    };
    let list_id = match named_list(db, slug).await? {
        Some(l) => Some(l.id),
        // A link naming a list that is gone: leave them all rather than none.
        None => None,
    };
    let left = super::subscriptions::leave(db, s.id, list_id).await?;
    tracing::info!(subscriber = s.id, list = ?list_id, left, "unsubscribed");
    Ok(true)
}

/// What the unsubscribe page shows.
pub async fn describe(
    db: &DatabaseConnection,
    token: &str,
    slug: &str,
    locale: Locale,
) -> Result<Option<UnsubscribeView>, AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Ok(None);
    };
    let named = named_list(db, slug).await?;
    let mut query = subscription::Entity::find()
        .filter(subscription::Column::SubscriberId.eq(s.id))
        .filter(subscription::Column::State.ne(SubscriptionState::Unsubscribed.as_str()));
    if let Some(l) = &named {
        query = query.filter(subscription::Column::ListId.eq(l.id));
    }
    let subscribed = query.one(db).await?.is_some();
    let list = match &named {
        Some(l) => Some(super::lists::link(db, l, locale).await?),
        None => None,
    };
    Ok(Some(UnsubscribeView { list, subscribed }))
}
