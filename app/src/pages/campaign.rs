//! A campaign's page: the hub's part (text, image, goal, deadline, sharing) around its kind's
//! (a petition's figures and signing form; a letter campaign's way in and letters delivered).
use crate::campaigns::pages::chip_in::ChipIn;
use crate::domain::CampaignState;
use crate::i18n::{Arg, format_date, t, t_with};
use crate::kinds::api::campaign;
use crate::kinds::views::{CampaignPage as Page, KindPart};
use crate::letters::pages::{FindRepresentatives, LetterCounts};
use crate::petitions::pages::sign_form::SignForm;
use crate::petitions::pages::stats::{ByCountry, RecentSigners};
use crate::ui::components::{ErrorPage, Loading, ShareLinks};
use crate::ui::context::{absolute_url, use_locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// A campaign: its text, whom it addresses, its goal and deadline, and what its kind asks of the
/// reader (sign, or write).
#[component]
pub fn CampaignPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(move || (slug(), locale), |(s, l)| campaign(s, l));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => {
                        crate::ui::context::set_public_cache(5, 30);
                        view! { <CampaignBody c /> }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CampaignBody(c: Page) -> impl IntoView {
    let locale = use_locale();
    let Page { campaign: c, part } = c;
    let count = part.count();
    let text_lang = c.text_locale.code();
    let open = c.state == CampaignState::Open;
    let letter = matches!(part, KindPart::Letter(_));
    view! {
        <Title text=c.title.clone() />
        <Meta name="description" content=c.summary.clone() />
        <Meta property="og:title" content=c.title.clone() />
        <Meta property="og:description" content=c.summary.clone() />
        {c.image.as_ref().map(|i| view! { <Meta property="og:image" content=absolute_url(&i.src) /> })}
        <article class="container page campaign" lang=text_lang>
            <p class="card-kind">{t(locale, &format!("campaign-kind-{}", c.kind))}</p>
            {(c.text_locale != locale).then(|| view! {
                <p class="notice" lang=locale.code()>
                    {t_with(locale, "campaign-not-translated", &[("language", Arg::Str(&t(c.text_locale, "language-name")))])}
                </p>
            })}
            <h1>{c.title.clone()}</h1>
            <p class="lead">{c.summary.clone()}</p>
            {c.image.clone().map(|i| view! {
                <img class="campaign-image" src=i.src width=i.width height=i.height alt=i.alt />
            })}
            <section class="progress" aria-labelledby="count-heading">
                <h2 id="count-heading" class="count">
                    {t_with(locale, if letter { "campaign-letters-count" } else { "campaign-signed-count" }, &[("count", Arg::Num(count))])}
                </h2>
                {c.goal.map(|goal| view! {
                    <progress max=goal value=count.min(goal)>
                        {format!("{count} / {goal}")}
                    </progress>
                })}
                {(open && !letter).then(|| view! {
                    <p><a class="button" href="#sign">{t(locale, "campaign-sign-jump")}</a></p>
                })}
            </section>
            <dl class="facts">
                <div>
                    <dt>{t(locale, "campaign-addressed-to")}</dt>
                    <dd>{c.addressee.clone()}</dd>
                </div>
                {c.goal.map(|goal| view! {
                    <div>
                        <dt>{t(locale, "campaign-goal-label")}</dt>
                        <dd>{t_with(locale, "campaign-goal", &[("goal", Arg::Num(goal))])}</dd>
                    </div>
                })}
                {c.closes_on.map(|d| view! {
                    <div>
                        <dt>{t(locale, "campaign-closes-label")}</dt>
                        <dd>{format_date(locale, d)}</dd>
                    </div>
                })}
            </dl>
            <div class="prose" inner_html=c.body_html.clone()></div>
            {match part.clone() {
                KindPart::Letter(l) => view! { <LetterCounts c=l /> }.into_any(),
                KindPart::Petition(p) => view! {
                    <ByCountry by_country=p.by_country />
                    <RecentSigners signers=p.recent_signers />
                }.into_any(),
            }}
            {match part {
                KindPart::Letter(l) if open => view! { <FindRepresentatives slug=c.slug.clone() legislatures=l.targets /> }.into_any(),
                KindPart::Petition(p) if open => view! { <SignForm slug=c.slug.clone() requires_postcode=c.requires_postcode part=p list=c.list.clone() /> }.into_any(),
                _ => view! {
                    <aside class="notice" aria-labelledby="sign-heading">
                        <h2 id="sign-heading">{t(locale, "campaign-closed")}</h2>
                        <p>{t(locale, "campaign-closed-text")}</p>
                    </aside>
                }
                    .into_any(),
            }}
            <section aria-labelledby="share-heading">
                <h2 id="share-heading">{t(locale, if letter { "campaign-share-letter" } else { "campaign-share" })}</h2>
                <ShareLinks slug=c.slug.clone() text_key=if letter { "share-text-invite-letter" } else { "share-text-invite" } />
            </section>
            <ChipIn slug=c.slug.clone() />
        </article>
    }
}
