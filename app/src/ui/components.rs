//! Small pieces shared by pages.
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::context::{set_status, use_locale};
use crate::ui::not_found::NotFound;
use leptos::prelude::*;

/// What a page shows when its data could not be loaded; a missing thing is the 404 page.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let locale = use_locale();
    if error == AppError::NotFound {
        return view! { <NotFound /> }.into_any();
    }
    set_status(error.status());
    view! {
        <div class="container page">
            <h1>{t(locale, "error-title")}</h1>
            <p role="alert">{t(locale, error.message_key())}</p>
        </div>
    }
    .into_any()
}

/// Shown while data loads in the browser (server-rendered pages arrive complete).
#[component]
pub fn Loading() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="container loading" aria-live="polite">{t(locale, "loading")}</p> }
}

/// Links to share campaign `slug` by email and on a few networks. Plain links: nothing is loaded
/// from those sites unless the reader follows one. Each carries its own referral code, so the
/// organizers' dashboard shows which way of sharing brings signatures.
#[component]
pub fn ShareLinks(
    slug: String,
    /// The message that goes with the link (translation key).
    #[prop(default = "share-text")]
    text_key: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let url = |code: &str| {
        percent_encode(&crate::ui::context::absolute_url(
            &crate::ui::context::localized(&format!("/campaigns/{slug}?ref={code}")),
        ))
    };
    let text = percent_encode(&t(locale, text_key));
    let links = [
        (
            "share-email",
            format!("mailto:?subject={text}&body={}", url("email")),
        ),
        (
            "share-telegram",
            format!("https://t.me/share/url?url={}&text={text}", url("telegram")),
        ),
        (
            "share-whatsapp",
            format!("https://wa.me/?text={text}%20{}", url("whatsapp")),
        ),
        (
            "share-x",
            format!("https://x.com/intent/post?url={}&text={text}", url("x")),
        ),
        (
            "share-facebook",
            format!(
                "https://www.facebook.com/sharer/sharer.php?u={}",
                url("facebook")
            ),
        ),
    ];
    view! {
        <ul class="share">
            {links.into_iter().map(|(key, href)| view! {
                <li><a href=href rel="external noopener noreferrer">{t(locale, key)}</a></li>
            }).collect_view()}
        </ul>
    }
}

/// `value` for a URL's query: RFC 3986's unreserved characters kept, every other byte escaped.
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_encoding_escapes_everything_but_unreserved() {
        assert_eq!(super::percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(super::percent_encode("x-y_z.~"), "x-y_z.~");
    }
}

/// A table that scrolls sideways within itself on a narrow screen instead of widening the page.
/// Focusable and named, so that keyboard users can scroll it and screen readers announce it.
#[component]
pub fn ScrollTable(
    /// What the table lists (its heading's text).
    label: String,
    children: Children,
) -> impl IntoView {
    // Named apart from the section it sits in, or axe sees two landmarks called the same.
    let name = crate::i18n::t_with(
        use_locale(),
        "table-named",
        &[("name", crate::i18n::Arg::Str(&label))],
    );
    view! {
        <div class="table-scroll" role="region" aria-label=name tabindex="0">
            {children()}
        </div>
    }
}
