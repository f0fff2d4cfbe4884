//! A fund's public page (`/funds/:slug`): what it is for, what was raised and spent, the ledger
//! month by month (also money out, by category — never whom it helped), the donors who chose
//! to be named, and how to give.
use crate::donations::api::fund_page;
use crate::donations::pages::donate_form::DonateForm;
use crate::donations::views::FundView;
use crate::i18n::{Arg, format_money, t, t_with};
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::use_locale;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn FundPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(move || (slug(), locale), |(s, l)| fund_page(s, l));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(f) => {
                        crate::ui::context::set_public_cache(5, 30);
                        view! { <Fund f /> }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Fund(f: FundView) -> impl IntoView {
    let locale = use_locale();
    let currency = StoredValue::new(f.currency.clone());
    let money = move |minor: i64| currency.with_value(|c| format_money(locale, c, minor));
    let totals = f.totals.clone();
    let summary = t_with(
        locale,
        "fund-net",
        &[("amount", Arg::Str(&money(totals.net)))],
    );
    view! {
        <Title text=f.title.clone() />
        <Meta name="description" content=summary.clone() />
        <Meta property="og:title" content=f.title.clone() />
        <article class="container page fund" lang=f.text_locale.code()>
            <h1>{f.title.clone()}</h1>
            <section class="progress" aria-labelledby="raised-heading" lang=locale.code()>
                <h2 id="raised-heading">{t(locale, "fund-raised")}</h2>
                <p class="count">
                    {money(totals.gross)}
                    {f.goal_minor.map(|goal| format!(" {}", t_with(locale, "fund-goal", &[("amount", Arg::Str(&money(goal)))])))}
                </p>
                {f.goal_minor.filter(|g| *g > 0).map(|goal| view! {
                    <progress max=goal value=totals.gross.clamp(0, goal)>
                        {format!("{} / {}", money(totals.gross), money(goal))}
                    </progress>
                })}
                <p>{summary}</p>
                <p>
                    {t_with(locale, "fund-donors", &[("count", Arg::Num(totals.donors))])}
                    {(totals.monthly_donors > 0).then(|| format!(" · {}", t_with(locale, "fund-monthly-donors", &[("count", Arg::Num(totals.monthly_donors))])))}
                </p>
                <p>{t_with(locale, "fund-balance", &[("amount", Arg::Str(&money(totals.balance)))])}</p>
            </section>
            <div class="prose" inner_html=f.description_html.clone()></div>
            <section class="sign" id="give" aria-labelledby="give-heading" lang=locale.code()>
                <h2 id="give-heading">{t(locale, "fund-how-to-give")}</h2>
                {crate::ui::context::query_param("cancelled").map(|_| view! {
                    <p class="notice" role="status">{t(locale, "donate-cancelled")}</p>
                })}
                {if !f.open {
                    view! { <p class="notice">{t(locale, "fund-closed")}</p> }.into_any()
                } else if let Some(offer) = f.offer.clone() {
                    view! { <DonateForm f=f.clone() offer /> }.into_any()
                } else if f.alternative.is_empty() {
                    view! { <p>{t(locale, "fund-no-card")}</p> }.into_any()
                } else {
                    view! {
                        <p>{t(locale, "fund-no-card")}</p>
                        <p class="prewrap">{f.alternative.clone()}</p>
                    }.into_any()
                }}
            </section>
            <Ledger f=f.clone() />
            {(!f.named.is_empty()).then(|| view! {
                <section aria-labelledby="named-heading" lang=locale.code()>
                    <h2 id="named-heading">{t(locale, "fund-named")}</h2>
                    <ul class="signers">
                        {f.named.iter().map(|d| view! {
                            <li>
                                <strong>{d.name.clone()}</strong>
                                {d.message.clone().map(|m| view! { <span>{format!(": {m}")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// Money in and out by month, and each payment out.
#[component]
fn Ledger(f: FundView) -> impl IntoView {
    let locale = use_locale();
    // Copy, so that every cell's closure can have it.
    let currency = StoredValue::new(f.currency.clone());
    let money = move |minor: i64| currency.with_value(|c| format_money(locale, c, minor));
    view! {
        <section class="stats" aria-labelledby="ledger-heading" lang=locale.code()>
            <h2 id="ledger-heading">{t(locale, "fund-ledger")}</h2>
            <p class="hint">{t(locale, "fund-ledger-hint")}</p>
            <p>
                {t(locale, "fund-ledger-download")}" "
                // Files, not pages: the browser fetches them itself.
                <a href=format!("/funds/{}/ledger.csv", f.slug) rel="external" download>"CSV"</a>
                " · "
                <a href=format!("/funds/{}/ledger.json", f.slug) rel="external">"JSON"</a>
            </p>
            <MonthsChart months=f.months.iter().rev().map(|m| (m.month.clone(), m.gross)).collect() />
            <ScrollTable label=t(locale, "fund-ledger")>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t(locale, "fund-month")}</th>
                            <th scope="col" class="num">{t(locale, "fund-gross")}</th>
                            <th scope="col" class="num">{t(locale, "fund-fees")}</th>
                            <th scope="col" class="num">{t(locale, "fund-refunds")}</th>
                            <th scope="col" class="num">{t(locale, "fund-disputes")}</th>
                            <th scope="col" class="num">{t(locale, "fund-net-column")}</th>
                            <th scope="col" class="num">{t(locale, "fund-spent")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {f.months.iter().map(|m| view! {
                            <tr>
                                <th scope="row">{m.month.clone()}</th>
                                <td class="num">{money(m.gross)}</td>
                                <td class="num">{money(m.fees)}</td>
                                <td class="num">{money(m.refunds)}</td>
                                <td class="num">{money(m.disputes)}</td>
                                <td class="num">{money(m.net)}</td>
                                <td class="num">{money(m.spent)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
            <h3>{t(locale, "fund-out")}</h3>
            {if f.disbursements.is_empty() {
                view! { <p>{t(locale, "fund-out-none")}</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label=t(locale, "fund-out")>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{t(locale, "fund-date")}</th>
                                    <th scope="col" class="num">{t(locale, "fund-amount")}</th>
                                    <th scope="col">{t(locale, "fund-category")}</th>
                                    <th scope="col">{t(locale, "fund-description")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {f.disbursements.iter().map(|d| view! {
                                    <tr>
                                        <td>{d.spent_on.clone()}</td>
                                        <td class="num">{money(d.amount_minor)}</td>
                                        <td>{t(locale, &format!("fund-category-{}", d.category))}</td>
                                        <td lang=f.text_locale.code()>{d.description.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </ScrollTable>
                }.into_any()
            }}
        </section>
    }
}

/// Money given per month, oldest first, as columns drawn on the server (the ledger's table
/// below has the figures); nothing while nothing was given.
#[component]
fn MonthsChart(months: Vec<(String, i64)>) -> impl IntoView {
    let locale = use_locale();
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(0);
    (max > 0).then(|| {
        let (w, h) = (600i64, 120i64);
        let bar = w / (months.len() as i64).max(1);
        view! {
            <svg class="columns" viewBox=format!("0 0 {w} {}", h + 20) role="img"
                aria-label=t(locale, "fund-chart") preserveAspectRatio="xMinYMin meet">
                {months.iter().enumerate().filter(|(_, (_, n))| *n > 0).map(|(i, (_, n))| {
                    let height = 2 + n * (h - 2) / max;
                    let x = i as i64 * bar;
                    view! { <rect x=x + 1 y=h - height width=(bar - 2).max(1) height=height rx="2" class="bar" /> }
                }).collect_view()}
                <line x1="0" y1=h x2=w y2=h class="axis" />
                {months.first().map(|(m, _)| view! { <text x="0" y=h + 16 class="bar-label">{m.clone()}</text> })}
                {months.last().map(|(m, _)| view! { <text x=w y=h + 16 text-anchor="end" class="bar-label">{m.clone()}</text> })}
            </svg>
        }
    })
}
