//! A letter campaign's parts of the campaign page: the way in (which legislature, and the
//! postcode) and the letters delivered so far.
use crate::i18n::{format_number, t};
use crate::letters::api::FindArea;
use crate::ui::context::use_locale;
use crate::ui::forms::{FieldError, current_error, echoed, field_errors};
use leptos::prelude::*;

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
            <PostcodeForm slug legislatures chosen=None postcode=true />
        </section>
    }
}

/// Which legislature and (where postcodes are loaded) the postcode, posted: the postcode is
/// looked up on the server and never appears in a URL. An empty one leads to the list of areas.
#[component]
pub(super) fn PostcodeForm(
    slug: String,
    legislatures: Vec<(String, String, String)>,
    chosen: Option<String>,
    /// Whether to ask for a postcode.
    postcode: bool,
) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<FindArea>::new();
    let error = move || current_error(action.value().get().and_then(|r| r.err()));
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate="novalidate">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="locale" value=locale.code() />
            <LegislatureChoice legislatures chosen />
            {postcode.then(|| view! {
                <div class="field">
                    <label for="write-postcode">{t(locale, "letter-postcode")}</label>
                    <input id="write-postcode" name="postcode" type="text" autocomplete="postal-code"
                        maxlength="12" value=echoed("postcode")
                        aria-describedby="write-postcode-hint write-postcode-error" />
                    <p class="hint" id="write-postcode-hint">{t(locale, "letter-postcode-hint")}</p>
                    {move || view! { <FieldError id="write-postcode-error".to_owned() keys=field_errors(&error(), "postcode") /> }}
                </div>
            })}
            <button type="submit" class="button">{t(locale, "letter-find")}</button>
        </ActionForm>
    }
}

/// Letters delivered, per legislature and to the representatives who received the most.
#[component]
pub fn LetterCounts(c: crate::letters::views::LetterPart) -> impl IntoView {
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
        {(!c.by_representative.is_empty()).then(|| view! {
        <section class="stats" aria-labelledby="letters-heading">
            <h2 id="letters-heading">{t(locale, "letter-counts")}</h2>
            {(c.by_legislature.len() > 1).then(|| view! {
                <table>
                    <thead><tr><th scope="col">{t(locale, "letter-legislature")}</th><th scope="col" class="num">{t(locale, "letter-count")}</th></tr></thead>
                    <tbody>
                        {c.by_legislature.iter().map(|(name, n)| view! {
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
                    {c.by_representative.iter().map(|(name, area, n)| view! {
                        <tr><td>{name.clone()}</td><td>{area.clone()}</td><td class="num">{format_number(locale, *n)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        })}
    }
}

#[component]
pub(super) fn LegislatureChoice(
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
