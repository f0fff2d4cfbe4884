//! Who runs a campaign: its owner and the organizers it was shared with.
use crate::accounts::ssr::{self as accounts, Authenticated};
use crate::error::AppError;
use crate::ssr::entities::campaign;
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// The people who run `c`: its owner first (if it has one; command-line campaigns do not), then
/// those it was shared with: address and whether it is the owner.
pub async fn team(state: &AppState, c: &campaign::Model) -> Result<Vec<(String, bool)>, AppError> {
    use crate::ssr::entities::user;
    let backend = sea_orm::ConnectionTrait::get_database_backend(&state.db);
    let members: Vec<i64> = sea_orm::ConnectionTrait::query_all_raw(
        &state.db,
        crate::ssr::sql::stmt(
            backend,
            "SELECT user_id FROM campaign_members WHERE campaign_id = $1 ORDER BY user_id",
            [c.id.into()],
        ),
    )
    .await?
    .iter()
    .filter_map(|r| r.try_get::<i64>("", "user_id").ok())
    .collect();
    let ids: Vec<i64> = c.owner_id.into_iter().chain(members).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(&state.db)
        .await?;
    Ok(ids
        .into_iter()
        .filter_map(|id| users.iter().find(|u| u.id == id))
        .map(|u| {
            (
                accounts::email_of(&state.vault, u),
                Some(u.id) == c.owner_id,
            )
        })
        .collect())
}

/// Lets the organizer with `email` run `c` too (`share`), or no longer (`!share`).
pub async fn share(
    state: &AppState,
    by: &Authenticated,
    c: &campaign::Model,
    email: &str,
    share: bool,
) -> Result<(), AppError> {
    let email = crate::domain::Email::parse(email)
        .map_err(|e| AppError::field("email", e.message_key()))?;
    let Some(u) = accounts::find_active(&state.db, &state.vault, &email).await? else {
        return Err(AppError::field("email", "error-no-such-user"));
    };
    if Some(u.id) == c.owner_id {
        return Err(AppError::field("email", "error-already-owner"));
    }
    let backend = sea_orm::ConnectionTrait::get_database_backend(&state.db);
    let txn = state.db.begin().await?;
    let sql = if share {
        "INSERT INTO campaign_members (campaign_id, user_id) VALUES ($1, $2) \
         ON CONFLICT (campaign_id, user_id) DO NOTHING"
    } else {
        "DELETE FROM campaign_members WHERE campaign_id = $1 AND user_id = $2"
    };
    sea_orm::ConnectionTrait::execute_raw(
        &txn,
        crate::ssr::sql::stmt(backend, sql, [c.id.into(), u.id.into()]),
    )
    .await?;
    accounts::audit(
        &txn,
        Some(by.user_id),
        if share {
            "campaign_share"
        } else {
            "campaign_unshare"
        },
        &format!("campaign:{}", c.id),
        serde_json::json!({ "user": u.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
