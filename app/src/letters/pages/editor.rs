//! A letter campaign's parts of the editor: narrowing a target to parties or areas, and fixed
//! recipients.
use crate::campaigns::pages::editor_parts::hidden_fields;
use crate::i18n::t;
use crate::letters::api::editor::{SetCampaignRecipient, SetTargetFilter};
use crate::letters::views::TargetView;
use crate::ui::context::use_locale;
use crate::ui::forms::FieldError;
use leptos::prelude::*;

/// Narrowing one target legislature to some parties or areas (none chosen: every member).
#[component]
pub fn TargetFilters(
    target: TargetView,
    slug: String,
    csrf: String,
    editable: bool,
    action: ServerAction<SetTargetFilter>,
) -> impl IntoView {
    let locale = use_locale();
    let narrowed = target.parties.iter().any(|(_, _, on)| *on) || !target.chosen_areas.is_empty();
    let toggle = {
        let (slug, csrf, legislature) = (slug.clone(), csrf.clone(), target.slug.clone());
        move |kind: &'static str, id: String, name: String, on: bool| {
            let fields = hidden_fields(csrf.clone(), locale, slug.clone());
            let legislature = legislature.clone();
            view! {
                <li>
                    <span>{name}{on.then(|| view! { " · " <strong>{t(locale, "author-target-chosen")}</strong> })}</span>
                    <ActionForm action=action attr:class="inline">
                        {fields}
                        <input type="hidden" name="legislature" value=legislature />
                        <input type="hidden" name="kind" value=kind />
                        <input type="hidden" name="value" value=id />
                        {on.then(|| view! { <input type="hidden" name="remove" value="yes" /> })}
                        <button type="submit" class="button small secondary" disabled=!editable>
                            {t(locale, if on { "author-filter-remove" } else { "author-filter-add" })}
                        </button>
                    </ActionForm>
                </li>
            }
        }
    };
    let toggle2 = toggle.clone();
    let fields = hidden_fields(csrf.clone(), locale, slug.clone());
    let legislature = target.slug.clone();
    let options = target
        .other_areas
        .into_iter()
        .map(|(id, name)| view! { <option value=id>{name}</option> })
        .collect_view();
    let picker = format!("filter-area-{}", target.slug);
    let heading = format!("{} · {}", target.name, t(locale, "author-filters"));
    view! {
        <details class="filters" open=narrowed>
            <summary>{heading}</summary>
            <p class="hint">{t(locale, "author-filters-hint")}</p>
            <h3>{t(locale, "letter-party")}</h3>
            <ul class="team">
                {target.parties.into_iter().map(|(id, name, on)| toggle("party", id, name, on)).collect_view()}
            </ul>
            <h3>{t(locale, "author-filter-areas")}</h3>
            <ul class="team">
                {target.chosen_areas.into_iter().map(|(id, name)| toggle2("area", id, name, true)).collect_view()}
            </ul>
            <ActionForm action=action attr:class="form">
                {fields}
                <input type="hidden" name="legislature" value=legislature />
                <input type="hidden" name="kind" value="area" />
                <div class="field">
                    <label for=picker.clone()>{t(locale, "author-filter-area")}</label>
                    <select id=picker name="value">
                        {options}
                    </select>
                </div>
                <button type="submit" class="button small secondary" disabled=!editable>{t(locale, "author-filter-area-add")}</button>
            </ActionForm>
        </details>
    }
}

/// People written to whatever the writer's area (a ministry, a committee).
#[component]
pub fn Recipients(
    recipients: Vec<(String, String)>,
    slug: String,
    csrf: String,
    editable: bool,
    action: ServerAction<SetCampaignRecipient>,
    errors: Signal<Vec<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let add_fields = hidden_fields(csrf.clone(), locale, slug.clone());
    view! {
        <section aria-labelledby="recipients-heading">
            <h2 id="recipients-heading">{t(locale, "author-recipients")}</h2>
            <p class="hint">{t(locale, "author-recipients-hint")}</p>
            <ul class="team">
                {recipients.into_iter().map(|(name, email)| {
                    let fields = hidden_fields(csrf.clone(), locale, slug.clone());
                    view! {
                    <li>
                        <span>{format!("{name} <{email}>")}</span>
                        <ActionForm action=action attr:class="inline">
                            {fields}
                            <input type="hidden" name="recipient_email" value=email />
                            <input type="hidden" name="remove" value="yes" />
                            <button type="submit" class="button small secondary" disabled=!editable>{t(locale, "author-recipient-remove")}</button>
                        </ActionForm>
                    </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=action attr:class="form">
                {add_fields}
                <div class="field">
                    <label for="recipient-name">{t(locale, "author-recipient-name")}</label>
                    <input id="recipient-name" name="recipient_name" type="text" maxlength="200" />
                </div>
                <div class="field">
                    <label for="recipient-email">{t(locale, "author-recipient-email")}</label>
                    <input id="recipient-email" name="recipient_email" type="email" maxlength=crate::domain::Email::MAX_LEN.to_string() />
                </div>
                {move || view! { <FieldError id="recipient-error".to_owned() keys=errors.get() /> }}
                <button type="submit" class="button secondary" disabled=!editable>{t(locale, "author-recipient-add")}</button>
            </ActionForm>
        </section>
    }
}
