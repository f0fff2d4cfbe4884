//! Reading the directory: legislatures, areas, parties, who serves an area, the overview.
use crate::ssr::entities::{area, legislature, party, representative};
use crate::ssr::sql;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

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
) -> Result<Vec<crate::directory::views::LegislatureView>, DbErr> {
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
        out.push(crate::directory::views::LegislatureView {
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
