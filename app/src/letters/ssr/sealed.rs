//! What a writer typed, sealed by the vault: who they are and what they wrote.
use crate::domain::Locale;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// The vault purposes of the sealed columns.
pub(super) const SENDER_PURPOSE: &str = "letters.sender";
pub(super) const CONTENT_PURPOSE: &str = "letters.content";
pub(super) const EMAIL_HASH_PURPOSE: &str = "letters.email";
pub(super) const SHINGLE_PURPOSE: &str = "letters.shingle";
/// Who wrote a letter (sealed as one value).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Sender {
    pub name: String,
    pub email: String,
    pub town: String,
    pub address: String,
    /// The postcode their representatives were found by (none when the area was picked).
    #[serde(default)]
    pub postcode: String,
    /// The language of the writer's pages: the emails Petrel sends *them* are in it, while the
    /// letter itself is in the language it was written in (`letters.locale`). Empty in letters
    /// written before it was kept: those use the letter's.
    #[serde(default)]
    pub locale: String,
}

impl Sender {
    /// The language to write to this writer in.
    pub fn locale_or(&self, letter: Locale) -> Locale {
        Locale::from_code(&self.locale).unwrap_or(letter)
    }
}

/// What they wrote (sealed as one value).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Content {
    pub subject: String,
    pub body: String,
}

/// `value` as JSON, sealed by the vault for `purpose`.
pub(super) fn seal<T: Serialize>(
    vault: &crate::ssr::vault::Vault,
    purpose: &str,
    value: &T,
) -> Result<String, AppError> {
    let json = serde_json::to_vec(value).map_err(|e| crate::ssr::error::internal("seal", &e))?;
    Ok(vault.seal(purpose, &json))
}

pub(super) fn open<T: for<'de> Deserialize<'de>>(
    vault: &crate::ssr::vault::Vault,
    purpose: &str,
    sealed: &Option<String>,
) -> Result<T, AppError> {
    let bytes = sealed
        .as_deref()
        .and_then(|s| vault.open(purpose, s).ok())
        .ok_or(AppError::NotFound)?;
    // Not the parser's message: it can quote the (personal) value it could not read.
    serde_json::from_slice(&bytes).map_err(|e| {
        tracing::error!(
            purpose,
            line = e.line(),
            column = e.column(),
            "a sealed value does not read"
        );
        AppError::Internal
    })
}
