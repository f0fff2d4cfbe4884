//! The representative directory in the admin area: the legislatures loaded with their figures,
//! the latest imports with what they did and what they left out, and the upload form (members
//! from an EveryPolitician CSV or a Popolo JSON file, or a postcode table). The form posts a
//! file, so it is a plain multipart form; a refused upload comes back here as
//! `?import_error=<reason>`. With JavaScript, sending the form shows that the upload and import
//! are under way (a large file takes a while) and the button cannot be pressed twice; the
//! browser shows how much of the file has gone.
use crate::directory::{api::directory_overview, views::DirectoryView};
use crate::i18n::{format_number, format_time, t};
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// What an upload can be refused for, by field (`import_error` on this page's address).
pub const IMPORT_ERRORS: [(&str, &str); 7] = [
    ("file", "error-directory-file"),
    ("file", "error-directory-unreadable"),
    ("legislature", "error-legislature-slug"),
    ("legislature", "error-legislature-new"),
    ("legislature", "error-legislature-unknown"),
    ("country", "error-country-invalid"),
    ("as_of", "error-date-format"),
];

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| directory_overview());
    view! {
        <Title text=t(locale, "directory-title") />
        <div class="container page wide">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <h1>{t(locale, "directory-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => view! { <Directory v /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Directory(v: DirectoryView) -> impl IntoView {
    let locale = use_locale();
    let refused: Option<(&str, &str)> = crate::ui::context::query_param("import_error")
        .and_then(|k| IMPORT_ERRORS.iter().find(|(_, key)| *key == k).copied());
    let error_for = move |field: &str| -> Vec<String> {
        refused
            .filter(|(f, _)| *f == field)
            .map(|(_, key)| key.to_owned())
            .into_iter()
            .collect()
    };
    let invalid = move |field: &str| (!error_for(field).is_empty()).then_some("true");
    let busy = RwSignal::new(false);
    view! {
        <p class="lead">{t(locale, "directory-lead")}</p>
        {if v.legislatures.is_empty() {
            view! { <p>{t(locale, "directory-empty")}</p> }.into_any()
        } else {
            view! {
                <ScrollTable label=t(locale, "directory-legislatures")><table>
                    <thead><tr>
                        <th scope="col">{t(locale, "directory-legislature")}</th>
                        <th scope="col" class="num">{t(locale, "directory-serving")}</th>
                        <th scope="col" class="num">{t(locale, "directory-without-email")}</th>
                        <th scope="col" class="num">{t(locale, "directory-no-longer")}</th>
                        <th scope="col" class="num">{t(locale, "directory-areas")}</th>
                        <th scope="col" class="num">{t(locale, "directory-postcodes")}</th>
                    </tr></thead>
                    <tbody>
                        {v.legislatures.iter().map(|l| view! {
                            <tr>
                                <td>
                                    <strong>{l.name.clone()}</strong>
                                    " (" {l.country.clone()} {l.term.clone().map(|t| format!(", {t}"))} ") "
                                    <code>{l.slug.clone()}</code>
                                    {l.as_of.clone().map(|d| view! { <br /><span class="hint">{t(locale, "directory-as-of")}" "{d}</span> })}
                                    {l.source.clone().map(|s| view! { <br /><span class="hint">{s}</span> })}
                                </td>
                                <td class="num">{format_number(locale, l.serving)}</td>
                                <td class="num">{format_number(locale, l.without_email)}</td>
                                <td class="num">{format_number(locale, l.no_longer_serving)}</td>
                                <td class="num">{format_number(locale, l.areas)}</td>
                                <td class="num">{format_number(locale, l.postcodes)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></ScrollTable>
            }.into_any()
        }}
        {(!v.imports.is_empty()).then(|| view! {
            <section aria-labelledby="imports-heading" id="last-import">
                <h2 id="imports-heading">{t(locale, "directory-imports")}</h2>
                {v.imports.iter().map(|i| view! {
                    <div class="import">
                        <h3>
                            {format_time(&i.at)} " · " <code>{i.legislature.clone()}</code> " · "
                            {t(locale, &format!("directory-kind-{}", i.kind))}
                        </h3>
                        <p>
                            {i.figures.iter().map(|(k, n)| format!("{}: {}", t(locale, &format!("directory-figure-{k}")), format_number(locale, *n))).collect::<Vec<_>>().join(" · ")}
                        </p>
                        {(!i.problems.is_empty()).then(|| view! {
                            <details>
                                <summary>{t(locale, "directory-problems")}" ("{format_number(locale, i.problems.len() as i64 + i.more_problems)}")"</summary>
                                <ul>
                                    {i.problems.iter().map(|(at, what)| view! { <li><code>{at.clone()}</code>": "{what.clone()}</li> }).collect_view()}
                                </ul>
                            </details>
                        })}
                    </div>
                }).collect_view()}
            </section>
        })}
        <section aria-labelledby="upload-heading">
            <h2 id="upload-heading">{t(locale, "directory-upload")}</h2>
            <p>{t(locale, "directory-upload-text")}</p>
            <form method="post" action="/admin/directory/import" enctype="multipart/form-data" class="form"
                on:submit=move |_| busy.set(true)>
                <input type="hidden" name="csrf" value=v.csrf />
                <input type="hidden" name="locale" value=locale.code() />
                <fieldset class="field">
                    <legend>{t(locale, "directory-kind")}</legend>
                    <div class="choice">
                        <input type="radio" id="import-members" name="kind" value="members" checked=true />
                        <label for="import-members">{t(locale, "directory-kind-members")}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="import-postcodes" name="kind" value="postcodes" />
                        <label for="import-postcodes">{t(locale, "directory-kind-postcodes")}</label>
                    </div>
                </fieldset>
                <div class="field">
                    <label for="import-file">{t(locale, "directory-file")}</label>
                    <input id="import-file" name="file" type="file" accept=".csv,.json,text/csv,application/json"
                        aria-invalid=invalid("file") aria-describedby="import-file-error" />
                    <FieldError id="import-file-error".to_owned() keys=error_for("file") />
                </div>
                <div class="field">
                    <label for="import-legislature">{t(locale, "directory-slug")}</label>
                    <input id="import-legislature" name="legislature" type="text" required maxlength="80"
                        placeholder="uk-commons" spellcheck="false" autocomplete="off"
                        aria-invalid=invalid("legislature") aria-describedby="import-legislature-hint import-legislature-error" />
                    <p class="hint" id="import-legislature-hint">{t(locale, "directory-slug-hint")}</p>
                    <FieldError id="import-legislature-error".to_owned() keys=error_for("legislature") />
                </div>
                <div class="field">
                    <label for="import-country">{t(locale, "directory-country")}</label>
                    <input id="import-country" name="country" type="text" maxlength="2" placeholder="GB"
                        autocomplete="off" aria-invalid=invalid("country") aria-describedby="import-country-error" />
                    <FieldError id="import-country-error".to_owned() keys=error_for("country") />
                </div>
                <div class="field">
                    <label for="import-name">{t(locale, "directory-name")}</label>
                    <input id="import-name" name="name" type="text" maxlength="200" placeholder="House of Commons" />
                </div>
                <div class="field">
                    <label for="import-term">{t(locale, "directory-term")}</label>
                    <input id="import-term" name="term" type="text" maxlength="40" />
                </div>
                <div class="field">
                    <label for="import-source">{t(locale, "directory-source")}</label>
                    <input id="import-source" name="source" type="text" maxlength="500" />
                </div>
                <div class="field">
                    <label for="import-title">{t(locale, "directory-member-title")}</label>
                    <input id="import-title" name="title" type="text" maxlength="40" placeholder="MP"
                        aria-describedby="import-title-hint" />
                    <p class="hint" id="import-title-hint">{t(locale, "directory-member-title-hint")}</p>
                </div>
                <div class="field">
                    <label for="import-as-of">{t(locale, "directory-as-of")}</label>
                    <input id="import-as-of" name="as_of" type="date" aria-invalid=invalid("as_of")
                        aria-describedby="import-as-of-error" />
                    <FieldError id="import-as-of-error".to_owned() keys=error_for("as_of") />
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>{t(locale, "directory-import")}</button>
                <Show when=move || busy.get()>
                    <p class="notice" role="status" id="import-busy">
                        <progress aria-label=t(locale, "directory-importing")></progress>
                        " "{t(locale, "directory-importing")}
                    </p>
                </Show>
            </form>
        </section>
    }
}
