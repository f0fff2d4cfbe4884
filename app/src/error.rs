//! The one application error type. Server functions return it; pages turn it into a message in
//! the reader's language and the right HTTP status. Internal causes are logged on the server
//! (with their whole chain) and never sent to the browser.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field name → translation keys of what is wrong with it.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Collects what is wrong with a submitted form, field by field, so that every problem is told
/// at once: the one way forms are checked before anything is stored.
#[derive(Debug, Default)]
pub struct FormErrors(FieldErrors);

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// Notes `key` (a translation key) against `field`.
    pub fn add(&mut self, field: &str, key: &str) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(key.to_owned());
    }

    /// The parsed value, or `None` with its error's key noted against `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, &'static str>) -> Option<T> {
        parsed.map_err(|key| self.add(field, key)).ok()
    }

    /// Notes `key` against `field` unless `ok`.
    pub fn require(&mut self, ok: bool, field: &str, key: &str) {
        if !ok {
            self.add(field, key);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }

    /// `Ok` when nothing was noted, else the validation error with everything noted.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

impl From<FormErrors> for AppError {
    fn from(errors: FormErrors) -> AppError {
        AppError::Validation(errors.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("conflict")]
    Conflict,
    #[error("rate limited")]
    RateLimited,
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// A validation error on one field (`form` for the form as a whole), as a translation key.
    pub fn field(field: &str, key: &str) -> AppError {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_owned(), vec![key.to_owned()]);
        AppError::Validation(errors)
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict => 409,
            AppError::RateLimited => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// The translation key of the sentence shown to the user.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::Validation(_) => "error-validation",
            AppError::Conflict => "error-conflict",
            AppError::RateLimited => "error-rate-limited",
            AppError::Internal => "error-internal",
            AppError::Transport(_) => "error-transport",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request's arguments could not be read: the sender's mistake, not ours.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::Validation(FieldErrors::new())
            }
            // On the server this means the request body was unreadable (say, not UTF-8); in
            // the browser, that the server's answer was.
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => {
                AppError::Validation(FieldErrors::new())
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}
