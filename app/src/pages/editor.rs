//! Writing a campaign in the admin area: start a draft, set goal and deadline, write its text in
//! each language (the saved text is shown below its fields as the public page will render it),
//! submit it for review; admins approve or reject it here. Settings and every language's text
//! are one form with one Save (and "Save and submit for review"), so no button saves part of the
//! page and drops the rest. The shell composes the hub's parts with each kind's own (a letter
//! campaign's targets). Every form works without JavaScript.
use crate::campaigns::api::editor::{
    AdvanceCampaign, CreateCampaign, ReviewCampaign, ShareCampaign,
};
use crate::campaigns::pages::editor_parts::{ImageForm, TextFields, hidden_fields};
use crate::domain::{CampaignKind, CampaignState, Locale};
use crate::error::AppError;
use crate::i18n::{format_date, t};
use crate::kinds::api::{SaveCampaign, admin_overview, campaign_editor};
use crate::kinds::views::{EditorPage, KindEditor};
use crate::letters::api::editor::{SetCampaignRecipient, SetCampaignTarget, SetTargetFilter};
use crate::letters::pages::editor::{Recipients, TargetFilters};
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, FormEcho, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The error of whichever of a page's actions failed last (or the echoed one without JS).
fn errors_of(list: Vec<Option<Result<(), AppError>>>) -> Option<AppError> {
    current_error(list.into_iter().flatten().find_map(|r| r.err()))
}

