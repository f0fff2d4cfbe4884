//! A token in the signing form that says when the form was served, signed with the vault's
//! lookup key so a bot cannot forge an old one. Forms submitted sooner than a person could fill
//! them, or with a missing or forged token, are accepted and marked suspect. A form older than
//! [`MAX_AGE_MS`] has expired: the person is asked to send it again (the page keeps what they
//! typed and carries a fresh token), so one token cannot be replayed for ever.
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use std::sync::{Arc, Mutex};

const PURPOSE: &str = "form-token";

/// How long a served form may be sent: a day.
pub const MAX_AGE_MS: i64 = 24 * 3600 * 1000;

/// Whether a form served `age` milliseconds ago has expired.
pub fn expired(age: Option<i64>) -> bool {
    age.is_some_and(|age| age > MAX_AGE_MS)
}

/// The tokens one page render issued. The server's page cache reads them, so that a page it
/// reuses carries a token of its own serving time, as an uncached page would.
#[derive(Clone, Default)]
pub struct Issued(Arc<Mutex<Vec<String>>>);

impl Issued {
    pub fn tokens(&self) -> Vec<String> {
        self.0.lock().map(|t| t.clone()).unwrap_or_default()
    }
}

/// A token for a form served now; recorded in the render's [`Issued`], if there is one.
pub fn issue(vault: &Vault) -> String {
    let token = issue_at(vault, now_ms());
    if let Some(issued) = leptos::prelude::use_context::<Issued>()
        && let Ok(mut tokens) = issued.0.lock()
    {
        tokens.push(token.clone());
    }
    token
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
