//! "Did you get a reply?": one pair of buttons per representative.
use crate::i18n::{Arg, t, t_with};
use crate::letters::api::{AnswerReply, letter_replies};
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LetterReplyPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    let action = ServerAction::<AnswerReply>::new();
    let for_data = token.clone();
    let data = Resource::new(
        move || (for_data.clone(), action.version().get()),
        move |(t, _)| letter_replies(t, locale),
    );
    let answered = query.read_untracked().get("answered").is_some();
    view! {
        <Title text=t(locale, "letter-reply-title") />
        <div class="container page">
            <h1>{t(locale, "letter-reply-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => view! {
                            <p class="lead">{t_with(locale, "letter-reply-lead", &[("campaign", Arg::Str(&v.campaign))])}</p>
                            {(answered || action.version().get() > 0).then(|| view! { <p class="notice" role="status">{t(locale, "letter-reply-thanks")}</p> })}
                            <ul class="replies">
                                {v.representatives.into_iter().map(|(id, name, reply)| {
                                    let token = v.token.clone();
                                    let buttons = ["yes", "no"].into_iter().map(|answer| {
                                        let label = t_with(locale, &format!("letter-reply-{answer}"), &[("name", Arg::Str(&name))]);
                                        let token = token.clone();
                                        view! {
                                            <ActionForm action=action attr:class="inline">
                                                <input type="hidden" name="locale" value=locale.code() />
                                                <input type="hidden" name="token" value=token />
                                                <input type="hidden" name="delivery" value=id.to_string() />
                                                <input type="hidden" name="reply" value=answer />
                                                <button type="submit" class="button secondary">{label}</button>
                                            </ActionForm>
                                        }
                                    }).collect_view();
                                    view! {
                                        <li>
                                            <strong>{name.clone()}</strong>
                                            " — "
                                            {t(locale, match reply.as_deref() {
                                                Some("yes") => "letter-reply-yes-recorded",
                                                Some(_) => "letter-reply-no-recorded",
                                                None => "letter-reply-unanswered",
                                            })}
                                            <div class="actions">{buttons}</div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
