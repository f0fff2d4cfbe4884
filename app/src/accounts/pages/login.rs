//! Signing in for organizers and admins: an email form (accounts are invited), the "check your
//! email" page, and the page an emailed link leads to, whose button signs in (a link alone never
//! does, so mail scanners that fetch links cannot use it up).
use crate::accounts::api::{
    CompleteLoginLink, RequestLoginLink, login_link_state, sign_in_providers,
};
use crate::i18n::{Arg, t, t_with};
use crate::ui::components::Loading;
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    crate::ui::context::set_no_store();
    let query = use_query_map().read_untracked();
    let signed_out = query.get("signed_out").is_some();
    // Why a sign-in through a provider failed (set by the server's callback), from a fixed list.
    let failure = query.get("error").filter(|e| {
        [
            "expired",
            "provider",
            "state",
            "unavailable",
            "exchange",
            "token",
            "unverified",
            "no-account",
        ]
        .contains(&e.as_str())
    });
    let providers = Resource::new(|| (), |_| sign_in_providers());
    let action = ServerAction::<RequestLoginLink>::new();
    let error = move || current_error(action.value().get().and_then(|r| r.err()));
    let email_errors = move || field_errors(&error(), "email");
    view! {
        <Title text=t(locale, "login-title") />
        <div class="container page narrow">
            <h1>{t(locale, "login-title")}</h1>
            {signed_out.then(|| view! { <p class="notice" role="status">{t(locale, "login-signed-out")}</p> })}
            {failure.map(|e| view! { <p class="form-error" role="alert">{t(locale, &format!("login-error-{e}"))}</p> })}
            <p class="lead">{t(locale, "login-intro")}</p>
            <ActionForm action=action attr:class="form" attr:novalidate="novalidate">
                <input type="hidden" name="locale" value=locale.code() />
                <div class="field">
                    <label for="login-email">{t(locale, "login-email")}</label>
                    <input id="login-email" name="email" type="email" autocomplete="email" required
                        maxlength="254" value=echoed("email")
                        aria-invalid=move || (!email_errors().is_empty()).then_some("true")
                        aria-describedby="login-email-error" />
                    {move || view! { <FieldError id="login-email-error".to_owned() keys=email_errors() /> }}
                </div>
                <button type="submit" class="button">{t(locale, "login-submit")}</button>
            </ActionForm>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = providers.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <h2>{t(locale, "login-or")}</h2>
                        <ul class="providers">
                            {list.into_iter().map(|p| {
                                let href = format!("/login/provider/{}?lang={}", p.name, locale.code());
                                view! {
                                    <li><a class="button secondary" href=href rel="external">
                                        {t_with(locale, "login-with", &[("provider", Arg::Str(&p.label))])}
                                    </a></li>
                                }
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
            <p class="hint">{t(locale, "login-invite-only")}</p>
        </div>
    }
}

#[component]
pub fn LoginSentPage() -> impl IntoView {
    let locale = use_locale();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "login-sent-title") />
        <div class="container page narrow">
            <h1>{t(locale, "login-sent-title")}</h1>
            <p class="lead">{t(locale, "login-sent-text")}</p>
        </div>
    }
}

#[component]
pub fn LoginLinkPage() -> impl IntoView {
    let locale = use_locale();
    crate::ui::context::set_no_store();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    let token_for_check = token.clone();
    let valid = Resource::new(move || token_for_check.clone(), login_link_state);
    let action = ServerAction::<CompleteLoginLink>::new();
    view! {
        <Title text=t(locale, "login-title") />
        <div class="container page narrow">
            <h1>{t(locale, "login-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        let failed = current_error(action.value().get().and_then(|r| r.err())).is_some();
                        if matches!(valid.await, Ok(true)) && !failed {
                            view! {
                                <p class="lead">{t(locale, "login-link-text")}</p>
                                <ActionForm action=action attr:class="form">
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <input type="hidden" name="token" value=token />
                                    <button type="submit" class="button">{t(locale, "login-link-button")}</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            crate::ui::context::set_status(404);
                            view! {
                                <p class="lead" role="alert">{t(locale, "login-link-invalid")}</p>
                                <p><A href=localized("/login")>{t(locale, "login-again")}</A></p>
                            }.into_any()
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}
