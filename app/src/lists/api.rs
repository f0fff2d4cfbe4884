//! The mailing-list pages' server functions: they only parse and call `lists::ssr`.
// The composer's form has its eleven fields.
#![allow(clippy::too_many_arguments)]
use crate::domain::Locale;
use crate::error::AppError;
use crate::lists::views::{ListLink, ListView, PreferencesView, SubscribeLink, UnsubscribeView};
use leptos::prelude::*;

/// A public list's subscribe page.
#[server(endpoint = "lists/page")]
pub async fn list_page(slug: String, locale: Locale) -> Result<ListView, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::lists::ssr::lists::page(&state, &slug, locale).await
}

/// The public lists taking subscribers, for the home page.
#[server(endpoint = "lists/open")]
pub async fn open_lists(locale: Locale) -> Result<Vec<ListLink>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    Ok(crate::lists::ssr::lists::open_public(&state.db, locale).await?)
}

/// Takes the subscribe form; the same "check your email" page follows whatever the address.
#[server(endpoint = "lists/subscribe")]
pub async fn subscribe(
    slug: String,
    locale: String,
    email: Option<String>,
    name: Option<String>,
    form_token: Option<String>,
    website: Option<String>,
) -> Result<(), AppError> {
    use crate::lists::ssr::subscribe::{SubscribeForm, subscribe};
    let state = crate::ssr::state::use_app_state()?;
    subscribe(
        &state,
        SubscribeForm {
            slug: slug.clone(),
            locale: locale.clone(),
            email: email.unwrap_or_default(),
            name: name.unwrap_or_default(),
            form_token: form_token.unwrap_or_default(),
            website: website.unwrap_or_default(),
        },
    )
    .await?;
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(&locale, &format!("/lists/{slug}/check-email"));
    Ok(())
}

/// What an emailed confirmation link leads to.
#[server(endpoint = "lists/link")]
pub async fn subscription_link_state(
    token: String,
    locale: Locale,
) -> Result<SubscribeLink, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::lists::ssr::confirm::check(&state.db, &token, locale).await
}

/// Confirms a subscription (the confirm page's button).
#[server(endpoint = "lists/confirm")]
pub async fn confirm_subscription(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let slug = crate::lists::ssr::confirm::confirm(&state.db, &token).await?;
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(&locale, &format!("/lists/{slug}/confirmed"));
    Ok(())
}

/// What the unsubscribe page shows; `None` for an unknown link.
#[server(endpoint = "lists/unsubscribe-page")]
pub async fn unsubscribe_state(
    token: String,
    list: String,
    locale: Locale,
) -> Result<Option<UnsubscribeView>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::lists::ssr::unsubscribe::describe(&state.db, &token, &list, locale).await
}

/// The unsubscribe page's button: leaves the list (every list when `list` is empty).
#[server(endpoint = "lists/unsubscribe")]
pub async fn unsubscribe(locale: String, token: String, list: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    if !crate::lists::ssr::unsubscribe::unsubscribe(&state.db, &token, &list).await? {
        return Err(AppError::NotFound);
    }
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(
        &locale,
        &format!(
            "/lists/unsubscribe?token={}&list={}&done=1",
            token.replace(['&', '#'], ""),
            list.replace(['&', '#'], "")
        ),
    );
    Ok(())
}

/// The preferences page; `None` for an unknown link.
#[server(endpoint = "lists/preferences")]
pub async fn preferences(token: String) -> Result<Option<PreferencesView>, AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::ssr::response::no_store();
    crate::lists::ssr::preferences::view(&state.db, &state.vault, &token).await
}

#[cfg(feature = "ssr")]
fn back_to_preferences(locale: &str, token: &str, done: &str) {
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(
        locale,
        &format!(
            "/lists/preferences?token={}&done={done}",
            token.replace(['&', '#'], "")
        ),
    );
}

/// Joins or leaves one list from the preferences page.
#[server(endpoint = "lists/choose")]
pub async fn choose_list(
    locale: String,
    token: String,
    list: String,
    join: Option<String>,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    let join = join.is_some_and(|j| !j.is_empty());
    crate::lists::ssr::preferences::set_list(&state.db, &token, &list, join).await?;
    back_to_preferences(&locale, &token, if join { "joined" } else { "left" });
    Ok(())
}

/// Sets the language of the person's messages.
#[server(endpoint = "lists/language")]
pub async fn choose_language(
    locale: String,
    token: String,
    language: String,
) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::lists::ssr::preferences::set_language(&state.db, &token, &language).await?;
    back_to_preferences(&locale, &token, "language");
    Ok(())
}

/// Leaves every list.
#[server(endpoint = "lists/leave-all")]
pub async fn leave_all(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::lists::ssr::preferences::leave_all(&state.db, &token).await?;
    back_to_preferences(&locale, &token, "left-all");
    Ok(())
}

