//! The preferences page, from the link in every message, no account needed: which lists, in
//! which language, leave them all, download what is kept (JSON), erase it.
use super::subscribers;
use super::subscriptions::{self, Consent};
use crate::domain::{Locale, SubscriptionState};
use crate::error::AppError;
use crate::lists::views::{ListChoice, PreferencesView};
use crate::ssr::entities::{list, list_text, subscriber, subscription};
use crate::ssr::sql;
use crate::ssr::vault::Vault;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

/// `ann@example.org` → `a•••@example.org`.
fn hint(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".into(),
    }
}

async fn subscriptions_of<C: ConnectionTrait>(
    db: &C,
    subscriber_id: i64,
) -> Result<Vec<subscription::Model>, sea_orm::DbErr> {
    subscription::Entity::find()
        .filter(subscription::Column::SubscriberId.eq(subscriber_id))
        .order_by_asc(subscription::Column::ListId)
        .all(db)
        .await
}

/// The lists a subscriber may choose from: every open public list, and any list they are on.
async fn choices<C: ConnectionTrait>(
    db: &C,
    mine: &[subscription::Model],
) -> Result<Vec<list::Model>, sea_orm::DbErr> {
    let lists = list::Entity::find()
        .order_by_asc(list::Column::Id)
        .all(db)
        .await?;
    Ok(lists
        .into_iter()
        .filter(|l| {
            (l.public && l.open())
                || mine.iter().any(|s| {
                    s.list_id == l.id && s.state != SubscriptionState::Unsubscribed.as_str()
                })
        })
        .collect())
}

pub async fn view(
    db: &DatabaseConnection,
    vault: &Vault,
    token: &str,
) -> Result<Option<PreferencesView>, AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Ok(None);
    };
    let locale = Locale::from_code(&s.locale).unwrap_or_default();
    let mine = subscriptions_of(db, s.id).await?;
    let lists = choices(db, &mine).await?;
    let ids: Vec<i64> = lists.iter().map(|l| l.id).collect();
    let texts = list_text::of_lists(db, &ids).await?;
    let lists = lists
        .into_iter()
        .map(|l| {
            let own: Vec<_> = texts
                .iter()
                .filter(|t| t.list_id == l.id)
                .cloned()
                .collect();
            let t = list_text::pick(&own, locale);
            ListChoice {
                slug: l.slug.clone(),
                name: t.map(|t| t.name.clone()).unwrap_or_else(|| l.slug.clone()),
                description: t
                    .map(|t| first_paragraph(&t.description))
                    .unwrap_or_default(),
                subscribed: mine
                    .iter()
                    .any(|m| m.list_id == l.id && m.state == SubscriptionState::Confirmed.as_str()),
            }
        })
        .collect();
    Ok(Some(PreferencesView {
        email_hint: subscribers::email_of(vault, &s)
            .map(|e| hint(e.as_str()))
            .unwrap_or_default(),
        locale,
        lists,
        suppressed: s.suppressed_at.is_some(),
    }))
}

/// The description's first paragraph as plain text, for the list of choices.
fn first_paragraph(markdown: &str) -> String {
    markdown
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches('#')
        .trim()
        .to_owned()
}

