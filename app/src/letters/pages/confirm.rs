//! Where the emailed confirmation link leads (a button confirms, a link alone never does) and
//! "your letter is on its way".
use super::manage::Deliveries;
use crate::campaigns::pages::chip_in::ChipIn;
use crate::i18n::{Arg, t, t_with};
use crate::letters::api::{ConfirmLetter, check_letter_link, manage_letter};
use crate::ui::components::Loading;
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Where the emailed link leads: a button confirms (a link alone never does).
#[component]
pub fn LetterConfirmPage() -> impl IntoView {
    let locale = use_locale();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    let for_check = token.clone();
    let link = Resource::new(
        move || for_check.clone(),
        move |t| check_letter_link(t, locale),
    );
    let action = ServerAction::<ConfirmLetter>::new();
    view! {
        <Title text=t(locale, "letter-confirm-title") />
        <div class="container page">
            <h1>{t(locale, "letter-confirm-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(c) if c.link == "valid" => view! {
                                <p class="lead">{t_with(locale, "letter-confirm-text", &[("campaign", Arg::Str(&c.campaign))])}</p>
                                {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
                                    <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
                                })}
                                <ActionForm action=action attr:class="form">
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <input type="hidden" name="token" value=token />
                                    <button type="submit" class="button">{t(locale, "letter-confirm-button")}</button>
                                </ActionForm>
                            }.into_any(),
                            Ok(c) if c.link == "done" => view! {
                                <p class="lead">{t(locale, "letter-confirm-done")}</p>
                                <p><A href=localized(&format!("/campaigns/{}", c.slug))>{t(locale, "back-to-campaign")}</A></p>
                            }.into_any(),
                            _ => view! { <p class="lead">{t(locale, "letter-confirm-invalid")}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// After confirming: the letter is on its way.
#[component]
pub fn LetterConfirmedPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    crate::ui::context::set_no_store();
    let letter = crate::ui::context::query_param("letter").unwrap_or_default();
    let data = Resource::new(
        move || letter.clone(),
        move |t| async move {
            if t.is_empty() {
                None
            } else {
                manage_letter(t, locale).await.ok()
            }
        },
    );
    view! {
        <Title text=t(locale, "letter-confirmed-title") />
        <div class="container page">
            <h1>{t(locale, "letter-confirmed-title")}</h1>
            <p class="lead">{t(locale, "letter-confirmed-text")}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    data.await.map(|m| view! {
                        <Deliveries m=m.clone() />
                        <p><A href=localized(&format!("/letters/manage?token={}", m.token))>{t(locale, "letter-page-link")}</A></p>
                    })
                })}
            </Suspense>
            <ChipIn slug=slug.clone() />
            <p><A href=localized(&format!("/campaigns/{slug}"))>{t(locale, "back-to-campaign")}</A></p>
        </div>
    }
}
