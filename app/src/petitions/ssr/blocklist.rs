//! Block lists an administrator keeps (`petrel admin block …`): email domains and network
//! ranges whose signatures are accepted as usual but stored as suspect and never counted. Kept
//! in the `settings` table, so every process sees the same lists; each process re-reads them at
//! most every 30 seconds.
use crate::ssr::cache::TtlCache;
use crate::ssr::entities::setting;
use ipnet::IpNet;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::time::Duration;

pub const KEY: &str = "blocklist";
const TTL: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocklist {
    pub email_domains: Vec<String>,
    pub ip_ranges: Vec<IpNet>,
}

impl Blocklist {
    /// Why a signature from `email_domain` and `ip` is blocked, if it is.
    pub fn reason(&self, email_domain: &str, ip: Option<IpAddr>) -> Option<&'static str> {
        let domain = email_domain.to_ascii_lowercase();
        if self
            .email_domains
            .iter()
            .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        {
            return Some("blocked-domain");
        }
        if ip.is_some_and(|ip| self.ip_ranges.iter().any(|r| r.contains(&ip))) {
            return Some("blocked-ip");
        }
        None
    }
}

pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Blocklist, DbErr> {
    Ok(setting::Entity::find_by_id(KEY.to_owned())
        .one(db)
        .await?
        .and_then(|row| serde_json::from_str(&row.value).ok())
        .unwrap_or_default())
}

pub async fn save<C: ConnectionTrait>(db: &C, list: &Blocklist) -> Result<(), DbErr> {
    let value = serde_json::to_string(list).map_err(|e| DbErr::Custom(e.to_string()))?;
    let row = setting::ActiveModel {
        key: Set(KEY.to_owned()),
        value: Set(value),
        updated_at: Set(chrono::Utc::now()),
    };
    if setting::Entity::find_by_id(KEY.to_owned())
        .one(db)
        .await?
        .is_some()
    {
        row.update(db).await?;
    } else {
        row.insert(db).await?;
    }
    Ok(())
}

/// The lists, re-read at most every 30 seconds.
#[derive(Clone)]
pub struct BlocklistCache(TtlCache<(), Blocklist>);

impl Default for BlocklistCache {
    fn default() -> Self {
        Self(TtlCache::new(TTL, 1))
    }
}

impl BlocklistCache {
    pub async fn get<C: ConnectionTrait>(&self, db: &C) -> Result<Blocklist, DbErr> {
        self.0.get_or_load((), || load(db)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_ranges() {
        let list = Blocklist {
            email_domains: vec!["spam.example".into()],
            ip_ranges: vec!["203.0.113.0/24".parse().expect("net")],
        };
        assert_eq!(list.reason("SPAM.example", None), Some("blocked-domain"));
        assert_eq!(list.reason("mx.spam.example", None), Some("blocked-domain"));
        assert_eq!(list.reason("notspam.example", None), None);
        assert_eq!(
            list.reason("ok.org", "203.0.113.9".parse().ok()),
            Some("blocked-ip")
        );
        assert_eq!(list.reason("ok.org", "198.51.100.1".parse().ok()), None);
    }
}
