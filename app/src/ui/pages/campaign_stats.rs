//! Where signers come from (a table, and bars drawn as SVG on the server: no script, no image
//! from elsewhere) and the latest signers who chose to show their name.
use crate::i18n::{format_number, t};
use crate::ui::context::use_locale;
use leptos::prelude::*;

const BAR_COUNTRIES: usize = 8;

#[component]
pub fn ByCountry(by_country: Vec<(String, i64)>) -> impl IntoView {
    let locale = use_locale();
    if by_country.is_empty() {
        return None;
    }
    let max = by_country.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let top: Vec<_> = by_country.iter().take(BAR_COUNTRIES).cloned().collect();
    let row_h = 28;
    let height = row_h * top.len() as i64;
    Some(view! {
        <section class="stats" aria-labelledby="by-country-heading">
            <h2 id="by-country-heading">{t(locale, "stats-by-country")}</h2>
            <svg class="bars" viewBox=format!("0 0 600 {height}") role="img"
                aria-labelledby="by-country-heading" preserveAspectRatio="xMinYMin meet">
                {top.iter().enumerate().map(|(i, (code, n))| {
                    let y = i as i64 * row_h;
                    let w = 10 + (n * 330 / max);
                    let name = t(locale, &format!("country-{code}"));
                    view! {
                        <g>
                            <text x="0" y=y + 19 class="bar-label">{name}</text>
                            <rect x="200" y=y + 5 width=w height="18" rx="3" class="bar" />
                            <text x=210 + w y=y + 19 class="bar-value">{format_number(locale, *n)}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <table>
                <caption class="visually-hidden">{t(locale, "stats-by-country")}</caption>
                <thead>
                    <tr><th scope="col">{t(locale, "stats-country")}</th><th scope="col" class="num">{t(locale, "stats-signatures")}</th></tr>
                </thead>
                <tbody>
                    {by_country.into_iter().map(|(code, n)| view! {
                        <tr><td>{t(locale, &format!("country-{code}"))}</td><td class="num">{format_number(locale, n)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    })
}

#[component]
pub fn RecentSigners(signers: Vec<(String, String)>) -> impl IntoView {
    let locale = use_locale();
    (!signers.is_empty()).then(|| {
        view! {
            <section class="recent" aria-labelledby="recent-heading">
                <h2 id="recent-heading">{t(locale, "stats-recent")}</h2>
                <ul>
                    {signers.into_iter().map(|(name, code)| view! {
                        <li>{name}" · "{t(locale, &format!("country-{code}"))}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
