//! The header (site name, language switcher) and the footer (operator, privacy, contact).
use crate::api::site::load_site_info;
use crate::domain::Locale;
use crate::i18n::t;
use crate::ui::context::{PageLocale, localized, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href=localized("/") attr:class="brand">
                    <img src="/favicon.svg" alt="" width="28" height="28" />
                    <span>{t(locale, "site-name")}</span>
                </A>
                <LanguageSwitcher />
            </div>
        </header>
    }
}

/// Links to `/lang/<code>?next=<path>`: the server remembers the choice in a cookie and
/// redirects to the same page under the language's prefix. Plain links, so it works without
/// JavaScript; `rel="external"` keeps the client-side router from intercepting them.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let page = use_context::<PageLocale>().unwrap_or(PageLocale {
        locale: Locale::DEFAULT,
        prefixed: false,
    });
    let location = use_location();
    let next = move || {
        let path = location.pathname.get();
        let stripped = match page.base() {
            Some(base) => path.strip_prefix(&base).unwrap_or(&path).to_owned(),
            None => path,
        };
        let stripped = if stripped.is_empty() {
            "/".to_owned()
        } else {
            stripped
        };
        encode_query_value(&stripped)
    };
    view! {
        <nav class="language-switcher" aria-label=t(page.locale, "language-switcher-label")>
            <ul>
                {Locale::all()
                    .map(|l| {
                        let current = l == page.locale;
                        view! {
                            <li>
                                <a
                                    href=move || format!("/lang/{}?next={}", l.code(), next())
                                    hreflang=l.code()
                                    lang=l.code()
                                    rel="external"
                                    aria-current=current.then_some("true")
                                >
                                    {t(l, "language-name")}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

fn encode_query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub fn Footer() -> impl IntoView {
    let locale = use_locale();
    let info = Resource::new(|| (), |_| load_site_info());
    view! {
        <footer class="site-footer">
            <div class="container footer-row">
                <p class="footer-tagline">{t(locale, "footer-tagline")}</p>
                <nav aria-label=t(locale, "footer-nav-label")>
                    <ul>
                        <li>
                            <A href=localized("/privacy")>{t(locale, "footer-privacy")}</A>
                        </li>
                        <li>
                            <A href=localized("/contact")>{t(locale, "footer-contact")}</A>
                        </li>
                        <li>
                            <A href=localized("/login")>{t(locale, "footer-organizers")}</A>
                        </li>
                        <Suspense>
                            {move || Suspend::new(async move {
                                // The operator's published source, else our page on how to get it.
                                match info.await.ok().filter(|i| !i.source_url.is_empty()) {
                                    Some(i) => view! {
                                        <li>
                                            <a href=i.source_url rel="external noopener">
                                                {t(locale, "footer-source")}
                                            </a>
                                        </li>
                                    }
                                        .into_any(),
                                    None => view! {
                                        <li>
                                            <A href=localized("/source")>{t(locale, "footer-source")}</A>
                                        </li>
                                    }
                                        .into_any(),
                                }
                            })}
                        </Suspense>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
