//! Public figures about letters: how many went, to whom, and how often representatives answered.
use crate::ssr::sql;
use sea_orm::ConnectionTrait;

/// Letters sent off (confirmed) in a campaign by email (those only printed are not known to
/// have gone).
pub async fn sent_count<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<i64, sea_orm::DbErr> {
    db.query_one_raw(sql::stmt(
        db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM letters WHERE campaign_id = $1 \
         AND state IN ('queued', 'sent', 'delivered')",
        [campaign_id.into()],
    ))
    .await?
    .map(|r| r.try_get::<i64>("", "n"))
    .transpose()
    .map(Option::unwrap_or_default)
}

/// Letters delivered in a campaign, per legislature and per representative (most first, the
/// first 20): public figures about public offices, nothing about the writers.
pub async fn public_counts<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<(Vec<(String, i64)>, Vec<(String, String, i64)>), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let by_legislature = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT g.name AS name, COUNT(*) AS n FROM letter_deliveries d \
             JOIN letters l ON l.id = d.letter_id JOIN legislatures g ON g.id = l.legislature_id \
             WHERE l.campaign_id = $1 AND d.state IN ('sent', 'delivered') GROUP BY g.name ORDER BY n DESC, g.name",
            [campaign_id.into()],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "name")?, r.try_get("", "n")?)))
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    let by_representative = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT r.name AS name, COALESCE(a.name, '') AS area, COUNT(*) AS n \
             FROM letter_deliveries d JOIN letters l ON l.id = d.letter_id \
             JOIN representatives r ON r.id = d.representative_id \
             LEFT JOIN areas a ON a.id = r.area_id \
             WHERE l.campaign_id = $1 AND d.state IN ('sent', 'delivered') \
             GROUP BY r.id, r.name, a.name ORDER BY n DESC, r.name LIMIT 20",
            [campaign_id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("", "name")?,
                r.try_get("", "area")?,
                r.try_get("", "n")?,
            ))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    Ok((by_legislature, by_representative))
}

/// How often representatives answered letters, as their writers told us: per legislature, party
/// and representative, each only when at least `min_answers` writers answered (name, answers,
/// replies), for the legislatures `legislature_ids`.
pub async fn responsiveness<C: ConnectionTrait>(
    db: &C,
    legislature_ids: &[i64],
    min_answers: u32,
) -> Result<crate::letters::views::Responsiveness, sea_orm::DbErr> {
    let mut out = crate::letters::views::Responsiveness::default();
    if legislature_ids.is_empty() {
        return Ok(out);
    }
    let backend = db.get_database_backend();
    let list = legislature_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let query = |group: &str, name: &str, join: &str| {
        format!(
            "SELECT {name} AS name, COUNT(*) AS answers, \
             SUM(CASE WHEN d.reply = 'yes' THEN 1 ELSE 0 END) AS replies \
             FROM letter_deliveries d JOIN representatives r ON r.id = d.representative_id {join} \
             WHERE d.reply IS NOT NULL AND r.legislature_id IN ({list}) \
             GROUP BY {group} HAVING COUNT(*) >= $1 ORDER BY name"
        )
    };
    for (target, sql_text) in [
        (
            0,
            query(
                "g.id, g.name",
                "g.name",
                "JOIN legislatures g ON g.id = r.legislature_id",
            ),
        ),
        (
            1,
            query(
                "p.id, p.name",
                "p.name",
                "JOIN parties p ON p.id = r.party_id",
            ),
        ),
        (2, query("r.id, r.name", "r.name", "")),
    ] {
        let rows = db
            .query_all_raw(sql::stmt(
                backend,
                &sql_text,
                [i64::from(min_answers.max(1)).into()],
            ))
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<String>("", "name")?,
                    r.try_get::<i64>("", "answers")?,
                    r.try_get::<i64>("", "replies")?,
                ))
            })
            .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
        match target {
            0 => out.legislatures = rows,
            1 => out.parties = rows,
            _ => out.representatives = rows,
        }
    }
    Ok(out)
}
