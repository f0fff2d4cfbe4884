//! A token in the signing form that says when the form was served, signed with the vault's
//! lookup key so a bot cannot forge an old one. Forms submitted sooner than a person could fill
//! them, or with a missing or forged token, are accepted and marked suspect.
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;

const PURPOSE: &str = "form-token";

pub fn issue(vault: &Vault) -> String {
    issue_at(vault, now_ms())
}

/// A token as if the form had been served at `issued` (milliseconds since the epoch).
pub fn issue_at(vault: &Vault, issued: i64) -> String {
    format!(
        "{issued}.{}",
        &vault.lookup_hash(PURPOSE, &issued.to_string())[..16]
    )
}

/// Milliseconds since the form was served, if the token is genuine.
pub fn age_ms(vault: &Vault, token: &str) -> Option<i64> {
    let (time, tag) = token.split_once('.')?;
    let issued: i64 = time.parse().ok()?;
    let expected = vault.lookup_hash(PURPOSE, &issued.to_string());
    (expected.get(..16) == Some(tag)).then(|| now_ms() - issued)
}
