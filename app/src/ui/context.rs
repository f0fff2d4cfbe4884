//! The page's language, decided by the server (URL prefix, then cookie, then Accept-Language)
//! and read back by the browser from `<html lang>` and the URL when it hydrates.
use crate::domain::Locale;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLocale {
    pub locale: Locale,
    /// Whether the URL carries the language prefix (`/ru/…`), which the router treats as base.
    pub prefixed: bool,
}

impl PageLocale {
    pub fn base(self) -> Option<String> {
        self.prefixed.then(|| self.locale.prefix())
    }

    #[cfg(feature = "ssr")]
    pub fn detect() -> PageLocale {
        use crate::ssr::request::RequestLocale;
        let found = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<RequestLocale>().cloned());
        match found {
            Some(r) => PageLocale {
                locale: r.locale,
                prefixed: r.base.is_some(),
            },
            None => PageLocale {
                locale: Locale::DEFAULT,
                prefixed: false,
            },
        }
    }

    #[cfg(not(feature = "ssr"))]
    pub fn detect() -> PageLocale {
        let html_lang = document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_default();
        let locale = Locale::from_code(&html_lang).unwrap_or_default();
        let path = window().location().pathname().unwrap_or_default();
        let first = path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        PageLocale {
            locale,
            prefixed: first == locale.code(),
        }
    }
}

/// `path` under the page's language prefix when the page has one: `/privacy` on a `/ru/…` page
/// is `/ru/privacy`. Every internal link goes through this, so a reader stays in the language
/// the URL chose.
pub fn localized(path: &str) -> String {
    match use_context::<PageLocale>().and_then(PageLocale::base) {
        Some(base) if path == "/" => format!("{base}/"),
        Some(base) => format!("{base}{path}"),
        None => path.to_owned(),
    }
}

/// The language of the page being rendered.
pub fn use_locale() -> Locale {
    use_context::<PageLocale>()
        .map(|p| p.locale)
        .unwrap_or_default()
}

/// Sets the HTTP status of the page being rendered on the server; does nothing in the browser.
pub fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_code),
    ) {
        res.set_status(code);
    }
}

/// The value of `name` in the page's query string (read once, not tracked), or `None`.
pub fn query_param(name: &str) -> Option<String> {
    leptos_router::hooks::use_query_map()
        .read_untracked()
        .get(name)
}

/// `path` as a full URL on this site, for links that leave it (share links, emails).
pub fn absolute_url(path: &str) -> String {
    #[cfg(feature = "ssr")]
    let base = use_context::<crate::ssr::state::AppState>()
        .map(|s| s.public_url.to_string())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let base = window().location().origin().unwrap_or_default();
    format!("{}{}", base.trim_end_matches('/'), path)
}

/// Marks the page being rendered as not to be stored by caches (pages that follow a form).
pub fn set_no_store() {
    #[cfg(feature = "ssr")]
    crate::ssr::response::no_store();
}

/// Lets shared caches keep the page for `max_age` seconds and serve it stale while refreshing
/// for `stale` more; not for pages answering a form (those are `no-store`).
pub fn set_public_cache(_max_age: u32, _stale: u32) {
    #[cfg(feature = "ssr")]
    if use_context::<crate::form_echo::FormEcho>().is_none()
        && let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(&format!(
            "public, max-age={_max_age}, stale-while-revalidate={_stale}"
        ))
    {
        res.insert_header(http::header::CACHE_CONTROL, value);
    }
}
