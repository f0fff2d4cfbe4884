//! Counting. Signing never touches a shared counter row (one hot row would serialise every
//! signer); the aggregation job adds newly confirmed, non-suspect signatures to
//! `campaign_counts` every few seconds, and pages read those rows.
use crate::ssr::jobs::Job;
use crate::ssr::sql;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
pub async fn aggregate(db: &DatabaseConnection, cache: &CountCache) -> Result<usize, DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let rows = txn
        .query_all_raw(sql::stmt(
            backend,
            "SELECT id, campaign_id, country FROM signatures \
                 WHERE state = 'confirmed' AND counted = false AND suspect = false \
                 ORDER BY id LIMIT $1",
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
        txn.execute_raw(sql::stmt(
            backend,
            "INSERT INTO campaign_counts (campaign_id, country, confirmed) VALUES ($1, $2, $3) \
                 ON CONFLICT (campaign_id, country) \
                 DO UPDATE SET confirmed = campaign_counts.confirmed + excluded.confirmed",
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
    for (campaign, _) in per.keys() {
        cache.invalidate(*campaign);
    }
    Ok(ids.len())
}

/// A campaign's confirmed signatures, in all and per country (largest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: i64,
    pub by_country: Vec<(String, i64)>,
}

/// How long a process reuses counts it read; the aggregation lag is seconds anyway.
const CACHE_TTL: Duration = Duration::from_secs(2);

/// A short in-process cache of counts, so a viral page view costs no database query most of
/// the time. One per application (shared by its web side and its worker).
#[derive(Clone, Default)]
pub struct CountCache(Arc<Mutex<HashMap<i64, (Instant, Counts)>>>);

impl CountCache {
    pub async fn get<C: ConnectionTrait>(&self, db: &C, campaign_id: i64) -> Result<Counts, DbErr> {
        if let Ok(cache) = self.0.lock()
            && let Some((at, counts)) = cache.get(&campaign_id)
            && at.elapsed() < CACHE_TTL
        {
            return Ok(counts.clone());
        }
        let counts = read(db, campaign_id).await?;
        if let Ok(mut cache) = self.0.lock() {
            cache.insert(campaign_id, (Instant::now(), counts.clone()));
        }
        Ok(counts)
    }

    /// Forgets a campaign's counts, after this process changed them.
    pub fn invalidate(&self, campaign_id: i64) {
        if let Ok(mut cache) = self.0.lock() {
            cache.remove(&campaign_id);
        }
    }
}

async fn read<C: ConnectionTrait>(db: &C, campaign_id: i64) -> Result<Counts, DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT country, confirmed FROM campaign_counts \
                 WHERE campaign_id = $1 AND confirmed > 0 ORDER BY confirmed DESC, country",
            [campaign_id.into()],
        ))
        .await?;
    let mut counts = Counts::default();
    for row in rows {
        let n: i64 = row.try_get("", "confirmed")?;
        counts.total += n;
        counts.by_country.push((row.try_get("", "country")?, n));
    }
    Ok(counts)
}
