//! Organizer and admin accounts: invitations, emailed sign-in links, server-side sessions and
//! the audit log. Accounts are a target for anyone who wants signers' data, so: addresses are
//! sealed, every secret in a link or cookie is stored only as its SHA-256, links are single use
//! and short-lived, sessions have an idle and an absolute timeout, and every sign-in is audited.
pub mod auth;
pub mod manage;

pub use crate::accounts::settings::{AuthConfig, SessionSettings};
use crate::domain::{Email, Locale};
use crate::ssr::entities::{audit, email, login_link, session, user};
use crate::ssr::jobs::{self, Job};
use crate::ssr::outbox::{self, Template};
use crate::ssr::secret;
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};

pub const ADMIN: &str = "admin";
pub const ORGANIZER: &str = "organizer";

const EMAIL_HASH_PURPOSE: &str = "user.email";
pub const EMAIL_SEAL_PURPOSE: &str = "users.email";

/// Sign-in links work for a quarter of an hour.
pub const LINK_TTL_MS: i64 = 15 * 60 * 1000;
/// At most this many sign-in links asked for one address per link lifetime.
pub const MAX_LINKS: i64 = 5;

/// The signed-in user of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    pub user_id: i64,
    pub role: String,
    pub session_id: i64,
    /// Proves a form came from one of this session's pages (see [`csrf_token`]).
    pub csrf: String,
}

impl Authenticated {
    pub fn is_admin(&self) -> bool {
        self.role == ADMIN
    }
}

fn email_hash(vault: &Vault, email: &Email) -> String {
    vault.lookup_hash(EMAIL_HASH_PURPOSE, &email.normalised())
}

/// Creates the account for `email` with `role`, or gives an existing one that role; returns its
/// id and whether it is new.
pub async fn add_user<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    email: &Email,
    role: &str,
    invited_by: Option<i64>,
) -> Result<(i64, bool), DbErr> {
    // Writes come first (insert, else update): inside a SQLite transaction, a read before the
    // first write can fail to take the write lock when another writer got in between.
    let hash = email_hash(vault, email);
    let backend = db.get_database_backend();
    let inserted = db
        .query_one_raw(sql::stmt(
            backend,
            "INSERT INTO users (email_hash, email_sealed, role, state, invited_by, created_at) \
             VALUES ($1, $2, $3, 'active', $4, $5) ON CONFLICT (email_hash) DO NOTHING RETURNING id",
            [
                hash.clone().into(),
                vault
                    .seal_str(EMAIL_SEAL_PURPOSE, email.as_str())
                    .into(),
                role.into(),
                invited_by.into(),
                now_ms().into(),
            ],
        ))
        .await?;
    if let Some(row) = inserted {
        return Ok((row.try_get("", "id")?, true));
    }
    let updated = db
        .query_one_raw(sql::stmt(
            backend,
            "UPDATE users SET role = $1, state = 'active' WHERE email_hash = $2 RETURNING id",
            [role.into(), hash.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("user".into()))?;
    Ok((updated.try_get("", "id")?, false))
}

/// The address of an account, opened from the vault (empty if it cannot be).
pub fn email_of(vault: &Vault, u: &user::Model) -> String {
    u.email_sealed
        .as_deref()
        .and_then(|s| vault.open_str(EMAIL_SEAL_PURPOSE, s).ok())
        .unwrap_or_default()
}

/// The account of `email` in any state, if there is one.
pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    email: &Email,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::EmailHash.eq(email_hash(vault, email)))
        .one(db)
        .await
}

/// The active account of `email`, if there is one.
pub async fn find_active<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    email: &Email,
) -> Result<Option<user::Model>, DbErr> {
    Ok(find_by_email(db, vault, email)
        .await?
        .filter(|u| u.state == "active"))
}

/// Signs `user_id` in: a new session with a new token (the browser's `previous` session, if
/// any, ends, so a token planted before sign-in is worth nothing after it) and an audit entry.
/// Returns the raw token for the cookie.
pub async fn sign_in<C: ConnectionTrait>(
    db: &C,
    auth: &AuthConfig,
    user_id: i64,
    method: &str,
    agent: &str,
    previous: Option<i64>,
) -> Result<String, DbErr> {
    if let Some(previous) = previous {
        end_session(db, previous).await?;
    }
    let raw = start_session(db, &auth.sessions, user_id, method, agent).await?;
    audit(
        db,
        Some(user_id),
        "login",
        &format!("user:{user_id}"),
        serde_json::json!({ "method": method, "agent": agent }),
    )
    .await?;
    tracing::info!(user = user_id, method, "signed in");
    Ok(raw)
}