/// Joins (`join`) or leaves list `slug` from the preferences page. Joining needs no emailed
/// link (the page's link proves the address) but an open list the person may choose, and an
/// address that is not suppressed.
pub async fn set_list(
    db: &DatabaseConnection,
    token: &str,
    slug: &str,
    join: bool,
) -> Result<(), AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Err(AppError::NotFound);
    };
    let txn = db.begin().await?;
    let mine = subscriptions_of(&txn, s.id).await?;
    let Some(l) = choices(&txn, &mine)
        .await?
        .into_iter()
        .find(|l| l.slug == slug)
    else {
        return Err(AppError::NotFound);
    };
    let on = mine
        .iter()
        .any(|m| m.list_id == l.id && m.state == SubscriptionState::Confirmed.as_str());
    if join && !on {
        if s.suppressed_at.is_some() {
            return Err(AppError::field("form", "list-suppressed"));
        }
        if !l.open() {
            return Err(AppError::field("form", "list-closed"));
        }
        let consent = Consent {
            source: "preferences",
            campaign_id: None,
            wording: "list-preferences-join@1".into(),
        };
        let row = subscriptions::put(
            &txn,
            s.id,
            l.id,
            SubscriptionState::Confirmed,
            &consent,
            None,
        )
        .await?;
        crate::ssr::jobs::enqueue(
            &txn,
            &super::SendWelcome {
                subscription_id: row.id,
            },
        )
        .await?;
    } else if !join {
        subscriptions::leave(&txn, s.id, Some(l.id)).await?;
    }
    txn.commit().await?;
    tracing::info!(subscriber = s.id, list = l.id, join, "preferences: list");
    Ok(())
}

/// Sets the language the person's messages come in.
pub async fn set_language(
    db: &DatabaseConnection,
    token: &str,
    language: &str,
) -> Result<(), AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Err(AppError::NotFound);
    };
    let locale = Locale::from_code(language)
        .ok_or_else(|| AppError::field("language", "error-language-invalid"))?;
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE subscribers SET locale = $1 WHERE id = $2",
        [locale.code().into(), s.id.into()],
    ))
    .await?;
    Ok(())
}

/// Leaves every list.
pub async fn leave_all(db: &DatabaseConnection, token: &str) -> Result<(), AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Err(AppError::NotFound);
    };
    subscriptions::leave(db, s.id, None).await?;
    tracing::info!(subscriber = s.id, "left every list");
    Ok(())
}

/// Everything kept about the link's owner, as JSON (their right of access).
pub async fn export(
    db: &DatabaseConnection,
    vault: &Vault,
    token: &str,
) -> Result<Option<serde_json::Value>, AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Ok(None);
    };
    let mine = subscriptions_of(db, s.id).await?;
    let ids: Vec<i64> = mine.iter().map(|m| m.list_id).collect();
    let lists = list::Entity::find()
        .filter(list::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let at = |ms: Option<i64>| {
        ms.and_then(chrono::DateTime::from_timestamp_millis)
            .map(|d| d.to_rfc3339())
    };
    let subscriptions: Vec<serde_json::Value> = mine
        .iter()
        .map(|m| {
            serde_json::json!({
                "list": lists.iter().find(|l| l.id == m.list_id).map(|l| l.slug.clone()),
                "state": m.state,
                "consent": {
                    "source": m.source,
                    "wording": m.wording,
                    "at": at(Some(m.consent_at)),
                },
                "confirmed_at": at(m.confirmed_at),
                "unsubscribed_at": at(m.unsubscribed_at),
            })
        })
        .collect();
    Ok(Some(serde_json::json!({
        "email": subscribers::email_of(vault, &s).map(|e| e.as_str().to_owned()),
        "name": subscribers::name_of(vault, &s),
        "language": s.locale,
        "country": s.country,
        "created_at": at(Some(s.created_at)),
        "suppressed": s.suppressed_reason,
        "soft_bounces": s.soft_bounces,
        "subscriptions": subscriptions,
    })))
}

/// Erases the link's owner: their subscriber row and every subscription (consent records
/// included). Messages already queued for them find nothing and are not sent.
pub async fn erase(db: &DatabaseConnection, token: &str) -> Result<(), AppError> {
    let Some(s) = subscribers::by_token(db, token).await? else {
        return Err(AppError::NotFound);
    };
    let txn = db.begin().await?;
    subscription::Entity::delete_many()
        .filter(subscription::Column::SubscriberId.eq(s.id))
        .exec(&txn)
        .await?;
    subscriber::Entity::delete_by_id(s.id).exec(&txn).await?;
    txn.commit().await?;
    tracing::info!(subscriber = s.id, "subscriber erased");
    Ok(())
}
