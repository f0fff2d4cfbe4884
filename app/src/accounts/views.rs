//! What the account, sign-in and user-management pages show (wire types).
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

/// A way to sign in besides the emailed link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderLink {
    pub name: String,
    pub label: String,
}

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
