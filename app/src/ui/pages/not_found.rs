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
