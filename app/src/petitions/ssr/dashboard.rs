//! What a campaign's dashboard shows: signatures by state, confirmations per day for the last
//! 30 days or per hour for the last 48 hours, by country, by referral code, suspect signatures
//! by the rule that marked them, and network-address hashes behind several signatures (for
//! invalidation rules). Read straight from the signatures (organizers want the latest figures),
//! never any personal field.
use crate::error::AppError;
use crate::petitions::views::StatsView;
use crate::ssr::entities::campaign;
use crate::ssr::sql;
use crate::ssr::state::AppState;
use sea_orm::ConnectionTrait;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;
/// Days in the daily chart.
pub const DAYS: i64 = 30;
/// Hours in the hourly chart.
pub const HOURS: i64 = 48;
/// An address hash is listed once it is behind this many countable signatures.
const BUSY_ADDRESS: i64 = 3;

pub async fn stats(
    state: &AppState,
    c: &campaign::Model,
    now_ms: i64,
    hourly: bool,
) -> Result<StatsView, AppError> {
    let db = &state.db;
    let backend = db.get_database_backend();
    let rows = |q: &str, values: Vec<sea_orm::Value>| sql::stmt(backend, q, values);
    let by_state = db
        .query_all_raw(rows(
            "SELECT state, suspect, COUNT(*) AS n FROM signatures WHERE campaign_id = $1 \
             GROUP BY state, suspect",
            vec![c.id.into()],
        ))
        .await?;
    let (mut confirmed, mut pending, mut suspect) = (0, 0, 0);
    for r in &by_state {
        let (s, sus, n): (String, bool, i64) = (
            r.try_get("", "state")?,
            r.try_get("", "suspect")?,
            r.try_get("", "n")?,
        );
        if sus {
            suspect += n;
        } else if s == crate::domain::SignatureState::Confirmed.as_str() {
            confirmed += n;
        } else {
            pending += n;
        }
    }
    let (unit, periods) = if hourly {
        (HOUR_MS, HOURS)
    } else {
        (DAY_MS, DAYS)
    };
    let first = now_ms.div_euclid(unit) - (periods - 1);
    let per_period_rows = db
        .query_all_raw(rows(
            // `unit` is one of two constants, written into the statement so that the grouping
            // expression is the selected one on every backend.
            &format!(
                "SELECT confirmed_at / {unit} AS period, COUNT(*) AS n FROM signatures \
                 WHERE campaign_id = $1 AND state = 'confirmed' AND suspect = false \
                 AND confirmed_at >= $2 GROUP BY confirmed_at / {unit}"
            ),
            vec![c.id.into(), (first * unit).into()],
        ))
        .await?;
    let mut series: Vec<(chrono::NaiveDateTime, i64)> = (0..periods)
        .filter_map(|i| {
            chrono::DateTime::from_timestamp_millis((first + i) * unit).map(|d| (d.naive_utc(), 0))
        })
        .collect();
    for r in &per_period_rows {
        let (period, n): (i64, i64) = (r.try_get("", "period")?, r.try_get("", "n")?);
        if let Some(slot) = usize::try_from(period - first)
            .ok()
            .and_then(|i| series.get_mut(i))
        {
            slot.1 = n;
        }
    }
    let by_country = db
        .query_all_raw(rows(
            "SELECT country, COUNT(*) AS n FROM signatures WHERE campaign_id = $1 \
             AND state = 'confirmed' AND suspect = false GROUP BY country ORDER BY n DESC, country",
            vec![c.id.into()],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "country")?, r.try_get("", "n")?)))
        .collect::<Result<Vec<(String, i64)>, sea_orm::DbErr>>()?;
    let suspect_by_reason = db
        .query_all_raw(rows(
            "SELECT suspect_reason AS reason, COUNT(*) AS n FROM signatures \
             WHERE campaign_id = $1 AND suspect = true GROUP BY suspect_reason ORDER BY n DESC",
            vec![c.id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<Option<String>>("", "reason")?
                    .unwrap_or_default(),
                r.try_get("", "n")?,
            ))
        })
        .collect::<Result<Vec<(String, i64)>, sea_orm::DbErr>>()?;
    let by_ref = db
        .query_all_raw(rows(
            "SELECT ref_code, COUNT(*) AS n FROM signatures WHERE campaign_id = $1 \
             AND state = 'confirmed' AND suspect = false GROUP BY ref_code \
             ORDER BY n DESC, ref_code",
            vec![c.id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<Option<String>>("", "ref_code")?
                    .unwrap_or_default(),
                r.try_get("", "n")?,
            ))
        })
        .collect::<Result<Vec<(String, i64)>, sea_orm::DbErr>>()?;
    let flagged = db
        .query_one_raw(rows(
            "SELECT COUNT(*) AS n FROM signatures WHERE campaign_id = $1 AND suspect = false \
             AND suspect_reason = $2",
            vec![
                c.id.into(),
                crate::petitions::ssr::sign::REVIEW_IP_RATE.into(),
            ],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    let busy_addresses = db
        .query_all_raw(rows(
            "SELECT ip_hash, COUNT(*) AS n FROM signatures WHERE campaign_id = $1 \
             AND suspect = false AND ip_hash IS NOT NULL GROUP BY ip_hash HAVING COUNT(*) >= $2 \
             ORDER BY n DESC, ip_hash LIMIT 20",
            vec![c.id.into(), BUSY_ADDRESS.into()],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "ip_hash")?, r.try_get("", "n")?)))
        .collect::<Result<Vec<(String, i64)>, sea_orm::DbErr>>()?;
    Ok(StatsView {
        slug: c.slug.clone(),
        confirmed,
        pending,
        suspect,
        flagged,
        hourly,
        series,
        by_country,
        by_ref,
        suspect_by_reason,
        busy_addresses,
        invalidations: Vec::new(),
        csrf: String::new(),
    })
}