/// Erases everything kept about the link's owner.
#[server(endpoint = "lists/erase")]
pub async fn erase_subscriber(locale: String, token: String) -> Result<(), AppError> {
    let state = crate::ssr::state::use_app_state()?;
    crate::lists::ssr::preferences::erase(&state.db, &token).await?;
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(&locale, "/lists/erased");
    Ok(())
}

/// The lists and mailings (admins only).
#[server(endpoint = "admin/lists/page")]
pub async fn lists_admin(locale: Locale) -> Result<crate::lists::views::ListsAdminView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    crate::lists::ssr::mailings::admin_view(&state, &me, locale).await
}

/// The composer, or a mailing's progress (admins only); `id` empty: a new mailing.
#[server(endpoint = "admin/mailings/page")]
pub async fn mailing_page(
    id: String,
    locale: Locale,
) -> Result<crate::lists::views::MailingView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    let id = match id.as_str() {
        "" | "new" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    crate::lists::ssr::mailings::view(&state, &me, id, locale).await
}

/// A mailing's figures, for the progress shown live while it sends (admins only).
#[server(endpoint = "admin/mailings/progress")]
pub async fn mailing_progress(id: i64) -> Result<crate::lists::views::Progress, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    Ok(crate::lists::ssr::mailings::progress(&state.db, id).await?)
}

/// The composer's one form: saves, and then (`then`) sends a test to the admin, sends now, or
/// schedules for `at`.
#[server(endpoint = "admin/mailings/save")]
pub async fn save_mailing(
    csrf: String,
    locale: String,
    id: Option<String>,
    lists: Option<std::collections::BTreeMap<String, String>>,
    campaign: Option<String>,
    country: Option<String>,
    language: Option<String>,
    default_locale: Option<String>,
    texts: Option<std::collections::BTreeMap<String, crate::lists::views::MailingTextInput>>,
    then: Option<String>,
    at: Option<String>,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    use crate::lists::ssr::mailings::{MailingForm, save, send, send_test};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let id = match id.as_deref().unwrap_or_default() {
        "" | "new" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let form = MailingForm {
        lists: lists.unwrap_or_default().into_keys().collect(),
        campaign: campaign.unwrap_or_default(),
        country: country.unwrap_or_default(),
        language: language.unwrap_or_default(),
        default_locale: default_locale.unwrap_or_else(|| locale.clone()),
        texts: texts.unwrap_or_default(),
    };
    let id = save(&state, &me, id, form).await?;
    let done = match then.as_deref().unwrap_or_default() {
        "test" => {
            send_test(&state, &me, id).await?;
            "test"
        }
        "send" => {
            send(&state, &me, id, at.as_deref().unwrap_or_default()).await?;
            "sent"
        }
        _ => "saved",
    };
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(&locale, &format!("/admin/mailings/{id}?done={done}"));
    Ok(())
}

/// Pauses, resumes or cancels a mailing.
#[server(endpoint = "admin/mailings/control")]
pub async fn control_mailing(
    csrf: String,
    locale: String,
    id: String,
    what: String,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    crate::lists::ssr::mailings::control(&state, &me, id, &what).await?;
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(&locale, &format!("/admin/mailings/{id}?done={what}"));
    Ok(())
}

/// The list editor (admins only); `slug` empty: a new list.
#[server(endpoint = "admin/lists/editor")]
pub async fn list_editor(slug: String) -> Result<crate::lists::views::ListEditorView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    let slug = Some(slug).filter(|s| !s.is_empty() && s != "new");
    crate::lists::ssr::editor::view(&state, &me, slug.as_deref()).await
}

/// Creates or saves a list (admins only).
#[server(endpoint = "admin/lists/save")]
pub async fn save_list(
    csrf: String,
    locale: String,
    original: Option<String>,
    slug: Option<String>,
    public: Option<String>,
    open: Option<String>,
    texts: Option<std::collections::BTreeMap<String, crate::lists::views::ListTextInput>>,
) -> Result<(), AppError> {
    use crate::accounts::ssr::auth::{Action, authorize_change};
    use crate::lists::ssr::editor::{ListForm, save};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize_change(&state.db, Action::Administer, &csrf).await?;
    save(
        &state,
        &me,
        original.as_deref().unwrap_or_default(),
        ListForm {
            slug: slug.unwrap_or_default(),
            public: public.is_some(),
            open: open.is_some(),
            texts: texts.unwrap_or_default(),
        },
    )
    .await?;
    crate::ssr::response::no_store();
    crate::ssr::response::redirect_localized(&locale, "/admin/lists?done=saved");
    Ok(())
}
