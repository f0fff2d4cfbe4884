//! A fund donations go to (e.g. legal aid for exiles).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "funds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    /// ISO 4217, lower case (`eur`).
    pub currency: String,
    pub goal_minor: Option<i64>,
    /// Preset amounts in minor units, comma-separated.
    pub presets: String,
    pub min_minor: i64,
    pub max_minor: i64,
    /// Whether monthly gifts are offered.
    pub monthly: bool,
    /// See `domain::FundState`.
    pub state: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn open(&self) -> bool {
        crate::domain::FundState::of_stored(&self.state) == crate::domain::FundState::Open
    }

    /// The preset amounts, in minor units.
    pub fn preset_amounts(&self) -> Vec<i64> {
        self.presets
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect()
    }
}
