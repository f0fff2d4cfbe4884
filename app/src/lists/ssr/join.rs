//! Joining a list from a campaign's form (the petition's "email me news" box): the person
//! ticked the box, and confirming their signature with the emailed link proved the address is
//! theirs, so the subscription is confirmed at once and the welcome follows. The confirmation
//! page told them so before they pressed its button.
use super::message::SendWelcome;
use super::subscribers::{self, Person};
use super::subscriptions::{self, Consent};
use crate::domain::SubscriptionState;
use crate::ssr::vault::Vault;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, TransactionTrait};

/// Puts `person` on list `list_id` with `consent` (their address already confirmed); returns
/// the subscription's id when they joined now, `None` when they were already on it, their
/// address is suppressed, or the list takes no one.
pub async fn join_confirmed(
    db: &DatabaseConnection,
    vault: &Vault,
    list_id: i64,
    person: &Person,
    consent: &Consent,
) -> Result<Option<i64>, DbErr> {
    let txn = db.begin().await?;
    let open = crate::ssr::entities::list::Entity::find_by_id(list_id)
        .one(&txn)
        .await?
        .is_some_and(|l| l.open());
    if !open {
        txn.commit().await?;
        return Ok(None);
    }
    let subscriber = subscribers::find_or_create(&txn, vault, person).await?;
    if subscriber.suppressed_at.is_some() {
        txn.commit().await?;
        return Ok(None);
    }
    let existing = subscriptions::find(&txn, subscriber.id, list_id).await?;
    if existing
        .as_ref()
        .is_some_and(|s| s.state == SubscriptionState::Confirmed.as_str())
    {
        txn.commit().await?;
        return Ok(None);
    }
    let s = subscriptions::put(
        &txn,
        subscriber.id,
        list_id,
        SubscriptionState::Confirmed,
        consent,
        None,
    )
    .await?;
    crate::ssr::jobs::enqueue(
        &txn,
        &SendWelcome {
            subscription_id: s.id,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Some(s.id))
}
