//! `/source`: where to get the source code of the Petrel this site runs. Petrel is under the GNU
//! AGPL, which gives everyone who uses it over a network the right to that source; the footer
//! links here unless the operator has set `site.source_url`, and this page names it too.
use crate::api::site::load_site_info;
use crate::i18n::{Arg, t, t_with};
use crate::ui::components::Loading;
use crate::ui::context::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SourcePage() -> impl IntoView {
    let locale = use_locale();
    let info = Resource::new(|| (), |_| load_site_info());
    let version = env!("CARGO_PKG_VERSION");
    view! {
        <Title text=t(locale, "source-title") />
        <div class="container page">
            <h1>{t(locale, "source-title")}</h1>
            <p class="lead">{t(locale, "source-licence")}</p>
            <p>{t_with(locale, "source-version", &[("version", Arg::Str(version))])}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let info = info.await.unwrap_or_default();
                    if !info.source_url.is_empty() {
                        view! {
                            <p>
                                {t(locale, "source-published")} " "
                                <a href=info.source_url.clone() rel="external noopener">{info.source_url.clone()}</a>
                            </p>
                        }
                            .into_any()
                    } else if !info.contact_email.is_empty() {
                        view! {
                            <p>
                                {t(locale, "source-ask")} " "
                                <a href=format!("mailto:{}", info.contact_email)>{info.contact_email.clone()}</a>
                            </p>
                        }
                            .into_any()
                    } else {
                        view! { <p>{t(locale, "source-ask-operator")}</p> }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}
