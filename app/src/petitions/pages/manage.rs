//! From the link in any email about a signature: withdraw it and erase the personal data.
use crate::i18n::t;
use crate::petitions::api::{EraseSignature, managed_signature};
use crate::ui::components::Loading;
use crate::ui::context::{localized, set_no_store, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ManagePage() -> impl IntoView {
    let locale = use_locale();
    set_no_store();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    let lookup = token.clone();
    let found = Resource::new(
        move || lookup.clone(),
        move |tok| managed_signature(tok, locale),
    );
    let action = ServerAction::<EraseSignature>::new();
    view! {
        <Title text=t(locale, "manage-title") />
        <div class="container page">
            <h1>{t(locale, "manage-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match found.await {
                            Ok(Some(m)) => view! {
                                <p class="lead">{t(locale, "manage-intro")}</p>
                                <p><strong>{m.campaign_title.clone()}</strong></p>
                                <p>{t(locale, if m.confirmed { "manage-confirmed" } else { "manage-pending" })}</p>
                                <p>{t(locale, "manage-erase-explained")}</p>
                                {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
                                    <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
                                })}
                                <ActionForm action=action attr:class="form">
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <input type="hidden" name="token" value=token />
                                    <button type="submit" class="button">{t(locale, "manage-erase-button")}</button>
                                </ActionForm>
                                <p><A href=localized(&format!("/campaigns/{}", m.campaign_slug))>{t(locale, "back-to-campaign")}</A></p>
                            }.into_any(),
                            _ => view! { <p class="lead">{t(locale, "manage-gone")}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn ErasedPage() -> impl IntoView {
    let locale = use_locale();
    set_no_store();
    view! {
        <Title text=t(locale, "erased-title") />
        <div class="container page">
            <h1>{t(locale, "erased-title")}</h1>
            <p class="lead">{t(locale, "erased-text")}</p>
            <p><A href=localized("/")>{t(locale, "not-found-home")}</A></p>
        </div>
    }
}
