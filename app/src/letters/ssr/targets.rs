//! Who a letter campaign writes to: its legislatures, their filters, and the representatives of
//! an area.
use crate::error::AppError;
use crate::ssr::entities::{legislature, representative};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A target as the writer chooses it: short name, name, country — both empty for a campaign's
/// fixed recipients, which the page names in the reader's language.
pub fn target_choice(l: legislature::Model) -> (String, String, String) {
    if crate::letters::ssr::setup::is_recipients_list(&l) {
        (l.slug, String::new(), String::new())
    } else {
        (l.slug, l.name, l.country)
    }
}

/// The legislatures a letter campaign writes to, by name.
pub async fn targets<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<Vec<legislature::Model>, sea_orm::DbErr> {
    let ids = db
        .query_all_raw(sql::stmt(
            db.get_database_backend(),
            "SELECT legislature_id FROM campaign_targets WHERE campaign_id = $1",
            [campaign_id.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get::<i64>("", "legislature_id"))
        .collect::<Result<Vec<_>, _>>()?;
    legislature::Entity::find()
        .filter(legislature::Column::Id.is_in(ids))
        .order_by_asc(legislature::Column::Name)
        .all(db)
        .await
}

/// A target's filters: only members of these parties, only members for these areas (the
/// source's ids; empty means all).
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    pub parties: Vec<String>,
    pub areas: Vec<String>,
}

pub(crate) async fn filters<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    legislature_id: i64,
) -> Result<Filters, sea_orm::DbErr> {
    let row = db
        .query_one_raw(sql::stmt(
            db.get_database_backend(),
            "SELECT parties, areas FROM campaign_targets WHERE campaign_id = $1 AND legislature_id = $2",
            [campaign_id.into(), legislature_id.into()],
        ))
        .await?;
    let list = |column: &str| -> Vec<String> {
        row.as_ref()
            .and_then(|r| r.try_get::<Option<String>>("", column).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    };
    Ok(Filters {
        parties: list("parties"),
        areas: list("areas"),
    })
}

/// Who serves an area and is written to, as the writer sees them (with their party's name).
pub(super) async fn recipients(
    state: &AppState,
    area_id: i64,
    filters: &Filters,
) -> Result<Vec<(representative::Model, Option<String>)>, AppError> {
    Ok(crate::directory::ssr::serving_in(&state.db, area_id)
        .await?
        .into_iter()
        .filter(|(_, p)| {
            filters.parties.is_empty()
                || p.as_ref()
                    .is_some_and(|p| filters.parties.contains(&p.external_id))
        })
        .map(|(r, p)| (r, p.map(|p| p.name)))
        .collect())
}

pub(super) fn names(reps: &[(representative::Model, Option<String>)]) -> String {
    reps.iter()
        .map(|(r, _)| r.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}