#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let locale = use_locale();
    // The start page's data gives the form token (and refuses strangers).
    let data = Resource::new(move || locale, admin_overview);
    let create = ServerAction::<CreateCampaign>::new();
    let error = move || errors_of(vec![create.value().get()]);
    let errors_for = move |f: &'static str| move || field_errors(&error(), f);
    let chosen = echoed("default_locale");
    view! {
        <Title text=t(locale, "author-new-title") />
        <div class="container page narrow">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <h1>{t(locale, "author-new-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let chosen = chosen.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                            Ok(o) => view! {
                                {move || error().map(|e| view! { <p class="form-error" role="alert">{t(locale, e.message_key())}</p> })}
                                <ActionForm action=create attr:class="form" attr:novalidate="novalidate">
                                    <input type="hidden" name="csrf" value=o.csrf />
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <div class="field">
                                        <label for="new-slug">{t(locale, "author-slug")}</label>
                                        <input id="new-slug" name="slug" type="text" required maxlength=crate::domain::Slug::MAX_LEN.to_string()
                                            value=echoed("slug") autocomplete="off" spellcheck="false"
                                            aria-describedby="new-slug-hint new-slug-error" />
                                        <p class="hint" id="new-slug-hint">{t(locale, "author-slug-hint")}</p>
                                        {move || view! { <FieldError id="new-slug-error".to_owned() keys=errors_for("slug")() /> }}
                                    </div>
                                    <div class="field">
                                        <label for="new-lang">{t(locale, "author-default-language")}</label>
                                        <select id="new-lang" name="default_locale">
                                            {Locale::all().map(|l| {
                                                let selected = if chosen.is_empty() { l == locale } else { chosen == l.code() };
                                                view! { <option value=l.code() selected=selected>{t(l, "language-name")}</option> }
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <fieldset class="field">
                                        <legend>{t(locale, "author-kind")}</legend>
                                        {CampaignKind::ALL.into_iter().map(|kind| {
                                            let id = format!("new-kind-{kind}");
                                            let checked = if echoed("kind").is_empty() { kind == CampaignKind::default() } else { echoed("kind") == kind.as_str() };
                                            view! {
                                                <div class="choice">
                                                    <input type="radio" id=id.clone() name="kind" value=kind.as_str() checked=checked />
                                                    <label for=id>{t(locale, &format!("campaign-kind-{kind}"))}</label>
                                                </div>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                    <button type="submit" class="button">{t(locale, "author-create")}</button>
                                </ActionForm>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn EditCampaignPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    // The actions live here, not in the editor, so that the data reloads after each one (with
    // JavaScript the redirect back to this same page does not reload it by itself).
    let actions = EditorActions {
        save: ServerAction::new(),
        review: ServerAction::new(),
        share: ServerAction::new(),
        advance: ServerAction::new(),
        target: ServerAction::new(),
        filter: ServerAction::new(),
        recipient: ServerAction::new(),
    };
    // Reloaded after each change that went through, never after a refusal: that would put the
    // saved values back over what the organizer typed, which the refusal asks them to correct.
    let changes = RwSignal::new(0usize);
    macro_rules! reload_after {
        ($($action:expr),*) => {$(
            let action = $action;
            Effect::new(move |_| {
                if matches!(action.value().get(), Some(Ok(_))) {
                    changes.update(|n| *n += 1);
                }
            });
        )*};
    }
    reload_after!(
        actions.save,
        actions.review,
        actions.share,
        actions.advance,
        actions.target,
        actions.filter,
        actions.recipient
    );
    let data = Resource::new(
        move || (slug.clone(), changes.get()),
        |(slug, _)| campaign_editor(slug),
    );
    view! {
        <Title text=t(locale, "author-edit-title") />
        <div class="container page wide">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => view! { <Editor v actions /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The editor's forms.
#[derive(Clone, Copy)]
struct EditorActions {
    save: ServerAction<SaveCampaign>,
    review: ServerAction<ReviewCampaign>,
    share: ServerAction<ShareCampaign>,
    advance: ServerAction<AdvanceCampaign>,
    target: ServerAction<SetCampaignTarget>,
    filter: ServerAction<SetTargetFilter>,
    recipient: ServerAction<SetCampaignRecipient>,
}

#[component]
fn Editor(v: EditorPage, actions: EditorActions) -> impl IntoView {
    let locale = use_locale();
    let EditorPage { editor: v, part } = v;
    let letters = match part {
        KindEditor::Letter(l) => Some(l),
        KindEditor::Petition => None,
    };
    let EditorActions {
        save,
        review,
        share,
        advance,
        target,
        filter,
        recipient,
    } = actions;
    let error = move || {
        errors_of(vec![
            target.value().get(),
            filter.value().get(),
            recipient.value().get(),
            save.value().get(),
            review.value().get(),
            share.value().get(),
            advance.value().get(),
        ])
    };
    let errors_for = move |f: &'static str| move || field_errors(&error(), f);
    // Without JavaScript a failed save comes back with what was typed (the editor form's own
    // fields; a failed small form elsewhere on the page echoes none of them).
    let echo_here = use_context::<FormEcho>().is_some_and(|e| {
        e.values
            .keys()
            .any(|k| k == "settings" || k.starts_with("texts["))
    });
    let title = v
        .texts
        .iter()
        .find(|x| x.locale == v.default_locale && x.saved)
        .map(|x| x.title.clone())
        .unwrap_or_else(|| v.slug.clone());
    let public_href = localized(&format!("/campaigns/{}", v.slug));
    let editable = v.editable;
    let hidden = {
        let (slug, csrf) = (v.slug.clone(), v.csrf.clone());
        move || hidden_fields(csrf.clone(), locale, slug.clone())
    };
    let (hidden3, hidden4) = (hidden.clone(), hidden.clone());
    let (hidden5, hidden6, hidden7) = (hidden.clone(), hidden.clone(), hidden.clone());
    let setting = move |name: &str, saved: String| if echo_here { echoed(name) } else { saved };
    let checked = move |name: &str, saved: bool| {
        if echo_here {
            !echoed(name).is_empty()
        } else {
            saved
        }
    };
    let next_state = v.state.next_by_hand().map(|to| match to {
        CampaignState::Closed => (to.as_str(), "author-close", "author-close-text"),
        _ => (to.as_str(), "author-archive", "author-archive-text"),
    });
    let share_errors = move || field_errors(&error(), "email");
    let letter = letters.is_some();
    let letters = letters.unwrap_or_default();
    let (legislatures, targets, recipients) =
        (letters.legislatures, letters.targets, letters.recipients);
    let (target_slug, target_csrf) = (v.slug.clone(), v.csrf.clone());
    view! {
        <h1>{title}</h1>
        <p class="lead">
            {t(locale, &format!("state-{}", v.state))}
            {matches!(v.state, CampaignState::Open | CampaignState::Closed).then(|| view! {
                " · "<A href=public_href.clone()>{t(locale, "author-public-page")}</A>
            })}
            " · "<A href=localized(&format!("/admin/campaigns/{}/stats", v.slug))>{t(locale, "dashboard-title")}</A>
        </p>
        {v.review_reason.clone().map(|reason| view! {
            <aside class="notice" role="note">
                <h2>{t(locale, "author-rejected")}</h2>
                <p>{t(locale, &format!("reject-{reason}"))}</p>
                {v.review_note.clone().filter(|n| !n.is_empty()).map(|n| view! { <p class="prewrap">{n}</p> })}
            </aside>
        })}
        {move || error().map(|e| view! {
            <div class="form-error" role="alert">
                <p>{t(locale, e.message_key())}</p>
                <FieldError id="editor-form-error".to_owned() keys=field_errors(&Some(e), "form") />
            </div>
        })}

        <ActionForm action=save attr:id="campaign-editor" attr:class="form editor" attr:novalidate="novalidate">
            {hidden()}
            <input type="hidden" name="settings" value="yes" />
            <section aria-labelledby="settings-heading">
                <h2 id="settings-heading">{t(locale, "author-settings")}</h2>
                <fieldset disabled=!editable>
                    <div class="field">
                        <label for="edit-goal">{t(locale, "campaign-goal-label")}</label>
                        <input id="edit-goal" name="goal" type="text" inputmode="numeric"
                            value=setting("goal", v.goal.map(|g| g.to_string()).unwrap_or_default())
                            aria-describedby="edit-goal-error" />
                        {move || view! { <FieldError id="edit-goal-error".to_owned() keys=errors_for("goal")() /> }}
                    </div>
                    <div class="field">
                        <label for="edit-closes">{t(locale, "campaign-closes-label")}</label>
                        <input id="edit-closes" name="closes_on" type="date"
                            value=setting("closes_on", v.closes_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default())
                            aria-describedby="edit-closes-hint edit-closes-error" />
                        <p class="hint" id="edit-closes-hint">{v.closes_on.map(|d| format_date(locale, d))}</p>
                        {move || view! { <FieldError id="edit-closes-error".to_owned() keys=errors_for("closes_on")() /> }}
                    </div>
                    // Letters find their recipients by postcode anyway; the setting is the petition's.
                    {(!letter).then(|| view! {
                        <div class="field choice">
                            <input type="checkbox" id="edit-postcode" name="requires_postcode" value="yes"
                                checked=checked("requires_postcode", v.requires_postcode) />
                            <label for="edit-postcode">{t(locale, "author-requires-postcode")}</label>
                        </div>
                    })}
                    {(!v.funds.is_empty() || !v.fund.is_empty()).then(|| {
                        let chosen = setting("fund", v.fund.clone());
                        view! {
                            <div class="field">
                                <label for="edit-fund">{t(locale, "author-fund")}</label>
                                <select id="edit-fund" name="fund" aria-describedby="edit-fund-hint edit-fund-error">
                                    <option value="" selected=chosen.is_empty()>{t(locale, "author-fund-none")}</option>
                                    {v.funds.iter().map(|f| view! {
                                        <option value=f.slug.clone() selected=chosen == f.slug>{f.title.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <p class="hint" id="edit-fund-hint">{t(locale, "author-fund-hint")}</p>
                                {move || view! { <FieldError id="edit-fund-error".to_owned() keys=errors_for("fund")() /> }}
                            </div>
                        }
                    })}
                    {(!v.lists.is_empty() || !v.list.is_empty()).then(|| {
                        let chosen = setting("list", v.list.clone());
                        view! {
                            <div class="field">
                                <label for="edit-list">{t(locale, "author-list")}</label>
                                <select id="edit-list" name="list" aria-describedby="edit-list-hint edit-list-error">
                                    <option value="" selected=chosen.is_empty()>{t(locale, "author-list-none")}</option>
                                    {v.lists.iter().map(|l| view! {
                                        <option value=l.slug.clone() selected=chosen == l.slug>{l.name.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <p class="hint" id="edit-list-hint">{t(locale, "author-list-hint")}</p>
                                {move || view! { <FieldError id="edit-list-error".to_owned() keys=errors_for("list")() /> }}
                            </div>
                        }
                    })}
                    {letter.then(|| view! {
                        <div class="field choice">
                            <input type="checkbox" id="edit-digest" name="letter_digest" value="yes"
                                checked=checked("letter_digest", v.letter_digest) />
                            <label for="edit-digest">{t(locale, "author-digest")}</label>
                        </div>
                        <div class="field choice">
                            <input type="checkbox" id="edit-address" name="letter_requires_address" value="yes"
                                checked=checked("letter_requires_address", v.letter_requires_address) />
                            <label for="edit-address">{t(locale, "author-requires-address")}</label>
                        </div>
                    })}
                </fieldset>
            </section>
            {v.texts.iter().cloned().map(|x| view! {
                <TextFields x error=Signal::derive(error) editable echo_here default=v.default_locale letter />
            }).collect_view()}
            {editable.then(|| view! {
                <section class="editor-save" aria-labelledby="save-heading">
                    <h2 id="save-heading">{t(locale, "author-submit-heading")}</h2>
                    <p>{t(locale, "author-save-text-all")}</p>
                    <p>{t(locale, "author-submit-text")}</p>
                    <div class="buttons">
                        <button type="submit" class="button secondary">{t(locale, "author-save")}</button>
                        <button type="submit" class="button" name="then" value="submit">{t(locale, "author-submit")}</button>
                    </div>
                </section>
            })}
        </ActionForm>

        <ImageForm image=v.image.clone() slug=v.slug.clone() csrf=v.csrf.clone() editable />

        {letter.then(move || {
            let (slug, csrf) = (target_slug, target_csrf);
            view! {
                <section aria-labelledby="targets-heading">
                    <h2 id="targets-heading">{t(locale, "author-targets")}</h2>
                    <p class="hint">{t(locale, "author-targets-hint")}</p>
                    {if legislatures.is_empty() {
                        view! { <p>{t(locale, "author-targets-none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="team">
                                {legislatures.into_iter().map(|(l, name, country, chosen)| {
                                    let fields = hidden_fields(csrf.clone(), locale, slug.clone());
                                    view! {
                                        <li>
                                            <span>{format!("{name} ({country})")}{chosen.then(|| view! { " · " <strong>{t(locale, "author-target-chosen")}</strong> })}</span>
                                            <ActionForm action=target attr:class="inline">
                                                {fields}
                                                <input type="hidden" name="legislature" value=l />
                                                {chosen.then(|| view! { <input type="hidden" name="remove" value="yes" /> })}
                                                <button type="submit" class="button small secondary" disabled=!editable>
                                                    {t(locale, if chosen { "author-target-remove" } else { "author-target-add" })}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {targets.into_iter().map(|target| view! {
                        <TargetFilters target=target slug=slug.clone() csrf=csrf.clone() editable=editable action=filter />
                    }).collect_view()}
                </section>
                <Recipients recipients=recipients slug=slug.clone() csrf=csrf.clone() editable=editable action=recipient
                    errors=Signal::derive(move || field_errors(&error(), "recipient_name").into_iter().chain(field_errors(&error(), "recipient_email")).collect()) />
            }
        })}


        {next_state.map(|(to, button, text)| view! {
            <section aria-labelledby="lifecycle-heading">
                <h2 id="lifecycle-heading">{t(locale, button)}</h2>
                <p>{t(locale, text)}</p>
                <ActionForm action=advance attr:class="form">
                    {hidden7()}
                    <input type="hidden" name="to" value=to />
                    <button type="submit" class="button secondary">{t(locale, button)}</button>
                </ActionForm>
            </section>
        })}
        <section aria-labelledby="team-heading">
            <h2 id="team-heading">{t(locale, "author-team")}</h2>
            <ul class="team">
                {v.team.iter().map(|(email, owner)| {
                    let (email, owner) = (email.clone(), *owner);
                    let hidden = hidden6.clone();
                    view! {
                        <li>
                            {email.clone()}
                            {owner.then(|| format!(" · {}", t(locale, "author-owner")))}
                            {(!owner).then(|| view! {
                                <ActionForm action=share attr:class="inline">
                                    {hidden()}
                                    <input type="hidden" name="email" value=email />
                                    <input type="hidden" name="remove" value="yes" />
                                    <button type="submit" class="button secondary small">{t(locale, "author-unshare")}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=share attr:class="form" attr:novalidate="novalidate">
                {hidden5()}
                <div class="field">
                    <label for="share-email">{t(locale, "author-share")}</label>
                    <input id="share-email" name="email" type="email" maxlength=crate::domain::Email::MAX_LEN.to_string() autocomplete="off"
                        aria-describedby="share-email-error" />
                    {move || view! { <FieldError id="share-email-error".to_owned() keys=share_errors() /> }}
                </div>
                <button type="submit" class="button secondary">{t(locale, "author-share-submit")}</button>
            </ActionForm>
        </section>
        {v.can_review.then(|| view! {
            <section aria-labelledby="review-heading">
                <h2 id="review-heading">{t(locale, "author-review")}</h2>
                <ActionForm action=review attr:class="form">
                    {hidden3()}
                    <input type="hidden" name="decision" value="approve" />
                    <button type="submit" class="button">{t(locale, "author-approve")}</button>
                </ActionForm>
                <ActionForm action=review attr:class="form">
                    {hidden4()}
                    <input type="hidden" name="decision" value="reject" />
                    <div class="field">
                        <label for="review-reason">{t(locale, "author-reason")}</label>
                        <select id="review-reason" name="reason">
                            {["incomplete", "unclear-target", "misleading", "off-mission", "other"].into_iter().map(|r| view! {
                                <option value=r>{t(locale, &format!("reject-{r}"))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="review-note">{t(locale, "author-note")}</label>
                        <textarea id="review-note" name="note" rows="4" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button secondary">{t(locale, "author-reject")}</button>
                </ActionForm>
            </section>
        })}
    }
}
