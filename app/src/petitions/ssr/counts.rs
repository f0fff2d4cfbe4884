//! Counting. Signing never touches a shared counter row (one hot row would serialise every
//! signer); the aggregation job adds newly confirmed, non-suspect signatures to
//! `campaign_counts` every few seconds, and pages read those rows. A daily full recount
//! rebuilds the counts from the signatures themselves, correcting any drift.
//!
//! Everything that changes the counts (aggregation, recount, withdrawal) first takes the
//! counts lock in its transaction, so they never interleave: a recount that read the
//! signatures while an aggregation was adding the same ones would count them twice.
use crate::ssr::cache::TtlCache;
use crate::ssr::jobs::Job;
use crate::ssr::sql;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use std::collections::BTreeMap;
use std::time::Duration;

/// The scheduled job that folds new confirmations into the counts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AggregateCounts {}

impl Job for AggregateCounts {
    const KIND: &'static str = "aggregate_counts";
    const MAX_ATTEMPTS: i32 = 3;
}

/// The daily job that rebuilds every count from the signatures.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RecountAll {}

impl Job for RecountAll {
    const KIND: &'static str = "recount_all";
    const MAX_ATTEMPTS: i32 = 3;
}

/// Signatures folded in per run, at most (the next run takes the rest).
const BATCH: i64 = 5_000;

/// Takes the counts lock for the rest of `txn`: a row lock on PostgreSQL, the write lock on
/// SQLite (the upsert is the transaction's first write).
pub async fn lock_counts<C: ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    txn.execute_raw(sql::stmt(
        txn.get_database_backend(),
        "INSERT INTO settings (key, value, updated_at) VALUES ('counts.lock', '', $1) \
             ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at",
        [chrono::Utc::now().into()],
    ))
    .await?;
    Ok(())
}

/// Adds uncounted confirmations to the counts; returns how many it added.
pub async fn aggregate(db: &DatabaseConnection, cache: &CountCache) -> Result<usize, DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    lock_counts(&txn).await?;
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

/// What a recount found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recount {
    /// Signatures that were counted but no longer qualify (withdrawn from the counts).
    pub uncounted: u64,
    /// Campaigns whose stored total was wrong, with the stored and the true total.
    pub corrected: Vec<(i64, i64, i64)>,
}

/// Rebuilds every campaign's counts from its confirmed, non-suspect signatures.
pub async fn recount_all(db: &DatabaseConnection, cache: &CountCache) -> Result<Recount, DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    lock_counts(&txn).await?;
    // Confirmations the aggregation has not reached yet stay for it; signatures that stopped
    // qualifying (marked suspect later, say) leave the counts.
    let uncounted = txn
        .execute_unprepared(
            "UPDATE signatures SET counted = false \
         WHERE counted = true AND (state <> 'confirmed' OR suspect = true)",
        )
        .await?
        .rows_affected();
    let truth = txn
        .query_all_raw(sql::stmt(
            backend,
            "SELECT campaign_id, country, COUNT(*) AS n FROM signatures \
                 WHERE counted = true GROUP BY campaign_id, country",
            [],
        ))
        .await?;
    let stored = txn
        .query_all_raw(sql::stmt(
            backend,
            "SELECT campaign_id, CAST(SUM(confirmed) AS BIGINT) AS n FROM campaign_counts \
                 GROUP BY campaign_id",
            [],
        ))
        .await?;
    let mut before: BTreeMap<i64, i64> = BTreeMap::new();
    for row in &stored {
        before.insert(row.try_get("", "campaign_id")?, row.try_get("", "n")?);
    }
    txn.execute_unprepared("DELETE FROM campaign_counts")
        .await?;
    let mut after: BTreeMap<i64, i64> = BTreeMap::new();
    for row in &truth {
        let (campaign, country, n): (i64, String, i64) = (
            row.try_get("", "campaign_id")?,
            row.try_get("", "country")?,
            row.try_get("", "n")?,
        );
        *after.entry(campaign).or_default() += n;
        txn.execute_raw(sql::stmt(
            backend,
            "INSERT INTO campaign_counts (campaign_id, country, confirmed) VALUES ($1, $2, $3)",
            [campaign.into(), country.into(), n.into()],
        ))
        .await?;
    }
    txn.commit().await?;
    let mut corrected = Vec::new();
    for campaign in before
        .keys()
        .chain(after.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (was, is) = (
            before.get(campaign).copied().unwrap_or(0),
            after.get(campaign).copied().unwrap_or(0),
        );
        cache.invalidate(*campaign);
        if was != is {
            corrected.push((*campaign, was, is));
        }
    }
    Ok(Recount {
        uncounted,
        corrected,
    })
}

/// A campaign's confirmed signatures, in all and per country (largest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: i64,
    pub by_country: Vec<(String, i64)>,
    /// Public name (as the signer chose it) and country code of the latest confirmed signers
    /// who chose to be shown, newest first.
    pub recent_signers: Vec<(String, String)>,
}

/// How long a process reuses counts it read; the aggregation lag is seconds anyway.
const CACHE_TTL: Duration = Duration::from_secs(2);

/// A short in-process cache of counts, so a viral page view costs no database query most of
/// the time. One per application (shared by its web side and its worker).
#[derive(Clone)]
pub struct CountCache(TtlCache<i64, Counts>);

impl Default for CountCache {
    fn default() -> Self {
        Self(TtlCache::new(CACHE_TTL, 10_000))
    }
}

impl CountCache {
    pub async fn get<C: ConnectionTrait>(&self, db: &C, campaign_id: i64) -> Result<Counts, DbErr> {
        self.0
            .get_or_load(campaign_id, || read(db, campaign_id))
            .await
    }

    /// Forgets a campaign's counts, after this process changed them.
    pub fn invalidate(&self, campaign_id: i64) {
        self.0.invalidate(&campaign_id);
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
    counts.recent_signers = recent_signers(db, campaign_id).await?;
    Ok(counts)
}

/// How many recent public signers a campaign page lists.
const RECENT_SIGNERS: u64 = 10;

async fn recent_signers<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<Vec<(String, String)>, DbErr> {
    use crate::ssr::entities::signature;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    Ok(signature::Entity::find()
        .filter(signature::Column::CampaignId.eq(campaign_id))
        .filter(signature::Column::State.eq(crate::domain::SignatureState::Confirmed.as_str()))
        .filter(signature::Column::Suspect.eq(false))
        .filter(signature::Column::PublicName.is_not_null())
        .order_by_desc(signature::Column::ConfirmedAt)
        .limit(RECENT_SIGNERS)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| s.public_name.map(|n| (n, s.country)))
        .collect())
}