/// What became of a request for a sign-in link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRequest {
    /// Emailed if the address has an active account, nothing otherwise: the same to the asker.
    Accepted,
    /// More than [`MAX_LINKS`] requests for this address within a link's lifetime: the asker is
    /// told to wait. Counted per address asked for, account or not, so the answer reveals
    /// nothing about who has an account.
    TooMany,
}

const LOGIN_REQUEST_PURPOSE: &str = "login.request";

/// Takes a request for a sign-in link. The request does the same work whether or not the
/// address has an account — it counts the request, seals the address into a held email and
/// queues an [`IssueLoginLink`] job — so neither the answer nor the time it takes tells an
/// asker who has an account. The worker makes the link, or drops the email.
pub async fn send_login_link(
    db: &sea_orm::DatabaseConnection,
    vault: &Vault,
    email: &Email,
    locale: Locale,
) -> Result<LinkRequest, DbErr> {
    let now = now_ms();
    let since = now - LINK_TTL_MS;
    let backend = db.get_database_backend();
    let address = vault.lookup_hash(LOGIN_REQUEST_PURPOSE, &email.normalised());
    // Requests are kept only as long as they count.
    db.execute_raw(sql::stmt(
        backend,
        "DELETE FROM login_requests WHERE created_at <= $1",
        [since.into()],
    ))
    .await?;
    let recent = db
        .query_one_raw(sql::stmt(
            backend,
            "SELECT COUNT(*) AS n FROM login_requests WHERE email_hash = $1 AND created_at > $2",
            [address.clone().into(), since.into()],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    if recent >= MAX_LINKS {
        return Ok(LinkRequest::TooMany);
    }
    let txn = db.begin().await?;
    txn.execute_raw(sql::stmt(
        backend,
        "INSERT INTO login_requests (email_hash, created_at) VALUES ($1, $2)",
        [address.into(), now.into()],
    ))
    .await?;
    let email_id = outbox::hold(
        &txn,
        vault,
        Template::LoginLink,
        locale,
        email,
        serde_json::Map::new(),
    )
    .await?;
    jobs::enqueue(&txn, &IssueLoginLink { email_id }).await?;
    txn.commit().await?;
    Ok(LinkRequest::Accepted)
}

/// Makes the sign-in link a request asked for, in the worker: the held email (see
/// [`send_login_link`]) goes out with a fresh link if its address has an active account, and is
/// deleted otherwise.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct IssueLoginLink {
    pub email_id: i64,
}

impl Job for IssueLoginLink {
    const KIND: &'static str = "issue_login_link";
}

/// Why a link could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The held email does not open: trying again will not help.
    #[error(transparent)]
    Unreadable(#[from] outbox::OpenError),
}

/// Runs an [`IssueLoginLink`]. Idempotent: a held email that already carries its link was
/// issued by an earlier run.
pub async fn issue_login_link(
    db: &sea_orm::DatabaseConnection,
    vault: &Vault,
    email_id: i64,
) -> Result<(), IssueError> {
    let Some(row) = email::Entity::find_by_id(email_id).one(db).await? else {
        return Ok(());
    };
    let held = match outbox::open(vault, &row) {
        Ok(held) if held.params.contains_key(LOGIN_PATH) => return Ok(()),
        Ok(held) => held,
        // Sent already.
        Err(outbox::OpenError::Empty) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let user = find_active(db, vault, &held.to).await?;
    let txn = db.begin().await?;
    match user {
        None => {
            email::Entity::delete_by_id(email_id).exec(&txn).await?;
        }
        Some(u) => {
            let now = now_ms();
            let (raw, hash) = secret::generate();
            login_link::ActiveModel {
                token_hash: Set(hash),
                user_id: Set(u.id),
                created_at: Set(now),
                expires_at: Set(now + LINK_TTL_MS),
                used_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let mut params = held.params;
            params.insert(LOGIN_PATH.into(), format!("/login/link?token={raw}").into());
            outbox::release(&txn, vault, row, &held.to, params).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The template parameter that carries the link.
const LOGIN_PATH: &str = "login_path";

/// Whether a sign-in link can still be used, without using it.
pub async fn login_link_valid<C: ConnectionTrait>(db: &C, raw: &str) -> Result<bool, DbErr> {
    Ok(login_link::Entity::find()
        .filter(login_link::Column::TokenHash.eq(secret::hash(raw)))
        .filter(login_link::Column::UsedAt.is_null())
        .filter(login_link::Column::ExpiresAt.gt(now_ms()))
        .one(db)
        .await?
        .is_some())
}

/// Uses a sign-in link: the account it signs in, if the link was unused and unexpired. The
/// conditional update makes it single-use even when pressed twice at once.
pub async fn use_login_link<C: ConnectionTrait>(db: &C, raw: &str) -> Result<Option<i64>, DbErr> {
    let now = now_ms();
    let row = db
        .query_one_raw(sql::stmt(
            db.get_database_backend(),
            "UPDATE login_links SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
            [now.into(), secret::hash(raw).into()],
        ))
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let user_id: i64 = row.try_get("", "user_id")?;
    let active = user::Entity::find_by_id(user_id)
        .filter(user::Column::State.eq("active"))
        .one(db)
        .await?;
    Ok(active.map(|u| u.id))
}

/// Starts a session for `user_id`; returns the raw token for the cookie.
pub async fn start_session<C: ConnectionTrait>(
    db: &C,
    settings: &SessionSettings,
    user_id: i64,
    method: &str,
    agent: &str,
) -> Result<String, DbErr> {
    let now = now_ms();
    let (raw, hash) = secret::generate();
    session::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        method: Set(method.to_owned()),
        agent: Set(agent.chars().take(80).collect()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + i64::from(settings.max_hours) * 3_600_000),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, now.into())
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(raw)
}

/// The signed-in user behind a session cookie's token, if the session is live. Refreshes the
/// session's last use at most once a minute.
pub async fn resolve_session<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    settings: &SessionSettings,
    raw: &str,
) -> Result<Option<Authenticated>, DbErr> {
    let now = now_ms();
    let Some(s) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(secret::hash(raw)))
        .filter(session::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let idle_ms = i64::from(settings.idle_minutes) * 60_000;
    if s.expires_at <= now || s.last_seen_at + idle_ms <= now {
        return Ok(None);
    }
    let Some(u) = user::Entity::find_by_id(s.user_id)
        .filter(user::Column::State.eq("active"))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if now - s.last_seen_at > 60_000 {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, now.into())
            .filter(session::Column::Id.eq(s.id))
            .exec(db)
            .await?;
    }
    Ok(Some(Authenticated {
        user_id: u.id,
        role: u.role,
        session_id: s.id,
        csrf: csrf_token(vault, raw),
    }))
}

/// The anti-forgery token of a session: derived from its secret, so it needs no storage, and
/// useless to anyone who does not already hold the session cookie.
pub fn csrf_token(vault: &Vault, session_raw: &str) -> String {
    vault.lookup_hash("session.csrf", session_raw)[..32].to_owned()
}

/// Ends one session (sign out).
pub async fn end_session<C: ConnectionTrait>(db: &C, session_id: i64) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, now_ms().into())
        .filter(session::Column::Id.eq(session_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of `user_id` (sign out everywhere); returns how many were live.
pub async fn end_all_sessions<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<u64, DbErr> {
    Ok(session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, now_ms().into())
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// A user's sessions that are still live, newest first.
pub async fn live_sessions<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
) -> Result<Vec<session::Model>, DbErr> {
    let now = now_ms();
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await
}

/// The user's latest sign-ins (time, method, browser), newest first.
pub async fn recent_logins<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    limit: u64,
) -> Result<Vec<(i64, String, String)>, DbErr> {
    use sea_orm::QuerySelect;
    Ok(audit::Entity::find()
        .filter(audit::Column::ActorId.eq(user_id))
        .filter(audit::Column::Action.eq("login"))
        .order_by_desc(audit::Column::At)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            let detail: serde_json::Value = serde_json::from_str(&a.detail).unwrap_or_default();
            let get = |k: &str| detail[k].as_str().unwrap_or_default().to_owned();
            (a.at, get("method"), get("agent"))
        })
        .collect())
}

/// Writes an entry to the audit log.
pub async fn audit<C: ConnectionTrait>(
    db: &C,
    actor: Option<i64>,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    audit::ActiveModel {
        at: Set(now_ms()),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        target: Set(target.to_owned()),
        detail: Set(detail.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A short, non-identifying description of a browser from its User-Agent, for the account page.
pub fn describe_agent(user_agent: &str) -> String {
    let ua = user_agent.to_ascii_lowercase();
    let browser = [
        ("edg/", "Edge"),
        ("firefox/", "Firefox"),
        ("chromium/", "Chromium"),
        ("chrome/", "Chrome"),
        ("safari/", "Safari"),
    ]
    .into_iter()
    .find(|(needle, _)| ua.contains(needle))
    .map_or("Browser", |(_, name)| name);
    let system = [
        ("android", "Android"),
        ("iphone", "iOS"),
        ("ipad", "iOS"),
        ("windows", "Windows"),
        ("mac os", "macOS"),
        ("linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser}, {system}"),
        None => browser.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_agent;

    #[test]
    fn agents_are_described_briefly() {
        assert_eq!(
            describe_agent(
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
            ),
            "Firefox, Linux"
        );
        assert_eq!(
            describe_agent(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36"
            ),
            "Chrome, Linux"
        );
        assert_eq!(describe_agent("curl/8"), "Browser");
    }
}
