use crate::i18n::t;
use crate::ui::context::{localized, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// After confirming: thanks, and what to do next. Share links are plain links: nothing is
/// loaded from those sites unless the reader follows one.
#[component]
pub fn ThanksPage() -> impl IntoView {
    let locale = use_locale();
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let path = localized(&format!("/campaigns/{slug}"));
    let url = crate::ui::context::absolute_url(&path);
    let enc = encode(&url);
    let text = encode(&t(locale, "share-text"));
    let links = [
        ("share-email", format!("mailto:?subject={text}&body={enc}")),
        (
            "share-telegram",
            format!("https://t.me/share/url?url={enc}&text={text}"),
        ),
        (
            "share-whatsapp",
            format!("https://wa.me/?text={text}%20{enc}"),
        ),
        (
            "share-x",
            format!("https://x.com/intent/post?url={enc}&text={text}"),
        ),
        (
            "share-facebook",
            format!("https://www.facebook.com/sharer/sharer.php?u={enc}"),
        ),
    ];
    view! {
        <Title text=t(locale, "thanks-title") />
        <div class="container page">
            <h1>{t(locale, "thanks-title")}</h1>
            <p class="lead">{t(locale, "thanks-text")}</p>
            <h2>{t(locale, "thanks-share")}</h2>
            <ul class="share">
                {links.into_iter().map(|(key, href)| view! {
                    <li><a href=href rel="external noopener noreferrer">{t(locale, key)}</a></li>
                }).collect_view()}
            </ul>
            <p><A href=path>{t(locale, "back-to-campaign")}</A></p>
        </div>
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
