//! Importing a roster: rows matched by the source's own ids, so the same file again changes
//! nothing; members no longer listed are marked as no longer serving, never deleted.
use super::source::{Problem, Roster};
use crate::ssr::entities::{legislature, party_membership, representative};
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use std::collections::HashMap;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Marked as no longer serving by this import (their membership ended, or the file no longer
    /// lists them).
    pub ended: usize,
    /// Serving members without an email address (letters to them are printed instead).
    pub without_email: usize,
    pub problems: Vec<Problem>,
}

impl Summary {
    /// The figures by name, for the audit log and the admin page.
    pub fn figures(&self) -> [(&'static str, usize); 5] {
        [
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("ended", self.ended),
            ("without_email", self.without_email),
        ]
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "created {}, updated {}, unchanged {}, ended {}, without email {}; {} problem{}",
            self.created,
            self.updated,
            self.unchanged,
            self.ended,
            self.without_email,
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )
    }
}

/// Upserts named things (areas or parties) of a legislature; returns external id → row id.
async fn upsert_named<C: ConnectionTrait>(
    txn: &C,
    table: &str,
    legislature_id: i64,
    wanted: &HashMap<String, String>,
) -> Result<HashMap<String, i64>, DbErr> {
    let backend = txn.get_database_backend();
    let mut ids = HashMap::new();
    let rows = txn
        .query_all_raw(sql::stmt(
            backend,
            &format!("SELECT id, external_id, name FROM {table} WHERE legislature_id = $1"),
            [legislature_id.into()],
        ))
        .await?;
    for r in &rows {
        let (id, ext, name): (i64, String, String) = (
            r.try_get("", "id")?,
            r.try_get("", "external_id")?,
            r.try_get("", "name")?,
        );
        if let Some(new_name) = wanted.get(&ext)
            && *new_name != name
        {
            txn.execute_raw(sql::stmt(
                backend,
                &format!("UPDATE {table} SET name = $1 WHERE id = $2"),
                [new_name.clone().into(), id.into()],
            ))
            .await?;
        }
        ids.insert(ext, id);
    }
    for (ext, name) in wanted {
        if ids.contains_key(ext) {
            continue;
        }
        let row = txn
            .query_one_raw(sql::stmt(
                backend,
                &format!(
                    "INSERT INTO {table} (legislature_id, external_id, name) VALUES ($1, $2, $3) \
                     RETURNING id"
                ),
                [
                    legislature_id.into(),
                    ext.clone().into(),
                    name.clone().into(),
                ],
            ))
            .await?
            .ok_or_else(|| DbErr::Custom("no id returned".into()))?;
        ids.insert(ext.clone(), row.try_get("", "id")?);
    }
    Ok(ids)
}

/// A membership as stored: party row id and dates.
type StoredPeriod = (i64, Option<String>, Option<String>);

