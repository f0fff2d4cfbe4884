//! The mailing lists' admin pages (admins only): the lists with their figures and the mailings
//! (`/admin/lists`), and one mailing (`/admin/mailings/:id`, `new` for a new one): the composer
//! while it is a draft — audience, a subject and Markdown body per language with the HTML as it
//! will be sent, how many it reaches, a test to oneself, send now or at a time — and its
//! progress once sending (live with JavaScript, on reload without), with pause, resume and
//! cancel. Plain forms: they work the same with JavaScript off.
use crate::domain::{Locale, MailingState};
use crate::i18n::{Arg, countries, t, t_with};
use crate::lists::api::{ControlMailing, SaveMailing, lists_admin, mailing_page, mailing_progress};
use crate::lists::views::{MailingView, Progress};
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::{localized, query_param, use_locale};
use crate::ui::forms::{FieldError, FormEcho, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The HTML another site pastes to offer the list's form: a plain form posting to Petrel (the
/// person lands on Petrel's "check your email" page; double opt-in as on the list's own page).
fn embed_code(public_url: &str, slug: &str, locale: crate::domain::Locale) -> String {
    let base = public_url.trim_end_matches('/');
    format!(
        "<form method=\"post\" action=\"{base}/api/lists/subscribe\">\n  \
         <input type=\"hidden\" name=\"slug\" value=\"{slug}\">\n  \
         <input type=\"hidden\" name=\"locale\" value=\"{code}\">\n  \
         <label>{email} <input type=\"email\" name=\"email\" required></label>\n  \
         <button type=\"submit\">{button}</button>\n</form>",
        code = locale.code(),
        email = t(locale, "list-email"),
        button = t(locale, "list-subscribe-button"),
    )
}

fn state_key(s: MailingState) -> String {
    format!("mailing-state-{}", s.as_str())
}

#[component]
pub fn ListsAdminPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(move || locale, lists_admin);
    view! {
        <Title text=t(locale, "lists-admin-title") />
        <div class="container page wide">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <h1>{t(locale, "lists-admin-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => {
                            let csrf = v.csrf.clone();
                            let public_url = v.public_url.clone();
                            view! {
                            <section aria-labelledby="lists-heading">
                                <h2 id="lists-heading">{t(locale, "lists-admin-lists")}</h2>
                                <p><A href=localized("/admin/lists/new") attr:class="button secondary">{t(locale, "list-editor-new")}</A></p>
                                <ScrollTable label=t(locale, "lists-admin-lists")>
                                    <table>
                                        <thead><tr>
                                            <th scope="col">{t(locale, "lists-admin-name")}</th>
                                            <th scope="col">{t(locale, "lists-admin-confirmed")}</th>
                                            <th scope="col">{t(locale, "lists-admin-pending")}</th>
                                            <th scope="col">{t(locale, "lists-admin-left")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {v.lists.into_iter().map(|l| view! {
                                                <tr>
                                                    <td>
                                                        {if l.public {
                                                            view! { <A href=localized(&format!("/lists/{}", l.slug))>{l.name.clone()}</A> }.into_any()
                                                        } else {
                                                            view! { <span>{l.name.clone()}</span> }.into_any()
                                                        }}
                                                        {(!l.open).then(|| format!(" ({})", t(locale, "lists-admin-closed")))}
                                                        " · "
                                                        <A href=localized(&format!("/admin/lists/{}/edit", l.slug))>{t(locale, "list-editor-edit")}</A>
                                                        <form method="post" action=format!("/admin/lists/{}/subscribers.csv", l.slug) class="form inline">
                                                            <input type="hidden" name="csrf" value=csrf.clone() />
                                                            <input type="hidden" name="locale" value=locale.code() />
                                                            <button type="submit" class="button secondary">{t(locale, "lists-admin-export")}</button>
                                                        </form>
                                                        {l.public.then(|| view! {
                                                            <details>
                                                                <summary>{t(locale, "lists-admin-embed")}</summary>
                                                                <p class="hint">{t(locale, "lists-admin-embed-hint")}</p>
                                                                <pre class="mail">{embed_code(&public_url, &l.slug, locale)}</pre>
                                                            </details>
                                                        })}
                                                    </td>
                                                    <td>{l.confirmed}</td>
                                                    <td>{l.pending}</td>
                                                    <td>{l.unsubscribed}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </ScrollTable>
                            </section>
                            <section aria-labelledby="mailings-heading">
                                <h2 id="mailings-heading">{t(locale, "mailings-title")}</h2>
                                <p><A href=localized("/admin/mailings/new") attr:class="button">{t(locale, "mailing-new")}</A></p>
                                {if v.mailings.is_empty() {
                                    view! { <p>{t(locale, "mailings-none")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ScrollTable label=t(locale, "mailings-title")>
                                            <table>
                                                <thead><tr>
                                                    <th scope="col">{t(locale, "mailing-subject")}</th>
                                                    <th scope="col">{t(locale, "mailing-lists")}</th>
                                                    <th scope="col">{t(locale, "mailing-state")}</th>
                                                    <th scope="col">{t(locale, "mailing-when")}</th>
                                                    <th scope="col">{t(locale, "mailing-sent")}</th>
                                                </tr></thead>
                                                <tbody>
                                                    {v.mailings.into_iter().map(|m| view! {
                                                        <tr>
                                                            <td><A href=localized(&format!("/admin/mailings/{}", m.id))>{if m.subject.is_empty() { format!("#{}", m.id) } else { m.subject.clone() }}</A></td>
                                                            <td>{m.lists.clone()}</td>
                                                            <td>{t(locale, &state_key(m.state))}</td>
                                                            <td>{m.when.clone()}</td>
                                                            <td>{format!("{} / {}", m.progress.sent, m.progress.total)}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </ScrollTable>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<SaveMailing>,
    control: ServerAction<ControlMailing>,
}

#[component]
pub fn MailingPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let actions = Actions {
        save: ServerAction::new(),
        control: ServerAction::new(),
    };
    // Reloaded after each change that went through (with JavaScript the redirect back here
    // does not reload the page).
    let data = Resource::new(
        move || {
            (
                id(),
                actions.save.version().get() + actions.control.version().get(),
            )
        },
        move |(id, _)| mailing_page(id, locale),
    );
    let done = query_param("done");
    view! {
        <Title text=t(locale, "mailing-title") />
        <div class="container page wide">
            <p><A href=localized("/admin/lists")>{t(locale, "lists-admin-title")}</A></p>
            <h1>{t(locale, "mailing-title")}</h1>
            {done.and_then(|d| match d.as_str() {
                "saved" | "test" | "sent" | "pause" | "resume" | "cancel" => Some(d),
                _ => None,
            }).map(|d| view! { <p class="notice" role="status">{t(locale, &format!("mailing-done-{d}"))}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) if matches!(v.state, MailingState::Draft | MailingState::Scheduled) => {
                            view! { <Composer v actions /> }.into_any()
                        }
                        Ok(v) => view! { <Sending v actions /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Composer(v: MailingView, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let save = actions.save;
    let error = move || current_error(save.value().get().and_then(|r| r.err()));
    let errors_for = move |field: String| move || field_errors(&error(), &field);
    let id = v.id.map(|i| i.to_string()).unwrap_or_else(|| "new".into());
    // Without JavaScript a failed save comes back with what was typed.
    let echo_here =
        use_context::<FormEcho>().is_some_and(|e| e.values.contains_key("default_locale"));
    let value = move |name: &str, saved: String| if echo_here { echoed(name) } else { saved };
    let ticked = move |name: &str, saved: bool| {
        if echo_here {
            !echoed(name).is_empty()
        } else {
            saved
        }
    };
    let chosen_default = value("default_locale", v.default_locale.code().to_owned());
    let (country, language) = (
        value("country", v.country.clone()),
        value("language", v.language.clone()),
    );
    let campaign = value(
        "campaign",
        v.campaigns
            .iter()
            .find(|c| c.chosen)
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
    );
    let at = value("at", v.scheduled_at.clone().unwrap_or_default());
    view! {
        {v.id.map(|_| view! {
            <p class="lead" role="status">{t_with(locale, "mailing-audience", &[("count", Arg::Num(v.audience))])}</p>
        })}
        {v.scheduled_at.clone().map(|at| view! {
            <p class="notice">{t_with(locale, "mailing-scheduled-for", &[("at", Arg::Str(&at.replace('T', " ")))])}</p>
        })}
        <ActionForm action=save attr:class="form" attr:novalidate="novalidate">
            {move || error().map(|e| view! {
                <div class="form-error" role="alert">
                    <p>{t(locale, e.message_key())}</p>
                    <FieldError id="mailing-form-error".to_owned() keys=field_errors(&Some(e), "form") />
                </div>
            })}
            <input type="hidden" name="csrf" value=v.csrf.clone() />
            <input type="hidden" name="locale" value=locale.code() />
            <input type="hidden" name="id" value=id />
            <fieldset class="field" aria-describedby="mailing-lists-error">
                <legend>{t(locale, "mailing-lists")}</legend>
                {v.lists.iter().map(|l| {
                    let field_id = format!("mailing-list-{}", l.slug);
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=field_id.clone() name=format!("lists[{}]", l.slug) value="yes" checked=ticked(&format!("lists[{}]", l.slug), l.chosen) />
                            <label for=field_id>{l.name.clone()}</label>
                        </div>
                    }
                }).collect_view()}
                {move || view! { <FieldError id="mailing-lists-error".to_owned() keys=errors_for("lists".into())() /> }}
            </fieldset>
            <div class="field">
                <label for="mailing-campaign">{t(locale, "mailing-campaign")}</label>
                <select id="mailing-campaign" name="campaign" aria-describedby="mailing-campaign-error">
                    <option value="">{t(locale, "mailing-campaign-any")}</option>
                    {v.campaigns.iter().map(|c| view! {
                        <option value=c.slug.clone() selected=c.slug == campaign>{c.name.clone()}</option>
                    }).collect_view()}
                </select>
                {move || view! { <FieldError id="mailing-campaign-error".to_owned() keys=errors_for("campaign".into())() /> }}
            </div>
            <div class="field">
                <label for="mailing-country">{t(locale, "mailing-country")}</label>
                <select id="mailing-country" name="country" aria-describedby="mailing-country-error">
                    <option value="">{t(locale, "mailing-country-any")}</option>
                    {countries(locale).iter().map(|(code, name)| {
                        let code = code.as_str().to_owned();
                        let selected = code == country;
                        view! { <option value=code selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
                {move || view! { <FieldError id="mailing-country-error".to_owned() keys=errors_for("country".into())() /> }}
            </div>
            <div class="field">
                <label for="mailing-language">{t(locale, "mailing-language")}</label>
                <select id="mailing-language" name="language">
                    <option value="">{t(locale, "mailing-language-any")}</option>
                    {Locale::all().map(|l| view! {
                        <option value=l.code() lang=l.code() selected=language == l.code()>{t(l, "language-name")}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="mailing-default">{t(locale, "mailing-default-locale")}</label>
                <select id="mailing-default" name="default_locale" aria-describedby="mailing-default-hint">
                    {Locale::all().map(|l| view! {
                        <option value=l.code() lang=l.code() selected=chosen_default == l.code()>{t(l, "language-name")}</option>
                    }).collect_view()}
                </select>
                <p class="hint" id="mailing-default-hint">{t(locale, "mailing-default-hint")}</p>
            </div>
            {v.texts.iter().map(|text| {
                let code = text.locale.code();
                let subject_field = format!("texts[{code}][subject]");
                let body_field = format!("texts[{code}][body]");
                let (subject_id, body_id) = (format!("mailing-subject-{code}"), format!("mailing-body-{code}"));
                let (subject_err, body_err) = (format!("{subject_id}-error"), format!("{body_id}-error"));
                view! {
                    <fieldset class="field" lang=code>
                        <legend>{t(text.locale, "language-name")}</legend>
                        <div class="field">
                            <label for=subject_id.clone()>{t(locale, "mailing-subject")}</label>
                            <input id=subject_id type="text" name=subject_field.clone() maxlength="200"
                                value=value(&subject_field, text.subject.clone()) aria-describedby=subject_err.clone() />
                            {move || view! { <FieldError id=subject_err.clone() keys=errors_for(subject_field.clone())() /> }}
                        </div>
                        <div class="field">
                            <label for=body_id.clone()>{t(locale, "mailing-body")}</label>
                            <textarea id=body_id name=body_field.clone() rows="12"
                                aria-describedby=format!("{body_err} mailing-markdown-hint")>
                                {crate::ui::forms::textarea_text(&value(&body_field, text.body.clone()))}
                            </textarea>
                            {move || view! { <FieldError id=body_err.clone() keys=errors_for(body_field.clone())() /> }}
                        </div>
                        {(!text.preview_html.is_empty()).then(|| view! {
                            <details class="preview">
                                <summary>{t(locale, "mailing-preview")}</summary>
                                <div class="prose" inner_html=text.preview_html.clone()></div>
                                <pre class="mail">{text.body.clone()}</pre>
                            </details>
                        })}
                    </fieldset>
                }
            }).collect_view()}
            <p class="hint" id="mailing-markdown-hint">{t(locale, "mailing-markdown-hint")}</p>
            <div class="field">
                <label for="mailing-at">{t(locale, "mailing-at")}</label>
                <input id="mailing-at" type="datetime-local" name="at" value=at
                    aria-describedby="mailing-at-hint mailing-at-error" />
                <p class="hint" id="mailing-at-hint">{t(locale, "mailing-at-hint")}</p>
                {move || view! { <FieldError id="mailing-at-error".to_owned() keys=errors_for("at".into())() /> }}
            </div>
            <div class="buttons">
                <button type="submit" class="button secondary" name="then" value="save">{t(locale, "mailing-save")}</button>
                <button type="submit" class="button secondary" name="then" value="test">{t(locale, "mailing-test")}</button>
                <button type="submit" class="button" name="then" value="send">{t(locale, "mailing-send")}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn Sending(v: MailingView, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let control = actions.control;
    let id = v.id.unwrap_or_default();
    let live = matches!(v.state, MailingState::Sending);
    // With JavaScript, the figures refresh every two seconds while it sends.
    let (tick, set_tick) = signal(0u32);
    if live {
        Effect::new(move |_| {
            let handle = set_interval_with_handle(
                move || set_tick.update(|n| *n += 1),
                std::time::Duration::from_secs(2),
            );
            on_cleanup(move || {
                if let Ok(h) = handle {
                    h.clear();
                }
            });
        });
    }
    let first = v.progress.clone();
    let progress = Resource::new(
        move || tick.get(),
        move |n| {
            let first = first.clone();
            async move {
                if n == 0 {
                    Ok(first)
                } else {
                    mailing_progress(id).await
                }
            }
        },
    );
    let error = move || current_error(control.value().get().and_then(|r| r.err()));
    let button = move |what: &'static str, class: &'static str| {
        let csrf = v.csrf.clone();
        view! {
            <ActionForm action=control attr:class="form inline">
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="locale" value=locale.code() />
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="what" value=what />
                <button type="submit" class=format!("button {class}")>{t(locale, &format!("mailing-{what}"))}</button>
            </ActionForm>
        }
    };
    view! {
        {move || error().map(|e| view! { <p class="form-error" role="alert">{t(locale, e.message_key())}</p> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                progress.await.ok().map(|p| view! { <Figures p /> })
            })}
        </Transition>
        {matches!(v.state, MailingState::Sending).then(|| button("pause", "secondary"))}
        {matches!(v.state, MailingState::Paused).then(|| button("resume", ""))}
        {matches!(v.state, MailingState::Sending | MailingState::Paused).then(|| button("cancel", "danger"))}
        {live.then(|| view! {
            <p><A href=localized(&format!("/admin/mailings/{id}"))>{t(locale, "mailing-refresh")}</A></p>
        })}
        {v.texts.into_iter().filter(|t| !t.subject.is_empty()).map(|text| view! {
            <section lang=text.locale.code()>
                <h2>{text.subject.clone()}</h2>
                <div class="prose" inner_html=text.preview_html.clone()></div>
            </section>
        }).collect_view()}
    }
}

#[component]
fn Figures(p: Progress) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="lead" role="status">{t(locale, &state_key(p.state))}</p>
        <dl class="figures">
            <dt>{t(locale, "mailing-sent")}</dt><dd>{format!("{} / {}", p.sent, p.total)}</dd>
            <dt>{t(locale, "mailing-remaining")}</dt><dd>{p.remaining}</dd>
            <dt>{t(locale, "mailing-failed")}</dt><dd>{p.failed}</dd>
            <dt>{t(locale, "mailing-skipped")}</dt><dd>{p.skipped}</dd>
            <dt>{t(locale, "mailing-rate")}</dt><dd>{t_with(locale, "mailing-per-minute", &[("count", Arg::Num(p.per_minute))])}</dd>
            <dt>{t(locale, "mailing-eta")}</dt><dd>{match p.eta_minutes {
                Some(m) => t_with(locale, "mailing-minutes", &[("count", Arg::Num(m))]),
                None => "—".to_owned(),
            }}</dd>
        </dl>
    }
}
