//! Admin pages: accounts (invite, change role, disable) and the audit log.
use crate::accounts::api::{InviteUser, SetUserRole, SetUserState, audit_log, users};
use crate::accounts::views::UsersView;
use crate::i18n::{format_time, t};
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::{FieldError, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn UsersPage() -> impl IntoView {
    let locale = use_locale();
    // The actions live here so that the list reloads after each one (with JavaScript the
    // redirect back to this same page does not reload it by itself).
    let actions = UserActions {
        invite: ServerAction::new(),
        role: ServerAction::new(),
        state: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            actions.invite.version().get()
                + actions.role.version().get()
                + actions.state.version().get()
        },
        |_| users(),
    );
    view! {
        <Title text=t(locale, "users-title") />
        <div class="container page wide">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <h1>{t(locale, "users-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => view! { <UsersBody v actions /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct UserActions {
    invite: ServerAction<InviteUser>,
    role: ServerAction<SetUserRole>,
    state: ServerAction<SetUserState>,
}

#[component]
fn UsersBody(v: UsersView, actions: UserActions) -> impl IntoView {
    let locale = use_locale();
    let UserActions {
        invite,
        role,
        state,
    } = actions;
    let error = move || {
        current_error(
            invite
                .value()
                .get()
                .and_then(|r| r.err())
                .or_else(|| role.value().get().and_then(|r| r.err()))
                .or_else(|| state.value().get().and_then(|r| r.err())),
        )
    };
    let email_errors = move || field_errors(&error(), "email");
    let csrf = v.csrf.clone();
    let chosen_role = echoed("role");
    view! {
        {move || error().map(|e| view! {
            <div class="form-error" role="alert">
                <p>{t(locale, e.message_key())}</p>
                <FieldError id="users-form-error".to_owned() keys=field_errors(&Some(e), "form") />
            </div>
        })}
        <section aria-labelledby="invite-heading">
            <h2 id="invite-heading">{t(locale, "users-invite")}</h2>
            <ActionForm action=invite attr:class="form" attr:novalidate="novalidate">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <input type="hidden" name="locale" value=locale.code() />
                <div class="field">
                    <label for="invite-email">{t(locale, "users-email")}</label>
                    <input id="invite-email" name="email" type="email" required maxlength=crate::domain::Email::MAX_LEN.to_string()
                        value=echoed("email") autocomplete="off"
                        aria-invalid=move || (!email_errors().is_empty()).then_some("true")
                        aria-describedby="invite-email-error" />
                    {move || view! { <FieldError id="invite-email-error".to_owned() keys=email_errors() /> }}
                </div>
                <div class="field">
                    <label for="invite-role">{t(locale, "users-role")}</label>
                    <select id="invite-role" name="role">
                        <option value="organizer" selected=chosen_role != "admin">{t(locale, "role-name-organizer")}</option>
                        <option value="admin" selected=chosen_role == "admin">{t(locale, "role-name-admin")}</option>
                    </select>
                </div>
                <button type="submit" class="button">{t(locale, "users-invite-submit")}</button>
            </ActionForm>
        </section>
        <h2>{t(locale, "users-accounts")}</h2>
        <ScrollTable label=t(locale, "users-accounts")><table class="table">
            <thead><tr>
                <th scope="col">{t(locale, "users-email")}</th>
                <th scope="col">{t(locale, "users-role")}</th>
                <th scope="col">{t(locale, "users-last-login")}</th>
                <th scope="col">{t(locale, "users-actions")}</th>
            </tr></thead>
            <tbody>
                {v.users.into_iter().map(|u| {
                    let me = u.id == v.me;
                    let other_role = if u.role == "admin" { "organizer" } else { "admin" };
                    let csrf = v.csrf.clone();
                    let csrf2 = v.csrf.clone();
                    view! {
                        <tr>
                            <td>{u.email.clone()}{(!u.active).then(|| format!(" · {}", t(locale, "users-disabled")))}</td>
                            <td>{t(locale, &format!("role-name-{}", u.role))}</td>
                            <td>{u.last_login.as_ref().map(format_time).unwrap_or_else(|| t(locale, "users-never"))}</td>
                            <td class="actions-cell">
                                {(!me).then(|| view! {
                                    <ActionForm action=role attr:class="inline">
                                        <input type="hidden" name="csrf" value=csrf />
                                        <input type="hidden" name="locale" value=locale.code() />
                                        <input type="hidden" name="user" value=u.id.to_string() />
                                        <input type="hidden" name="role" value=other_role />
                                        <button type="submit" class="button secondary small">
                                            {t(locale, &format!("users-make-{other_role}"))}
                                        </button>
                                    </ActionForm>
                                    <ActionForm action=state attr:class="inline">
                                        <input type="hidden" name="csrf" value=csrf2 />
                                        <input type="hidden" name="locale" value=locale.code() />
                                        <input type="hidden" name="user" value=u.id.to_string() />
                                        {(!u.active).then(|| view! { <input type="hidden" name="active" value="yes" /> })}
                                        <button type="submit" class="button secondary small">
                                            {t(locale, if u.active { "users-disable" } else { "users-enable" })}
                                        </button>
                                    </ActionForm>
                                })}
                                {me.then(|| view! { <span class="hint">{t(locale, "users-you")}</span> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></ScrollTable>
        <p><A href=localized("/admin/audit")>{t(locale, "audit-title")}</A></p>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text=t(locale, "audit-title") />
        <div class="container page wide">
            <p><A href=localized("/admin/users")>{t(locale, "users-title")}</A></p>
            <h1>{t(locale, "audit-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(entries) => view! {
                            <ScrollTable label=t(locale, "audit-title")><table class="table">
                                <thead><tr>
                                    <th scope="col">{t(locale, "audit-when")}</th>
                                    <th scope="col">{t(locale, "audit-who")}</th>
                                    <th scope="col">{t(locale, "audit-what")}</th>
                                    <th scope="col">{t(locale, "audit-target")}</th>
                                    <th scope="col">{t(locale, "audit-detail")}</th>
                                </tr></thead>
                                <tbody>
                                    {entries.into_iter().map(|e| view! {
                                        <tr>
                                            <td>{format_time(&e.at)}</td>
                                            <td>{if e.actor.is_empty() { t(locale, "audit-command-line") } else { e.actor }}</td>
                                            <td>{e.action}</td>
                                            <td>{e.target}</td>
                                            <td><code>{e.detail}</code></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></ScrollTable>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
