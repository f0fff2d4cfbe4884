//! What the server decided about a request before Leptos renders it: the language, and the URL
//! prefix (`/ru`) that the router must treat as its base. Set by the server's locale middleware
//! as a request extension.
use crate::domain::Locale;

#[derive(Debug, Clone)]
pub struct RequestLocale {
    pub locale: Locale,
    /// `Some("/ru")` when the URL carried a language prefix.
    pub base: Option<String>,
}
