//! The list editor (admins only, `/admin/lists/new` and `/admin/lists/:slug/edit`): the list's
//! address, whether it has a public subscribe page and takes subscribers, and per language its
//! name, description (Markdown) and the welcome message new subscribers get.
use crate::i18n::t;
use crate::lists::api::{SaveList, list_editor};
use crate::lists::views::ListEditorView;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, FormEcho, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ListEditorPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, list_editor);
    view! {
        <Title text=t(locale, "list-editor-title") />
        <div class="container page">
            <p><A href=localized("/admin/lists")>{t(locale, "lists-admin-title")}</A></p>
            <h1>{t(locale, "list-editor-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => view! { <Editor v /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Editor(v: ListEditorView) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SaveList>::new();
    let error = move || current_error(action.value().get().and_then(|r| r.err()));
    let errors_for = move |field: String| move || field_errors(&error(), &field);
    let echo_here = use_context::<FormEcho>().is_some_and(|e| e.values.contains_key("slug"));
    let value = move |name: &str, saved: String| if echo_here { echoed(name) } else { saved };
    let ticked = move |name: &str, saved: bool| {
        if echo_here {
            !echoed(name).is_empty()
        } else {
            saved
        }
    };
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate="novalidate">
            {move || error().map(|e| view! {
                <div class="form-error" role="alert">
                    <p>{t(locale, e.message_key())}</p>
                    <FieldError id="list-form-error".to_owned() keys=field_errors(&Some(e), "form") />
                </div>
            })}
            <input type="hidden" name="csrf" value=v.csrf.clone() />
            <input type="hidden" name="locale" value=locale.code() />
            <input type="hidden" name="original" value=v.original.clone() />
            <div class="field">
                <label for="list-slug">{t(locale, "list-editor-slug")}</label>
                <input id="list-slug" name="slug" type="text" maxlength="64" required
                    value=value("slug", v.slug.clone()) aria-describedby="list-slug-hint list-slug-error" />
                <p class="hint" id="list-slug-hint">{t(locale, "list-editor-slug-hint")}</p>
                {move || view! { <FieldError id="list-slug-error".to_owned() keys=errors_for("slug".into())() /> }}
            </div>
            <div class="field choice">
                <input type="checkbox" id="list-public" name="public" value="yes" checked=ticked("public", v.public) />
                <label for="list-public">{t(locale, "list-editor-public")}</label>
            </div>
            <div class="field choice">
                <input type="checkbox" id="list-open" name="open" value="yes" checked=ticked("open", v.open) />
                <label for="list-open">{t(locale, "list-editor-open")}</label>
            </div>
            {v.texts.iter().map(|text| {
                let code = text.locale.code();
                let field = |f: &str| format!("texts[{code}][{f}]");
                let id = |f: &str| format!("list-{f}-{code}");
                let (name_f, desc_f, subj_f, body_f) = (field("name"), field("description"), field("welcome_subject"), field("welcome_body"));
                let (name_e, subj_e) = (format!("{}-error", id("name")), format!("{}-error", id("welcome-subject")));
                view! {
                    <fieldset class="field" lang=code>
                        <legend>{t(text.locale, "language-name")}</legend>
                        <div class="field">
                            <label for=id("name")>{t(locale, "list-editor-name")}</label>
                            <input id=id("name") type="text" name=name_f.clone() maxlength="120"
                                value=value(&name_f, text.name.clone()) aria-describedby=name_e.clone() />
                            {move || view! { <FieldError id=name_e.clone() keys=errors_for(name_f.clone())() /> }}
                        </div>
                        <div class="field">
                            <label for=id("description")>{t(locale, "list-editor-description")}</label>
                            <textarea id=id("description") name=desc_f.clone() rows="4">
                                {crate::ui::forms::textarea_text(&value(&desc_f, text.description.clone()))}
                            </textarea>
                        </div>
                        <div class="field">
                            <label for=id("welcome-subject")>{t(locale, "list-editor-welcome-subject")}</label>
                            <input id=id("welcome-subject") type="text" name=subj_f.clone() maxlength="200"
                                value=value(&subj_f, text.welcome_subject.clone()) aria-describedby=subj_e.clone() />
                            {move || view! { <FieldError id=subj_e.clone() keys=errors_for(subj_f.clone())() /> }}
                        </div>
                        <div class="field">
                            <label for=id("welcome-body")>{t(locale, "list-editor-welcome-body")}</label>
                            <textarea id=id("welcome-body") name=body_f.clone() rows="6">
                                {crate::ui::forms::textarea_text(&value(&body_f, text.welcome_body.clone()))}
                            </textarea>
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit" class="button">{t(locale, "list-editor-save")}</button>
        </ActionForm>
    }
}
