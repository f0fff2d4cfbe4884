//! The signing form: name, email, country, postcode when the campaign needs it, how the name is
//! shown (hidden by default), an unticked box to join the campaign's mailing list (when it names
//! one), the consent text and a notice on what signing reveals. Errors appear next to their
//! fields and what was typed stays.
use crate::campaigns::views::CampaignList;
use crate::domain::{Email, PersonName};
use crate::i18n::{Arg, countries, t, t_with};
use crate::petitions::api::SignPetition;
use crate::petitions::views::PetitionPart;
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, Honeypot, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SignForm(
    slug: String,
    requires_postcode: bool,
    part: PetitionPart,
    list: Option<CampaignList>,
) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SignPetition>::new();
    let error = move || current_error(action.value().get().and_then(|r| r.err()));
    let errors_for = move |field: &'static str| move || field_errors(&error(), field);
    let invalid = move |field: &'static str| {
        move || (!field_errors(&error(), field).is_empty()).then_some("true")
    };

    let chosen_country = echoed("country");
    let display = echoed("display");
    let display = if display.is_empty() {
        "hidden".to_owned()
    } else {
        display
    };
    let subscribed = !echoed("subscribe").is_empty();
    // The share link's code travels with the form (see `domain::RefCode`).
    let ref_code = crate::ui::context::query_param("ref").unwrap_or_else(|| echoed("ref_code"));
    // With JavaScript on, the proof of work is done when the email field is left (see
    // `domain::pow`); without it the field stays empty and stricter limits apply.
    let (pow, set_pow) = signal(String::new());
    let (token, bits) = (part.form_token.clone(), part.pow_bits);
    let solve = move |ev: leptos::ev::Event| {
        if bits > 0 {
            let email = event_target_value(&ev);
            set_pow.set(crate::domain::pow::solve(&token, &email, bits).to_string());
        }
    };

    view! {
        <section class="sign" id="sign" aria-labelledby="sign-heading">
            <h2 id="sign-heading">{t(locale, "campaign-sign-heading")}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate="novalidate">
                {move || {
                    error()
                        .map(|e| {
                            view! {
                                <div class="form-error" role="alert">
                                    <p>{t(locale, e.message_key())}</p>
                                    <FieldError id="form-error".to_owned() keys=field_errors(&Some(e), "form") />
                                </div>
                            }
                        })
                }}
                <input type="hidden" name="slug" value=slug.clone() />
                <input type="hidden" name="locale" value=locale.code() />
                <input type="hidden" name="form_token" value=part.form_token.clone() />
                <input type="hidden" name="pow" id="sign-pow" prop:value=move || pow.get() />
                {(!ref_code.is_empty()).then(|| view! { <input type="hidden" name="ref_code" value=ref_code.clone() /> })}
                <div class="field">
                    <label for="sign-name">{t(locale, "sign-name")}</label>
                    <input id="sign-name" name="name" type="text" autocomplete="name" required
                        maxlength=PersonName::MAX_CHARS.to_string() value=echoed("name")
                        aria-invalid=invalid("name") aria-describedby="sign-name-error" />
                    {move || view! { <FieldError id="sign-name-error".to_owned() keys=errors_for("name")() /> }}
                </div>
                <div class="field">
                    <label for="sign-email">{t(locale, "sign-email")}</label>
                    <input id="sign-email" name="email" type="email" autocomplete="email" required
                        maxlength=Email::MAX_LEN.to_string() value=echoed("email") on:change=solve
                        aria-invalid=invalid("email") aria-describedby="sign-email-hint sign-email-error" />
                    <p class="hint" id="sign-email-hint">{t(locale, "sign-email-hint")}</p>
                    {move || view! { <FieldError id="sign-email-error".to_owned() keys=errors_for("email")() /> }}
                </div>
                <div class="field">
                    <label for="sign-country">{t(locale, "sign-country")}</label>
                    <select id="sign-country" name="country" required autocomplete="country"
                        aria-invalid=invalid("country") aria-describedby="sign-country-error">
                        <option value="">{t(locale, "sign-country-choose")}</option>
                        {countries(locale)
                            .iter()
                            .map(|(code, name)| {
                                let code = code.as_str();
                                let selected = code == chosen_country;
                                view! { <option value=code.to_owned() selected=selected>{name.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                    {move || view! { <FieldError id="sign-country-error".to_owned() keys=errors_for("country")() /> }}
                </div>
                {requires_postcode.then(|| view! {
                    <div class="field">
                        <label for="sign-postcode">{t(locale, "sign-postcode")}</label>
                        <input id="sign-postcode" name="postcode" type="text" autocomplete="postal-code"
                            maxlength="12" value=echoed("postcode")
                            aria-invalid=invalid("postcode") aria-describedby="sign-postcode-error" />
                        {move || view! { <FieldError id="sign-postcode-error".to_owned() keys=errors_for("postcode")() /> }}
                    </div>
                })}
                <fieldset class="field">
                    <legend>{t(locale, "sign-display")}</legend>
                    {["hidden", "initials", "full"]
                        .into_iter()
                        .map(|value| {
                            let id = format!("sign-display-{value}");
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="display" value=value
                                        checked=display == value />
                                    <label for=id>{t(locale, &format!("sign-display-{value}"))}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                // The box only where the campaign names a list (the list's own page says what it
                // sends); ticking it joins the list once the signature is confirmed.
                {list.map(|l| view! {
                    <div class="field choice">
                        <input type="checkbox" id="sign-subscribe" name="subscribe" value="yes" checked=subscribed
                            aria-describedby="sign-subscribe-hint" />
                        <label for="sign-subscribe">{t_with(locale, "sign-subscribe-list", &[("list", Arg::Str(&l.name))])}</label>
                        <p class="hint" id="sign-subscribe-hint">
                            <A href=localized(&format!("/lists/{}", l.slug))>{t(locale, "sign-subscribe-about")}</A>
                        </p>
                    </div>
                })}
                <Honeypot id="sign-website" />
                <p class="consent">
                    {t(locale, "sign-consent")} " "
                    <A href=localized("/privacy")>{t(locale, "sign-consent-privacy")}</A>
                </p>
                <p class="notice">{t(locale, "sign-risk-notice")}</p>
                <button type="submit" class="button">{t(locale, "sign-submit")}</button>
            </ActionForm>
        </section>
    }
}
