//! The representative directory: legislatures, their areas and parties, the members with their
//! public office addresses, and postcode tables. Filled by importing a source file
//! ([`source`]) with [`import`]: rows are matched by the source's own ids, so importing the same
//! file again changes nothing, and members the file no longer lists are marked as no longer
//! serving (never deleted: letters already sent refer to them).
pub mod postcodes;
pub mod source;

use crate::domain::CountryCode;
use crate::ssr::entities::{area, legislature, party, party_membership, representative};
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use source::{Problem, Roster};
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

/// A legislature as named on the command line or the admin page.
#[derive(Debug, Clone, Default)]
pub struct LegislatureSpec {
    pub slug: String,
    /// Needed to create it; kept when it exists and none is given.
    pub country: Option<String>,
    pub name: Option<String>,
    pub term: Option<String>,
    pub source: Option<String>,
    pub as_of: Option<String>,
    /// What members are called after their name ("MP"); kept when none is given.
    pub title: Option<String>,
}

/// Why a legislature could not be made or found.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error(
        "{0:?}: a legislature's short name is 3 to 80 lower-case letters, digits and single hyphens"
    )]
    Slug(String),
    #[error("{0:?} is not an ISO 3166 country code")]
    Country(String),
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    Date(String),
    #[error("there is no legislature {0:?} yet: give its --country and --name to create it")]
    NeedsCountryAndName(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl SpecError {
    /// The translation key of the message for the admin page, with the field it concerns.
    pub fn field(&self) -> (&'static str, &'static str) {
        match self {
            SpecError::Slug(_) => ("legislature", "error-legislature-slug"),
            SpecError::Country(_) => ("country", "error-country-invalid"),
            SpecError::Date(_) => ("as_of", "error-date-format"),
            SpecError::NeedsCountryAndName(_) => ("legislature", "error-legislature-new"),
            SpecError::Db(_) => ("form", "error-internal"),
        }
    }
}

/// The legislature `spec.slug`, created or with the details given updated.
pub async fn ensure_legislature(
    db: &DatabaseConnection,
    spec: &LegislatureSpec,
) -> Result<legislature::Model, SpecError> {
    let slug =
        crate::domain::Slug::parse(&spec.slug).map_err(|_| SpecError::Slug(spec.slug.clone()))?;
    let country = match &spec.country {
        Some(c) => Some(
            CountryCode::parse(c)
                .ok_or_else(|| SpecError::Country(c.clone()))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    if let Some(d) = &spec.as_of
        && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
    {
        return Err(SpecError::Date(d.clone()));
    }
    let existing = legislature(db, slug.as_str()).await?;
    let row = match existing {
        Some(l) => {
            let mut row: legislature::ActiveModel = l.into();
            if let Some(c) = country {
                row.country = Set(c);
            }
            if let Some(n) = &spec.name {
                row.name = Set(n.clone());
            }
            if spec.term.is_some() {
                row.term = Set(spec.term.clone());
            }
            if spec.source.is_some() {
                row.source = Set(spec.source.clone());
            }
            if spec.as_of.is_some() {
                row.as_of = Set(spec.as_of.clone());
            }
            if spec.title.is_some() {
                row.member_title = Set(spec.title.clone());
            }
            row
        }
        None => {
            let (Some(country), Some(name)) = (country, spec.name.clone()) else {
                return Err(SpecError::NeedsCountryAndName(slug.as_str().to_owned()));
            };
            legislature::ActiveModel {
                slug: Set(slug.as_str().to_owned()),
                country: Set(country),
                name: Set(name),
                term: Set(spec.term.clone()),
                source: Set(spec.source.clone()),
                as_of: Set(spec.as_of.clone()),
                member_title: Set(spec.title.clone()),
                imported_at: Set(None),
                created_at: Set(now_ms()),
                ..Default::default()
            }
        }
    };
    Ok(row.save(db).await.and_then(legislature::Model::try_from)?)
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

/// A legislature by slug.
pub async fn legislature<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<legislature::Model>, DbErr> {
    legislature::Entity::find()
        .filter(legislature::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// Every legislature, by country and name.
pub async fn all_legislatures<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<legislature::Model>, DbErr> {
    use sea_orm::QueryOrder;
    legislature::Entity::find()
        .order_by_asc(legislature::Column::Country)
        .order_by_asc(legislature::Column::Name)
        .all(db)
        .await
}

/// The areas of a legislature by name, for the area picker.
pub async fn areas<C: ConnectionTrait>(
    db: &C,
    legislature_id: i64,
) -> Result<Vec<area::Model>, DbErr> {
    use sea_orm::QueryOrder;
    area::Entity::find()
        .filter(area::Column::LegislatureId.eq(legislature_id))
        .order_by_asc(area::Column::Name)
        .all(db)
        .await
}

/// The parties and groups of a legislature by name.
pub async fn parties<C: ConnectionTrait>(
    db: &C,
    legislature_id: i64,
) -> Result<Vec<party::Model>, DbErr> {
    use sea_orm::QueryOrder;
    party::Entity::find()
        .filter(party::Column::LegislatureId.eq(legislature_id))
        .order_by_asc(party::Column::Name)
        .all(db)
        .await
}

/// Who serves for an area now, by sort name, with their party.
pub async fn serving_in<C: ConnectionTrait>(
    db: &C,
    area_id: i64,
) -> Result<Vec<(representative::Model, Option<party::Model>)>, DbErr> {
    use sea_orm::QueryOrder;
    let reps = representative::Entity::find()
        .filter(representative::Column::AreaId.eq(area_id))
        .filter(representative::Column::Serving.eq(true))
        .order_by_asc(representative::Column::SortName)
        .all(db)
        .await?;
    let parties: HashMap<i64, party::Model> = party::Entity::find()
        .filter(party::Column::Id.is_in(reps.iter().filter_map(|r| r.party_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(reps
        .into_iter()
        .map(|r| {
            let p = r.party_id.and_then(|id| parties.get(&id).cloned());
            (r, p)
        })
        .collect())
}

/// Every legislature with its figures, by country and name.
pub async fn overview<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<crate::api::directory::LegislatureView>, DbErr> {
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    for l in all_legislatures(db).await? {
        let count = |q: &str| sql::stmt(backend, q, [l.id.into()]);
        let figures = db
            .query_one_raw(count(
                "SELECT \
                 (SELECT COUNT(*) FROM representatives WHERE legislature_id = $1 AND serving = true) AS serving, \
                 (SELECT COUNT(*) FROM representatives WHERE legislature_id = $1 AND serving = false) AS ended, \
                 (SELECT COUNT(*) FROM representatives WHERE legislature_id = $1 AND serving = true \
                    AND email IS NULL) AS without_email, \
                 (SELECT COUNT(*) FROM areas WHERE legislature_id = $1) AS areas, \
                 (SELECT COUNT(*) FROM postcodes WHERE legislature_id = $1) AS postcodes",
            ))
            .await?
            .ok_or_else(|| DbErr::Custom("no figures".into()))?;
        out.push(crate::api::directory::LegislatureView {
            serving: figures.try_get("", "serving")?,
            no_longer_serving: figures.try_get("", "ended")?,
            without_email: figures.try_get("", "without_email")?,
            areas: figures.try_get("", "areas")?,
            postcodes: figures.try_get("", "postcodes")?,
            imported_at: l
                .imported_at
                .and_then(chrono::DateTime::from_timestamp_millis),
            slug: l.slug,
            name: l.name,
            country: l.country,
            term: l.term,
            source: l.source,
            as_of: l.as_of,
        });
    }
    Ok(out)
}

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
) -> Result<Vec<crate::api::directory::ImportView>, DbErr> {
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
            crate::api::directory::ImportView {
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
