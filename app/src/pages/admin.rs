//! The admin area's start page: the campaigns this organizer runs (every campaign for an
//! admin), with their state and confirmed signatures.
use crate::domain::CampaignKind;
use crate::i18n::{Arg, t, t_with};
use crate::kinds::api::admin_overview;
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::{localized, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(move || locale, admin_overview);
    view! {
        <Title text=t(locale, "admin-title") />
        <div class="container page">
            <h1>{t(locale, "admin-title")}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(o) => view! {
                            <ul class="admin-nav">
                                <li><A href=localized("/account")>{t(locale, "account-title")}</A></li>
                                {o.is_admin.then(|| view! {
                                    <li><A href=localized("/admin/users")>{t(locale, "users-title")}</A></li>
                                    <li><A href=localized("/admin/audit")>{t(locale, "audit-title")}</A></li>
                                    <li><A href=localized("/admin/funds")>{t(locale, "funds-admin-title")}</A></li>
                                    <li><A href=localized("/admin/lists")>{t(locale, "lists-admin-title")}</A></li>
                                    <li><A href=localized("/admin/directory")>{t(locale, "directory-title")}</A></li>
                                })}
                            </ul>
                            {(!o.queue.is_empty()).then(move || view! {
                                <section aria-labelledby="queue-heading">
                                    <h2 id="queue-heading">{t(locale, "admin-queue")}</h2>
                                    <ul>
                                        {o.queue.into_iter().map(|q| view! {
                                            <li>
                                                <A href=localized(&format!("/admin/campaigns/{}", q.slug))>{q.title}</A>
                                                " · "{t_with(locale, "admin-waiting", &[("hours", Arg::Num(q.waiting_hours))])}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <h2>{t(locale, "admin-campaigns")}</h2>
                            <p><A href=localized("/admin/campaigns/new") attr:class="button secondary">{t(locale, "author-new-title")}</A></p>
                            {if o.campaigns.is_empty() {
                                view! { <p>{t(locale, "admin-no-campaigns")}</p> }.into_any()
                            } else {
                                view! {
                                    <ScrollTable label=t(locale, "admin-campaigns")><table class="table">
                                        <thead><tr>
                                            <th scope="col">{t(locale, "admin-campaign")}</th>
                                            <th scope="col">{t(locale, "admin-state")}</th>
                                            <th scope="col" class="num">{t(locale, "admin-confirmed")}</th>
                                            <th scope="col">{t(locale, "dashboard-title")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {o.campaigns.into_iter().map(|c| view! {
                                                <tr>
                                                    <td><A href=localized(&format!("/admin/campaigns/{}", c.slug))>{c.title}</A></td>
                                                    <td>{t(locale, &format!("state-{}", c.state))}</td>
                                                    <td class="num">{t_with(locale, if c.kind == CampaignKind::Letter { "admin-letters" } else { "admin-signatures" }, &[("count", Arg::Num(c.confirmed))])}</td>
                                                    <td><A href=localized(&format!("/admin/campaigns/{}/stats", c.slug))>{t(locale, "dashboard-open")}</A></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table></ScrollTable>
                                }.into_any()
                            }}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
