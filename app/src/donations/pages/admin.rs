//! The funds' admin pages (admins only): the list of funds, and a fund's page with its figures,
//! money out (entered and corrected, never deleted), and its donations with filters and
//! refunds. Plain forms: they work the same with JavaScript off.
use crate::donations::api::{
    AddDisbursement, CorrectDisbursement, RefundDonation, admin_funds, fund_admin,
};
use crate::donations::views::{CATEGORIES, DonationFilter, FundAdminView};
use crate::i18n::{Arg, format_money, t, t_with};
use crate::ui::components::{ErrorPage, Loading, ScrollTable};
use crate::ui::context::{localized, query_param, use_locale};
use crate::ui::forms::{FieldError, current_error, echoed, field_errors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn FundsAdminPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(move || locale, admin_funds);
    view! {
        <Title text=t(locale, "funds-admin-title") />
        <div class="container page">
            <p><A href=localized("/admin")>{t(locale, "admin-title")}</A></p>
            <h1>{t(locale, "funds-admin-title")}</h1>
            <p><A href=localized("/admin/funds/new") attr:class="button secondary">{t(locale, "fund-editor-new")}</A></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(funds) if funds.is_empty() => view! { <p>{t(locale, "funds-admin-none")}</p> }.into_any(),
                        Ok(funds) => view! {
                            <ul>
                                {funds.into_iter().map(|f| view! {
                                    <li><A href=localized(&format!("/admin/funds/{}", f.slug))>{f.title}</A></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct FundActions {
    disburse: ServerAction<AddDisbursement>,
    correct: ServerAction<CorrectDisbursement>,
    refund: ServerAction<RefundDonation>,
}

#[component]
pub fn FundAdminPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let actions = FundActions {
        disburse: ServerAction::new(),
        correct: ServerAction::new(),
        refund: ServerAction::new(),
    };
    let filter = DonationFilter {
        kind: query_param("kind").unwrap_or_default(),
        state: query_param("state").unwrap_or_default(),
        ref_code: query_param("ref").unwrap_or_default(),
        month: query_param("month").unwrap_or_default(),
    };
    // Reloaded after each change that went through (with JavaScript the redirect back to this
    // page does not reload it); a mistake keeps the form as typed, with the error by the field.
    let saved = RwSignal::new(0u32);
    let on_success = move |ok: Signal<bool>| {
        Effect::new(move |_| {
            if ok.get() {
                saved.update(|n| *n += 1);
            }
        });
    };
    on_success(Signal::derive(move || {
        matches!(actions.disburse.value().get(), Some(Ok(())))
    }));
    on_success(Signal::derive(move || {
        matches!(actions.correct.value().get(), Some(Ok(())))
    }));
    on_success(Signal::derive(move || {
        matches!(actions.refund.value().get(), Some(Ok(())))
    }));
    let data = Resource::new(
        move || (slug(), saved.get()),
        move |(s, _)| fund_admin(s, locale, filter.clone()),
    );
    view! {
        <Title text=t(locale, "funds-admin-title") />
        <div class="container page wide">
            <p><A href=localized("/admin/funds")>{t(locale, "funds-admin-title")}</A></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(v) => view! { <FundAdminBody v actions /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn FundAdminBody(v: FundAdminView, actions: FundActions) -> impl IntoView {
    let locale = use_locale();
    let FundActions {
        disburse,
        correct,
        refund,
    } = actions;
    let currency = StoredValue::new(v.currency.clone());
    let money = move |minor: i64| currency.with_value(|c| format_money(locale, c, minor));
    let error = move || {
        current_error(
            disburse
                .value()
                .get()
                .and_then(|r| r.err())
                .or_else(|| correct.value().get().and_then(|r| r.err()))
                .or_else(|| refund.value().get().and_then(|r| r.err())),
        )
    };
    let errors_for = move |field: &'static str| move || field_errors(&error(), field);
    let slug = v.slug.clone();
    let csrf = v.csrf.clone();
    // Copy, so that every row's form can have them.
    let (slug_v, csrf_v) = (
        StoredValue::new(slug.clone()),
        StoredValue::new(csrf.clone()),
    );
    let hidden = move || {
        view! {
            <input type="hidden" name="csrf" value=csrf_v.get_value() />
            <input type="hidden" name="locale" value=locale.code() />
            <input type="hidden" name="slug" value=slug_v.get_value() />
        }
    };
    let totals = v.totals.clone();
    let chosen_category = echoed("category");
    // Today as the server knows it (no clock is read in the browser's wasm).
    let spent_on = Some(echoed("spent_on"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| v.today.clone());
    let f = v.filter.clone();
    let refunded = query_param("refunded");
    view! {
        <h1>{v.title.clone()}</h1>
        <p>
            <A href=localized(&format!("/funds/{}", v.slug))>{t(locale, "funds-admin-public")}</A>
            " · "
            <A href=localized(&format!("/admin/funds/{}/edit", v.slug))>{t(locale, "fund-editor-edit")}</A>
        </p>
        {refunded.map(|_| view! { <p class="notice" role="status">{t(locale, "funds-admin-refund-asked")}</p> })}
        {move || error().map(|e| view! {
            <div class="form-error" role="alert"><p>{t(locale, e.message_key())}</p></div>
        })}
        <section aria-labelledby="figures-heading">
            <h2 id="figures-heading">{t(locale, "fund-raised")}</h2>
            <ul>
                <li>{t(locale, "fund-gross")}": "{money(totals.gross)}</li>
                <li>{t_with(locale, "fund-net", &[("amount", Arg::Str(&money(totals.net)))])}</li>
                <li>{t(locale, "fund-spent")}": "{money(totals.spent)}</li>
                <li>{t_with(locale, "fund-balance", &[("amount", Arg::Str(&money(totals.balance)))])}</li>
                <li>{t_with(locale, "fund-donors", &[("count", Arg::Num(totals.donors))])}</li>
                <li>{t_with(locale, "fund-monthly-donors", &[("count", Arg::Num(totals.monthly_donors))])}</li>
            </ul>
        </section>
        <section class="stats" aria-labelledby="activity-heading">
            <h2 id="activity-heading">{t(locale, "funds-admin-activity")}</h2>
            <Activity rows=v.by_month.clone() label=t(locale, "funds-admin-by-month") money />
            <details>
                <summary>{t(locale, "funds-admin-by-day")}</summary>
                <Activity rows=v.by_day.clone() label=t(locale, "funds-admin-by-day") money />
            </details>
            <h3>{t(locale, "funds-admin-by-source")}</h3>
            {if v.by_source.is_empty() {
                view! { <p>{t(locale, "funds-admin-no-donations")}</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label=t(locale, "funds-admin-by-source")><table class="table">
                        <thead><tr>
                            <th scope="col">{t(locale, "funds-admin-campaign")}</th>
                            <th scope="col">{t(locale, "funds-admin-ref")}</th>
                            <th scope="col" class="num">{t(locale, "funds-admin-donations")}</th>
                            <th scope="col" class="num">{t(locale, "fund-gross")}</th>
                        </tr></thead>
                        <tbody>
                            {v.by_source.iter().map(|r| view! {
                                <tr>
                                    <td>{r.campaign.clone().unwrap_or_else(|| t(locale, "funds-admin-fund-page"))}</td>
                                    <td>{r.ref_code.clone().unwrap_or_default()}</td>
                                    <td class="num">{crate::i18n::format_number(locale, r.donations)}</td>
                                    <td class="num">{money(r.gross)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></ScrollTable>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="disburse-heading">
            <h2 id="disburse-heading">{t(locale, "funds-admin-disburse")}</h2>
            <p class="hint">{t(locale, "funds-admin-disburse-hint")}</p>
            <ActionForm action=disburse attr:class="form" attr:novalidate="novalidate">
                {hidden()}
                <div class="field">
                    <label for="disburse-date">{t(locale, "fund-date")}</label>
                    <input id="disburse-date" name="spent_on" type="date" required value=spent_on
                        aria-describedby="disburse-date-error" />
                    {move || view! { <FieldError id="disburse-date-error".to_owned() keys=errors_for("spent_on")() /> }}
                </div>
                <div class="field">
                    <label for="disburse-amount">{t(locale, "fund-amount")}</label>
                    <input id="disburse-amount" name="amount" type="text" inputmode="decimal" required maxlength="16"
                        value=echoed("amount") aria-describedby="disburse-amount-error" />
                    {move || view! { <FieldError id="disburse-amount-error".to_owned() keys=errors_for("amount")() /> }}
                </div>
                <div class="field">
                    <label for="disburse-category">{t(locale, "fund-category")}</label>
                    <select id="disburse-category" name="category" aria-describedby="disburse-category-error">
                        {CATEGORIES.iter().map(|c| view! {
                            <option value=*c selected=chosen_category == *c>{t(locale, &format!("fund-category-{c}"))}</option>
                        }).collect_view()}
                    </select>
                    {move || view! { <FieldError id="disburse-category-error".to_owned() keys=errors_for("category")() /> }}
                </div>
                <div class="field">
                    <label for="disburse-description">{t(locale, "fund-description")}</label>
                    <input id="disburse-description" name="description" type="text" required
                        maxlength=crate::donations::views::DESCRIPTION_MAX.to_string()
                        value=echoed("description") aria-describedby="disburse-description-hint disburse-description-error" />
                    <p class="hint" id="disburse-description-hint">{t(locale, "funds-admin-description-hint")}</p>
                    {move || view! { <FieldError id="disburse-description-error".to_owned() keys=errors_for("description")() /> }}
                </div>
                <button type="submit" class="button">{t(locale, "funds-admin-disburse-submit")}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="out-heading">
            <h2 id="out-heading">{t(locale, "fund-out")}</h2>
            {if v.disbursements.is_empty() {
                view! { <p>{t(locale, "fund-out-none")}</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label=t(locale, "fund-out")><table class="table">
                        <thead><tr>
                            <th scope="col">{t(locale, "fund-date")}</th>
                            <th scope="col" class="num">{t(locale, "fund-amount")}</th>
                            <th scope="col">{t(locale, "fund-category")}</th>
                            <th scope="col">{t(locale, "fund-description")}</th>
                            <th scope="col">{t(locale, "users-actions")}</th>
                        </tr></thead>
                        <tbody>
                            {v.disbursements.iter().map(|d| {
                                let id = d.id.to_string();
                                let action = if d.corrected {
                                    view! { <span>{t(locale, "funds-admin-corrected")}</span> }.into_any()
                                } else if let Some(of) = d.corrects {
                                    view! { <span>{t_with(locale, "funds-admin-correction-of", &[("entry", Arg::Num(of))])}</span> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=correct attr:class="inline">
                                            {hidden()}
                                            <input type="hidden" name="entry" value=id />
                                            <button type="submit" class="button secondary small">{t(locale, "funds-admin-correct")}</button>
                                        </ActionForm>
                                    }.into_any()
                                };
                                view! {
                                    <tr>
                                        <td>{format!("#{} · {}", d.id, d.spent_on)}</td>
                                        <td class="num">{money(d.amount_minor)}</td>
                                        <td>{t(locale, &format!("fund-category-{}", d.category))}</td>
                                        <td>{d.description.clone()}</td>
                                        <td class="actions-cell">{action}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></ScrollTable>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="donations-heading">
            <h2 id="donations-heading">{t(locale, "funds-admin-donations")}</h2>
            // A plain GET form: the filters are in the page's address.
            <form method="get" class="form filters" action=localized(&format!("/admin/funds/{}", v.slug))>
                <div class="field">
                    <label for="filter-kind">{t(locale, "donate-kind")}</label>
                    <select id="filter-kind" name="kind">
                        <option value="" selected=f.kind.is_empty()>{t(locale, "funds-admin-all")}</option>
                        <option value="once" selected=f.kind == "once">{t(locale, "donate-kind-once")}</option>
                        <option value="monthly" selected=f.kind == "monthly">{t(locale, "funds-admin-monthly")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="filter-state">{t(locale, "admin-state")}</label>
                    <select id="filter-state" name="state">
                        <option value="" selected=f.state.is_empty()>{t(locale, "funds-admin-all")}</option>
                        {crate::domain::DonationState::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=f.state == s.as_str()>{t(locale, &format!("donation-state-{}", s.as_str()))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-month">{t(locale, "fund-month")}</label>
                    <input id="filter-month" name="month" type="month" value=f.month.clone() />
                </div>
                <div class="field">
                    <label for="filter-ref">{t(locale, "funds-admin-ref")}</label>
                    <input id="filter-ref" name="ref" type="text" maxlength="32" value=f.ref_code.clone() />
                </div>
                <button type="submit" class="button secondary">{t(locale, "funds-admin-filter")}</button>
            </form>
            // A file, not a page: a plain form post the browser downloads (logged in the audit).
            <form method="post" class="form inline" action=format!("/admin/funds/{}/donations.csv", v.slug)>
                <input type="hidden" name="csrf" value=v.csrf.clone() />
                <input type="hidden" name="locale" value=locale.code() />
                <input type="hidden" name="kind" value=f.kind.clone() />
                <input type="hidden" name="state" value=f.state.clone() />
                <input type="hidden" name="ref" value=f.ref_code.clone() />
                <input type="hidden" name="month" value=f.month.clone() />
                <button type="submit" class="button secondary small">{t(locale, "funds-admin-export")}</button>
            </form>
            {if v.donations.is_empty() {
                view! { <p>{t(locale, "funds-admin-no-donations")}</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label=t(locale, "funds-admin-donations")><table class="table">
                        <thead><tr>
                            <th scope="col">{t(locale, "fund-date")}</th>
                            <th scope="col" class="num">{t(locale, "fund-amount")}</th>
                            <th scope="col">{t(locale, "donate-kind")}</th>
                            <th scope="col">{t(locale, "admin-state")}</th>
                            <th scope="col">{t(locale, "funds-admin-source")}</th>
                            <th scope="col">{t(locale, "funds-admin-shown-as")}</th>
                            <th scope="col">{t(locale, "users-actions")}</th>
                        </tr></thead>
                        <tbody>
                            {v.donations.iter().map(|d| {
                                let id = d.id.to_string();
                                let mut amount = money(d.amount_minor);
                                if d.refunded_minor > 0 {
                                    amount.push_str(&format!(" ({} {})", t(locale, "fund-refunds"), money(d.refunded_minor)));
                                }
                                if d.disputed_minor > 0 {
                                    amount.push_str(&format!(" ({} {})", t(locale, "fund-disputes"), money(d.disputed_minor)));
                                }
                                let source = [d.campaign.clone(), d.ref_code.clone().map(|r| format!("?ref={r}"))]
                                    .into_iter()
                                    .flatten()
                                    .collect::<Vec<_>>()
                                    .join(" ");
                                view! {
                                    <tr>
                                        <td>{format!("#{} · {}", d.id, d.date)}</td>
                                        <td class="num">{amount}</td>
                                        <td>{t(locale, if d.kind == crate::domain::DonationKind::Monthly { "funds-admin-monthly" } else { "donate-kind-once" })}</td>
                                        <td>{t(locale, &format!("donation-state-{}", d.state.as_str()))}</td>
                                        <td>{source}</td>
                                        <td>{d.public_name.clone().unwrap_or_else(|| t(locale, "funds-admin-anonymous"))}</td>
                                        <td class="actions-cell">
                                            {d.refundable.then(|| view! {
                                                <ActionForm action=refund attr:class="inline">
                                                    {hidden()}
                                                    <input type="hidden" name="donation" value=id />
                                                    <button type="submit" class="button secondary small">{t(locale, "funds-admin-refund")}</button>
                                                </ActionForm>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></ScrollTable>
                }.into_any()
            }}
        </section>
    }
}

/// Money given per period, with monthly donors gained and lost.
#[component]
fn Activity<M: Fn(i64) -> String + Copy + Send + Sync + 'static>(
    rows: Vec<crate::donations::views::ActivityRow>,
    label: String,
    money: M,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ScrollTable label=label><table class="table">
            <thead><tr>
                <th scope="col">{t(locale, "funds-admin-period")}</th>
                <th scope="col" class="num">{t(locale, "funds-admin-donations")}</th>
                <th scope="col" class="num">{t(locale, "fund-gross")}</th>
                <th scope="col" class="num">{t(locale, "funds-admin-gained")}</th>
                <th scope="col" class="num">{t(locale, "funds-admin-lost")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{r.period}</th>
                        <td class="num">{crate::i18n::format_number(locale, r.donations)}</td>
                        <td class="num">{money(r.gross)}</td>
                        <td class="num">{crate::i18n::format_number(locale, r.gained)}</td>
                        <td class="num">{crate::i18n::format_number(locale, r.lost)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></ScrollTable>
    }
}
