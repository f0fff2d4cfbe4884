//! The one place where requests are authorised. Every admin page's data and every admin server
//! function asks here first: who is signed in (resolved from the session cookie by the server's
//! middleware, which puts an [`Authenticated`] in the request), whether their role allows the
//! action, and, for anything that changes state, whether the form carried the session's
//! anti-forgery token.
pub use crate::accounts::ssr::Authenticated;
use crate::error::AppError;
use crate::ssr::entities::campaign;
use leptos::prelude::use_context;
use sea_orm::{ConnectionTrait, DbErr};

/// What a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See one's own account and the admin area's start page.
    UseAdminArea,
    /// Read or change one campaign (its owner, members it was shared with, or an admin).
    ManageCampaign(i64),
    /// Invite users, change roles, moderate, read the audit log.
    Administer,
}

/// The signed-in user of the current request, if any.
pub fn current() -> Option<Authenticated> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Authenticated>().cloned())
}

/// The signed-in user if they may do `action`: `Unauthorized` when nobody is signed in,
/// `Forbidden` when this user may not.
pub async fn authorize<C: ConnectionTrait>(
    db: &C,
    action: Action,
) -> Result<Authenticated, AppError> {
    authorize_user(db, current(), action).await
}

/// [`authorize`] for a request that changes state: the form's `csrf` field must be this
/// session's token (SameSite cookies already stop most cross-site posts; this stops the rest).
pub async fn authorize_change<C: ConnectionTrait>(
    db: &C,
    action: Action,
    csrf: &str,
) -> Result<Authenticated, AppError> {
    authorize_user_change(db, current(), action, csrf).await
}

/// [`authorize`] for `user` as the session middleware found them: for the few routes that are
/// plain HTTP handlers rather than server functions (file downloads and uploads).
pub async fn authorize_user<C: ConnectionTrait>(
    db: &C,
    user: Option<Authenticated>,
    action: Action,
) -> Result<Authenticated, AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    let allowed = match action {
        Action::UseAdminArea => true,
        Action::Administer => user.is_admin(),
        Action::ManageCampaign(id) => user.is_admin() || is_member(db, id, user.user_id).await?,
    };
    if allowed {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// [`authorize_change`] for `user` as the session middleware found them.
pub async fn authorize_user_change<C: ConnectionTrait>(
    db: &C,
    user: Option<Authenticated>,
    action: Action,
    csrf: &str,
) -> Result<Authenticated, AppError> {
    let user = authorize_user(db, user, action).await?;
    if !constant_time_eq(user.csrf.as_bytes(), csrf.as_bytes()) {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// Whether `user_id` owns campaign `id` or it was shared with them.
async fn is_member<C: ConnectionTrait>(db: &C, id: i64, user_id: i64) -> Result<bool, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    if campaign::Entity::find_by_id(id)
        .filter(campaign::Column::OwnerId.eq(user_id))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    let row = db
        .query_one_raw(crate::ssr::sql::stmt(
            db.get_database_backend(),
            "SELECT 1 AS one FROM campaign_members WHERE campaign_id = $1 AND user_id = $2",
            [id.into(), user_id.into()],
        ))
        .await?;
    Ok(row.is_some())
}

/// Signs `user_id` in on this response (see `accounts::sign_in`) and sets the cookie.
pub async fn sign_in(
    state: &crate::ssr::state::AppState,
    user_id: i64,
    method: &str,
) -> Result<(), AppError> {
    use crate::accounts::ssr as accounts;
    let parts = use_context::<http::request::Parts>();
    let previous = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<Authenticated>())
        .map(|a| a.session_id);
    let agent = accounts::describe_agent(
        parts
            .as_ref()
            .and_then(|p| p.headers.get(http::header::USER_AGENT))
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    );
    let raw = accounts::sign_in(&state.db, &state.auth, user_id, method, &agent, previous).await?;
    set_cookie(&state.auth.set_cookie(&raw));
    Ok(())
}

/// Removes the session cookie from this browser.
pub fn clear_cookie(state: &crate::ssr::state::AppState) {
    set_cookie(&state.auth.clear_cookie());
}

fn set_cookie(value: &str) {
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}

pub use crate::ssr::secret::constant_time_eq;
