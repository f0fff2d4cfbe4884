//! Postcode tables: for a legislature, postcodes or postcode prefixes → area. A writer's
//! postcode finds its area by the longest prefix in the table (a full UK postcode, or a German
//! Postleitzahl's leading digits, or a district like `SW1A`). Imported from a two-column CSV
//! (postcode or prefix, then the area's id in the directory or its exact name), replacing the
//! legislature's earlier table.
use super::source::Problem;
use crate::ssr::entities::area;
use crate::ssr::sql;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};
use std::collections::HashMap;

/// The shortest prefix looked up: shorter ones would mostly match the wrong area.
const MIN_PREFIX: usize = 2;
/// Rows written per statement.
const BATCH: usize = 500;

/// A postcode as tables store it: letters and digits only, upper case.
pub fn normalise(postcode: &str) -> String {
    postcode
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostcodeSummary {
    pub imported: usize,
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for PostcodeSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {} postcodes; {} problem{}",
            self.imported,
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )
    }
}

/// Replaces legislature `legislature_id`'s postcode table with the rows read from `source` (CSV,
/// an optional header row), a file or bytes. Rows naming no known area are reported by line
/// and left out.
pub async fn import(
    db: &DatabaseConnection,
    legislature_id: i64,
    source: impl std::io::Read + Send,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<PostcodeSummary, DbErr> {
    let areas = area::Entity::find()
        .filter(area::Column::LegislatureId.eq(legislature_id))
        .all(db)
        .await?;
    let by_id: HashMap<&str, i64> = areas
        .iter()
        .map(|a| (a.external_id.as_str(), a.id))
        .collect();
    let by_name: HashMap<String, i64> = areas
        .iter()
        .map(|a| (a.name.to_lowercase(), a.id))
        .collect();
    let mut summary = PostcodeSummary::default();
    let mut rows: HashMap<String, i64> = HashMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source);
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                summary.problems.push(Problem {
                    at: e
                        .position()
                        .map(|p| format!("line {}", p.line()))
                        .unwrap_or_else(|| "a row".into()),
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let at = format!(
            "line {}",
            record.position().map(|p| p.line()).unwrap_or_default()
        );
        let (code, target) = (
            normalise(record.get(0).unwrap_or_default()),
            record.get(1).unwrap_or_default().trim(),
        );
        let area = by_id
            .get(target)
            .or_else(|| by_name.get(&target.to_lowercase()))
            .copied();
        match area {
            Some(area) if code.len() >= MIN_PREFIX => {
                rows.insert(code, area);
            }
            // A header row names no area.
            None if i == 0 => {}
            Some(_) => summary.problems.push(Problem {
                at,
                message: format!(
                    "{:?} is too short for a postcode or prefix",
                    record.get(0).unwrap_or_default()
                ),
            }),
            None => summary.problems.push(Problem {
                at,
                message: format!("no area {target:?} in this legislature"),
            }),
        }
    }
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    txn.execute_raw(sql::stmt(
        backend,
        "DELETE FROM postcodes WHERE legislature_id = $1",
        [legislature_id.into()],
    ))
    .await?;
    let rows: Vec<(String, i64)> = rows.into_iter().collect();
    let total = rows.len();
    for (n, chunk) in rows.chunks(BATCH).enumerate() {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 3);
        let mut tuples = Vec::with_capacity(chunk.len());
        for (code, area) in chunk {
            let k = values.len();
            tuples.push(format!("(${}, ${}, ${})", k + 1, k + 2, k + 3));
            values.extend([legislature_id.into(), code.clone().into(), (*area).into()]);
        }
        txn.execute_raw(sql::stmt(
            backend,
            &format!(
                "INSERT INTO postcodes (legislature_id, prefix, area_id) VALUES {}",
                tuples.join(", ")
            ),
            values,
        ))
        .await?;
        progress((n * BATCH + chunk.len()).min(total), total);
    }
    txn.commit().await?;
    summary.imported = total;
    Ok(summary)
}

/// The area of `postcode` in legislature `legislature_id`: the longest matching prefix.
pub async fn area_for<C: ConnectionTrait>(
    db: &C,
    legislature_id: i64,
    postcode: &str,
) -> Result<Option<area::Model>, DbErr> {
    let code = normalise(postcode);
    if code.len() < MIN_PREFIX {
        return Ok(None);
    }
    let prefixes: Vec<String> = (MIN_PREFIX..=code.len().min(12))
        .map(|n| code[..n].to_owned())
        .collect();
    let placeholders: Vec<String> = (0..prefixes.len()).map(|i| format!("${}", i + 2)).collect();
    let mut values: Vec<sea_orm::Value> = vec![legislature_id.into()];
    values.extend(prefixes.into_iter().map(Into::into));
    let row = db
        .query_one_raw(sql::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT area_id FROM postcodes WHERE legislature_id = $1 AND prefix IN ({}) \
                 ORDER BY LENGTH(prefix) DESC LIMIT 1",
                placeholders.join(", ")
            ),
            values,
        ))
        .await?;
    match row {
        Some(r) => {
            area::Entity::find_by_id(r.try_get::<i64>("", "area_id")?)
                .one(db)
                .await
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn postcodes_are_compared_without_spaces_or_case() {
        assert_eq!(normalise(" sw1a 1aa "), "SW1A1AA");
        assert_eq!(normalise("10117"), "10117");
        assert_eq!(normalise("SW1A-1AA"), "SW1A1AA");
    }
}
