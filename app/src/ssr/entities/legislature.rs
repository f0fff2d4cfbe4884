//! A legislature in the directory (or a campaign's list of fixed recipients).
use sea_orm::entity::prelude::*;

/// A legislature (one chamber, one term) whose members letters can be written to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "legislatures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Its name on the command line and in URLs, e.g. `uk-commons`.
    #[sea_orm(unique)]
    pub slug: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub name: String,
    pub term: Option<String>,
    /// Where the directory came from (a URL or a description).
    pub source: Option<String>,
    /// The date the source describes (`YYYY-MM-DD`).
    pub as_of: Option<String>,
    /// What members are called after their name ("MP"), for the `{title}` placeholder.
    pub member_title: Option<String>,
    /// When members were last imported (ms since the epoch).
    pub imported_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
