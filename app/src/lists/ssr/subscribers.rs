//! Subscribers: one row per address. The address and name are sealed; the keyed hash of the
//! normalised address keeps one row per person. Each subscriber's links (unsubscribe,
//! preferences) carry a secret derived from a random salt under the vault's lookup key: the
//! sender computes it for every message without storing it, the database holds only its hash
//! (a copy of the database cannot unsubscribe or erase anyone), and a new salt revokes every
//! old link.
use crate::domain::{Email, Locale};
use crate::ssr::entities::subscriber;
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The vault purposes of the sealed columns and the address hash.
pub const EMAIL_PURPOSE: &str = "subscribers.email";
pub const NAME_PURPOSE: &str = "subscribers.name";
pub const HASH_PURPOSE: &str = "subscriber.email";
const LINK_PURPOSE: &str = "subscribers.link";

/// Who joins a list.
#[derive(Debug, Clone)]
pub struct Person {
    pub email: Email,
    /// Empty when not given.
    pub name: String,
    pub locale: Locale,
    /// ISO 3166 code, or empty.
    pub country: String,
}

/// The secret in the links of the subscriber whose salt is `salt`.
pub fn link_token(vault: &Vault, salt: &str) -> String {
    vault
        .lookup_hash(LINK_PURPOSE, salt)
        .chars()
        .take(40)
        .collect()
}

/// The secret in `s`'s links.
pub fn token_of(vault: &Vault, s: &subscriber::Model) -> String {
    link_token(vault, &s.token_salt)
}

/// A new subscriber's salt and the hash of its links' secret, as stored.
pub fn new_link(vault: &Vault) -> (String, String) {
    let salt = crate::ssr::secret::generate().0;
    let hash = crate::ssr::secret::hash(&link_token(vault, &salt));
    (salt, hash)
}

/// The subscriber a link's secret belongs to.
pub async fn by_token<C: ConnectionTrait>(
    db: &C,
    raw: &str,
) -> Result<Option<subscriber::Model>, DbErr> {
    if raw.is_empty() || raw.len() > 100 {
        return Ok(None);
    }
    subscriber::Entity::find()
        .filter(subscriber::Column::TokenHash.eq(crate::ssr::secret::hash(raw)))
        .one(db)
        .await
}

pub fn email_hash(vault: &Vault, email: &Email) -> String {
    vault.lookup_hash(HASH_PURPOSE, &email.normalised())
}

/// The subscriber with `person`'s address, created if there is none. An existing subscriber's
/// name and language are kept: anyone can type an address into a form, and only its owner's
/// own link (the preferences page) changes what is kept about them.
pub async fn find_or_create<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    person: &Person,
) -> Result<subscriber::Model, DbErr> {
    let hash = email_hash(vault, &person.email);
    if let Some(s) = by_hash(db, &hash).await? {
        return Ok(s);
    }
    let (salt, token_hash) = new_link(vault);
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(
        backend,
        "INSERT INTO subscribers (email_hash, email_sealed, name_sealed, locale, country, \
         token_salt, token_hash, soft_bounces, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) ON CONFLICT (email_hash) DO NOTHING",
        [
            hash.clone().into(),
            vault.seal_str(EMAIL_PURPOSE, person.email.as_str()).into(),
            (!person.name.is_empty())
                .then(|| vault.seal_str(NAME_PURPOSE, &person.name))
                .into(),
            person.locale.code().into(),
            person.country.clone().into(),
            salt.into(),
            token_hash.into(),
            now_ms().into(),
        ],
    ))
    .await?;
    // Ours, or another request's that created it first.
    by_hash(db, &hash)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("subscriber just written".into()))
}

async fn by_hash<C: ConnectionTrait>(
    db: &C,
    hash: &str,
) -> Result<Option<subscriber::Model>, DbErr> {
    subscriber::Entity::find()
        .filter(subscriber::Column::EmailHash.eq(hash))
        .one(db)
        .await
}

/// A subscriber's address.
pub fn email_of(vault: &Vault, s: &subscriber::Model) -> Option<Email> {
    let raw = vault.open_str(EMAIL_PURPOSE, &s.email_sealed).ok()?;
    Email::parse(&raw).ok()
}

/// A subscriber's name, or empty.
pub fn name_of(vault: &Vault, s: &subscriber::Model) -> String {
    s.name_sealed
        .as_deref()
        .and_then(|n| vault.open_str(NAME_PURPOSE, n).ok())
        .unwrap_or_default()
}
