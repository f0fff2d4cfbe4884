//! Managing accounts from the admin area: the list, invitations, roles, disabling, and the audit
//! log. Callers have been authorised as admins (`ssr::auth`); every change is audited.
use crate::accounts::ssr::{self as accounts, ADMIN, Authenticated, ORGANIZER};
use crate::accounts::views::{AuditEntry, UserRow};
use crate::domain::{Email, Locale};
use crate::error::AppError;
use crate::ssr::entities::{audit, user};
use crate::ssr::outbox::{self, Template};
use crate::ssr::state::AppState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

fn time(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Every account, admins first, then by address.
pub async fn list(state: &AppState) -> Result<Vec<UserRow>, AppError> {
    let mut rows: Vec<UserRow> = user::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            email: accounts::email_of(&state.vault, &u),
            role: u.role.clone(),
            active: u.state == "active",
            last_login: u.last_login_at.map(time),
        })
        .collect();
    rows.sort_by(|a, b| (a.role != ADMIN, &a.email).cmp(&(b.role != ADMIN, &b.email)));
    Ok(rows)
}

fn check_role(role: &str) -> Result<(), AppError> {
    if role == ADMIN || role == ORGANIZER {
        Ok(())
    } else {
        Err(AppError::field("role", "error-role-invalid"))
    }
}

/// Creates an account for `email` and emails the person how to sign in. An address that has an
/// account already is an error the admin sees (admins may know who has accounts).
pub async fn invite(
    state: &AppState,
    by: &Authenticated,
    email: &str,
    role: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|e| AppError::field("email", e.message_key()))?;
    check_role(role)?;
    if accounts::find_by_email(&state.db, &state.vault, &email)
        .await?
        .is_some()
    {
        return Err(AppError::field("email", "error-user-exists"));
    }
    let txn = state.db.begin().await?;
    let (id, _) = accounts::add_user(&txn, &state.vault, &email, role, Some(by.user_id)).await?;
    accounts::audit(
        &txn,
        Some(by.user_id),
        "invite",
        &format!("user:{id}"),
        serde_json::json!({ "role": role }),
    )
    .await?;
    let mut params = serde_json::Map::new();
    params.insert("login_path".into(), "/login".into());
    params.insert(
        "role".into(),
        crate::i18n::t(locale, &format!("role-name-{role}")).into(),
    );
    outbox::queue(
        &txn,
        &state.vault,
        Template::Invitation,
        locale,
        &email,
        params,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn other_user(
    state: &AppState,
    by: &Authenticated,
    id: i64,
) -> Result<user::Model, AppError> {
    if id == by.user_id {
        // Demoting or disabling oneself could leave nobody able to administer.
        return Err(AppError::field("form", "error-user-self"));
    }
    user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn set_role(
    state: &AppState,
    by: &Authenticated,
    id: i64,
    role: &str,
) -> Result<(), AppError> {
    check_role(role)?;
    let u = other_user(state, by, id).await?;
    let was = u.role.clone();
    let txn = state.db.begin().await?;
    let mut active: user::ActiveModel = u.into();
    active.role = Set(role.to_owned());
    active.update(&txn).await?;
    accounts::audit(
        &txn,
        Some(by.user_id),
        "role_change",
        &format!("user:{id}"),
        serde_json::json!({ "from": was, "to": role }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Disables an account (ending its sessions at once) or enables it again.
pub async fn set_active(
    state: &AppState,
    by: &Authenticated,
    id: i64,
    active_now: bool,
) -> Result<(), AppError> {
    let u = other_user(state, by, id).await?;
    let txn = state.db.begin().await?;
    let mut row: user::ActiveModel = u.into();
    row.state = Set(if active_now { "active" } else { "disabled" }.to_owned());
    row.update(&txn).await?;
    let ended = if active_now {
        0
    } else {
        accounts::end_all_sessions(&txn, id).await?
    };
    accounts::audit(
        &txn,
        Some(by.user_id),
        if active_now { "enable" } else { "disable" },
        &format!("user:{id}"),
        serde_json::json!({ "sessions_ended": ended }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The latest audit entries, newest first, with the actor's address.
pub async fn audit_log(state: &AppState, limit: u64) -> Result<Vec<AuditEntry>, AppError> {
    let entries = audit::Entity::find()
        .order_by_desc(audit::Column::At)
        .order_by_desc(audit::Column::Id)
        .limit(limit)
        .all(&state.db)
        .await?;
    let users = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                entries
                    .iter()
                    .filter_map(|e| e.actor_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(&state.db)
        .await?;
    Ok(entries
        .into_iter()
        .map(|e| AuditEntry {
            at: time(e.at),
            actor: e
                .actor_id
                .and_then(|id| users.iter().find(|u| u.id == id))
                .map(|u| accounts::email_of(&state.vault, u))
                .unwrap_or_default(),
            action: e.action,
            target: e.target,
            detail: e.detail,
        })
        .collect())
}
