//! Confirming a signature from the emailed link (a form, so a mail scanner fetching the link
//! confirms nothing), with what confirming publishes shown above the button.
use crate::i18n::{Arg, t, t_with};
use crate::petitions::api::{ConfirmSignature, confirm_link_state};
use crate::petitions::views::ConfirmLink;
use crate::ui::components::Loading;
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Where the emailed link leads: a button that confirms (a link alone never does).
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    let token_for_check = token.clone();
    let link = Resource::new(move || token_for_check.clone(), confirm_link_state);
    let action = ServerAction::<ConfirmSignature>::new();
    let campaign_href = localized(&format!("/campaigns/{slug}"));
    view! {
        <Title text=t(locale, "confirm-title") />
        <div class="container page">
            <h1>{t(locale, "confirm-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let slug = slug.clone();
                    let token = token.clone();
                    let campaign_href = campaign_href.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(ConfirmLink::Valid { shown_as, subscribe }) => view! {
                                <p class="lead">{t(locale, "confirm-text")}</p>
                                <section class="notice" aria-labelledby="publishes-heading">
                                    <h2 id="publishes-heading">{t(locale, "confirm-publishes")}</h2>
                                    <p>{match shown_as {
                                        Some(name) => t_with(locale, "confirm-shown-as", &[("name", Arg::Str(&name))]),
                                        None => t(locale, "confirm-hidden"),
                                    }}</p>
                                    <p>{t(locale, if subscribe { "confirm-subscribed" } else { "confirm-not-subscribed" })}</p>
                                    <p class="hint">{t(locale, "confirm-not-you")}</p>
                                </section>
                                {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
                                    <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
                                })}
                                <ActionForm action=action attr:class="form">
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <input type="hidden" name="token" value=token />
                                    <button type="submit" class="button">{t(locale, "confirm-button")}</button>
                                </ActionForm>
                            }.into_any(),
                            Ok(ConfirmLink::Confirmed) => view! {
                                <p class="lead">{t(locale, "confirm-already")}</p>
                                <p><A href=campaign_href>{t(locale, "back-to-campaign")}</A></p>
                            }.into_any(),
                            _ => view! {
                                <p class="lead">{t(locale, "confirm-invalid")}</p>
                                <p><A href=campaign_href>{t(locale, "back-to-campaign")}</A></p>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}
