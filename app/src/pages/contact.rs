//! The operator's contact details and where to report abuse or ask about one's data.
use crate::api::site::load_site_info;
use crate::i18n::t;
use crate::ui::components::Loading;
use crate::ui::context::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;

/// Who runs this site and how to reach them (an imprint where the law asks for one).
#[component]
pub fn ContactPage() -> impl IntoView {
    let locale = use_locale();
    let info = Resource::new(|| (), |_| load_site_info());
    view! {
        <Title text=t(locale, "contact-title") />
        <div class="container page">
            <h1>{t(locale, "contact-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let info = info.await.unwrap_or_default();
                    if info.operator_name.is_empty() {
                        return view! { <p>{t(locale, "contact-not-configured")}</p> }.into_any();
                    }
                    view! {
                        <dl class="facts">
                            <div>
                                <dt>{t(locale, "contact-operator")}</dt>
                                <dd>{info.operator_name.clone()}</dd>
                            </div>
                            {(!info.address.is_empty()).then(|| view! {
                                <div>
                                    <dt>{t(locale, "contact-address")}</dt>
                                    <dd>
                                        <address>
                                            {info.address.iter().map(|l| view! { {l.clone()} <br /> }).collect_view()}
                                        </address>
                                    </dd>
                                </div>
                            })}
                            {(!info.contact_email.is_empty()).then(|| view! {
                                <div>
                                    <dt>{t(locale, "contact-email")}</dt>
                                    <dd>
                                        <a href=format!("mailto:{}", info.contact_email)>{info.contact_email.clone()}</a>
                                    </dd>
                                </div>
                            })}
                        </dl>
                        {(!info.legal_notice.is_empty()).then(|| view! { <p class="legal">{info.legal_notice.clone()}</p> })}
                    }
                        .into_any()
                })}
            </Suspense>
        </div>
    }
}
