//! Back from Stripe's checkout: thanks, and what happens next (the event confirms the payment,
//! the receipt follows). Nothing about the donor is on this page or in its address.
use crate::i18n::t;
use crate::ui::context::{localized, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DonationThanksPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    view! {
        <Title text=t(locale, "donate-thanks-title") />
        <div class="container page">
            <h1>{t(locale, "donate-thanks-title")}</h1>
            <p class="lead">{t(locale, "donate-thanks-text")}</p>
            <p><A href=localized(&format!("/funds/{slug}"))>{t(locale, "donate-back")}</A></p>
        </div>
    }
}
