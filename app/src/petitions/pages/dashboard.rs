//! A campaign's dashboard for its organizers: signatures by state, confirmations per day or per
//! hour (bars drawn as SVG on the server, with the same figures in a table), by country, by
//! share link, suspect signatures by the rule that marked them; bulk invalidation by rule (a
//! GET form previews how many a rule matches, then a post marks them, and each can be undone);
//! and the CSV export. Everything works without JavaScript.
use crate::error::AppError;
use crate::i18n::{Arg, format_date, format_number, format_time, t, t_with};
use crate::petitions::api::dashboard::{
    InvalidateSignatures, RestoreSignatures, campaign_stats, preview_invalidation,
};
use crate::petitions::pages::stats::ByCountry;
use crate::petitions::views::{InvalidationView, Preview, RuleForm, StatsView};
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::{absolute_url, localized, use_locale};
use crate::ui::forms::{FieldError, current_error, field_errors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let query = use_query_map();
    let invalidate = ServerAction::<InvalidateSignatures>::new();
    let restore = ServerAction::<RestoreSignatures>::new();
    let view_param = move || query.read().get("view");
    let rule = move || {
        let q = query.read();
        RuleForm {
            domain: q.get("domain"),
            ip_hash: q.get("ip_hash"),
            from: q.get("from"),
            to: q.get("to"),
        }
    };
    let data = {
        let slug = slug.clone();
        Resource::new(
            move || {
                (
                    slug.clone(),
                    view_param(),
                    invalidate.version().get(),
                    restore.version().get(),
                )
            },
            |(slug, view, _, _)| campaign_stats(slug, view),
        )
    };
    let preview = {
        let slug = slug.clone();
        Resource::new(
            move || (slug.clone(), rule(), invalidate.version().get()),
            |(slug, rule, _)| preview_invalidation(slug, rule),
        )
    };
    let actions = Actions {
        invalidate,
        restore,
    };
    view! {
        <Title text=t(locale, "dashboard-title") />
        <div class="container page wide">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <h1>{t(locale, "dashboard-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match (data.await, preview.await) {
                        (Err(e), _) => view! { <ErrorPage error=e /> }.into_any(),
                        (Ok(s), preview) => {
                            view! { <Dashboard s preview rule=rule() actions /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    invalidate: ServerAction<InvalidateSignatures>,
    restore: ServerAction<RestoreSignatures>,
}

#[component]
fn Dashboard(
    s: StatsView,
    preview: Result<Option<Preview>, AppError>,
    rule: RuleForm,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let stats_path = format!("/admin/campaigns/{}/stats", s.slug);
    view! {
        <p><A href=localized(&format!("/admin/campaigns/{}", s.slug))>{t(locale, "author-edit-title")}</A></p>
        <dl class="facts">
            <div><dt>{t(locale, "dashboard-confirmed")}</dt><dd>{format_number(locale, s.confirmed)}</dd></div>
            <div><dt>{t(locale, "dashboard-pending")}</dt><dd>{format_number(locale, s.pending)}</dd></div>
            <div><dt>{t(locale, "dashboard-suspect")}</dt><dd>{format_number(locale, s.suspect)}</dd></div>
            <div><dt>{t(locale, "dashboard-flagged")}</dt><dd>{format_number(locale, s.flagged)}</dd></div>
        </dl>
        {(s.flagged > 0).then(|| view! { <p class="hint">{t(locale, "dashboard-flagged-hint")}</p> })}
        <Chart series=s.series.clone() hourly=s.hourly stats_path=stats_path.clone() />
        <ByCountry by_country=s.by_country.clone() />
        <ByRef by_ref=s.by_ref.clone() slug=s.slug.clone() />
        <section class="stats" aria-labelledby="suspect-heading">
            <h2 id="suspect-heading">{t(locale, "dashboard-suspect-by-rule")}</h2>
            {if s.suspect_by_reason.is_empty() {
                view! { <p>{t(locale, "dashboard-no-suspect")}</p> }.into_any()
            } else {
                let by_reason = s.suspect_by_reason.clone();
                view! {
                    <ScrollTable label=t(locale, "dashboard-suspect-by-rule")><table>
                        <thead><tr><th scope="col">{t(locale, "dashboard-rule")}</th><th scope="col" class="num">{t(locale, "stats-signatures")}</th></tr></thead>
                        <tbody>
                            {by_reason.iter().map(|(r, n)| view! {
                                <tr><td>{t(locale, &format!("suspect-{r}"))}</td><td class="num">{format_number(locale, *n)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table></ScrollTable>
                }.into_any()
            }}
        </section>
        <Invalidate s=s.clone() preview rule actions stats_path />
        <Invalidations list=s.invalidations.clone() slug=s.slug.clone() csrf=s.csrf.clone() actions />
        <section aria-labelledby="export-heading">
            <h2 id="export-heading">{t(locale, "dashboard-export")}</h2>
            <p>{t(locale, "dashboard-export-text")}</p>
            <form method="post" action=format!("/admin/campaigns/{}/signatures.csv", s.slug) class="form">
                <input type="hidden" name="csrf" value=s.csrf.clone() />
                <input type="hidden" name="locale" value=locale.code() />
                <button type="submit" class="button secondary">{t(locale, "dashboard-export-submit")}</button>
            </form>
        </section>
    }
}

/// Confirmations per period as columns, with a link to the other granularity and a table.
#[component]
fn Chart(
    series: Vec<(chrono::NaiveDateTime, i64)>,
    hourly: bool,
    stats_path: String,
) -> impl IntoView {
    let locale = use_locale();
    let max = series.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (w, h) = (600i64, 160i64);
    let bar = w / (series.len() as i64).max(1);
    let label = move |at: &chrono::NaiveDateTime| {
        if hourly {
            format!("{} {}", format_date(locale, at.date()), at.format("%H:00"))
        } else {
            format_date(locale, at.date())
        }
    };
    let (heading, other, other_href) = if hourly {
        ("dashboard-per-hour", "dashboard-view-days", stats_path)
    } else {
        (
            "dashboard-per-day",
            "dashboard-view-hours",
            format!("{stats_path}?view=hours"),
        )
    };
    view! {
        <section class="stats" aria-labelledby="per-period-heading">
            <h2 id="per-period-heading">{t(locale, heading)}</h2>
            <p><A href=localized(&other_href)>{t(locale, other)}</A></p>
            <svg class="columns" viewBox=format!("0 0 {w} {}", h + 20) role="img"
                aria-labelledby="per-period-heading" preserveAspectRatio="xMinYMin meet">
                {series.iter().enumerate().filter(|(_, (_, n))| *n > 0).map(|(i, (_, n))| {
                    let height = 2 + n * (h - 2) / max;
                    let x = i as i64 * bar;
                    view! { <rect x=x + 1 y=h - height width=(bar - 2).max(1) height=height rx="2" class="bar" /> }
                }).collect_view()}
                <line x1="0" y1=h x2=w y2=h class="axis" />
                {series.first().map(|(d, _)| view! { <text x="0" y=h + 16 class="bar-label">{label(d)}</text> })}
                {series.last().map(|(d, _)| view! { <text x=w y=h + 16 text-anchor="end" class="bar-label">{label(d)}</text> })}
            </svg>
            <details>
                <summary>{t(locale, "dashboard-as-table")}</summary>
                <ScrollTable label=t(locale, "dashboard-as-table")><table>
                    <thead><tr>
                        <th scope="col">{t(locale, if hourly { "dashboard-hour" } else { "dashboard-day" })}</th>
                        <th scope="col" class="num">{t(locale, "dashboard-confirmed")}</th>
                    </tr></thead>
                    <tbody>
                        {series.iter().rev().map(|(d, n)| view! {
                            <tr><td>{label(d)}</td><td class="num">{format_number(locale, *n)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></ScrollTable>
            </details>
        </section>
    }
}

/// Confirmed signatures by the `?ref=` code of the link they came by.
#[component]
fn ByRef(by_ref: Vec<(String, i64)>, slug: String) -> impl IntoView {
    let locale = use_locale();
    let example = absolute_url(&format!("/campaigns/{slug}?ref=newsletter"));
    view! {
        <section class="stats" aria-labelledby="by-ref-heading">
            <h2 id="by-ref-heading">{t(locale, "dashboard-by-ref")}</h2>
            <p>{t(locale, "dashboard-ref-help")}" "<code>{example}</code></p>
            {(!by_ref.is_empty()).then(|| view! {
                <ScrollTable label=t(locale, "dashboard-by-ref")><table>
                    <thead><tr><th scope="col">{t(locale, "dashboard-ref-code")}</th><th scope="col" class="num">{t(locale, "stats-signatures")}</th></tr></thead>
                    <tbody>
                        {by_ref.iter().map(|(code, n)| view! {
                            <tr>
                                <td>{if code.is_empty() { t(locale, "dashboard-ref-none") } else { code.clone() }}</td>
                                <td class="num">{format_number(locale, *n)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></ScrollTable>
            })}
        </section>
    }
}

/// The rule form (GET: it only previews), the preview, and the button that applies the rule.
#[component]
fn Invalidate(
    s: StatsView,
    preview: Result<Option<Preview>, AppError>,
    rule: RuleForm,
    actions: Actions,
    stats_path: String,
) -> impl IntoView {
    let locale = use_locale();
    let action = actions.invalidate;
    // A rule the preview refused, or an apply that failed (echoed without JavaScript).
    let preview_error = preview.as_ref().err().cloned();
    let error = Signal::derive(move || {
        current_error(action.value().get().and_then(|r| r.err())).or(preview_error.clone())
    });
    let errors_for = move |f: &'static str| move || field_errors(&error.get(), f);
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let chosen_ip = value(&rule.ip_hash);
    view! {
        <section aria-labelledby="invalidate-heading">
            <h2 id="invalidate-heading">{t(locale, "dashboard-invalidate")}</h2>
            <p>{t(locale, "dashboard-invalidate-help")}</p>
            <form method="get" action=localized(&stats_path) class="form">
                <div class="field">
                    <label for="rule-domain">{t(locale, "dashboard-rule-domain")}</label>
                    <input id="rule-domain" name="domain" type="text" value=value(&rule.domain)
                        placeholder="example.org" autocomplete="off" spellcheck="false"
                        aria-describedby="rule-domain-error" />
                    {move || view! { <FieldError id="rule-domain-error".to_owned() keys=errors_for("domain")() /> }}
                </div>
                <div class="field">
                    <label for="rule-ip">{t(locale, "dashboard-rule-ip")}</label>
                    <select id="rule-ip" name="ip_hash" aria-describedby="rule-ip-error">
                        <option value="">{t(locale, "dashboard-rule-ip-any")}</option>
                        {s.busy_addresses.iter().map(|(hash, n)| {
                            let short: String = hash.chars().take(10).collect();
                            view! {
                                <option value=hash.clone() selected=*hash == chosen_ip>
                                    {t_with(locale, "dashboard-rule-ip-option", &[("hash", Arg::Str(&short)), ("count", Arg::Num(*n))])}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    {move || view! { <FieldError id="rule-ip-error".to_owned() keys=errors_for("ip_hash")() /> }}
                </div>
                <div class="field">
                    <label for="rule-from">{t(locale, "dashboard-rule-from")}</label>
                    <input id="rule-from" name="from" type="datetime-local" value=value(&rule.from)
                        aria-describedby="rule-from-error" />
                    {move || view! { <FieldError id="rule-from-error".to_owned() keys=errors_for("from")() /> }}
                </div>
                <div class="field">
                    <label for="rule-to">{t(locale, "dashboard-rule-to")}</label>
                    <input id="rule-to" name="to" type="datetime-local" value=value(&rule.to)
                        aria-describedby="rule-to-error" />
                    {move || view! { <FieldError id="rule-to-error".to_owned() keys=errors_for("to")() /> }}
                </div>
                <button type="submit" class="button secondary">{t(locale, "dashboard-preview")}</button>
            </form>
            {move || error.get().map(|e| view! {
                <div class="form-error" role="alert">
                    <p>{t(locale, e.message_key())}</p>
                    <FieldError id="invalidate-form-error".to_owned() keys=field_errors(&Some(e), "form") />
                </div>
            })}
            {preview.ok().flatten().map(|p| {
                let total = p.total();
                view! {
                    <div class="notice" role="status">
                        <p>{t_with(locale, "dashboard-preview-result", &[
                            ("total", Arg::Num(total)),
                            ("confirmed", Arg::Num(p.confirmed)),
                            ("pending", Arg::Num(p.pending)),
                        ])}</p>
                        {(total > 0).then(|| view! {
                            <ActionForm action=action attr:class="form">
                                <input type="hidden" name="csrf" value=s.csrf.clone() />
                                <input type="hidden" name="locale" value=locale.code() />
                                <input type="hidden" name="slug" value=s.slug.clone() />
                                <input type="hidden" name="domain" value=value(&rule.domain) />
                                <input type="hidden" name="ip_hash" value=value(&rule.ip_hash) />
                                <input type="hidden" name="from" value=value(&rule.from) />
                                <input type="hidden" name="to" value=value(&rule.to) />
                                <button type="submit" class="button danger">
                                    {t_with(locale, "dashboard-invalidate-submit", &[("total", Arg::Num(total))])}
                                </button>
                            </ActionForm>
                        })}
                    </div>
                }
            })}
        </section>
    }
}

/// Past invalidations, each with an undo while it stands.
#[component]
fn Invalidations(
    list: Vec<InvalidationView>,
    slug: String,
    csrf: String,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    let describe = move |i: &InvalidationView| {
        let mut parts = Vec::new();
        if let Some(d) = &i.domain {
            parts.push(format!("{}: {d}", t(locale, "dashboard-rule-domain")));
        }
        if let Some(h) = &i.ip_hash {
            let short: String = h.chars().take(10).collect();
            parts.push(format!("{}: {short}…", t(locale, "dashboard-rule-ip")));
        }
        if let Some(from) = &i.from {
            parts.push(format!(
                "{}: {}",
                t(locale, "dashboard-rule-from"),
                format_time(from)
            ));
        }
        if let Some(to) = &i.to {
            parts.push(format!(
                "{}: {}",
                t(locale, "dashboard-rule-to"),
                format_time(to)
            ));
        }
        parts.join("; ")
    };
    let empty = list.is_empty();
    let rows = list
        .into_iter()
        .map(|i| {
            let rule = describe(&i);
            let (csrf, slug) = (csrf.clone(), slug.clone());
            let undo = match i.undone_at {
                Some(at) => t_with(locale, "dashboard-undone", &[("when", Arg::Str(&format_time(&at)))]).into_any(),
                None => view! {
                    <ActionForm action=actions.restore attr:class="inline">
                        <input type="hidden" name="csrf" value=csrf />
                        <input type="hidden" name="locale" value=locale.code() />
                        <input type="hidden" name="slug" value=slug />
                        <input type="hidden" name="invalidation" value=i.id.to_string() />
                        <button type="submit" class="button secondary">{t(locale, "dashboard-undo")}</button>
                    </ActionForm>
                }
                .into_any(),
            };
            view! {
                <tr>
                    <td>{format_time(&i.created_at)}</td>
                    <td>{rule}</td>
                    <td class="num">{format_number(locale, i.matched)}</td>
                    <td>{undo}</td>
                </tr>
            }
        })
        .collect_view();
    (!empty).then(move || view! {
        <section class="stats" aria-labelledby="invalidations-heading">
            <h2 id="invalidations-heading">{t(locale, "dashboard-invalidations")}</h2>
            <ScrollTable label=t(locale, "dashboard-invalidations")><table>
                <thead><tr>
                    <th scope="col">{t(locale, "dashboard-invalidation-when")}</th>
                    <th scope="col">{t(locale, "dashboard-invalidation-rule")}</th>
                    <th scope="col" class="num">{t(locale, "dashboard-invalidation-marked")}</th>
                    <th scope="col"><span class="visually-hidden">{t(locale, "dashboard-undo")}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></ScrollTable>
        </section>
    })
}
