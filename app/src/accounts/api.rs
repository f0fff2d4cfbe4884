//! Signing in and out, and what the account page shows. Every function that needs a signed-in
//! user goes through `accounts::ssr::auth::authorize`.
//!
//! The admin area's account management and audit log. Admins only: every function goes through
//! `ssr::auth::authorize` (reads) or `authorize_change` (changes, with the form's token).
use crate::accounts::views::{AccountView, AuditEntry, ProviderLink, UsersView};
#[cfg(feature = "ssr")]
use crate::accounts::views::{LoginView, SessionView};
use crate::error::AppError;
use leptos::prelude::*;

/// The OpenID Connect providers the sign-in page offers.
#[server(endpoint = "auth/providers")]
pub async fn sign_in_providers() -> Result<Vec<ProviderLink>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok(state
        .auth
        .providers
        .iter()
        .map(|(name, label)| ProviderLink {
            name: name.clone(),
            label: label.clone(),
        })
        .collect())
}

/// Emails a sign-in link to `email` if it belongs to an account; answers the same either way.
#[server(endpoint = "auth/request-link")]
pub async fn request_login_link(email: String, locale: String) -> Result<(), AppError> {
    use crate::domain::{Email, Locale};
    let state = crate::ssr::state::use_app_state()?;
    let email = Email::parse(&email).map_err(|e| AppError::field("email", e.message_key()))?;
    let lang = Locale::from_code(&locale).unwrap_or_default();
    use crate::accounts::ssr::{LinkRequest, send_login_link};
    if send_login_link(&state.db, &state.vault, &email, lang).await? == LinkRequest::TooMany {
        return Err(AppError::field("email", "error-login-too-many"));
    }
    crate::ssr::response::redirect_localized(&locale, "/login/sent");
    Ok(())
}

/// Whether a sign-in link can still be used.
#[server(endpoint = "auth/link-state")]
pub async fn login_link_state(token: String) -> Result<bool, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok(crate::accounts::ssr::login_link_valid(&state.db, &token).await?)
}

/// Uses a sign-in link: starts a session and goes to the admin start page.
#[server(endpoint = "auth/complete-link")]
pub async fn complete_login_link(token: String, locale: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let user_id = crate::accounts::ssr::use_login_link(&state.db, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::accounts::ssr::auth::sign_in(&state, user_id, "email").await?;
    crate::ssr::response::redirect_localized(&locale, "/admin");
    Ok(())
}

/// Signs this browser out, or every browser of the account when `everywhere` is set.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out(
    csrf: String,
    locale: String,
    everywhere: Option<String>,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize_change(&state.db, Action::UseAdminArea, &csrf).await?;
    if everywhere.is_some() {
        let ended = crate::accounts::ssr::end_all_sessions(&state.db, user.user_id).await?;
        crate::accounts::ssr::audit(
            &state.db,
            Some(user.user_id),
            "logout_everywhere",
            &format!("user:{}", user.user_id),
            serde_json::json!({ "sessions": ended }),
        )
        .await?;
    } else {
        crate::accounts::ssr::end_session(&state.db, user.session_id).await?;
    }
    crate::accounts::ssr::auth::clear_cookie(&state);
    crate::ssr::response::redirect_localized(&locale, "/login?signed_out=1");
    Ok(())
}

/// The account page: live sessions and recent sign-ins.
#[server(endpoint = "auth/account")]
pub async fn account() -> Result<AccountView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize(&state.db, Action::UseAdminArea).await?;
    crate::ssr::response::no_store();
    let time = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    let sessions = crate::accounts::ssr::live_sessions(&state.db, user.user_id)
        .await?
        .into_iter()
        .map(|s| SessionView {
            agent: s.agent,
            method: s.method,
            started: time(s.created_at),
            last_seen: time(s.last_seen_at),
            current: s.id == user.session_id,
        })
        .collect();
    let recent_logins = crate::accounts::ssr::recent_logins(&state.db, user.user_id, 10)
        .await?
        .into_iter()
        .map(|(at, method, agent)| LoginView {
            at: time(at),
            method,
            agent,
        })
        .collect();
    Ok(AccountView {
        role: user.role,
        sessions,
        recent_logins,
        csrf: user.csrf,
    })
}

#[server(endpoint = "admin/users")]
pub async fn users() -> Result<UsersView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    Ok(UsersView {
        users: crate::accounts::ssr::manage::list(&state).await?,
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
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let lang = crate::domain::Locale::from_code(&locale).unwrap_or_default();
    crate::accounts::ssr::manage::invite(&state, &me, &email, &role, lang).await?;
    crate::ssr::response::redirect_localized(&locale, "/admin/users");
    Ok(())
}

#[server(endpoint = "admin/users/role")]
pub async fn set_user_role(
    csrf: String,
    locale: String,
    user: i64,
    role: String,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    crate::accounts::ssr::manage::set_role(&state, &me, user, &role).await?;
    crate::ssr::response::redirect_localized(&locale, "/admin/users");
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
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    crate::accounts::ssr::manage::set_active(&state, &me, user, active.is_some()).await?;
    crate::ssr::response::redirect_localized(&locale, "/admin/users");
    Ok(())
}

#[server(endpoint = "admin/audit")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    crate::accounts::ssr::manage::audit_log(&state, 200).await
}
