//! The page an unsubscribe link opens: one button, no questions. (Mail clients' one-click
//! unsubscribe POSTs to the same address and never sees this page.)
use crate::i18n::{Arg, t, t_with};
use crate::lists::api::{Unsubscribe, unsubscribe_state};
use crate::ui::components::Loading;
use crate::ui::context::{localized, query_param, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let locale = use_locale();
    let token = query_param("token").unwrap_or_default();
    let list = query_param("list").unwrap_or_default();
    crate::ui::context::set_no_store();
    let action = ServerAction::<Unsubscribe>::new();
    let (for_token, for_list) = (token.clone(), list.clone());
    let data = Resource::new(
        move || (for_token.clone(), for_list.clone(), action.version().get()),
        move |(t, l, _)| unsubscribe_state(t, l, locale),
    );
    let preferences = localized(&format!("/lists/preferences?token={token}"));
    view! {
        <Title text=t(locale, "list-unsubscribe-title") />
        <div class="container page">
            <h1>{t(locale, "list-unsubscribe-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let (token, list, preferences) = (token.clone(), list.clone(), preferences.clone());
                    Suspend::new(async move {
                        let name = |v: &crate::lists::views::UnsubscribeView| {
                            v.list.as_ref().map(|l| l.name.clone())
                        };
                        match data.await {
                            Ok(Some(v)) if v.subscribed => {
                                let question = match name(&v) {
                                    Some(n) => t_with(locale, "list-unsubscribe-question", &[("list", Arg::Str(&n))]),
                                    None => t(locale, "list-unsubscribe-question-all"),
                                };
                                view! {
                                    <p class="lead">{question}</p>
                                    {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
                                        <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
                                    })}
                                    <ActionForm action=action attr:class="form">
                                        <input type="hidden" name="locale" value=locale.code() />
                                        <input type="hidden" name="token" value=token />
                                        <input type="hidden" name="list" value=list />
                                        <button type="submit" class="button">{t(locale, "list-unsubscribe-button")}</button>
                                    </ActionForm>
                                    <p><A href=preferences>{t(locale, "list-preferences-link")}</A></p>
                                }.into_any()
                            }
                            Ok(Some(v)) => {
                                let done = match name(&v) {
                                    Some(n) => t_with(locale, "list-unsubscribed", &[("list", Arg::Str(&n))]),
                                    None => t(locale, "list-unsubscribed-all"),
                                };
                                view! {
                                    <p class="lead" role="status">{done}</p>
                                    <p>{t(locale, "list-unsubscribed-more")}</p>
                                    <p><A href=preferences>{t(locale, "list-preferences-link")}</A></p>
                                }.into_any()
                            }
                            _ => view! {
                                <p class="lead">{t(locale, "list-link-invalid")}</p>
                                <p><A href=localized("/")>{t(locale, "not-found-home")}</A></p>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}
