//! Server functions for site-wide things (the operator's details) and the one way a form
//! redirects afterwards. Each feature keeps its own in its folder (`letters::api`, …).
pub mod site;

/// After a form: sends the browser to `path` under the prefix of the form's language
/// (`locale` as the form sent it; an unknown one means no prefix).
#[cfg(feature = "ssr")]
pub(crate) fn redirect_localized(locale: &str, path: &str) {
    let prefix = crate::domain::Locale::prefix_of(locale);
    leptos_axum::redirect(&format!("{prefix}{path}"));
}
