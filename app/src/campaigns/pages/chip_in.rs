//! "Chip in for legal aid": on a campaign's page and its thank-you pages, when the campaign
//! points to a fund. The link carries the campaign and the share link's `?ref=` code the reader
//! came by, so the fund's dashboard can say which campaign and which way of sharing brought
//! each donation. Nothing is shown for a campaign without a fund.
use crate::campaigns::api::public::campaign_fund;
use crate::i18n::{Arg, t, t_with};
use crate::ui::context::{localized, query_param, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ChipIn(slug: String) -> impl IntoView {
    let locale = use_locale();
    let campaign = slug.clone();
    let fund = Resource::new(move || (slug.clone(), locale), |(s, l)| campaign_fund(s, l));
    // Only a code of the expected shape is carried on (the donation form checks it again).
    let reference = query_param("ref")
        .and_then(|r| crate::domain::RefCode::parse(&r))
        .map(|r| r.as_str().to_owned());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let campaign = campaign.clone();
                let reference = reference.clone();
                Suspend::new(async move {
                    fund.await.ok().flatten().map(|f| {
                        let mut href = format!("/funds/{}?campaign={campaign}", f.slug);
                        if let Some(r) = &reference {
                            href.push_str(&format!("&ref={r}"));
                        }
                        href.push_str("#give");
                        view! {
                            <aside class="chip-in" aria-labelledby="chip-in-heading">
                                <h2 id="chip-in-heading">{t(locale, "fund-chip-in")}</h2>
                                <p>{t_with(locale, "chip-in-text", &[("fund", Arg::Str(&f.title))])}</p>
                                <p><A href=localized(&href) attr:class="button secondary">{t(locale, "chip-in-button")}</A></p>
                            </aside>
                        }
                    })
                })
            }}
        </Suspense>
    }
}
