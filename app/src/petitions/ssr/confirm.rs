//! Confirming a signature from the emailed link. The link opens a page with a button; only the
//! button's POST confirms, so mail scanners that fetch links cannot confirm a signature that
//! someone else made with this address.
//!
//! Each confirm link carries the submission it was mailed for, sealed: confirming publishes
//! exactly that (name and how it is shown, country, postcode, mailing-list choice), and the page
//! shows it before the button. Someone who knows an address can submit with it, but the owner's
//! own link confirms the owner's own choices.
use super::tokens;
use crate::domain::{NameDisplay, PersonName};
use crate::error::AppError;
use crate::ssr::entities::{signature, token};
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};

/// The vault purpose of a confirm link's submission.
const PAYLOAD_PURPOSE: &str = "tokens.payload";

/// What one submission asked to be confirmed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Submitted {
    pub name: String,
    pub postcode: Option<String>,
    pub country: String,
    pub display: String,
    pub subscribe: bool,
}

impl Submitted {
    pub fn seal(&self, vault: &Vault) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        vault.seal_str(PAYLOAD_PURPOSE, &json)
    }

    fn open(vault: &Vault, sealed: &str) -> Option<Submitted> {
        let json = vault.open_str(PAYLOAD_PURPOSE, sealed).ok()?;
        serde_json::from_str(&json).ok()
    }

    /// A signature's own values (for links mailed before links carried theirs).
    fn of_row(vault: &Vault, s: &signature::Model) -> Submitted {
        let open = |purpose: &str, v: &Option<String>| {
            v.as_deref().and_then(|v| vault.open_str(purpose, v).ok())
        };
        Submitted {
            name: open("signatures.name", &s.name_sealed).unwrap_or_default(),
            postcode: open("signatures.postcode", &s.postcode_sealed),
            country: s.country.clone(),
            display: s.display.clone(),
            subscribe: s.subscribe,
        }
    }

    /// The name as it will be shown, or `None` when it will not be.
    pub fn public_name(&self) -> Option<String> {
        let name = PersonName::parse(&self.name).ok()?;
        NameDisplay::parse(&self.display)?.public_name(&name)
    }
}

/// What confirming will publish, shown on the confirm page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The name as it will be shown; `None`: not shown.
    pub shown_as: Option<String>,
    pub subscribe: bool,
}

/// What a confirm link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    Valid(Preview),
    AlreadyConfirmed,
    Invalid,
}

async fn find(db: &DatabaseConnection, raw: &str) -> Result<Option<token::Model>, AppError> {
    Ok(token::Entity::find()
        .filter(token::Column::TokenHash.eq(tokens::hash(raw)))
        .filter(token::Column::Purpose.eq(tokens::CONFIRM))
        .one(db)
        .await?)
}

/// The submission a (used or unused) link stands for.
async fn submitted(
    db: &DatabaseConnection,
    vault: &Vault,
    t: &token::Model,
) -> Result<Option<Submitted>, AppError> {
    if let Some(s) = t
        .payload_sealed
        .as_deref()
        .and_then(|p| Submitted::open(vault, p))
    {
        return Ok(Some(s));
    }
    Ok(signature::Entity::find_by_id(t.signature_id)
        .one(db)
        .await?
        .map(|s| Submitted::of_row(vault, &s)))
}

/// Checks a link without using it.
pub async fn check(
    db: &DatabaseConnection,
    vault: &Vault,
    raw: &str,
) -> Result<LinkState, AppError> {
    let Some(t) = find(db, raw).await? else {
        return Ok(LinkState::Invalid);
    };
    if t.used_at.is_some() {
        return Ok(LinkState::AlreadyConfirmed);
    }
    if t.expires_at < now_ms() {
        return Ok(LinkState::Invalid);
    }
    Ok(match submitted(db, vault, &t).await? {
        Some(s) => LinkState::Valid(Preview {
            shown_as: s.public_name(),
            subscribe: s.subscribe,
        }),
        None => LinkState::Invalid,
    })
}

