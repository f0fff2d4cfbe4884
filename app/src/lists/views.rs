//! What the mailing-list pages receive from the server.
use crate::domain::Locale;
use serde::{Deserialize, Serialize};

/// A public list's subscribe page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListView {
    pub slug: String,
    pub name: String,
    pub description_html: String,
    /// The language of the name and description (the reader's when the list has it).
    pub text_locale: Locale,
    pub open: bool,
    /// Proves when the form was served (see `ssr::abuse::form_token`).
    pub form_token: String,
}

/// A list as other pages link to it (the home page, a campaign's opt-in box).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListLink {
    pub slug: String,
    pub name: String,
}

/// What an emailed confirmation link leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscribeLink {
    /// Pending: the page offers the button.
    Valid {
        list: ListLink,
    },
    /// Used before: the subscription stands.
    Confirmed {
        list: ListLink,
    },
    Invalid,
}

/// The page an unsubscribe link opens (a button: mail scanners that fetch links unsubscribe
/// no one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeView {
    /// The list the message came from; `None`: every list.
    pub list: Option<ListLink>,
    /// Whether the person is still on it (or on any list).
    pub subscribed: bool,
}

/// One list on the preferences page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListChoice {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Confirmed (or joined here): messages come.
    pub subscribed: bool,
}

/// The preferences page, from the link in every message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferencesView {
    /// The address, partly hidden (`a•••@example.org`): the link may have been forwarded.
    pub email_hint: String,
    pub locale: Locale,
    pub lists: Vec<ListChoice>,
    /// The address bounced or complained: nothing is sent to it.
    pub suppressed: bool,
}

/// A list on the admin's lists page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListAdminRow {
    pub slug: String,
    pub name: String,
    pub public: bool,
    pub open: bool,
    pub confirmed: i64,
    pub pending: i64,
    pub unsubscribed: i64,
}

/// How far a mailing has gone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The mailing's state as these figures were read.
    pub state: crate::domain::MailingState,
    pub total: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    /// Not yet sent (waiting, or in a batch being sent).
    pub remaining: i64,
    /// Messages sent in the last minute.
    pub per_minute: i64,
    /// At the current rate, minutes until the rest is sent.
    pub eta_minutes: Option<i64>,
}

/// A past or current mailing in the list of mailings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingRow {
    pub id: i64,
    pub subject: String,
    pub state: crate::domain::MailingState,
    /// The lists' names.
    pub lists: String,
    /// `YYYY-MM-DD HH:MM` UTC: sent, scheduled or written.
    pub when: String,
    pub progress: Progress,
}

/// The admin's lists page: the lists with their figures, and the mailings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListsAdminView {
    /// The site's public address, for the embeddable form's code.
    pub public_url: String,
    pub lists: Vec<ListAdminRow>,
    pub mailings: Vec<MailingRow>,
    pub csrf: String,
}

/// One language's text of a mailing in the composer, with its preview as it will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingTextView {
    pub locale: Locale,
    pub subject: String,
    pub body: String,
    /// The HTML part's body, sanitised as it is sent.
    pub preview_html: String,
}

/// A choice in the composer (a list or a campaign): its slug, name and whether chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub slug: String,
    pub name: String,
    pub chosen: bool,
}

/// The composer and, once sending, the progress of one mailing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingView {
    /// `None`: a new mailing, not saved yet.
    pub id: Option<i64>,
    pub state: crate::domain::MailingState,
    pub lists: Vec<Choice>,
    pub campaigns: Vec<Choice>,
    pub country: String,
    pub language: String,
    pub default_locale: Locale,
    /// One per language the site speaks, empty where not written.
    pub texts: Vec<MailingTextView>,
    /// How many people it reaches now (before sending) or was frozen to.
    pub audience: i64,
    pub progress: Progress,
    /// When it is to be sent (`YYYY-MM-DDTHH:MM`, UTC), if scheduled.
    pub scheduled_at: Option<String>,
    pub csrf: String,
}

/// One language's text as the composer sends it (`texts[ru][subject]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MailingTextInput {
    pub subject: String,
    pub body: String,
}

/// The longest list name and description.
pub const LIST_NAME_MAX: usize = 120;
pub const LIST_DESCRIPTION_MAX: usize = 5_000;

/// One language's text of a list in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListTextView {
    pub locale: Locale,
    pub name: String,
    pub description: String,
    pub welcome_subject: String,
    pub welcome_body: String,
}

/// One language's text as the list editor sends it (`texts[ru][name]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListTextInput {
    pub name: String,
    pub description: String,
    pub welcome_subject: String,
    pub welcome_body: String,
}

/// The list editor: a list's settings and its texts, or blank ones for a new list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEditorView {
    /// The slug the list had (empty: a new list).
    pub original: String,
    pub slug: String,
    pub public: bool,
    pub open: bool,
    pub texts: Vec<ListTextView>,
    pub csrf: String,
}
