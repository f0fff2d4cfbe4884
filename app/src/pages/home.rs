//! The home page: what Petrel is for, the open campaigns, the funds and the mailing lists.
use crate::campaigns::api::public::open_campaigns;
use crate::donations::api::open_funds;
use crate::i18n::t;
use crate::lists::api::open_lists;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;

/// The front page: what Petrel is for, and the open campaigns.
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let campaigns = Resource::new(move || locale, open_campaigns);
    let funds = Resource::new(move || locale, open_funds);
    let lists = Resource::new(move || locale, open_lists);
    view! {
        <Title text=t(locale, "home-title") />
        <Meta name="description" content=t(locale, "home-intro") />
        <section class="hero">
            <div class="container">
                <h1>{t(locale, "home-title")}</h1>
                <p class="lead">{t(locale, "home-intro")}</p>
            </div>
        </section>
        <section class="container" aria-labelledby="open-campaigns">
            <h2 id="open-campaigns">{t(locale, "home-open-campaigns")}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match campaigns.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p>{t(locale, "home-no-campaigns")}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="cards">
                                    {list
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li class="card">
                                                    <p class="card-kind">
                                                        {t(locale, &format!("campaign-kind-{}", c.kind))}
                                                    </p>
                                                    <h3>
                                                        <A href=localized(&format!("/campaigns/{}", c.slug))>{c.title}</A>
                                                    </h3>
                                                    <p>{c.summary}</p>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                funds.await.ok().filter(|f| !f.is_empty()).map(|list| view! {
                    <section class="container" aria-labelledby="funds-heading">
                        <h2 id="funds-heading">{t(locale, "home-funds")}</h2>
                        <ul class="cards">
                            {list.into_iter().map(|f| view! {
                                <li class="card">
                                    <h3><A href=localized(&format!("/funds/{}", f.slug))>{f.title}</A></h3>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                lists.await.ok().filter(|l| !l.is_empty()).map(|list| view! {
                    <section class="container" aria-labelledby="lists-heading">
                        <h2 id="lists-heading">{t(locale, "home-lists")}</h2>
                        <p>{t(locale, "home-lists-text")}</p>
                        <ul class="cards">
                            {list.into_iter().map(|l| view! {
                                <li class="card">
                                    <h3><A href=localized(&format!("/lists/{}", l.slug))>{l.name}</A></h3>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
