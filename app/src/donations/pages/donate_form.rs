//! The donation form: an amount (a preset or one's own), once or monthly, how the donor is
//! shown (not at all by default), an email for the receipt, an optional message; and, before
//! the button, what happens next: the card is entered on Stripe's page (another site), what the
//! bank statement will show, and what Petrel keeps. A plain form post, so that the answer —
//! a redirect to Stripe's page — is followed by the browser with JavaScript on or off.
use crate::domain::{Email, PersonName};
use crate::donations::views::{DonateOffer, FundView};
use crate::i18n::{Arg, format_money, t, t_with};
use crate::ui::context::use_locale;
use crate::ui::forms::{FieldError, Honeypot, current_error, echoed, field_errors};
use leptos::prelude::*;

#[component]
pub fn DonateForm(f: FundView, offer: DonateOffer) -> impl IntoView {
    let locale = use_locale();
    let error = current_error(None);
    let errors_for = |field: &str| field_errors(&error, field);
    let invalid = |field: &str| (!field_errors(&error, field).is_empty()).then_some("true");
    let currency = StoredValue::new(f.currency.clone());
    let money = move |minor: i64| currency.with_value(|c| format_money(locale, c, minor));
    let amount = echoed("amount");
    let amount = if amount.is_empty() {
        offer
            .presets
            .get(1)
            .or(offer.presets.first())
            .map(i64::to_string)
            .unwrap_or_else(|| "other".into())
    } else {
        amount
    };
    let kind = echoed("kind");
    let display = echoed("display");
    let display = if display.is_empty() {
        "hidden".to_owned()
    } else {
        display
    };
    let ref_code = crate::ui::context::query_param("ref").unwrap_or_else(|| echoed("ref_code"));
    let campaign =
        crate::ui::context::query_param("campaign").unwrap_or_else(|| echoed("campaign"));
    let range = t_with(
        locale,
        "donate-range",
        &[
            ("min", Arg::Str(&money(offer.min_minor))),
            ("max", Arg::Str(&money(offer.max_minor))),
        ],
    );
    view! {
        <form method="post" action="/api/donations/donate" class="form" novalidate="novalidate">
            {error.clone().map(|e| {
                let mut keys = field_errors(&Some(e.clone()), "form");
                // A field the form does not show (how often, when only once is offered) has its
                // error said here.
                if !offer.monthly {
                    keys.extend(field_errors(&Some(e.clone()), "kind"));
                }
                view! {
                    <div class="form-error" role="alert">
                        <p>{t(locale, e.message_key())}</p>
                        <FieldError id="donate-form-error".to_owned() keys />
                    </div>
                }
            })}
            <input type="hidden" name="slug" value=f.slug.clone() />
            <input type="hidden" name="locale" value=locale.code() />
            <input type="hidden" name="form_token" value=offer.form_token.clone() />
            <input type="hidden" name="currency" value=f.currency.clone() />
            {(!ref_code.is_empty()).then(|| view! { <input type="hidden" name="ref_code" value=ref_code.clone() /> })}
            {(!campaign.is_empty()).then(|| view! { <input type="hidden" name="campaign" value=campaign.clone() /> })}
            <fieldset class="field" aria-describedby="donate-amount-hint donate-amount-error">
                <legend>{t(locale, "donate-amount")}</legend>
                {offer.presets.iter().map(|p| {
                    let id = format!("donate-amount-{p}");
                    let value = p.to_string();
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="amount" value=value.clone() checked=amount == value />
                            <label for=id>{money(*p)}</label>
                        </div>
                    }
                }).collect_view()}
                <div class="choice">
                    <input type="radio" id="donate-amount-other" name="amount" value="other" checked=amount == "other" />
                    <label for="donate-amount-other">{t(locale, "donate-other")}</label>
                </div>
                <label for="donate-other-amount" class="visually-hidden">{t(locale, "donate-other-label")}</label>
                <input id="donate-other-amount" name="other_amount" type="text" inputmode="decimal" maxlength="12"
                    value=echoed("other_amount") aria-invalid=invalid("amount") />
                <p class="hint" id="donate-amount-hint">{range}</p>
                <FieldError id="donate-amount-error".to_owned() keys=errors_for("amount") />
            </fieldset>
            {offer.monthly.then(|| view! {
                <fieldset class="field">
                    <legend>{t(locale, "donate-kind")}</legend>
                    {["once", "monthly"].into_iter().map(|value| {
                        let id = format!("donate-kind-{value}");
                        let checked = kind == value || (kind.is_empty() && value == "once");
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name="kind" value=value checked=checked />
                                <label for=id>{t(locale, &format!("donate-kind-{value}"))}</label>
                            </div>
                        }
                    }).collect_view()}
                    <FieldError id="donate-kind-error".to_owned() keys=errors_for("kind") />
                </fieldset>
            })}
            <fieldset class="field">
                <legend>{t(locale, "donate-display")}</legend>
                {["hidden", "first", "full"].into_iter().map(|value| {
                    let id = format!("donate-display-{value}");
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="display" value=value checked=display == value />
                            <label for=id>{t(locale, &format!("donate-display-{value}"))}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldError id="donate-display-error".to_owned() keys=errors_for("display") />
            </fieldset>
            <div class="field">
                <label for="donate-name">{t(locale, "donate-name")}</label>
                <input id="donate-name" name="name" type="text" autocomplete="name"
                    maxlength=PersonName::MAX_CHARS.to_string() value=echoed("name")
                    aria-invalid=invalid("name") aria-describedby="donate-name-hint donate-name-error" />
                <p class="hint" id="donate-name-hint">{t(locale, "donate-name-hint")}</p>
                <FieldError id="donate-name-error".to_owned() keys=errors_for("name") />
            </div>
            <div class="field">
                <label for="donate-email">{t(locale, "donate-email")}</label>
                <input id="donate-email" name="email" type="email" autocomplete="email" required
                    maxlength=Email::MAX_LEN.to_string() value=echoed("email")
                    aria-invalid=invalid("email") aria-describedby="donate-email-hint donate-email-error" />
                <p class="hint" id="donate-email-hint">{t(locale, "donate-email-hint")}</p>
                <FieldError id="donate-email-error".to_owned() keys=errors_for("email") />
            </div>
            <div class="field">
                <label for="donate-message">{t(locale, "donate-message")}</label>
                <textarea id="donate-message" name="message" rows="3" maxlength="300"
                    aria-invalid=invalid("message") aria-describedby="donate-message-hint donate-message-error">
                    {crate::ui::forms::textarea_text(&echoed("message"))}
                </textarea>
                <p class="hint" id="donate-message-hint">{t(locale, "donate-message-hint")}</p>
                <FieldError id="donate-message-error".to_owned() keys=errors_for("message") />
            </div>
            <Honeypot id="donate-website" />
            <div class="notice">
                <p>{t(locale, "donate-notice-stripe")}</p>
                {(!offer.statement_descriptor.is_empty()).then(|| view! {
                    <p>{t_with(locale, "donate-notice-statement", &[("descriptor", Arg::Str(&offer.statement_descriptor))])}</p>
                })}
                <p>{t(locale, "donate-notice-keep")}</p>
            </div>
            <button type="submit" class="button">{t(locale, "donate-submit")}</button>
        </form>
    }
}
