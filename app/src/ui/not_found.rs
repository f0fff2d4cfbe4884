//! The page for an address that leads nowhere (and for campaigns not public).
use crate::i18n::t;
use crate::ui::context::{localized, set_status, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The 404 page, with the status to match.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let locale = use_locale();
    leave_for_other_language();
    view! {
        <Title text=t(locale, "not-found-title") />
        <div class="container page">
            <h1>{t(locale, "not-found-title")}</h1>
            <p>{t(locale, "not-found-text")}</p>
            <p>
                <A href=localized("/")>{t(locale, "not-found-home")}</A>
            </p>
        </div>
    }
}

/// In the browser, the router serves one language: its base is the prefix the page was loaded
/// under (`/ru`), and the page's words are in that language. Should anything send it to an
/// address outside that prefix (a link or redirect to another language, or to an unprefixed
/// path), that is not a missing page: load the address from the server, which renders it in
/// its own language (or sends it under the right prefix).
fn leave_for_other_language() {
    #[cfg(feature = "hydrate")]
    {
        let base = use_context::<crate::ui::context::PageLocale>().and_then(|p| p.base());
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let path = location.pathname.get();
            let inside = match &base {
                Some(base) => path == *base || path.starts_with(&format!("{base}/")),
                None => {
                    let first = path.trim_start_matches('/').split('/').next();
                    !crate::domain::Locale::all().any(|l| Some(l.code()) == first)
                }
            };
            if !inside {
                let search = location.search.get();
                let target = if search.is_empty() {
                    path
                } else {
                    format!("{path}?{search}")
                };
                let _ = window().location().assign(&target);
            }
        });
    }
}
