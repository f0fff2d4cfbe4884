//! The preferences page, from the link at the bottom of every list message: which lists (join
//! or leave each), the language messages come in, leaving every list, downloading what is kept
//! (JSON) and erasing it. No account: the link's secret is the key, and the address is shown
//! only in part, since links get forwarded.
use crate::domain::Locale;
use crate::i18n::{Arg, t, t_with};
use crate::lists::api::{ChooseLanguage, ChooseList, EraseSubscriber, LeaveAll, preferences};
use crate::lists::views::PreferencesView;
use crate::ui::components::Loading;
use crate::ui::context::{localized, query_param, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct Actions {
    choose: ServerAction<ChooseList>,
    language: ServerAction<ChooseLanguage>,
    leave: ServerAction<LeaveAll>,
    erase: ServerAction<EraseSubscriber>,
}

#[component]
pub fn PreferencesPage() -> impl IntoView {
    let locale = use_locale();
    let token = query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    // The actions live here so that the page reloads after each (with JavaScript the redirect
    // back here changes only the address).
    let actions = Actions {
        choose: ServerAction::new(),
        language: ServerAction::new(),
        leave: ServerAction::new(),
        erase: ServerAction::new(),
    };
    let for_data = token.clone();
    let data = Resource::new(
        move || {
            (
                for_data.clone(),
                actions.choose.version().get()
                    + actions.language.version().get()
                    + actions.leave.version().get(),
            )
        },
        |(t, _)| preferences(t),
    );
    let query = use_query_map();
    let done = move || {
        query.with(|q| q.get("done")).and_then(|d| {
            let key = match d.as_str() {
                "joined" => "list-pref-joined",
                "left" => "list-pref-left",
                "language" => "list-pref-language-saved",
                "left-all" => "list-pref-left-all",
                _ => return None,
            };
            Some(t(locale, key))
        })
    };
    view! {
        <Title text=t(locale, "list-pref-title") />
        <div class="container page">
            <h1>{t(locale, "list-pref-title")}</h1>
            {move || done().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(p)) => view! { <Preferences p token actions /> }.into_any(),
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

#[component]
fn Preferences(p: PreferencesView, token: String, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let Actions {
        choose,
        language,
        leave,
        erase,
    } = actions;
    let error = move || {
        current_error(choose.value().get().and_then(|r| r.err()))
            .or_else(|| current_error(language.value().get().and_then(|r| r.err())))
            .or_else(|| current_error(leave.value().get().and_then(|r| r.err())))
            .or_else(|| current_error(erase.value().get().and_then(|r| r.err())))
            .map(|e| view! { <p class="form-error" role="alert">{t(locale, e.message_key())}</p> })
    };
    let hidden = {
        let token = token.clone();
        move || {
            view! {
                <input type="hidden" name="locale" value=locale.code() />
                <input type="hidden" name="token" value=token.clone() />
            }
        }
    };
    let any_on = p.lists.iter().any(|l| l.subscribed);
    let (hidden_language, hidden_erase) = (hidden.clone(), hidden.clone());
    let current_language = p.locale;
    let data_href = format!("/lists/preferences/data.json?token={token}");
    view! {
        <p class="lead">{t_with(locale, "list-pref-lead", &[("email", Arg::Str(&p.email_hint))])}</p>
        {p.suppressed.then(|| view! { <p class="notice">{t(locale, "list-pref-suppressed")}</p> })}
        {error}
        <section aria-labelledby="pref-lists-heading">
            <h2 id="pref-lists-heading">{t(locale, "list-pref-lists")}</h2>
            <ul class="choices">
                {p.lists.into_iter().map(|l| {
                    let hidden = hidden.clone();
                    let status = if l.subscribed { "list-pref-on" } else { "list-pref-off" };
                    view! {
                        <li>
                            <h3>{l.name.clone()}</h3>
                            {(!l.description.is_empty()).then(|| view! { <p class="hint">{l.description.clone()}</p> })}
                            <p>{t(locale, status)}</p>
                            <ActionForm action=choose attr:class="form inline">
                                {hidden()}
                                <input type="hidden" name="list" value=l.slug.clone() />
                                {if l.subscribed {
                                    view! { <button type="submit" class="button secondary">{t_with(locale, "list-pref-leave", &[("list", Arg::Str(&l.name))])}</button> }.into_any()
                                } else {
                                    view! {
                                        <input type="hidden" name="join" value="yes" />
                                        <button type="submit" class="button">{t_with(locale, "list-pref-join", &[("list", Arg::Str(&l.name))])}</button>
                                    }.into_any()
                                }}
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {any_on.then(|| {
                let hidden = hidden.clone();
                view! {
                    <ActionForm action=leave attr:class="form">
                        {hidden()}
                        <button type="submit" class="button danger">{t(locale, "list-pref-leave-all")}</button>
                    </ActionForm>
                }
            })}
        </section>
        <section aria-labelledby="pref-language-heading">
            <h2 id="pref-language-heading">{t(locale, "list-pref-language")}</h2>
            <ActionForm action=language attr:class="form">
                {hidden_language()}
                <div class="field">
                    <label for="pref-language">{t(locale, "list-pref-language-label")}</label>
                    <select id="pref-language" name="language">
                        {Locale::all().map(|l| view! {
                            <option value=l.code() lang=l.code() selected=l == current_language>{t(l, "language-name")}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button secondary">{t(locale, "list-pref-language-save")}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="pref-data-heading">
            <h2 id="pref-data-heading">{t(locale, "list-pref-data")}</h2>
            <p><a href=data_href rel="external" download="petrel-subscriber.json">{t(locale, "list-pref-download")}</a></p>
            <p>{t(locale, "list-pref-erase-text")}</p>
            <ActionForm action=erase attr:class="form">
                {hidden_erase()}
                <button type="submit" class="button danger">{t(locale, "list-pref-erase")}</button>
            </ActionForm>
        </section>
    }
}
