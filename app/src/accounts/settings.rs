//! The `auth` settings of `petrel.toml` and how the session cookie is made from them.
use serde::{Deserialize, Serialize};

/// How long sessions last, from the `auth` settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    pub idle_minutes: u32,
    /// A session ends this long after sign-in, however active.
    pub max_hours: u32,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            idle_minutes: 240,
            max_hours: 168,
        }
    }
}

/// How sessions and their cookie work here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    pub sessions: SessionSettings,
    /// Served over https: the cookie is `Secure` and `__Host-` prefixed. Plain http is only
    /// for development on this machine, where browsers refuse `Secure` cookies from http.
    pub secure_cookie: bool,
    /// OpenID Connect providers offered on the sign-in page: name (in URLs) and label.
    pub providers: Vec<(String, String)>,
}

impl AuthConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookie {
            "__Host-petrel_session"
        } else {
            "petrel_session"
        }
    }

    /// The `Set-Cookie` value that starts a session in this browser.
    pub fn set_cookie(&self, raw: &str) -> String {
        format!(
            "{}={raw}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
            self.cookie_name(),
            u64::from(self.sessions.max_hours) * 3600,
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }

    /// The `Set-Cookie` value that removes it.
    pub fn clear_cookie(&self) -> String {
        format!(
            "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
            self.cookie_name(),
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }
}
