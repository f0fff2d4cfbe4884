//! The admin area's account management and audit log. Admins only: every function goes through
//! `ssr::auth::authorize` (reads) or `authorize_change` (changes, with the form's token).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub active: bool,
    pub last_login: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsersView {
    pub users: Vec<UserRow>,
    /// The admin looking at the page (who cannot demote or disable themself).
    pub me: i64,
    pub csrf: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: chrono::DateTime<chrono::Utc>,
    /// The address of who did it; empty for the command line.
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

#[server(endpoint = "admin/users")]
pub async fn users() -> Result<UsersView, AppError> {
    use crate::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ui::context::set_no_store();
    Ok(UsersView {
        users: crate::ssr::users::list(&state).await?,
        me: me.user_id,
        csrf: me.csrf,
    })
}

/// Invites `email` as `role`: the account is created and the person emailed.
#[server(endpoint = "admin/users/invite")]
pub async fn invite_user(
    csrf: String,
    locale: String,
    email: String,
    role: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let lang = crate::domain::Locale::from_code(&locale).unwrap_or_default();
    crate::ssr::users::invite(&state, &me, &email, &role, lang).await?;
    crate::api::redirect_localized(&locale, "/admin/users");
    Ok(())
}

#[server(endpoint = "admin/users/role")]
pub async fn set_user_role(
    csrf: String,
    locale: String,
    user: i64,
    role: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    crate::ssr::users::set_role(&state, &me, user, &role).await?;
    crate::api::redirect_localized(&locale, "/admin/users");
    Ok(())
}

/// Disables an account (`active` absent) or enables it (`active` = yes).
#[server(endpoint = "admin/users/state")]
pub async fn set_user_state(
    csrf: String,
    locale: String,
    user: i64,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    crate::ssr::users::set_active(&state, &me, user, active.is_some()).await?;
    crate::api::redirect_localized(&locale, "/admin/users");
    Ok(())
}

#[server(endpoint = "admin/audit")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    use crate::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    authorize(&state.db, Action::Administer).await?;
    crate::ui::context::set_no_store();
    crate::ssr::users::audit_log(&state, 200).await
}
