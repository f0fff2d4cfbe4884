//! The writer's pages: find one's representatives and write (`/campaigns/:slug/write`), the
//! preview of exactly what will be sent (`/letters/preview`), "check your email", the page the
//! confirmation link opens (a button confirms), "your letter is on its way", the letter's own page
//! (where it went; withdraw and erase) and the letter laid out for printing, for representatives
//! reached by post. Every step is a GET form or a form post, so all of it works without
//! JavaScript.
use crate::api::letters::{
    AnswerReply, ConfirmLetter, DeliveryView, DraftLetter, EraseLetter, PreviewView, SubmitLetter,
    WriteView, check_letter_link, letter_preview, letter_replies, letter_to_print, letter_writing,
    manage_letter,
};
use crate::i18n::{Arg, format_number, t, t_with};
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, current_error, echoed, field_errors, textarea_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The campaign page's way in for a letter campaign: which legislature, and the postcode.
#[component]
pub fn FindRepresentatives(
    slug: String,
    legislatures: Vec<(String, String, String)>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="sign" id="write" aria-labelledby="write-heading">
            <h2 id="write-heading">{t(locale, "letter-find-heading")}</h2>
            <form method="get" action=localized(&format!("/campaigns/{slug}/write")) class="form">
                <LegislatureChoice legislatures chosen=None />
                <div class="field">
                    <label for="write-postcode">{t(locale, "letter-postcode")}</label>
                    <input id="write-postcode" name="postcode" type="text" autocomplete="postal-code"
                        maxlength="12" aria-describedby="write-postcode-hint" />
                    <p class="hint" id="write-postcode-hint">{t(locale, "letter-postcode-hint")}</p>
                </div>
                <button type="submit" class="button">{t(locale, "letter-find")}</button>
            </form>
        </section>
    }
}

