//! The letter's own page: where it went, and withdrawing and erasing it.
use crate::domain::DeliveryState;
use crate::i18n::{Arg, t, t_with};
use crate::letters::api::{EraseLetter, manage_letter};
use crate::letters::views::DeliveryView;
use crate::ui::components::{ErrorPage, Loading};
use crate::ui::context::{localized, use_locale};
use crate::ui::forms::current_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Where a letter went, representative by representative, with a link to print the letter for
/// each one reached by post.
#[component]
pub(super) fn Deliveries(m: crate::letters::views::ManageView) -> impl IntoView {
    let locale = use_locale();
    let token = m.token.clone();
    let printable = m.printable;
    let item = move |d: DeliveryView| {
        let print = (d.state == DeliveryState::Print && printable).then(|| {
            let href = localized(&format!("/letters/print?token={}&delivery={}", token, d.id));
            let label = t_with(locale, "letter-print-link", &[("name", Arg::Str(&d.name))]);
            view! { " " <A href=href>{label}</A> }
        });
        let key = format!("letter-delivery-{}", d.state);
        view! {
            <li>
                <strong>{d.name.clone()}</strong>
                " — "
                {t(locale, &key)}
                {print}
            </li>
        }
    };
    view! {
        <h2>{t(locale, "letter-deliveries")}</h2>
        <ul class="deliveries">{m.deliveries.into_iter().map(item).collect_view()}</ul>
    }
}

/// "Did you get a reply?": one pair of buttons per representative; the answer can be changed.
/// Behind every email's "withdraw and erase" link: what happens, and the button.
#[component]
pub fn LetterManagePage() -> impl IntoView {
    let locale = use_locale();
    let token = crate::ui::context::query_param("token").unwrap_or_default();
    crate::ui::context::set_no_store();
    let for_data = token.clone();
    let data = Resource::new(move || for_data.clone(), move |t| manage_letter(t, locale));
    let action = ServerAction::<EraseLetter>::new();
    view! {
        <Title text=t(locale, "letter-manage-title") />
        <div class="container page">
            <h1>{t(locale, "letter-manage-title")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                            Ok(m) if m.erased => view! { <p class="lead">{t(locale, "letter-manage-erased")}</p> }.into_any(),
                            Ok(m) => {
                                let explanation = if m.state.gone() {
                                    "letter-manage-sent"
                                } else {
                                    "letter-manage-unsent"
                                };
                                view! {
                                    <p class="lead">{t_with(locale, "letter-manage-lead", &[("campaign", Arg::Str(&m.campaign))])}</p>
                                    <Deliveries m=m.clone() />
                                    <h2>{t(locale, "letter-manage-heading")}</h2>
                                    <p>{t(locale, explanation)}</p>
                                    {move || current_error(action.value().get().and_then(|r| r.err())).map(|e| view! {
                                        <p class="form-error" role="alert">{t(locale, e.message_key())}</p>
                                    })}
                                    <ActionForm action=action attr:class="form">
                                        <input type="hidden" name="locale" value=locale.code() />
                                        <input type="hidden" name="token" value=token />
                                        <button type="submit" class="button danger">{t(locale, "letter-manage-button")}</button>
                                    </ActionForm>
                                }.into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn LetterErasedPage() -> impl IntoView {
    let locale = use_locale();
    crate::ui::context::set_no_store();
    view! {
        <Title text=t(locale, "letter-erased-title") />
        <div class="container page">
            <h1>{t(locale, "letter-erased-title")}</h1>
            <p class="lead">{t(locale, "letter-erased-text")}</p>
            <p><A href=localized("/")>{t(locale, "not-found-home")}</A></p>
        </div>
    }
}
