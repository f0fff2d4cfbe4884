//! The account page: who is signed in, the live sessions (this one marked), recent sign-ins,
//! sign out here or everywhere.
use crate::accounts::api::{SignOut, account};
use crate::i18n::{Arg, format_time, t, t_with};
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;

/// How a sign-in happened, in words: an emailed link, or a provider by name.
fn method_name(locale: crate::domain::Locale, method: &str) -> String {
    match method.strip_prefix("provider:") {
        Some(provider) => t_with(
            locale,
            "login-method-oidc",
            &[("provider", Arg::Str(provider))],
        ),
        None => t(locale, "login-method-email"),
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| account());
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <Title text=t(locale, "account-title") />
        <div class="container page">
            <h1>{t(locale, "account-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(a) => {
                            let (csrf, csrf2) = (a.csrf.clone(), a.csrf.clone());
                            view! {
                            <p class="lead">{t(locale, &format!("role-{}", a.role))}</p>
                            <h2>{t(locale, "account-sessions")}</h2>
                            <ScrollTable label=t(locale, "account-sessions")><table class="table">
                                <thead><tr>
                                    <th scope="col">{t(locale, "account-browser")}</th>
                                    <th scope="col">{t(locale, "account-signed-in")}</th>
                                    <th scope="col">{t(locale, "account-last-seen")}</th>
                                </tr></thead>
                                <tbody>
                                    {a.sessions.iter().map(|s| view! {
                                        <tr>
                                            <td>{s.agent.clone()}{s.current.then(|| format!(" · {}", t(locale, "account-this-browser")))}</td>
                                            <td>{format_time(&s.started)}</td>
                                            <td>{format_time(&s.last_seen)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></ScrollTable>
                            <h2>{t(locale, "account-recent-logins")}</h2>
                            <ul>
                                {a.recent_logins.iter().map(|l| view! {
                                    <li>{format!("{} · {} · {}", format_time(&l.at), l.agent, method_name(locale, &l.method))}</li>
                                }).collect_view()}
                            </ul>
                            <div class="actions">
                                <ActionForm action=sign_out attr:class="inline">
                                    <input type="hidden" name="csrf" value=csrf />
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <button type="submit" class="button secondary">{t(locale, "account-sign-out")}</button>
                                </ActionForm>
                                <ActionForm action=sign_out attr:class="inline">
                                    <input type="hidden" name="csrf" value=csrf2 />
                                    <input type="hidden" name="locale" value=locale.code() />
                                    <input type="hidden" name="everywhere" value="yes" />
                                    <button type="submit" class="button secondary">{t(locale, "account-sign-out-everywhere")}</button>
                                </ActionForm>
                            </div>
                        }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
