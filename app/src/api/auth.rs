//! Signing in and out, and what the account and admin start pages show. Every function that
//! needs a signed-in user goes through `ssr::auth::authorize`.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One of the user's live sessions, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub agent: String,
    pub method: String,
    pub started: chrono::DateTime<chrono::Utc>,
    pub last_seen: chrono::DateTime<chrono::Utc>,
    /// The session of the browser looking at the page.
    pub current: bool,
}

/// A recent sign-in, from the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginView {
    pub at: chrono::DateTime<chrono::Utc>,
    pub method: String,
    pub agent: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub role: String,
    pub sessions: Vec<SessionView>,
    pub recent_logins: Vec<LoginView>,
    /// The anti-forgery token the page's forms carry.
    pub csrf: String,
}

/// A campaign on the admin start page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminCampaign {
    pub slug: String,
    pub title: String,
    pub state: crate::domain::CampaignState,
    /// What `confirmed` counts: signatures or letters.
    pub kind: crate::domain::CampaignKind,
    /// Confirmed signatures of a petition, letters sent off of a letter campaign.
    pub confirmed: i64,
}

/// A campaign waiting for an admin's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub slug: String,
    pub title: String,
    /// How long it has waited, in hours.
    pub waiting_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminStart {
    pub is_admin: bool,
    pub campaigns: Vec<AdminCampaign>,
    /// For admins: the moderation queue, oldest first.
    pub queue: Vec<ReviewItem>,
    pub csrf: String,
}

/// A way to sign in besides the emailed link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderLink {
    pub name: String,
    pub label: String,
}

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
    use crate::ssr::accounts::{LinkRequest, send_login_link};
    if send_login_link(&state.db, &state.vault, &email, lang).await? == LinkRequest::TooMany {
        return Err(AppError::field("email", "error-login-too-many"));
    }
    crate::api::redirect_localized(&locale, "/login/sent");
    Ok(())
}

/// Whether a sign-in link can still be used.
#[server(endpoint = "auth/link-state")]
pub async fn login_link_state(token: String) -> Result<bool, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok(crate::ssr::accounts::login_link_valid(&state.db, &token).await?)
}

/// Uses a sign-in link: starts a session and goes to the admin start page.
#[server(endpoint = "auth/complete-link")]
pub async fn complete_login_link(token: String, locale: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let user_id = crate::ssr::accounts::use_login_link(&state.db, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::ssr::auth::sign_in(&state, user_id, "email").await?;
    crate::api::redirect_localized(&locale, "/admin");
    Ok(())
}

/// Signs this browser out, or every browser of the account when `everywhere` is set.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out(
    csrf: String,
    locale: String,
    everywhere: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize_change(&state.db, Action::UseAdminArea, &csrf).await?;
    if everywhere.is_some() {
        let ended = crate::ssr::accounts::end_all_sessions(&state.db, user.user_id).await?;
        crate::ssr::accounts::audit(
            &state.db,
            Some(user.user_id),
            "logout_everywhere",
            &format!("user:{}", user.user_id),
            serde_json::json!({ "sessions": ended }),
        )
        .await?;
    } else {
        crate::ssr::accounts::end_session(&state.db, user.session_id).await?;
    }
    crate::ssr::auth::clear_cookie(&state);
    crate::api::redirect_localized(&locale, "/login?signed_out=1");
    Ok(())
}

/// The account page: live sessions and recent sign-ins.
#[server(endpoint = "auth/account")]
pub async fn account() -> Result<AccountView, AppError> {
    use crate::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize(&state.db, Action::UseAdminArea).await?;
    crate::ui::context::set_no_store();
    let time = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    let sessions = crate::ssr::accounts::live_sessions(&state.db, user.user_id)
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
    let recent_logins = crate::ssr::accounts::recent_logins(&state.db, user.user_id, 10)
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

/// The admin start page: the campaigns this user runs (all of them for an admin).
#[server(endpoint = "admin/overview")]
pub async fn admin_overview(locale: crate::domain::Locale) -> Result<AdminStart, AppError> {
    use crate::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize(&state.db, Action::UseAdminArea).await?;
    crate::ui::context::set_no_store();
    let campaigns = crate::ssr::admin::campaigns_for(&state, &user, locale).await?;
    let queue = if user.is_admin() {
        let now = crate::ssr::time::now_ms();
        crate::ssr::authoring::queue(&state, locale)
            .await?
            .into_iter()
            .map(|(slug, title, at)| ReviewItem {
                slug,
                title,
                waiting_hours: (now - at).max(0) / 3_600_000,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AdminStart {
        is_admin: user.is_admin(),
        campaigns,
        queue,
        csrf: user.csrf,
    })
}
