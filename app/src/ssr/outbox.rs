//! Queueing email. A request never sends mail: it writes an `emails` row (recipient and
//! parameters sealed by the vault) and a [`SendEmail`] job in its own transaction; the worker
//! renders the message in the recipient's language and sends it.
use crate::domain::{Email, Locale};
use crate::ssr::entities::email;
use crate::ssr::jobs::{self, SendEmail};
use crate::ssr::vault::Vault;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde::{Deserialize, Serialize};

/// The vault purpose of the `emails.sealed` column.
pub const SEALED_PURPOSE: &str = "emails.sealed";

/// The emails Petrel knows how to write; each has HTML and text templates in the server and
/// its strings in `locales/*/email.ftl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// Sent by `petrel admin send-test-email` to check mail delivery.
    TestMessage,
    /// The link that confirms a new (or still unconfirmed) signature.
    ConfirmSignature,
    /// To someone whose address signed again after confirming.
    AlreadySigned,
    /// An organizer's sign-in link.
    LoginLink,
    /// To someone an admin gave an account.
    Invitation,
    /// The link that confirms a letter to representatives.
    ConfirmLetter,
    /// "Did you get a reply?", two weeks after a letter was delivered (and once more later).
    LetterFollowUp,
    /// To a writer whose letter a representative's mail server sent back.
    LetterBounced,
    /// A donor's receipt for one payment.
    DonationReceipt,
    /// To a monthly donor whose payment failed: the link to change the card or stop the gift.
    DonationFailed,
    /// The link that confirms joining a mailing list (double opt-in).
    ConfirmSubscription,
    /// To someone whose address was entered on a list's form while already on the list.
    AlreadySubscribed,
}

impl Template {
    pub fn name(self) -> &'static str {
        match self {
            Template::TestMessage => "test_message",
            Template::ConfirmSignature => "confirm_signature",
            Template::AlreadySigned => "already_signed",
            Template::LoginLink => "login_link",
            Template::Invitation => "invitation",
            Template::ConfirmLetter => "confirm_letter",
            Template::LetterFollowUp => "letter_followup",
            Template::LetterBounced => "letter_bounced",
            Template::DonationReceipt => "donation_receipt",
            Template::DonationFailed => "donation_failed",
            Template::ConfirmSubscription => "confirm_subscription",
            Template::AlreadySubscribed => "already_subscribed",
        }
    }

    pub fn from_name(name: &str) -> Option<Template> {
        match name {
            "test_message" => Some(Template::TestMessage),
            "confirm_signature" => Some(Template::ConfirmSignature),
            "already_signed" => Some(Template::AlreadySigned),
            "login_link" => Some(Template::LoginLink),
            "invitation" => Some(Template::Invitation),
            "confirm_letter" => Some(Template::ConfirmLetter),
            "letter_followup" => Some(Template::LetterFollowUp),
            "letter_bounced" => Some(Template::LetterBounced),
            "donation_receipt" => Some(Template::DonationReceipt),
            "donation_failed" => Some(Template::DonationFailed),
            "confirm_subscription" => Some(Template::ConfirmSubscription),
            "already_subscribed" => Some(Template::AlreadySubscribed),
            _ => None,
        }
    }
}

/// What is sealed in an `emails` row.
#[derive(Serialize, Deserialize)]
pub struct Sealed {
    pub to: Email,
    /// Template parameters (names, links): personal, hence sealed.
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// Queues `template` to `to` in `locale`; call it inside the transaction that makes the change
/// the email is about.
pub async fn queue<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    template: Template,
    locale: Locale,
    to: &Email,
    params: serde_json::Map<String, serde_json::Value>,
) -> Result<i64, DbErr> {
    let id = hold(db, vault, template, locale, to, params).await?;
    jobs::enqueue(db, &SendEmail { email_id: id }).await?;
    Ok(id)
}

/// Writes the email's row without queueing it to be sent: for a job that decides later whether
/// (and with which parameters) it goes, and then [`release`]s it. The recipient is sealed from
/// the start, so the job's payload holds only the row's id.
pub async fn hold<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    template: Template,
    locale: Locale,
    to: &Email,
    params: serde_json::Map<String, serde_json::Value>,
) -> Result<i64, DbErr> {
    let row = email::ActiveModel {
        template: Set(template.name().to_owned()),
        locale: Set(locale.code().to_owned()),
        sealed: Set(Some(seal(vault, to, params)?)),
        state: Set(crate::domain::EmailState::Queued.as_str().to_owned()),
        created_at: Set(chrono::Utc::now()),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Sends a [`hold`]-written email after all, with its final `params`.
pub async fn release<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    row: email::Model,
    to: &Email,
    params: serde_json::Map<String, serde_json::Value>,
) -> Result<(), DbErr> {
    let id = row.id;
    let mut active: email::ActiveModel = row.into();
    active.sealed = Set(Some(seal(vault, to, params)?));
    active.update(db).await?;
    jobs::enqueue(db, &SendEmail { email_id: id }).await?;
    Ok(())
}

/// Why a queued email cannot be opened: it will not become readable by trying again.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the email has no content (already sent)")]
    Empty,
    #[error("the email's content does not open: {0}")]
    Unreadable(String),
}

/// Opens what an `emails` row seals.
pub fn open(vault: &Vault, row: &email::Model) -> Result<Sealed, OpenError> {
    let sealed = row.sealed.as_deref().ok_or(OpenError::Empty)?;
    let json = vault
        .open(SEALED_PURPOSE, sealed)
        .map_err(|e| OpenError::Unreadable(e.to_string()))?;
    serde_json::from_slice(&json).map_err(|e| OpenError::Unreadable(e.to_string()))
}

fn seal(
    vault: &Vault,
    to: &Email,
    params: serde_json::Map<String, serde_json::Value>,
) -> Result<String, DbErr> {
    let sealed = Sealed {
        to: to.clone(),
        params,
    };
    let json = serde_json::to_vec(&sealed).map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(vault.seal(SEALED_PURPOSE, &json))
}
