use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    /// `petition` for now; `letter`, `donation`, `list` follow.
    pub kind: String,
    /// `draft`, `open`, `closed` or `archived`.
    pub state: String,
    pub default_locale: String,
    pub goal: Option<i64>,
    pub closes_at: Option<ChronoDateTimeUtc>,
    pub created_at: ChronoDateTimeUtc,
    pub requires_postcode: bool,
    pub closed_at: Option<ChronoDateTimeUtc>,
    /// The organizer who created it; none for campaigns made from the command line.
    pub owner_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
