//! A mailing list.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lists")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    /// Whether it has a public subscribe page.
    pub public: bool,
    /// See `domain::ListState`.
    pub state: String,
    /// Aggregate open/click counting (never per person); off by default.
    pub tracking: bool,
    /// Whether past mailings are shown on a public archive page.
    pub archive: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn open(&self) -> bool {
        crate::domain::ListState::of_stored(&self.state) == crate::domain::ListState::Open
    }
}
