//! Imports made from the admin page, as the audit log keeps them.
use super::source::Problem;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The audit action of an import made from the admin page.
pub const IMPORT_ACTION: &str = "directory_import";
/// Problems kept with an import's audit entry.
pub const PROBLEMS_KEPT: usize = 50;

/// The audit entry's detail for an import.
pub fn import_detail(
    legislature: &str,
    kind: &str,
    figures: &[(&str, usize)],
    problems: &[Problem],
) -> serde_json::Value {
    serde_json::json!({
        "legislature": legislature,
        "kind": kind,
        "figures": figures.iter().map(|(k, n)| serde_json::json!([k, n])).collect::<Vec<_>>(),
        "problems": problems.iter().take(PROBLEMS_KEPT).map(|p| [&p.at, &p.message]).collect::<Vec<_>>(),
        "problem_count": problems.len(),
    })
}

/// The latest imports made from the admin page, newest first.
pub async fn recent_imports<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<crate::directory::views::ImportView>, DbErr> {
    use crate::ssr::entities::audit;
    use sea_orm::{QueryOrder, QuerySelect};
    let rows = audit::Entity::find()
        .filter(audit::Column::Action.eq(IMPORT_ACTION))
        .order_by_desc(audit::Column::Id)
        .limit(5)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let d: serde_json::Value = serde_json::from_str(&r.detail).unwrap_or_default();
            let text = |k: &str| {
                d.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let problems: Vec<(String, String)> = d
                .get("problems")
                .and_then(|v| v.as_array())
                .map(|list| {
                    list.iter()
                        .filter_map(|p| {
                            Some((
                                p.get(0)?.as_str()?.to_owned(),
                                p.get(1)?.as_str()?.to_owned(),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let count = d.get("problem_count").and_then(|v| v.as_i64()).unwrap_or(0);
            crate::directory::views::ImportView {
                at: chrono::DateTime::from_timestamp_millis(r.at).unwrap_or_default(),
                legislature: text("legislature"),
                kind: text("kind"),
                figures: d
                    .get("figures")
                    .and_then(|v| v.as_array())
                    .map(|list| {
                        list.iter()
                            .filter_map(|f| {
                                Some((f.get(0)?.as_str()?.to_owned(), f.get(1)?.as_i64()?))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                more_problems: count - problems.len() as i64,
                problems,
            }
        })
        .collect())
}