/// Confirms the signature the token belongs to, with the values of the submission the link was
/// mailed for. Using a token twice is harmless.
///
/// The transaction's first statement is a write (using the token up), so on SQLite it takes the
/// write lock at once and waits its turn, instead of reading first and failing to upgrade when
/// another writer got there in between.
pub async fn confirm(db: &DatabaseConnection, vault: &Vault, raw: &str) -> Result<(), AppError> {
    let now = now_ms();
    let hash = tokens::hash(raw);
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let used = txn
        .query_one_raw(sql::stmt(
            backend,
            "UPDATE tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
             AND used_at IS NULL AND expires_at >= $1 RETURNING signature_id, payload_sealed",
            [now.into(), hash.clone().into(), tokens::CONFIRM.into()],
        ))
        .await?;
    let Some(row) = used else {
        txn.commit().await?;
        // Unknown and expired links are refused; one used before is fine.
        return match find(db, raw).await? {
            Some(t) if t.used_at.is_some() => Ok(()),
            _ => Err(AppError::NotFound),
        };
    };
    let signature_id: i64 = row.try_get("", "signature_id")?;
    let payload: Option<String> = row.try_get("", "payload_sealed")?;
    let submitted = match payload.as_deref().and_then(|p| Submitted::open(vault, p)) {
        Some(s) => s,
        None => match signature::Entity::find_by_id(signature_id)
            .one(&txn)
            .await?
        {
            Some(s) => Submitted::of_row(vault, &s),
            None => {
                txn.commit().await?;
                return Err(AppError::NotFound);
            }
        },
    };
    let public_name = submitted.public_name();
    let seal = |purpose: &str, v: &str| vault.seal_str(purpose, v);
    let updated = txn
        .execute_raw(sql::stmt(
            backend,
            "UPDATE signatures SET state = 'confirmed', confirmed_at = $1, name_sealed = $3, \
         postcode_sealed = $4, country = $5, display = $6, public_name = $7, subscribe = $8 \
         WHERE id = $2 AND state <> 'confirmed'",
            [
                now.into(),
                signature_id.into(),
                seal("signatures.name", &submitted.name).into(),
                submitted
                    .postcode
                    .as_deref()
                    .map(|p| seal("signatures.postcode", p))
                    .into(),
                submitted.country.clone().into(),
                submitted.display.clone().into(),
                public_name.into(),
                submitted.subscribe.into(),
            ],
        ))
        .await?;
    if updated.rows_affected() == 1 && submitted.subscribe {
        crate::ssr::jobs::enqueue(
            &txn,
            &crate::ssr::jobs::JoinListFromSignature { signature_id },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Who signed signature `id`, for its campaign's mailing list: `None` unless it is confirmed
/// with the box ticked (and its data not erased).
pub async fn list_joiner<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    id: i64,
) -> Result<Option<Joiner>, sea_orm::DbErr> {
    let Some(s) = signature::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if s.state != crate::domain::SignatureState::Confirmed.as_str() || !s.subscribe {
        return Ok(None);
    }
    let open = |purpose: &str, v: &Option<String>| {
        v.as_deref().and_then(|v| vault.open_str(purpose, v).ok())
    };
    let Some(email) = open("signatures.email", &s.email_sealed)
        .and_then(|e| crate::domain::Email::parse(&e).ok())
    else {
        return Ok(None);
    };
    Ok(Some(Joiner {
        campaign_id: s.campaign_id,
        email,
        name: open("signatures.name", &s.name_sealed).unwrap_or_default(),
        locale: crate::domain::Locale::from_code(&s.locale).unwrap_or_default(),
        country: s.country,
    }))
}

/// A confirmed signer who asked for the campaign's news.
#[derive(Debug, Clone)]
pub struct Joiner {
    pub campaign_id: i64,
    pub email: crate::domain::Email,
    pub name: String,
    pub locale: crate::domain::Locale,
    pub country: String,
}
