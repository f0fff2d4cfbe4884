//! Single-use link tokens for signers (see `ssr::secret`: random in the link, only the SHA-256
//! in the database).
use crate::ssr::entities::token;
use crate::ssr::time::now_ms;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

pub const CONFIRM: &str = "confirm";
pub const MANAGE: &str = "manage";
/// Confirmation links work for a week.
pub const CONFIRM_TTL_MS: i64 = 7 * 24 * 3600 * 1000;
/// Links to withdraw and erase work until the signature is gone.
pub const MANAGE_TTL_MS: i64 = 10 * 365 * 24 * 3600 * 1000;

pub use crate::ssr::secret::hash;

/// Creates one token for `signature_id` per `(purpose, lifetime in ms, sealed payload)`, in one
/// statement; returns the raw values for the links, in the same order.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    signature_id: i64,
    purposes: &[(&str, i64, Option<String>)],
) -> Result<Vec<String>, DbErr> {
    let now = now_ms();
    let mut raws = Vec::with_capacity(purposes.len());
    let mut rows = Vec::with_capacity(purposes.len());
    for (purpose, ttl_ms, payload) in purposes {
        let (raw, hash) = crate::ssr::secret::generate();
        rows.push(token::ActiveModel {
            token_hash: Set(hash),
            signature_id: Set(signature_id),
            purpose: Set((*purpose).to_owned()),
            expires_at: Set(now + ttl_ms),
            used_at: Set(None),
            payload_sealed: Set(payload.clone()),
            ..Default::default()
        });
        raws.push(raw);
    }
    if !rows.is_empty() {
        token::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(raws)
}
