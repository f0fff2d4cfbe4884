//! The privacy notice: what Petrel keeps and shows, and whom to ask about one's data.
use crate::api::site::load_site_info;
use crate::i18n::t;
use crate::ui::context::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;

/// How Petrel treats personal data, in plain words; the contact comes from configuration.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let locale = use_locale();
    let info = Resource::new(|| (), |_| load_site_info());
    let section = move |heading: &str, body: &str| {
        view! {
            <section>
                <h2>{t(locale, heading)}</h2>
                <p>{t(locale, body)}</p>
            </section>
        }
    };
    view! {
        <Title text=t(locale, "privacy-title") />
        <div class="container page prose">
            <h1>{t(locale, "privacy-title")}</h1>
            <p class="lead">{t(locale, "privacy-intro")}</p>
            {section("privacy-collect-heading", "privacy-collect")}
            {section("privacy-protect-heading", "privacy-protect")}
            {section("privacy-never-heading", "privacy-never")}
            {section("privacy-retention-heading", "privacy-retention")}
            {section("privacy-rights-heading", "privacy-rights")}
            <section>
                <h2>{t(locale, "privacy-contact-heading")}</h2>
                <Suspense>
                    {move || Suspend::new(async move {
                        let info = info.await.unwrap_or_default();
                        let email = if info.privacy_email.is_empty() {
                            info.contact_email
                        } else {
                            info.privacy_email
                        };
                        if email.is_empty() {
                            view! { <p>{t(locale, "contact-not-configured")}</p> }.into_any()
                        } else {
                            view! {
                                <p>
                                    {t(locale, "privacy-contact")} " "
                                    <a href=format!("mailto:{email}")>{email.clone()}</a>
                                </p>
                            }
                                .into_any()
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}
