//! Network addresses are never stored. Rate limits need to recognise an address for a while, so
//! it is stored as HMAC-SHA256 under a random salt for the current day (UTC). Each day's salt is a
//! row in `settings`, shared by all processes, and the retention job deletes salts older than a
//! day: after that nobody, not even someone holding every key, can tell which address made an
//! old signature — the hashes cannot be recomputed.
//!
//! The salt sits in the same database as the hashes, so the salted hash is keyed once more with
//! the vault's lookup key, which is kept outside the database: with a copy of the database alone,
//! trying all 2³² IPv4 addresses against a day's salt finds nothing.
use crate::ssr::sql;
use crate::ssr::vault::Vault;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sea_orm::{ConnectionTrait, DbErr};
use sha2::Sha256;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

pub const KEY_PREFIX: &str = "ip-salt:";

/// The vault lookup purpose that keys the salted hash.
const PURPOSE: &str = "network-address";

/// A day (`YYYY-MM-DD`) and its salt.
type DaySalt = (String, Vec<u8>);

/// Today's salt, cached per application.
#[derive(Clone, Default)]
pub struct IpSalts(Arc<Mutex<Option<DaySalt>>>);

impl IpSalts {
    async fn today<C: ConnectionTrait>(&self, db: &C) -> Result<Vec<u8>, DbErr> {
        let day = chrono::Utc::now().format("%Y-%m-%d").to_string();
        if let Ok(guard) = self.0.lock()
            && let Some((d, salt)) = guard.as_ref()
            && *d == day
        {
            return Ok(salt.clone());
        }
        let key = format!("{KEY_PREFIX}{day}");
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let backend = db.get_database_backend();
        // Whichever process comes first sets the day's salt; the others read it.
        db.execute_raw(sql::stmt(
            backend,
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (key) DO NOTHING",
            [
                key.clone().into(),
                B64.encode(fresh).into(),
                chrono::Utc::now().into(),
            ],
        ))
        .await?;
        let row = db
            .query_one_raw(sql::stmt(
                backend,
                "SELECT value FROM settings WHERE key = $1",
                [key.into()],
            ))
            .await?
            .ok_or_else(|| DbErr::Custom("the day's salt vanished".into()))?;
        let salt = B64
            .decode(row.try_get::<String>("", "value")?)
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        if let Ok(mut guard) = self.0.lock() {
            *guard = Some((day, salt.clone()));
        }
        Ok(salt)
    }

    /// The address's hash for today: HMAC(lookup key, HMAC(today's salt, address)), 128 bits.
    pub async fn hash<C: ConnectionTrait>(
        &self,
        db: &C,
        vault: &Vault,
        ip: IpAddr,
    ) -> Result<String, DbErr> {
        let salt = self.today(db).await?;
        Ok(keyed(vault, &salted(&salt, ip)))
    }
}

/// What the database alone allows one to compute: HMAC(salt, address), base64url.
pub fn salted(salt: &[u8], ip: IpAddr) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(salt)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(ip.to_string().as_bytes());
    B64.encode(mac.finalize().into_bytes())
}

/// The stored hash: `salted` keyed with the vault's lookup key, the first 128 bits.
pub fn keyed(vault: &Vault, salted: &str) -> String {
    vault
        .lookup_hash(PURPOSE, salted)
        .chars()
        .take(22)
        .collect()
}
