//! The letter to one representative reached by post, laid out for printing.
use crate::i18n::{Arg, t, t_with};
use crate::letters::api::letter_to_print;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The letter to one representative reached by post, laid out for printing (the site's header
/// and footer are not printed). With JavaScript a button opens the print dialog; without, the
/// browser's own Print command does the same.
#[component]
pub fn LetterPrintPage() -> impl IntoView {
    let locale = use_locale();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    let delivery = crate::ui::context::query_param("delivery")
        .and_then(|d| d.parse::<i64>().ok())
        .unwrap_or_default();
    crate::ui::context::set_no_store();
    let data = Resource::new(
        move || (token.clone(), delivery),
        move |(t, d)| letter_to_print(t, d, locale),
    );
    // The print button needs JavaScript: shown only once the page is live.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <Title text=t(locale, "letter-print-title") />
        <div class="container page">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(p) => {
                            let no_address = p.to_address.is_empty();
                            view! {
                                <div class="no-print">
                                    <h1>{t(locale, "letter-print-title")}</h1>
                                    <p class="lead">{t_with(locale, "letter-print-lead", &[("name", Arg::Str(&p.to_name))])}</p>
                                    {no_address.then(|| view! {
                                        <p class="notice">{t_with(locale, "letter-print-no-address", &[("name", Arg::Str(&p.to_name))])}</p>
                                    })}
                                    <Show when=move || live.get()>
                                        <button type="button" class="button" on:click=move |_| {
                                            let _ = window().print();
                                        }>{t(locale, "letter-print-button")}</button>
                                    </Show>
                                    <p><A href=localized(&format!("/letters/manage?token={}", p.token))>{t(locale, "letter-page-link")}</A></p>
                                </div>
                                <article class="printed-letter" aria-label=t(locale, "letter-your-letter")>
                                    <p class="prewrap from">{p.from.join("\n")}</p>
                                    <p class="date">{p.date.clone()}</p>
                                    <p class="prewrap to">{std::iter::once(p.to_name.clone()).chain(p.to_address.clone()).collect::<Vec<_>>().join("\n")}</p>
                                    <p class="subject"><strong>{p.subject.clone()}</strong></p>
                                    <div class="prewrap">{p.body.clone()}</div>
                                    <p class="prewrap">{p.signature.join("\n")}</p>
                                </article>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
