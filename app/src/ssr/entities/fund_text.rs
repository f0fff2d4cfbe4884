//! A fund's title and description in one language.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_texts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    pub locale: String,
    pub title: String,
    /// Markdown.
    pub description: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
