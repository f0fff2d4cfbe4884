//! Counting. Signing never touches a shared counter row (one hot row would serialise every
//! signer); the aggregation job adds newly confirmed, non-suspect signatures to
//! `campaign_counts` every few seconds, and pages read those rows.
use crate::ssr::jobs::{Job, placeholders};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait};
use std::collections::BTreeMap;

/// The scheduled job that folds new confirmations into the counts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AggregateCounts {}

impl Job for AggregateCounts {
    const KIND: &'static str = "aggregate_counts";
    const MAX_ATTEMPTS: i32 = 3;
}

/// Signatures folded in per run, at most (the next run takes the rest).
const BATCH: i64 = 5_000;

/// Adds uncounted confirmations to the counts; returns how many it added.
pub async fn aggregate(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                "SELECT id, campaign_id, country FROM signatures \
                 WHERE state = 'confirmed' AND counted = false AND suspect = false \
                 ORDER BY id LIMIT $1",
            ),
            [BATCH.into()],
        ))
        .await?;
    if rows.is_empty() {
        txn.commit().await?;
        return Ok(0);
    }
    let mut per: BTreeMap<(i64, String), i64> = BTreeMap::new();
    let mut ids = Vec::with_capacity(rows.len());
    for row in &rows {
        ids.push(row.try_get::<i64>("", "id")?);
        let key = (
            row.try_get::<i64>("", "campaign_id")?,
            row.try_get::<String>("", "country")?,
        );
        *per.entry(key).or_default() += 1;
    }
    for ((campaign, country), n) in &per {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                "INSERT INTO campaign_counts (campaign_id, country, confirmed) VALUES ($1, $2, $3) \
                 ON CONFLICT (campaign_id, country) \
                 DO UPDATE SET confirmed = campaign_counts.confirmed + excluded.confirmed",
            ),
            [(*campaign).into(), country.clone().into(), (*n).into()],
        ))
        .await?;
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    txn.execute_unprepared(&format!(
        "UPDATE signatures SET counted = true WHERE id IN ({list})"
    ))
    .await?;
    txn.commit().await?;
    Ok(ids.len())
}

/// Confirmed signatures of a campaign, as last aggregated.
pub async fn total<C: ConnectionTrait>(db: &C, campaign_id: i64) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                "SELECT CAST(COALESCE(SUM(confirmed), 0) AS BIGINT) AS n FROM campaign_counts WHERE campaign_id = $1",
            ),
            [campaign_id.into()],
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
}
