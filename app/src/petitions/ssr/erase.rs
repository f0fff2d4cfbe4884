//! Withdrawing a signature and erasing its personal data, from the link in any email sent about
//! it. The row goes entirely (its tokens with it); if it had been counted, its campaign's count
//! goes down by one in the same transaction.
use super::tokens;
use crate::domain::Locale;
use crate::error::AppError;
use crate::ssr::entities::{campaign, signature, token};
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter,
    TransactionTrait,
};

/// What the manage page shows about the signature behind a link.
#[derive(Debug, Clone)]
pub struct Managed {
    pub campaign_title: String,
    pub campaign_slug: String,
    pub confirmed: bool,
}

async fn signature_for(
    db: &impl ConnectionTrait,
    raw: &str,
) -> Result<Option<signature::Model>, AppError> {
    let Some(t) = token::Entity::find()
        .filter(token::Column::TokenHash.eq(tokens::hash(raw)))
        .filter(token::Column::Purpose.eq(tokens::MANAGE))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if t.expires_at < now_ms() {
        return Ok(None);
    }
    Ok(signature::Entity::find_by_id(t.signature_id)
        .one(db)
        .await?)
}

pub async fn describe(
    db: &DatabaseConnection,
    raw: &str,
    locale: Locale,
) -> Result<Option<Managed>, AppError> {
    let Some(sig) = signature_for(db, raw).await? else {
        return Ok(None);
    };
    let Some(c) = campaign::Entity::find_by_id(sig.campaign_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let title = crate::campaigns::ssr::title(db, &c, locale).await?;
    Ok(Some(Managed {
        campaign_title: title,
        campaign_slug: c.slug,
        confirmed: sig.state == crate::domain::SignatureState::Confirmed.as_str(),
    }))
}

/// Erases the signature behind `raw`; `NotFound` if the link is unknown or already used.
pub async fn erase(
    db: &DatabaseConnection,
    cache: &super::counts::CountCache,
    raw: &str,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    // The lock first: it is a write, so on SQLite the transaction holds the write lock from
    // its first statement instead of failing to upgrade a read.
    super::counts::lock_counts(&txn).await?;
    let sig = signature_for(&txn, raw).await?.ok_or(AppError::NotFound)?;
    if sig.counted {
        let backend = txn.get_database_backend();
        txn.execute_raw(sql::stmt(
            backend,
            "UPDATE campaign_counts SET confirmed = confirmed - 1 \
                 WHERE campaign_id = $1 AND country = $2 AND confirmed > 0",
            [sig.campaign_id.into(), sig.country.clone().into()],
        ))
        .await?;
    }
    let (id, campaign_id) = (sig.id, sig.campaign_id);
    sig.delete(&txn).await?;
    txn.commit().await?;
    cache.invalidate(campaign_id);
    tracing::info!(signature = id, "signature withdrawn and erased");
    Ok(())
}
