//! Small pieces shared by pages.
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::context::{set_status, use_locale};
use crate::ui::pages::not_found::NotFound;
use leptos::prelude::*;

/// What a page shows when its data could not be loaded; a missing thing is the 404 page.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let locale = use_locale();
    if error == AppError::NotFound {
        return view! { <NotFound /> }.into_any();
    }
    set_status(error.status());
    view! {
        <div class="container page">
            <h1>{t(locale, "error-title")}</h1>
            <p role="alert">{t(locale, error.message_key())}</p>
        </div>
    }
    .into_any()
}

/// Shown while data loads in the browser (server-rendered pages arrive complete).
#[component]
pub fn Loading() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="container loading" aria-live="polite">{t(locale, "loading")}</p> }
}
