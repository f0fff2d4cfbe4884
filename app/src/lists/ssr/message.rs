//! What a list sends, and how every list message is marked: the welcome first (mailings use the
//! same shape). Every list message carries `List-Id`, `List-Unsubscribe` (an HTTPS link with the
//! subscriber's secret, and a `mailto:` when an unsubscribe address is configured) and
//! `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), and a visible unsubscribe
//! link and preferences link in its body.
use super::subscribers;
use crate::domain::{Email, Locale, SubscriptionState};
use crate::lists::views::ListLink;
use crate::ssr::entities::{list, list_text, subscriber, subscription};
use crate::ssr::jobs::Job;
use crate::ssr::vault::Vault;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

/// Sends subscription `subscription_id`'s list's welcome message.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SendWelcome {
    pub subscription_id: i64,
}

impl Job for SendWelcome {
    const KIND: &'static str = "send_list_welcome";
}

/// One list message to one subscriber, ready to render.
#[derive(Debug, Clone)]
pub struct ListMessage {
    pub to: Email,
    pub locale: Locale,
    pub list: ListLink,
    pub subject: String,
    /// Markdown: the plain-text part as written, and the HTML part rendered from it.
    pub markdown: String,
    /// The HTML rendered already (a mailing renders each language's text once, not per
    /// person); `None`: render `markdown`.
    pub body_html: Option<std::sync::Arc<str>>,
    /// The subscriber's link secret (unsubscribe and preferences).
    pub token: String,
    /// The subscriber's tag for what comes back (see `bounces::SUBSCRIBER_HEADER`); empty for
    /// a test to an admin.
    pub tag: String,
}

impl ListMessage {
    /// The unsubscribe link, in the message's language: a page with a button when opened,
    /// one-click when POSTed.
    pub fn unsubscribe_url(&self, public_url: &str) -> String {
        format!(
            "{}{}/lists/unsubscribe?token={}&list={}",
            public_url.trim_end_matches('/'),
            self.locale.prefix(),
            self.token,
            self.list.slug
        )
    }

    pub fn preferences_url(&self, public_url: &str) -> String {
        format!(
            "{}{}/lists/preferences?token={}",
            public_url.trim_end_matches('/'),
            self.locale.prefix(),
            self.token
        )
    }

    /// The list headers (RFC 2369, 2919, 8058). `unsubscribe_mailto`, when configured, is the
    /// address that takes unsubscribe requests by mail.
    pub fn headers(
        &self,
        public_url: &str,
        unsubscribe_mailto: Option<&str>,
    ) -> Vec<(String, String)> {
        let host = public_url
            .split("://")
            .nth(1)
            .unwrap_or(public_url)
            .split(['/', ':'])
            .next()
            .unwrap_or("localhost")
            .to_owned();
        let id = format!("<{}.lists.{host}>", self.list.slug);
        // A display name only when it needs no encoding (it is optional).
        let plain_name = self
            .list
            .name
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ');
        let list_id = if plain_name && !self.list.name.is_empty() {
            format!("\"{}\" {id}", self.list.name)
        } else {
            id
        };
        let mut unsubscribe = format!("<{}>", self.unsubscribe_url(public_url));
        if let Some(mailto) = unsubscribe_mailto.filter(|m| !m.is_empty()) {
            unsubscribe.push_str(&format!(
                ", <mailto:{mailto}?subject=unsubscribe%20{}>",
                self.token
            ));
        }
        let mut headers = vec![
            ("List-Id".into(), list_id),
            ("List-Unsubscribe".into(), unsubscribe),
            (
                "List-Unsubscribe-Post".into(),
                "List-Unsubscribe=One-Click".into(),
            ),
        ];
        if !self.tag.is_empty() {
            headers.push((super::bounces::SUBSCRIBER_HEADER.into(), self.tag.clone()));
        }
        headers
    }
}

/// The welcome message for subscription `subscription_id`, or `None` when it is not to be sent
/// (the person left or was erased, their address is suppressed, the list has no welcome).
pub async fn welcome<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    subscription_id: i64,
) -> Result<Option<ListMessage>, DbErr> {
    let Some(s) = subscription::Entity::find_by_id(subscription_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if s.state != SubscriptionState::Confirmed.as_str() {
        return Ok(None);
    }
    let (Some(sub), Some(l)) = (
        subscriber::Entity::find_by_id(s.subscriber_id)
            .one(db)
            .await?,
        list::Entity::find_by_id(s.list_id).one(db).await?,
    ) else {
        return Ok(None);
    };
    if sub.suppressed_at.is_some() {
        return Ok(None);
    }
    let locale = Locale::from_code(&sub.locale).unwrap_or_default();
    let texts = list_text::of_lists(db, &[l.id]).await?;
    let Some(text) = list_text::pick(&texts, locale) else {
        return Ok(None);
    };
    if text.welcome_body.trim().is_empty() {
        return Ok(None);
    }
    let Some(to) = subscribers::email_of(vault, &sub) else {
        return Ok(None);
    };
    Ok(Some(ListMessage {
        to,
        // The whole message in one language: the text's.
        locale: Locale::from_code(&text.locale).unwrap_or(locale),
        list: ListLink {
            slug: l.slug.clone(),
            name: text.name.clone(),
        },
        subject: text.welcome_subject.clone(),
        markdown: text.welcome_body.clone(),
        body_html: None,
        token: subscribers::token_of(vault, &sub),
        tag: super::bounces::subscriber_tag(vault, sub.id),
    }))
}
