//! Confirming a subscription from the emailed link: a button (a link alone never subscribes
//! anyone, so a mail scanner fetching it does nothing).
use crate::i18n::{Arg, t, t_with};
use crate::lists::api::{ConfirmSubscription, subscription_link_state};
use crate::lists::views::SubscribeLink;
use crate::ui::components::Loading;
use crate::ui::context::{localized, query_param, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ListConfirmPage() -> impl IntoView {
    let locale = use_locale();
    let token = query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    let for_check = token.clone();
    let link = Resource::new(
        move || for_check.clone(),
        move |t| subscription_link_state(t, locale),
    );
    let action = ServerAction::<ConfirmSubscription>::new();
    view! {
        <Title text=t(locale, "list-confirm-title") />
        <div class="container page">
            <h1>{t(locale, "list-confirm-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(SubscribeLink::Valid { list }) => view! {
                                <p class="lead">{t_with(locale, "list-confirm-text", &[("list", Arg::Str(&list.name))])}</p>
                                <p class="hint">{t(locale, "list-confirm-not-you")}</p>
                                {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
                                    <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
                                })}
                                <ActionForm action=action attr:class="form">
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <input type="hidden" name="token" value=token />
                                    <button type="submit" class="button">{t(locale, "list-confirm-button")}</button>
                                </ActionForm>
                            }.into_any(),
                            Ok(SubscribeLink::Confirmed { list }) => view! {
                                <p class="lead">{t_with(locale, "list-confirm-already", &[("list", Arg::Str(&list.name))])}</p>
                                <p><A href=localized(&format!("/lists/{}", list.slug))>{t(locale, "list-back")}</A></p>
                            }.into_any(),
                            _ => view! {
                                <p class="lead">{t(locale, "list-confirm-invalid")}</p>
                                <p><A href=localized("/")>{t(locale, "not-found-home")}</A></p>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}
