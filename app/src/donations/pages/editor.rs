//! Creating and editing a fund (admins): its address, currency, goal, preset amounts and
//! limits, monthly gifts, open or closed, and its title and description per language. One
//! form, saved all or nothing; without JavaScript a refused save comes back with everything
//! typed and each mistake by its field.

use crate::donations::api::{SaveFund, fund_editor};
use crate::donations::views::FundEditorView;
use crate::i18n::t;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, FormEcho, current_error, echoed, field_errors, textarea_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// `/admin/funds/new` and `/admin/funds/:slug/edit`.
#[component]
pub fn FundEditorPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug");
    let data = Resource::new(slug, fund_editor);
    view! {
        <Title text=t(locale, "fund-editor-title") />
        <div class="container page">
            <p><A href=localized("/admin/funds")>{t(locale, "funds-admin-title")}</A></p>
            <h1>{t(locale, "fund-editor-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => view! { <FundEditor v /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn FundEditor(v: FundEditorView) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveFund>::new();
    let error = move || current_error(save.value().get().and_then(|r| r.err()));
    // A refused save without JavaScript shows what was sent, not what is stored.
    let echo_here = use_context::<FormEcho>().is_some_and(|e| e.values.contains_key("slug"));
    let value = move |name: &str, saved: String| if echo_here { echoed(name) } else { saved };
    let checked = move |name: &str, saved: bool| {
        if echo_here {
            !echoed(name).is_empty()
        } else {
            saved
        }
    };
    let field = move |name: &'static str,
                      label: &'static str,
                      hint: Option<&'static str>,
                      saved: String,
                      disabled: bool| {
        let id = format!("fund-{name}");
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = if hint.is_some() {
            format!("{hint_id} {error_id}")
        } else {
            error_id.clone()
        };
        let keys = move || field_errors(&error(), name);
        view! {
            <div class="field">
                <label for=id.clone()>{t(locale, label)}</label>
                <input id=id name=name type="text" value=value(name, saved) disabled=disabled
                    aria-invalid=move || (!keys().is_empty()).then_some("true")
                    aria-describedby=described />
                {hint.map(|h| view! { <p class="hint" id=hint_id>{t(locale, h)}</p> })}
                {move || view! { <FieldError id=error_id.clone() keys=keys() /> }}
            </div>
        }
    };
    view! {
        {move || error().map(|e| view! {
            <div class="form-error" role="alert">
                <p>{t(locale, e.message_key())}</p>
                <FieldError id="fund-form-error".to_owned() keys=field_errors(&Some(e), "form") />
            </div>
        })}
        <ActionForm action=save attr:class="form" attr:novalidate="novalidate">
            <input type="hidden" name="csrf" value=v.csrf.clone() />
            <input type="hidden" name="locale" value=locale.code() />
            <input type="hidden" name="original" value=v.original.clone() />
            {field("slug", "fund-editor-slug", Some("fund-editor-slug-hint"), v.slug.clone(), false)}
            {field("currency", "fund-editor-currency", Some("fund-editor-currency-hint"), v.currency.clone(), v.currency_locked)}
            // A disabled field is not sent: the locked currency goes as it is.
            {v.currency_locked.then(|| view! { <input type="hidden" name="currency" value=v.currency.clone() /> })}
            {field("goal", "fund-editor-goal", Some("fund-editor-goal-hint"), v.goal.clone(), false)}
            {field("presets", "fund-editor-presets", Some("fund-editor-presets-hint"), v.presets.clone(), false)}
            {field("min", "fund-editor-min", None, v.min.clone(), false)}
            {field("max", "fund-editor-max", None, v.max.clone(), false)}
            <div class="field choice">
                <input type="checkbox" id="fund-monthly" name="monthly" value="yes" checked=checked("monthly", v.monthly) />
                <label for="fund-monthly">{t(locale, "fund-editor-monthly")}</label>
            </div>
            <div class="field choice">
                <input type="checkbox" id="fund-open" name="open" value="yes" checked=checked("open", v.open) />
                <label for="fund-open">{t(locale, "fund-editor-open")}</label>
            </div>
            {v.texts.iter().map(|x| {
                let code = x.locale.code();
                let title_name = format!("texts[{code}][title]");
                let description_name = format!("texts[{code}][description]");
                let (title_id, description_id) = (format!("fund-{code}-title"), format!("fund-{code}-description"));
                let (title_error, description_error) = (format!("{title_id}-error"), format!("{description_id}-error"));
                let title_keys = {
                    let name = title_name.clone();
                    move || field_errors(&error(), &name)
                };
                let description_keys = {
                    let name = description_name.clone();
                    move || field_errors(&error(), &name)
                };
                view! {
                    <fieldset class="text-form" lang=code>
                        <legend>{t(x.locale, "language-name")}</legend>
                        <div class="field">
                            <label for=title_id.clone()>{t(locale, "fund-editor-text-title")}</label>
                            <input id=title_id name=title_name.clone() type="text"
                                maxlength=crate::donations::views::FUND_TITLE_MAX.to_string()
                                value=value(&title_name, x.title.clone()) aria-describedby=title_error.clone() />
                            {move || view! { <FieldError id=title_error.clone() keys=title_keys() /> }}
                        </div>
                        <div class="field">
                            <label for=description_id.clone()>{t(locale, "fund-editor-text-description")}</label>
                            <textarea id=description_id name=description_name.clone() rows="8"
                                aria-describedby=description_error.clone()>
                                {textarea_text(&value(&description_name, x.description.clone()))}
                            </textarea>
                            {move || view! { <FieldError id=description_error.clone() keys=description_keys() /> }}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <p class="hint">{t(locale, "author-markdown-hint")}</p>
            <button type="submit" class="button">{t(locale, "fund-editor-save")}</button>
        </ActionForm>
    }
}
