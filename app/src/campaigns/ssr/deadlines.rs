//! Deadlines: a scheduled job closes every open campaign whose deadline has passed, recording
//! the deadline as the moment it closed, so retention counts from then without anyone closing it
//! by hand. Between the deadline and the job, `campaign::Model::state_at` already shows it
//! closed and refuses signatures and letters.
use crate::domain::CampaignState;
use crate::ssr::entities::campaign;
use crate::ssr::jobs::Job;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, TransactionTrait};

/// The scheduled job.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CloseExpiredCampaigns {}

impl Job for CloseExpiredCampaigns {
    const KIND: &'static str = "close_expired_campaigns";
    const MAX_ATTEMPTS: i32 = 3;
}

/// Closes the open campaigns whose deadline is at or before `now`; returns their slugs.
pub async fn close_expired(
    db: &sea_orm::DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<String>, DbErr> {
    let due = campaign::Entity::find()
        .filter(campaign::Column::State.eq(CampaignState::Open.as_str()))
        .filter(campaign::Column::ClosesAt.lte(now))
        .all(db)
        .await?;
    let mut closed = Vec::with_capacity(due.len());
    for c in due {
        let (id, slug, at) = (c.id, c.slug.clone(), c.closes_at.unwrap_or(now));
        let txn = db.begin().await?;
        // Only if still open: an organizer may have closed it by hand a moment ago.
        let changed = campaign::Entity::update_many()
            .col_expr(
                campaign::Column::State,
                sea_orm::sea_query::Expr::value(CampaignState::Closed.as_str()),
            )
            .col_expr(
                campaign::Column::ClosedAt,
                sea_orm::sea_query::Expr::value(at),
            )
            .filter(campaign::Column::Id.eq(id))
            .filter(campaign::Column::State.eq(CampaignState::Open.as_str()))
            .exec(&txn)
            .await?
            .rows_affected;
        if changed == 1 {
            crate::accounts::ssr::audit(
                &txn,
                None,
                "campaign_close",
                &format!("campaign:{id}"),
                serde_json::json!({ "reason": "deadline" }),
            )
            .await?;
            closed.push(slug);
        }
        txn.commit().await?;
    }
    Ok(closed)
}
