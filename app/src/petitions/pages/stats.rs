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
    Some(view! {
        <section class="stats" aria-labelledby="by-country-heading">
            <h2 id="by-country-heading">{t(locale, "stats-by-country")}</h2>
            // Bars for the eye, the table below for everyone: the labels are text at the page's
            // own size (an SVG scaled to a phone made them 10 px tall); each bar is a tiny SVG,
            // since the style policy allows no inline widths.
            <div class="bars" aria-hidden="true">
                {top.iter().map(|(code, n)| {
                    let width = 2 + (n * 98 / max);
                    view! {
                        <div class="bar-row">
                            <span class="bar-label">{t(locale, &format!("country-{code}"))}</span>
                            <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none">
                                <rect width=width height="10" rx="1" class="bar" />
                            </svg>
                            <span class="bar-value">{format_number(locale, *n)}</span>
                        </div>
                    }
                }).collect_view()}
            </div>
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
