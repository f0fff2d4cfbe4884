//! Confirming a signature from the emailed link. The link opens a page with a button; only the
//! button's POST confirms, so mail scanners that fetch links cannot confirm a signature that
//! someone else made with this address.
use super::tokens;
use crate::error::AppError;
use crate::ssr::entities::{signature, token};
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set, TransactionTrait,
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
pub async fn confirm(db: &DatabaseConnection, raw: &str) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let t = token::Entity::find()
        .filter(token::Column::TokenHash.eq(tokens::hash(raw)))
        .filter(token::Column::Purpose.eq(tokens::CONFIRM))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if t.used_at.is_none() && t.expires_at < now_ms() {
        return Err(AppError::NotFound);
    }
    let sig = signature::Entity::find_by_id(t.signature_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if sig.state != "confirmed" {
        let mut active = sig.into_active_model();
        active.state = Set("confirmed".to_owned());
        active.confirmed_at = Set(Some(now_ms()));
        active.update(&txn).await?;
    }
    if t.used_at.is_none() {
        let mut active = t.into_active_model();
        active.used_at = Set(Some(now_ms()));
        active.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}