/// Letters delivered, per legislature and to the representatives who received the most.
#[component]
pub fn LetterCounts(c: crate::api::campaigns::CampaignView) -> impl IntoView {
    let locale = use_locale();
    let r = c.responsiveness.clone();
    let replies = (!(r.legislatures.is_empty() && r.parties.is_empty() && r.representatives.is_empty())).then(|| view! {
        <section class="stats" aria-labelledby="replies-heading">
            <h2 id="replies-heading">{t(locale, "letter-replies-heading")}</h2>
            <p class="hint">{t(locale, "letter-replies-hint")}</p>
            {[("letter-legislature", r.legislatures), ("letter-party", r.parties), ("letter-representative", r.representatives)]
                .into_iter()
                .filter(|(_, rows)| !rows.is_empty())
                .map(|(heading, rows)| view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{t(locale, heading)}</th>
                            <th scope="col" class="num">{t(locale, "letter-answers")}</th>
                            <th scope="col" class="num">{t(locale, "letter-replied")}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(name, answers, replies)| view! {
                                <tr>
                                    <td>{name}</td>
                                    <td class="num">{format_number(locale, answers)}</td>
                                    <td class="num">{format!("{}%", replies * 100 / answers.max(1))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
                .collect_view()}
        </section>
    });
    view! {
        {replies}
        {(!c.letters_by_representative.is_empty()).then(|| view! {
        <section class="stats" aria-labelledby="letters-heading">
            <h2 id="letters-heading">{t(locale, "letter-counts")}</h2>
            {(c.letters_by_legislature.len() > 1).then(|| view! {
                <table>
                    <thead><tr><th scope="col">{t(locale, "letter-legislature")}</th><th scope="col" class="num">{t(locale, "letter-count")}</th></tr></thead>
                    <tbody>
                        {c.letters_by_legislature.iter().map(|(name, n)| view! {
                            <tr><td>{name.clone()}</td><td class="num">{format_number(locale, *n)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <table>
                <thead><tr>
                    <th scope="col">{t(locale, "letter-representative")}</th>
                    <th scope="col">{t(locale, "letter-constituency")}</th>
                    <th scope="col" class="num">{t(locale, "letter-count")}</th>
                </tr></thead>
                <tbody>
                    {c.letters_by_representative.iter().map(|(name, area, n)| view! {
                        <tr><td>{name.clone()}</td><td>{area.clone()}</td><td class="num">{format_number(locale, *n)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        })}
    }
}

#[component]
fn LegislatureChoice(
    legislatures: Vec<(String, String, String)>,
    chosen: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    match legislatures.as_slice() {
        [(slug, _, _)] => {
            view! { <input type="hidden" name="legislature" value=slug.clone() /> }.into_any()
        }
        _ => view! {
            <div class="field">
                <label for="write-legislature">{t(locale, "letter-legislature")}</label>
                <select id="write-legislature" name="legislature">
                    {legislatures.into_iter().map(|(slug, name, country)| {
                        let selected = chosen.as_deref() == Some(slug.as_str());
                        let label = if country.is_empty() {
                            t(locale, "letter-fixed-recipients")
                        } else {
                            format!("{name} ({country})")
                        };
                        view! { <option value=slug selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
        .into_any(),
    }
}

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
                q.get("postcode"),
                q.get("area").and_then(|a| a.parse::<i64>().ok()),
            )
        },
        move |(slug, legislature, postcode, area)| {
            letter_writing(slug, locale, legislature, postcode, area)
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
    let reachable = v.recipients.iter().filter(|r| r.by_email).count();
    view! {
        <Title text=format!("{} · {}", t(locale, "letter-write-title"), v.title) />
        <div class="container page" lang=v.text_locale.code()>
            <p><A href=localized(&format!("/campaigns/{}", v.slug))>{v.title.clone()}</A></p>
            <h1>{t(locale, "letter-write-title")}</h1>
            {match v.area.clone() {
                None => view! {
                    {v.postcode_unknown.then(|| view! { <p class="form-error" role="alert">{t(locale, "letter-postcode-unknown")}</p> })}
                    {v.outside.then(|| view! { <p class="form-error" role="alert">{t(locale, "letter-outside")}</p> })}
                    <form method="get" action=write_path.clone() class="form">
                        <LegislatureChoice legislatures=v.legislatures.clone() chosen=v.legislature.clone() />
                        {v.has_postcodes.then(|| view! {
                            <div class="field">
                                <label for="write-postcode">{t(locale, "letter-postcode")}</label>
                                <input id="write-postcode" name="postcode" type="text" autocomplete="postal-code" maxlength="12" />
                            </div>
                        })}
                        <button type="submit" class="button">{t(locale, "letter-find")}</button>
                    </form>
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
                                    {(!v.postcode.is_empty()).then(|| view! { <input type="hidden" name="postcode" value=v.postcode.clone() /> })}
                                    <input type="hidden" name="form_token" value=v.form_token.clone() />
                                    <div class="field">
                                        <label for="letter-subject">{t(locale, "letter-subject")}</label>
                                        <input id="letter-subject" name="subject" type="text" maxlength="200" value=subject
                                            aria-describedby="letter-subject-error" />
                                        {move || view! { <FieldError id="letter-subject-error".to_owned() keys=errors_for("subject")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-body">{t(locale, "letter-body")}</label>
                                        <textarea id="letter-body" name="body" rows="16" maxlength="10000"
                                            aria-describedby="letter-body-hint letter-body-error">
                                            {textarea_text(&body)}
                                        </textarea>
                                        <p class="hint" id="letter-body-hint">{t(locale, "letter-body-hint")}</p>
                                        {move || view! { <FieldError id="letter-body-error".to_owned() keys=errors_for("body")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-name">{t(locale, "sign-name")}</label>
                                        <input id="letter-name" name="name" type="text" autocomplete="name" maxlength="100"
                                            value=echoed("name") aria-describedby="letter-name-error" />
                                        {move || view! { <FieldError id="letter-name-error".to_owned() keys=errors_for("name")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-email">{t(locale, "sign-email")}</label>
                                        <input id="letter-email" name="email" type="email" autocomplete="email" maxlength="254"
                                            value=echoed("email") aria-describedby="letter-email-hint letter-email-error" />
                                        <p class="hint" id="letter-email-hint">{t(locale, "letter-email-hint")}</p>
                                        {move || view! { <FieldError id="letter-email-error".to_owned() keys=errors_for("email")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-town">{t(locale, "letter-town")}</label>
                                        <input id="letter-town" name="town" type="text" autocomplete="address-level2" maxlength="100"
                                            value=echoed("town") aria-describedby="letter-town-error" />
                                        {move || view! { <FieldError id="letter-town-error".to_owned() keys=errors_for("town")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="letter-address">{t(locale, if v.address_required { "letter-address-required" } else { "letter-address" })}</label>
                                        <textarea id="letter-address" name="address" rows="3" maxlength="500" autocomplete="street-address"
                                            required=v.address_required
                                            aria-describedby="letter-address-hint letter-address-error">
                                            {textarea_text(&echoed("address"))}
                                        </textarea>
                                        <p class="hint" id="letter-address-hint">{t(locale, if v.address_required { "letter-address-required-hint" } else { "letter-address-hint" })}</p>
                                        {move || view! { <FieldError id="letter-address-error".to_owned() keys=errors_for("address")() /> }}
                                    </div>
                                    <div class="hp" aria-hidden="true">
                                        <label for="letter-website">{t(locale, "sign-website")}</label>
                                        <input id="letter-website" name="website" type="text" tabindex="-1" autocomplete="off" />
                                    </div>
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
    let nearly_identical = p.similarity >= crate::api::letters::NEARLY_IDENTICAL;
    let warn_from = crate::api::letters::NEARLY_IDENTICAL - 1;
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
        {if p.state == "new" {
            view! {
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
            }.into_any()
        } else {
            view! { <p class="notice">{t(locale, &format!("letter-state-{}", p.state))}</p> }.into_any()
        }}
    }
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
            <p><A href=localized(&format!("/campaigns/{slug}"))>{t(locale, "back-to-campaign")}</A></p>
        </div>
    }
}

/// Where a letter went, representative by representative, with a link to print the letter for
/// each one reached by post.
#[component]
fn Deliveries(m: crate::api::letters::ManageView) -> impl IntoView {
    let locale = use_locale();
    let token = m.token.clone();
    let printable = m.printable;
    let item = move |d: DeliveryView| {
        let print = (d.state == "print" && printable).then(|| {
            let href = localized(&format!("/letters/print?token={}&delivery={}", token, d.id));
            let label = t_with(locale, "letter-print-link", &[("name", Arg::Str(&d.name))]);
            view! { " " <A href=href>{label}</A> }
        });
        let key = format!("letter-delivery-{}", d.state);
        view! {
            <li>
                <strong>{d.name.clone()}</strong>
                " — "
                {t(locale, &key)}
                {print}
            </li>
        }
    };
    view! {
        <h2>{t(locale, "letter-deliveries")}</h2>
        <ul class="deliveries">{m.deliveries.into_iter().map(item).collect_view()}</ul>
    }
}

/// "Did you get a reply?": one pair of buttons per representative; the answer can be changed.
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

/// Behind every email's "withdraw and erase" link: what happens, and the button.
#[component]
pub fn LetterManagePage() -> impl IntoView {
    let locale = use_locale();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    let for_data = token.clone();
    let data = Resource::new(move || for_data.clone(), move |t| manage_letter(t, locale));
    let action = ServerAction::<EraseLetter>::new();
    view! {
        <Title text=t(locale, "letter-manage-title") />
        <div class="container page">
            <h1>{t(locale, "letter-manage-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                            Ok(m) if m.erased => view! { <p class="lead">{t(locale, "letter-manage-erased")}</p> }.into_any(),
                            Ok(m) => {
                                let explanation = if ["sent", "delivered", "failed", "print"].contains(&m.state.as_str()) {
                                    "letter-manage-sent"
                                } else {
                                    "letter-manage-unsent"
                                };
                                view! {
                                    <p class="lead">{t_with(locale, "letter-manage-lead", &[("campaign", Arg::Str(&m.campaign))])}</p>
                                    <Deliveries m=m.clone() />
                                    <h2>{t(locale, "letter-manage-heading")}</h2>
                                    <p>{t(locale, explanation)}</p>
                                    {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
                                        <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
                                    })}
                                    <ActionForm action=action attr:class="form">
                                        <input type="hidden" name="locale" value=locale.code() />
                                        <input type="hidden" name="token" value=token />
                                        <button type="submit" class="button danger">{t(locale, "letter-manage-button")}</button>
                                    </ActionForm>
                                }.into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// The letter to one representative reached by post, laid out for printing (the site's header
/// and footer are not printed). With JavaScript a button opens the print dialog; without, the
/// browser's own Print command does the same.
#[component]
pub fn LetterPrintPage() -> impl IntoView {
    let locale = use_locale();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    let delivery = crate::ui::context::query_param("delivery")
        .and_then(|d| d.parse::<i64>().ok())
        .unwrap_or_default();
    crate::ui::context::set_no_store();
    let data = Resource::new(
        move || (token.clone(), delivery),
        move |(t, d)| letter_to_print(t, d, locale),
    );
    // The print button needs JavaScript: shown only once the page is live.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <Title text=t(locale, "letter-print-title") />
        <div class="container page">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(p) => {
                            let no_address = p.to_address.is_empty();
                            view! {
                                <div class="no-print">
                                    <h1>{t(locale, "letter-print-title")}</h1>
                                    <p class="lead">{t_with(locale, "letter-print-lead", &[("name", Arg::Str(&p.to_name))])}</p>
                                    {no_address.then(|| view! {
                                        <p class="notice">{t_with(locale, "letter-print-no-address", &[("name", Arg::Str(&p.to_name))])}</p>
                                    })}
                                    <Show when=move || live.get()>
                                        <button type="button" class="button" on:click=move |_| {
                                            let _ = window().print();
                                        }>{t(locale, "letter-print-button")}</button>
                                    </Show>
                                    <p><A href=localized(&format!("/letters/manage?token={}", p.token))>{t(locale, "letter-page-link")}</A></p>
                                </div>
                                <article class="printed-letter" aria-label=t(locale, "letter-your-letter")>
                                    <p class="prewrap from">{p.from.join("\n")}</p>
                                    <p class="date">{p.date.clone()}</p>
                                    <p class="prewrap to">{std::iter::once(p.to_name.clone()).chain(p.to_address.clone()).collect::<Vec<_>>().join("\n")}</p>
                                    <p class="subject"><strong>{p.subject.clone()}</strong></p>
                                    <div class="prewrap">{p.body.clone()}</div>
                                    <p class="prewrap">{p.signature.join("\n")}</p>
                                </article>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn LetterErasedPage() -> impl IntoView {
    let locale = use_locale();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "letter-erased-title") />
        <div class="container page">
            <h1>{t(locale, "letter-erased-title")}</h1>
            <p class="lead">{t(locale, "letter-erased-text")}</p>
            <p><A href=localized("/")>{t(locale, "not-found-home")}</A></p>
        </div>
    }
}
