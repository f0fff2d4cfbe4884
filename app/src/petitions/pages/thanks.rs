//! After confirming: thanks, and a way to share the campaign.
use crate::campaigns::pages::chip_in::ChipIn;
use crate::i18n::t;
use crate::ui::components::ShareLinks;
use crate::ui::context::{localized, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// After confirming: thanks, and what to do next (share it).
#[component]
pub fn ThanksPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let path = localized(&format!("/campaigns/{slug}"));
    view! {
        <Title text=t(locale, "thanks-title") />
        <div class="container page">
            <h1>{t(locale, "thanks-title")}</h1>
            <p class="lead">{t(locale, "thanks-text")}</p>
            <h2>{t(locale, "thanks-share")}</h2>
            <ShareLinks slug=slug.clone() />
            <ChipIn slug=slug />
            <p><A href=path>{t(locale, "back-to-campaign")}</A></p>
        </div>
    }
}
