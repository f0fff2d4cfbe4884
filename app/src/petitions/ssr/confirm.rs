//! Confirming a signature from the emailed link. The link opens a page with a button; only the
//! button's POST confirms, so mail scanners that fetch links cannot confirm a signature that
//! someone else made with this address.
use super::tokens;
use crate::error::AppError;
use crate::ssr::entities::token;
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};

/// What a confirm link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    Valid,
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

/// Checks a link without using it.
pub async fn check(db: &DatabaseConnection, raw: &str) -> Result<LinkState, AppError> {
    let Some(t) = find(db, raw).await? else {
        return Ok(LinkState::Invalid);
    };
    if t.used_at.is_some() {
        return Ok(LinkState::AlreadyConfirmed);
    }
    if t.expires_at < now_ms() {
        return Ok(LinkState::Invalid);
    }
    Ok(LinkState::Valid)
}

/// Confirms the signature the token belongs to. Using a token twice is harmless.
///
/// The transaction's first statement is a write (using the token up), so on SQLite it takes the
/// write lock at once and waits its turn, instead of reading first and failing to upgrade when
/// another writer got there in between.
pub async fn confirm(db: &DatabaseConnection, raw: &str) -> Result<(), AppError> {
    let now = now_ms();
    let hash = tokens::hash(raw);
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let used = txn
        .query_one_raw(sql::stmt(
            backend,
            "UPDATE tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
             AND used_at IS NULL AND expires_at >= $1 RETURNING signature_id",
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
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE signatures SET state = 'confirmed', confirmed_at = $1 \
         WHERE id = $2 AND state <> 'confirmed'",
        [now.into(), signature_id.into()],
    ))
    .await?;
    txn.commit().await?;
    Ok(())
}
