//! What a campaign's dashboard shows: signatures by state, confirmations per day for the last
//! 30 days, by country, and suspect signatures by the rule that marked them. Read straight from
//! the signatures (organizers want the latest figures), never any personal field.
use crate::api::authoring::StatsView;
use crate::error::AppError;
use crate::ssr::entities::campaign;
use crate::ssr::sql;
use crate::ssr::state::AppState;
use sea_orm::ConnectionTrait;

const DAY_MS: i64 = 86_400_000;
/// Days in the confirmations chart.
pub const DAYS: i64 = 30;

pub async fn stats(
    state: &AppState,
    c: &campaign::Model,
    now_ms: i64,
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
        } else if s == "confirmed" {
            confirmed += n;
        } else {
            pending += n;
        }
    }
    let first_day = now_ms.div_euclid(DAY_MS) - (DAYS - 1);
    let per_day_rows = db
        .query_all_raw(rows(
            "SELECT confirmed_at / 86400000 AS day, COUNT(*) AS n FROM signatures \
             WHERE campaign_id = $1 AND state = 'confirmed' AND suspect = false \
             AND confirmed_at >= $2 GROUP BY confirmed_at / 86400000",
            vec![c.id.into(), (first_day * DAY_MS).into()],
        ))
        .await?;
    let mut per_day: Vec<(chrono::NaiveDate, i64)> = (0..DAYS)
        .filter_map(|i| {
            chrono::DateTime::from_timestamp_millis((first_day + i) * DAY_MS)
                .map(|d| (d.date_naive(), 0))
        })
        .collect();
    for r in &per_day_rows {
        let (day, n): (i64, i64) = (r.try_get("", "day")?, r.try_get("", "n")?);
        if let Some(slot) = usize::try_from(day - first_day)
            .ok()
            .and_then(|i| per_day.get_mut(i))
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
    Ok(StatsView {
        slug: c.slug.clone(),
        confirmed,
        pending,
        suspect,
        per_day,
        by_country,
        suspect_by_reason,
    })
}
