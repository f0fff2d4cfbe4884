//! The editor's shared parts: the image form, the fields every form carries, and one language's
//! texts.
use crate::campaigns::views::TextView;
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::context::use_locale;
use crate::ui::forms::{FieldError, echoed, field_errors, textarea_text};
use leptos::prelude::*;

/// The campaign image: a plain multipart form to `/admin/campaigns/{slug}/image` (a file cannot
/// travel through a server function's form encoding); errors come back on this page.
#[component]
pub fn ImageForm(
    image: Option<String>,
    slug: String,
    csrf: String,
    editable: bool,
) -> impl IntoView {
    let locale = use_locale();
    let action = format!("/admin/campaigns/{slug}/image");
    // The upload answers a refused file with a redirect here naming the reason, so the page
    // (and its hydration) show it the same way with JavaScript on or off.
    let keys: Vec<String> = crate::ui::context::query_param("image_error")
        .filter(|k| crate::domain::upload::IMAGE_ERRORS.contains(&k.as_str()))
        .into_iter()
        .collect();
    let invalid = (!keys.is_empty()).then_some("true");
    let has_image = image.is_some();
    view! {
        <section aria-labelledby="image-heading">
            <h2 id="image-heading">{t(locale, "author-image")}</h2>
            {image.map(|src| view! {
                <img class="campaign-image" src=src alt=t(locale, "author-image-current") />
            })}
            <form method="post" action=action.clone() enctype="multipart/form-data" class="form">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <input type="hidden" name="locale" value=locale.code() />
                <fieldset disabled=!editable>
                    <div class="field">
                        <label for="edit-image">{t(locale, "author-image-file")}</label>
                        <input id="edit-image" name="image" type="file"
                            accept="image/jpeg,image/png,image/webp" aria-invalid=invalid
                            aria-describedby="edit-image-hint edit-image-error" />
                        <p class="hint" id="edit-image-hint">{t(locale, "author-image-hint")}</p>
                        <FieldError id="edit-image-error".to_owned() keys />
                    </div>
                    <button type="submit" class="button secondary">{t(locale, "author-image-upload")}</button>
                </fieldset>
            </form>
            {(has_image && editable).then(|| view! {
                <form method="post" action=action enctype="multipart/form-data" class="form">
                    <input type="hidden" name="csrf" value=csrf />
                    <input type="hidden" name="locale" value=locale.code() />
                    <input type="hidden" name="remove" value="yes" />
                    <button type="submit" class="button secondary">{t(locale, "author-image-remove")}</button>
                </form>
            })}
        </section>
    }
}

pub fn hidden_fields(csrf: String, locale: Locale, slug: String) -> impl IntoView {
    view! {
        <input type="hidden" name="csrf" value=csrf />
        <input type="hidden" name="locale" value=locale.code() />
        <input type="hidden" name="slug" value=slug />
    }
}

/// One language's fields in the editor form, named `texts[<code>][<field>]`, with the saved
/// text below them as the public page will render it.
#[component]
pub fn TextFields(
    x: TextView,
    /// The editor's error, if its last save was refused.
    error: Signal<Option<AppError>>,
    editable: bool,
    /// Whether a failed no-JS save is being shown again (the fields take what was sent).
    echo_here: bool,
    default: Locale,
    /// A letter campaign: the suggested letter's fields too.
    letter: bool,
) -> impl IntoView {
    let locale = use_locale();
    let code = x.locale.code();
    let field_id = move |f: &str| format!("text-{code}-{f}");
    let saved_values = [
        x.title.clone(),
        x.summary.clone(),
        x.addressee.clone(),
        x.body.clone(),
        x.image_alt.clone(),
        x.letter_subject.clone(),
        x.letter_body.clone(),
        x.letter_guidance.clone(),
    ];
    let mut fields = vec![
        ("title", 200usize, false),
        ("summary", 1000, true),
        ("addressee", 300, false),
        ("body", 50_000, true),
        ("image_alt", 300, false),
    ];
    if letter {
        fields.extend([
            ("letter_subject", 200, false),
            ("letter_body", 10_000, true),
            ("letter_guidance", 2_000, true),
        ]);
    }
    let heading = format!(
        "{}{}",
        t(x.locale, "language-name"),
        if x.locale == default {
            format!(" · {}", t(locale, "author-default"))
        } else {
            String::new()
        }
    );
    view! {
        <section class="text-form" aria-labelledby=field_id("heading") lang=code>
            <h2 id=field_id("heading")>{heading}</h2>
            {(!x.saved).then(|| view! { <p class="hint">{t(locale, if x.locale == default { "author-not-written" } else { "author-not-written-optional" })}</p> })}
            <fieldset disabled=!editable>
                {fields
                    .into_iter()
                    .zip(saved_values)
                    .map(|((f, max, long), saved)| {
                        let id = field_id(f);
                        let name = format!("texts[{code}][{f}]");
                        let error_id = format!("{id}-error");
                        let text = if echo_here { echoed(&name) } else { saved };
                        let keys = {
                            let name = name.clone();
                            move || field_errors(&error.get(), &name)
                        };
                        let label = t(locale, &format!("author-field-{f}"));
                        let input = if long {
                            view! {
                                <textarea id=id.clone() name=name.clone() rows=if f == "body" || f == "letter_body" { "14" } else { "3" }
                                    maxlength=max.to_string() aria-describedby=error_id.clone()>
                                    {textarea_text(&text)}
                                </textarea>
                            }.into_any()
                        } else {
                            view! {
                                <input id=id.clone() name=name.clone() type="text" maxlength=max.to_string()
                                    value=text aria-describedby=error_id.clone() />
                            }.into_any()
                        };
                        view! {
                            <div class="field">
                                <label for=id>{label}</label>
                                {input}
                                {move || view! { <FieldError id=error_id.clone() keys=keys() /> }}
                            </div>
                        }
                    })
                    .collect_view()}
                <p class="hint">{t(locale, "author-markdown-hint")}</p>
            </fieldset>
            {x.saved.then(|| view! {
                <details class="preview" open>
                    <summary>{t(locale, "author-preview")}</summary>
                    <div class="preview-page">
                        <h3>{x.title.clone()}</h3>
                        <p class="lead">{x.summary.clone()}</p>
                        <p><strong>{t(locale, "campaign-addressed-to")}</strong>" "{x.addressee.clone()}</p>
                        <div class="prose" inner_html=x.preview_html.clone()></div>
                    </div>
                </details>
            })}
        </section>
    }
}
