//! A campaign's dashboard for its organizers: signatures by state, confirmations per day (bars
//! drawn as SVG on the server, with the same figures in a table), by country, and suspect
//! signatures by the rule that marked them.
use crate::api::authoring::{StatsView, campaign_stats};
use crate::i18n::{format_date, format_number, t};
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::pages::campaign_stats::ByCountry;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let data = Resource::new(move || slug.clone(), campaign_stats);
    view! {
        <Title text=t(locale, "dashboard-title") />
        <div class="container page wide">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <h1>{t(locale, "dashboard-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(s) => view! { <Dashboard s /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Dashboard(s: StatsView) -> impl IntoView {
    let locale = use_locale();
    let max = s.per_day.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (w, h, bar) = (600i64, 160i64, 20i64);
    view! {
        <p><A href=localized(&format!("/admin/campaigns/{}", s.slug))>{t(locale, "author-edit-title")}</A></p>
        <dl class="facts">
            <div><dt>{t(locale, "dashboard-confirmed")}</dt><dd>{format_number(locale, s.confirmed)}</dd></div>
            <div><dt>{t(locale, "dashboard-pending")}</dt><dd>{format_number(locale, s.pending)}</dd></div>
            <div><dt>{t(locale, "dashboard-suspect")}</dt><dd>{format_number(locale, s.suspect)}</dd></div>
        </dl>
        <section class="stats" aria-labelledby="per-day-heading">
            <h2 id="per-day-heading">{t(locale, "dashboard-per-day")}</h2>
            <svg class="columns" viewBox=format!("0 0 {w} {}", h + 20) role="img"
                aria-labelledby="per-day-heading" preserveAspectRatio="xMinYMin meet">
                {s.per_day.iter().enumerate().filter(|(_, (_, n))| *n > 0).map(|(i, (_, n))| {
                    let height = 2 + n * (h - 2) / max;
                    let x = i as i64 * bar;
                    view! { <rect x=x + 2 y=h - height width=bar - 4 height=height rx="2" class="bar" /> }
                }).collect_view()}
                <line x1="0" y1=h x2=w y2=h class="axis" />
                {s.per_day.first().map(|(d, _)| view! { <text x="0" y=h + 16 class="bar-label">{format_date(locale, *d)}</text> })}
                {s.per_day.last().map(|(d, _)| view! { <text x=w y=h + 16 text-anchor="end" class="bar-label">{format_date(locale, *d)}</text> })}
            </svg>
            <details>
                <summary>{t(locale, "dashboard-as-table")}</summary>
                <table>
                    <thead><tr><th scope="col">{t(locale, "dashboard-day")}</th><th scope="col" class="num">{t(locale, "dashboard-confirmed")}</th></tr></thead>
                    <tbody>
                        {s.per_day.iter().rev().map(|(d, n)| view! {
                            <tr><td>{format_date(locale, *d)}</td><td class="num">{format_number(locale, *n)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
        <ByCountry by_country=s.by_country.clone() />
        <section class="stats" aria-labelledby="suspect-heading">
            <h2 id="suspect-heading">{t(locale, "dashboard-suspect-by-rule")}</h2>
            {if s.suspect_by_reason.is_empty() {
                view! { <p>{t(locale, "dashboard-no-suspect")}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr><th scope="col">{t(locale, "dashboard-rule")}</th><th scope="col" class="num">{t(locale, "stats-signatures")}</th></tr></thead>
                        <tbody>
                            {s.suspect_by_reason.iter().map(|(r, n)| view! {
                                <tr><td>{t(locale, &format!("suspect-{r}"))}</td><td class="num">{format_number(locale, *n)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