/// Imports `roster` into legislature `l` in one transaction. `progress(done, total)` is called
/// as people are written.
pub async fn import(
    db: &DatabaseConnection,
    l: &legislature::Model,
    roster: Roster,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Summary, DbErr> {
    let now = now_ms();
    let ended_on = l
        .as_of
        .clone()
        .unwrap_or_else(|| chrono::Utc::now().date_naive().to_string());
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    // The first statement writes (SQLite transactions must, see docs/decisions.md).
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE legislatures SET imported_at = $1 WHERE id = $2",
        [now.into(), l.id.into()],
    ))
    .await?;
    let mut areas = HashMap::new();
    let mut parties = HashMap::new();
    for p in &roster.people {
        for period in &p.periods {
            if let Some(a) = &period.area {
                areas.insert(a.external_id.clone(), a.name.clone());
            }
            if let Some(g) = &period.party {
                parties.insert(g.external_id.clone(), g.name.clone());
            }
        }
    }
    let area_ids = upsert_named(&txn, "areas", l.id, &areas).await?;
    let party_ids = upsert_named(&txn, "parties", l.id, &parties).await?;

    let mut existing: HashMap<String, representative::Model> = representative::Entity::find()
        .filter(representative::Column::LegislatureId.eq(l.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| (r.external_id.clone(), r))
        .collect();
    let mut stored_periods: HashMap<i64, Vec<StoredPeriod>> = HashMap::new();
    for m in party_membership::Entity::find()
        .filter(
            party_membership::Column::RepresentativeId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(representative::Column::Id)
                    .from(representative::Entity)
                    .and_where(representative::Column::LegislatureId.eq(l.id))
                    .to_owned(),
            ),
        )
        .all(&txn)
        .await?
    {
        stored_periods
            .entry(m.representative_id)
            .or_default()
            .push((m.party_id, m.started_on, m.ended_on));
    }

    let mut summary = Summary {
        problems: roster.problems,
        ..Default::default()
    };
    let total = roster.people.len();
    for (done, person) in roster.people.into_iter().enumerate() {
        let current = person.current();
        let serving = person.serving();
        let area_id = current
            .and_then(|p| p.area.as_ref())
            .and_then(|a| area_ids.get(&a.external_id).copied());
        let party_id = current
            .and_then(|p| p.party.as_ref())
            .and_then(|g| party_ids.get(&g.external_id).copied());
        let started_on = person
            .periods
            .iter()
            .filter_map(|p| p.start)
            .min()
            .map(|d| d.to_string());
        let person_ended = if serving {
            None
        } else {
            person
                .periods
                .iter()
                .filter_map(|p| p.end)
                .max()
                .map(|d| d.to_string())
        };
        let periods: Vec<StoredPeriod> = person
            .periods
            .iter()
            .filter_map(|p| {
                let party = party_ids.get(&p.party.as_ref()?.external_id)?;
                Some((
                    *party,
                    p.start.map(|d| d.to_string()),
                    p.end.map(|d| d.to_string()),
                ))
            })
            .collect();
        if serving && person.email.is_none() {
            summary.without_email += 1;
        }
        let rep_id = match existing.remove(&person.external_id) {
            Some(old) => {
                let same = old.name == person.name
                    && old.sort_name == person.sort_name
                    && old.email == person.email
                    && old.area_id == area_id
                    && old.party_id == party_id
                    && old.serving == serving
                    && old.started_on == started_on
                    && old.ended_on == person_ended;
                if old.serving && !serving {
                    summary.ended += 1;
                }
                let id = old.id;
                if same {
                    summary.unchanged += 1;
                } else {
                    summary.updated += 1;
                    let mut row: representative::ActiveModel = old.into();
                    row.name = Set(person.name.clone());
                    row.sort_name = Set(person.sort_name.clone());
                    row.email = Set(person.email.clone());
                    row.area_id = Set(area_id);
                    row.party_id = Set(party_id);
                    row.serving = Set(serving);
                    row.started_on = Set(started_on);
                    row.ended_on = Set(person_ended);
                    row.updated_at = Set(now);
                    row.update(&txn).await?;
                }
                id
            }
            None => {
                summary.created += 1;
                representative::ActiveModel {
                    legislature_id: Set(l.id),
                    external_id: Set(person.external_id.clone()),
                    name: Set(person.name.clone()),
                    sort_name: Set(person.sort_name.clone()),
                    email: Set(person.email.clone()),
                    postal_address: Set(None),
                    area_id: Set(area_id),
                    party_id: Set(party_id),
                    serving: Set(serving),
                    started_on: Set(started_on),
                    ended_on: Set(person_ended),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
                .id
            }
        };
        let mut before = stored_periods.remove(&rep_id).unwrap_or_default();
        let mut after = periods;
        before.sort();
        after.sort();
        if before != after {
            party_membership::Entity::delete_many()
                .filter(party_membership::Column::RepresentativeId.eq(rep_id))
                .exec(&txn)
                .await?;
            for (party, start, end) in after {
                party_membership::ActiveModel {
                    representative_id: Set(rep_id),
                    party_id: Set(party),
                    started_on: Set(start),
                    ended_on: Set(end),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        progress(done + 1, total);
    }
    // Whoever the file no longer lists no longer serves.
    for (_, gone) in existing {
        if gone.serving {
            summary.ended += 1;
            let mut row: representative::ActiveModel = gone.into();
            row.serving = Set(false);
            row.ended_on = Set(Some(ended_on.clone()));
            row.updated_at = Set(now);
            row.update(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(summary)
}
