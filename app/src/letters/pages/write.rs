//! Find one's representatives and write (`/campaigns/:slug/write`): a GET form for the area, then
//! the letter, starting from the campaign's suggested text.
use super::campaign::PostcodeForm;
use crate::domain::{Email, PersonName, letter_text};
use crate::i18n::{Arg, t, t_with};
use crate::letters::api::{DraftLetter, letter_writing};
use crate::letters::views::WriteView;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, Honeypot, current_error, echoed, field_errors, textarea_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn WritePage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                slug.clone(),
                q.get("legislature"),
                q.get("found"),
                q.get("area").and_then(|a| a.parse::<i64>().ok()),
            )
        },
        move |(slug, legislature, found, area)| {
            letter_writing(slug, locale, legislature, found, area)
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Write v /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Write(v: WriteView) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<DraftLetter>::new();
    let error = move || current_error(action.value().get().and_then(|r| r.err()));
    let errors_for = move |f: &'static str| move || field_errors(&error(), f);
    let write_path = localized(&format!("/campaigns/{}/write", v.slug));
    let echo_or = |name: &str, fallback: &str| {
        let e = echoed(name);
        if e.is_empty() { fallback.to_owned() } else { e }
    };
    let body = echo_or("body", &v.body);
    let subject = echo_or("subject", &v.subject);
    // Kept through a failed post too (the draft checks it finds the area again).
    let postcode = echo_or("postcode", &v.postcode);
    let reachable = v.recipients.iter().filter(|r| r.by_email).count();
    view! {
        <Title text=format!("{} · {}", t(locale, "letter-write-title"), v.title) />
        <div class="container page" lang=v.text_locale.code()>
            <p><A href=localized(&format!("/campaigns/{}", v.slug))>{v.title.clone()}</A></p>
            <h1>{t(locale, "letter-write-title")}</h1>
            {match v.area.clone() {
                None => view! {
                    {v.outside.then(|| view! { <p class="form-error" role="alert">{t(locale, "letter-outside")}</p> })}
                    <PostcodeForm slug=v.slug.clone() legislatures=v.legislatures.clone() chosen=v.legislature.clone() postcode=v.has_postcodes />
                    {(!v.areas.is_empty()).then(|| view! {
                        <form method="get" action=write_path.clone() class="form">
                            {v.legislature.clone().map(|l| view! { <input type="hidden" name="legislature" value=l /> })}
                            <div class="field">
                                <label for="write-area">{t(locale, "letter-area")}</label>
                                <select id="write-area" name="area">
                                    {v.areas.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button secondary">{t(locale, "letter-choose-area")}</button>
                        </form>
                    })}
                }.into_any(),
                Some((area_id, area_name)) => view! {
                    <section aria-labelledby="recipients-heading">
                        <h2 id="recipients-heading">{t_with(locale, "letter-recipients", &[("area", Arg::Str(&area_name))])}</h2>
                        <ul class="recipients">
                            {v.recipients.iter().map(|r| view! {
                                <li>
                                    <strong>{r.name.clone()}</strong>
                                    {r.party.clone().map(|p| format!(" · {p}"))}
                                    {(!r.by_email).then(|| view! {
                                        <br /><span class="hint">{t(locale, "letter-no-email")}</span>
                                        {r.postal_address.clone().map(|a| view! { <br /><span class="prewrap">{a}</span> })}
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                        <p><A href=write_path.clone()>{t(locale, "letter-other-area")}</A></p>
                    </section>
                    {(reachable == 0 && !v.recipients.is_empty()).then(|| view! { <p class="notice">{t(locale, "letter-nobody-by-email")}</p> })}
                    {if v.recipients.is_empty() {
                        ().into_any()
                    } else {
                        view! {
                            <section aria-labelledby="letter-heading">
                                <h2 id="letter-heading">{t(locale, "letter-your-letter")}</h2>
                                {(!v.guidance.is_empty()).then(|| view! { <aside class="notice"><p class="prewrap">{v.guidance.clone()}</p></aside> })}
                                {move || error().map(|e| view! {
                                    <div class="form-error" role="alert">
                                        <p>{t(locale, e.message_key())}</p>
                                        <FieldError id="letter-form-error".to_owned() keys=field_errors(&Some(e), "form") />
                                    </div>
                                })}
                                <ActionForm action=action attr:class="form" attr:novalidate="novalidate">
                                    <input type="hidden" name="slug" value=v.slug.clone() />
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <input type="hidden" name="legislature" value=v.legislature.clone().unwrap_or_default() />
                                    <input type="hidden" name="area" value=area_id.to_string() />
                                    {(!postcode.is_empty()).then(|| view! { <input type="hidden" name="postcode" value=postcode.clone() /> })}
                                    <input type="hidden" name="form_token" value=v.form_token.clone() />
                                    <div class="field">
                                        <label for="letter-subject">{t(locale, "letter-subject")}</label>
                                        <input id="letter-subject" name="subject" type="text" maxlength=letter_text::SUBJECT_MAX.to_string() value=subject
                                            aria-describedby="letter-subject-error" />
                                        {move || view! { <FieldError id="letter-subject-error".to_owned() keys=errors_for("subject")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-body">{t(locale, "letter-body")}</label>
                                        <textarea id="letter-body" name="body" rows="16" maxlength=letter_text::BODY_CHARS.end().to_string()
                                            aria-describedby="letter-body-hint letter-body-error">
                                            {textarea_text(&body)}
                                        </textarea>
                                        <p class="hint" id="letter-body-hint">{t(locale, "letter-body-hint")}</p>
                                        {move || view! { <FieldError id="letter-body-error".to_owned() keys=errors_for("body")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-name">{t(locale, "sign-name")}</label>
                                        <input id="letter-name" name="name" type="text" autocomplete="name" maxlength=PersonName::MAX_CHARS.to_string()
                                            value=echoed("name") aria-describedby="letter-name-error" />
                                        {move || view! { <FieldError id="letter-name-error".to_owned() keys=errors_for("name")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-email">{t(locale, "sign-email")}</label>
                                        <input id="letter-email" name="email" type="email" autocomplete="email" maxlength=Email::MAX_LEN.to_string()
                                            value=echoed("email") aria-describedby="letter-email-hint letter-email-error" />
                                        <p class="hint" id="letter-email-hint">{t(locale, "letter-email-hint")}</p>
                                        {move || view! { <FieldError id="letter-email-error".to_owned() keys=errors_for("email")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-town">{t(locale, "letter-town")}</label>
                                        <input id="letter-town" name="town" type="text" autocomplete="address-level2" maxlength=letter_text::TOWN_MAX.to_string()
                                            value=echoed("town") aria-describedby="letter-town-error" />
                                        {move || view! { <FieldError id="letter-town-error".to_owned() keys=errors_for("town")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-address">{t(locale, if v.address_required { "letter-address-required" } else { "letter-address" })}</label>
                                        <textarea id="letter-address" name="address" rows="3" maxlength=letter_text::ADDRESS_MAX.to_string() autocomplete="street-address"
                                            required=v.address_required
                                            aria-describedby="letter-address-hint letter-address-error">
                                            {textarea_text(&echoed("address"))}
                                        </textarea>
                                        <p class="hint" id="letter-address-hint">{t(locale, if v.address_required { "letter-address-required-hint" } else { "letter-address-hint" })}</p>
                                        {move || view! { <FieldError id="letter-address-error".to_owned() keys=errors_for("address")() /> }}
                                    </div>
                                    <Honeypot id="letter-website" />
                                    <p class="notice">{t(locale, "letter-reply-to-notice")}</p>
                                    <button type="submit" class="button">{t(locale, "letter-preview-button")}</button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }}
                }.into_any(),
            }}
        </div>
    }
}
