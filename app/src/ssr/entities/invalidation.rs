//! A bulk invalidation of signatures, recorded with its rule and who ran it.
use sea_orm::entity::prelude::*;

/// A bulk invalidation: the rule an organizer applied to a campaign's signatures, how many it
/// marked, and whether it was undone. Marked signatures carry its id.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invalidations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    /// The rule as JSON (`ssr::invalidation::Rule`).
    pub rule: String,
    pub matched: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub undone_by: Option<i64>,
    pub undone_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
