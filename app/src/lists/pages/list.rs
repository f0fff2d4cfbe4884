//! A public list's page (`/lists/:slug`): what it sends and how often, and the subscribe form
//! (email, an optional name, and what happens next: a confirmation link, then a welcome; every
//! message can be left with one click). After it, the same "check your email" page whatever
//! the address (`/lists/:slug/check-email`), and after confirming, `/lists/:slug/confirmed`.
use crate::domain::{Email, PersonName};
use crate::i18n::t;
use crate::lists::api::{Subscribe, list_page};
use crate::lists::views::ListView;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, Honeypot, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn slug_param() -> String {
    use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default()
}

#[component]
pub fn ListPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(move || (slug(), locale), |(s, l)| list_page(s, l));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(l) => view! { <List l /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn List(l: ListView) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=l.name.clone() />
        <Meta name="description" content=t(locale, "list-meta") />
        <article class="container page list">
            <h1 lang=l.text_locale.code()>{l.name.clone()}</h1>
            <div class="prose" lang=l.text_locale.code() inner_html=l.description_html.clone()></div>
            {if l.open {
                view! { <SubscribeForm l=l.clone() /> }.into_any()
            } else {
                view! { <p class="notice">{t(locale, "list-closed")}</p> }.into_any()
            }}
        </article>
    }
}

#[component]
fn SubscribeForm(l: ListView) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<Subscribe>::new();
    let error = move || current_error(action.value().get().and_then(|r| r.err()));
    let errors_for = move |field: &'static str| move || field_errors(&error(), field);
    let invalid = move |field: &'static str| {
        move || (!field_errors(&error(), field).is_empty()).then_some("true")
    };
    view! {
        <section class="sign" id="subscribe" aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">{t(locale, "list-subscribe-heading")}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate="novalidate">
                {move || error().map(|e| view! {
                    <div class="form-error" role="alert">
                        <p>{t(locale, e.message_key())}</p>
                        <FieldError id="subscribe-form-error".to_owned() keys=field_errors(&Some(e), "form") />
                    </div>
                })}
                <input type="hidden" name="slug" value=l.slug.clone() />
                <input type="hidden" name="locale" value=locale.code() />
                <input type="hidden" name="form_token" value=l.form_token.clone() />
                <div class="field">
                    <label for="subscribe-email">{t(locale, "list-email")}</label>
                    <input id="subscribe-email" name="email" type="email" autocomplete="email" required
                        maxlength=Email::MAX_LEN.to_string() value=echoed("email")
                        aria-invalid=invalid("email") aria-describedby="subscribe-email-error" />
                    {move || view! { <FieldError id="subscribe-email-error".to_owned() keys=errors_for("email")() /> }}
                </div>
                <div class="field">
                    <label for="subscribe-name">{t(locale, "list-name")}</label>
                    <input id="subscribe-name" name="name" type="text" autocomplete="name"
                        maxlength=PersonName::MAX_CHARS.to_string() value=echoed("name")
                        aria-invalid=invalid("name") aria-describedby="subscribe-name-hint subscribe-name-error" />
                    <p class="hint" id="subscribe-name-hint">{t(locale, "list-name-hint")}</p>
                    {move || view! { <FieldError id="subscribe-name-error".to_owned() keys=errors_for("name")() /> }}
                </div>
                <Honeypot id="subscribe-website" />
                <div class="notice">
                    <p>{t(locale, "list-consent")}</p>
                    <p>{t(locale, "list-notice-keep")}</p>
                </div>
                <button type="submit" class="button">{t(locale, "list-subscribe-button")}</button>
            </ActionForm>
        </section>
    }
}

/// After the form: the same page whatever the address's standing.
#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_param();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "list-check-title") />
        <div class="container page">
            <h1>{t(locale, "list-check-title")}</h1>
            <p class="lead">{t(locale, "list-check-text")}</p>
            <p>{t(locale, "list-check-spam")}</p>
            <p><A href=localized(&format!("/lists/{slug}"))>{t(locale, "list-back")}</A></p>
        </div>
    }
}

/// After the confirmation button.
#[component]
pub fn ListConfirmedPage() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_param();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "list-confirmed-title") />
        <div class="container page">
            <h1>{t(locale, "list-confirmed-title")}</h1>
            <p class="lead">{t(locale, "list-confirmed-text")}</p>
            <p>{t(locale, "list-confirmed-leave")}</p>
            <p><A href=localized(&format!("/lists/{slug}"))>{t(locale, "list-back")}</A></p>
        </div>
    }
}

/// After erasing one's data from the preferences page.
#[component]
pub fn ListErasedPage() -> impl IntoView {
    let locale = use_locale();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "list-erased-title") />
        <div class="container page">
            <h1>{t(locale, "list-erased-title")}</h1>
            <p class="lead">{t(locale, "list-erased-text")}</p>
            <p><A href=localized("/")>{t(locale, "not-found-home")}</A></p>
        </div>
    }
}
