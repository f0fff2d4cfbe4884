//! Forms that keep what the person typed, with and without JavaScript. With JavaScript the
//! `ActionForm` stays on the page and shows the action's error. Without it, the server renders
//! the same page again for the failed POST, with the submitted values and the error given as a
//! [`FormEcho`] — no personal data travels in a redirect URL.
use crate::error::AppError;
pub use crate::form_echo::FormEcho;
use crate::i18n::t;
use crate::ui::context::use_locale;
use leptos::prelude::*;

/// The value submitted for `name` in a failed no-JS post, or empty.
pub fn echoed(name: &str) -> String {
    use_context::<FormEcho>()
        .and_then(|e| e.values.get(name).cloned())
        .unwrap_or_default()
}

/// The error to show: the action's (JS) or the echoed one (no JS).
pub fn current_error(action_error: Option<AppError>) -> Option<AppError> {
    action_error.or_else(|| use_context::<FormEcho>().and_then(|e| e.error))
}

/// The translation keys of what is wrong with `field`.
pub fn field_errors(error: &Option<AppError>, field: &str) -> Vec<String> {
    match error {
        Some(AppError::Validation(map)) => map.get(field).cloned().unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The messages under a field, tied to it by `id` (give the input `aria-describedby=id`).
/// The element is always there, hidden and empty while the field is fine, so that the input's
/// `aria-describedby` never names an element that does not exist.
#[component]
pub fn FieldError(id: String, keys: Vec<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="field-error" id=id hidden=keys.is_empty()>
            {keys.iter().map(|k| t(locale, k)).collect::<Vec<_>>().join(" ")}
        </p>
    }
}

/// Text for inside a `<textarea>`: its first value, kept by the browser as long as nobody types.
/// Leptos writes a textarea's children into the server's HTML without escaping them (as for
/// `<script>`), so a value containing `</textarea>` could end the element and inject markup:
/// escaped on the server, the HTML shows the text exactly (the browser decodes the entities).
/// In the browser the text goes in as a text node, unescaped. There is deliberately no
/// `prop:value`: hydration would set it, wiping what someone typed before the page became
/// interactive (a slow phone gives them seconds to start a letter).
pub fn textarea_text(value: &str) -> String {
    if cfg!(feature = "ssr") {
        crate::html::escape(value)
    } else {
        value.to_owned()
    }
}

/// The honeypot: a `website` field people never see (nor hear: hidden from screen readers, out of
/// the tab order) that naive bots fill in. `id` names the input (`sign-website`).
#[component]
pub fn Honeypot(id: &'static str) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="hp" aria-hidden="true">
            <label for=id>{t(locale, "sign-website")}</label>
            <input id=id name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
    }
}
