//! What a server function or a page being rendered sets on its response: not to be stored by
//! caches, and where a form redirects afterwards.

/// Marks the response as not to be stored by caches (pages and data that follow a form or are
/// personal).
pub fn no_store() {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}

/// After a form: sends the browser to `path` under the prefix of the form's language
/// (`locale` as the form sent it; an unknown one means no prefix).
pub fn redirect_localized(locale: &str, path: &str) {
    let prefix = crate::domain::Locale::prefix_of(locale);
    leptos_axum::redirect(&format!("{prefix}{path}"));
}
