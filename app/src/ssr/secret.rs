//! Secrets that travel in links and cookies: 32 random bytes, URL-safe base64 for the link or
//! cookie, and only their SHA-256 (hex) in the database, so a copy of the database cannot be
//! used to sign in, confirm or erase anything.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new secret: the raw value to hand out and the hash to store.
pub fn generate() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let raw = B64.encode(bytes);
    let hash = hash(&raw);
    (raw, hash)
}

/// The stored form of a raw secret.
pub fn hash(raw: &str) -> String {
    Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two secrets in time that depends on their length only.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A link or tag naming row `id`: the id and a keyed check of it, `len` characters long
/// (`{id}.{check}`), so there is nothing to store and nothing to guess. `purpose` keeps the
/// links of one kind of row from opening another.
pub fn id_token(vault: &super::vault::Vault, purpose: &str, id: i64, len: usize) -> String {
    let check: String = vault
        .lookup_hash(purpose, &id.to_string())
        .chars()
        .take(len)
        .collect();
    format!("{id}.{check}")
}

/// The id an [`id_token`] names, if its check holds.
pub fn id_of_token(
    vault: &super::vault::Vault,
    purpose: &str,
    raw: &str,
    len: usize,
) -> Option<i64> {
    let (id, _) = raw.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    constant_time_eq(id_token(vault, purpose, id, len).as_bytes(), raw.as_bytes()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_stored_hashed() {
        let (a, ha) = generate();
        let (b, _) = generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, hash(&a));
        assert_eq!(ha.len(), 64);
        assert!(!ha.contains(&a));
    }
}
