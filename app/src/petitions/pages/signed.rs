//! After signing: check your inbox for the confirmation link.
use crate::i18n::t;
use crate::ui::context::{localized, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// After signing: the same page whether or not the address had signed before.
#[component]
pub fn SignedPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "signed-title") />
        <div class="container page">
            <h1>{t(locale, "signed-title")}</h1>
            <p class="lead">{t(locale, "signed-text")}</p>
            <p>{t(locale, "signed-spam")}</p>
            <p><A href=localized(&format!("/campaigns/{slug}"))>{t(locale, "back-to-campaign")}</A></p>
        </div>
    }
}
