//! A donor's own page, from the link in every receipt: the gift, and for a monthly one the
//! buttons to change the card (Stripe's portal) or stop it; for any gift, erasing the donor's
//! name, email and message. No account and nothing about the donor in the address but the
//! link's token.
use crate::donations::api::{CancelGift, EraseDonor, OpenPortal, manage_gift};
use crate::donations::views::GiftView;
use crate::i18n::{Arg, format_money, t, t_with};
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, query_param, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn GiftManagePage() -> impl IntoView {
    let locale = use_locale();
    let token = query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    // The actions live here so that the gift reloads after each one (with JavaScript the
    // redirect back to this page changes only its address).
    let actions = GiftActions {
        cancel: ServerAction::new(),
        portal: ServerAction::new(),
        erase: ServerAction::new(),
    };
    let for_data = token.clone();
    let data = Resource::new(
        move || {
            (
                for_data.clone(),
                actions.cancel.version().get() + actions.erase.version().get(),
            )
        },
        move |(t, _)| manage_gift(t, locale),
    );
    let query = use_query_map();
    let done = move || {
        query
            .with(|q| q.get("done"))
            .and_then(|d| match d.as_str() {
                "stopped" => Some(t(locale, "gift-stopped")),
                "erased" => Some(t(locale, "gift-erased")),
                _ => None,
            })
    };
    view! {
        <Title text=t(locale, "gift-manage-title") />
        <div class="container page">
            <h1>{t(locale, "gift-manage-title")}</h1>
            {move || done().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(g) => view! { <Gift g actions /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct GiftActions {
    cancel: ServerAction<CancelGift>,
    portal: ServerAction<OpenPortal>,
    erase: ServerAction<EraseDonor>,
}

#[component]
fn Gift(g: GiftView, actions: GiftActions) -> impl IntoView {
    let locale = use_locale();
    let amount = format_money(locale, &g.currency, g.amount_minor);
    let GiftActions {
        cancel,
        portal,
        erase,
    } = actions;
    let error = move || {
        current_error(cancel.value().get().and_then(|r| r.err()))
            .or_else(|| current_error(portal.value().get().and_then(|r| r.err())))
            .or_else(|| current_error(erase.value().get().and_then(|r| r.err())))
            .map(|e| view! { <p class="form-error" role="alert">{t(locale, e.message_key())}</p> })
    };
    let lead = if g.monthly {
        t_with(
            locale,
            "gift-lead-monthly",
            &[
                ("amount", Arg::Str(&amount)),
                ("fund", Arg::Str(&g.fund_title)),
                ("since", Arg::Str(&g.since)),
                ("months", Arg::Num(g.months_paid)),
            ],
        )
    } else {
        t_with(
            locale,
            "gift-lead-once",
            &[
                ("amount", Arg::Str(&amount)),
                ("fund", Arg::Str(&g.fund_title)),
                ("date", Arg::Str(&g.since)),
            ],
        )
    };
    let state = match (&g.ended, g.running) {
        (Some(date), _) => Some(t_with(locale, "gift-ended", &[("date", Arg::Str(date))])),
        (None, true) => Some(t(locale, "gift-running")),
        _ => None,
    };
    let hidden = {
        let token = g.token.clone();
        move || {
            view! {
                <input type="hidden" name="locale" value=locale.code() />
                <input type="hidden" name="token" value=token.clone() />
            }
        }
    };
    let running = g.running.then(|| {
        let hidden = hidden.clone();
        let portal_button = g.portal.then(|| {
            let hidden = hidden.clone();
            view! {
                <ActionForm action=portal attr:class="form inline">
                    {hidden()}
                    <button type="submit" class="button">{t(locale, "gift-portal-button")}</button>
                </ActionForm>
                <p class="hint">{t(locale, "gift-portal-hint")}</p>
            }
        });
        view! {
            <h2>{t(locale, "gift-monthly-heading")}</h2>
            {portal_button}
            <ActionForm action=cancel attr:class="form inline">
                {hidden()}
                <button type="submit" class="button danger">{t(locale, "gift-stop-button")}</button>
            </ActionForm>
        }
    });
    let erase_section = (!g.erased).then(|| {
        let hidden = hidden.clone();
        let explanation = if g.running { "gift-erase-running" } else { "gift-erase-text" };
        view! {
            <h2>{t(locale, "gift-erase-heading")}</h2>
            <p>{t(locale, explanation)}</p>
            <ActionForm action=erase attr:class="form">
                {hidden()}
                <button type="submit" class="button danger">{t(locale, "gift-erase-button")}</button>
            </ActionForm>
        }
    });
    view! {
        <p class="lead">{lead}</p>
        {state.map(|s| view! { <p>{s}</p> })}
        {error}
        {running}
        {erase_section}
        {g.erased.then(|| view! { <p>{t(locale, "gift-erased-already")}</p> })}
        <p><A href=localized(&format!("/funds/{}", g.fund_slug))>{t(locale, "donate-back")}</A></p>
    }
}
