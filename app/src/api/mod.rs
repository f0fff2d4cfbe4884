//! Server functions, grouped by area. Each has a stable endpoint name so forms posted without
//! JavaScript and tests can address it.
pub mod admin;
pub mod authoring;
pub mod campaigns;
pub mod site;

/// After a form: sends the browser to `path` under the prefix of the form's language
/// (`locale` as the form sent it; an unknown one means no prefix).
#[cfg(feature = "ssr")]
pub(crate) fn redirect_localized(locale: &str, path: &str) {
    let prefix = crate::domain::Locale::prefix_of(locale);
    leptos_axum::redirect(&format!("{prefix}{path}"));
}
