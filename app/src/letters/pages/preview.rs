//! The preview of exactly what will be sent (`/letters/preview`), and "check your email" after
//! sending it off.
use crate::domain::LetterState;
use crate::i18n::{Arg, t, t_with};
use crate::letters::api::{SubmitLetter, letter_preview};
use crate::letters::views::PreviewView;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LetterPreviewPage() -> impl IntoView {
    let locale = use_locale();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    let data = Resource::new(move || token.clone(), letter_preview);
    view! {
        <Title text=t(locale, "letter-preview-title") />
        <div class="container page">
            <h1>{t(locale, "letter-preview-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <Preview p /> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Preview(p: PreviewView) -> impl IntoView {
    let list = |post: bool| {
        p.to.iter()
            .filter(|d| d.by_post == post)
            .map(|d| match (&d.address, post) {
                (Some(a), false) => format!("{} <{a}>", d.name),
                _ => d.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (by_email, by_post) = (list(false), list(true));
    let locale = use_locale();
    let action = ServerAction::<SubmitLetter>::new();
    let nearly_identical = p.similarity >= crate::letters::views::NEARLY_IDENTICAL;
    let warn_from = crate::letters::views::NEARLY_IDENTICAL - 1;
    if p.state != LetterState::New {
        // Sent off: the letter itself is no longer shown here (see `letters::ssr::preview`).
        return view! { <p class="notice">{t(locale, &format!("letter-state-{}", p.state))}</p> }
            .into_any();
    }
    view! {
        <p class="lead">{t_with(locale, "letter-preview-lead", &[("campaign", Arg::Str(&p.campaign))])}</p>
        <section class="letter-preview" aria-label=t(locale, "letter-preview-title")>
            <dl class="facts">
                {(!by_email.is_empty()).then(|| view! {
                    <div><dt>{t(locale, "letter-to")}</dt><dd>{by_email.clone()}</dd></div>
                })}
                {(!by_post.is_empty()).then(|| view! {
                    <div><dt>{t(locale, "letter-by-post")}</dt><dd>{by_post.clone()}<br />{t(locale, "letter-by-post-hint")}</dd></div>
                })}
                <div><dt>{t(locale, "letter-reply-to")}</dt><dd>{p.reply_to.clone()}</dd></div>
                <div><dt>{t(locale, "letter-subject")}</dt><dd>{p.subject.clone()}</dd></div>
            </dl>
            <div class="prewrap letter-text" lang=p.language.code()>{p.body.clone()}</div>
            <p class="prewrap letter-text letter-signature">{p.signature.join("\n")}</p>
            <p class="prewrap letter-footer" lang=p.language.code()>{format!("--\n{}", p.footer)}</p>
        </section>
        <div class="similarity">
            <label for="letter-similarity">{t(locale, "letter-similarity")}</label>
            <meter id="letter-similarity" min="0" max="100" low="60" high=warn_from optimum="0" value=p.similarity>
                {format!("{}%", p.similarity)}
            </meter>
            <span>{format!(" {}%", p.similarity)}</span>
            <p class=if nearly_identical { "form-error" } else { "hint" }>
                {t(locale, if nearly_identical { "letter-similarity-warning" } else { "letter-similarity-hint" })}
            </p>
        </div>
        {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
            <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
        })}
        <p class="notice">{t(locale, "letter-reply-to-notice")}</p>
        <ActionForm action=action attr:class="form">
            <input type="hidden" name="locale" value=locale.code() />
            <input type="hidden" name="token" value=p.token.clone() />
            <button type="submit" class="button">{t(locale, "letter-send")}</button>
        </ActionForm>
        <p><A href=localized(&format!("/campaigns/{}/write", p.slug))>{t(locale, "letter-start-again")}</A></p>
    }
    .into_any()
}

/// After sending off: check your email.
#[component]
pub fn LetterSentPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "letter-sent-title") />
        <div class="container page">
            <h1>{t(locale, "letter-sent-title")}</h1>
            <p class="lead">{t(locale, "letter-sent-text")}</p>
            <p>{t(locale, "letter-sent-spam")}</p>
            <p><A href=localized(&format!("/campaigns/{slug}"))>{t(locale, "back-to-campaign")}</A></p>
        </div>
    }
}
