use sea_orm::entity::prelude::*;

/// A letter on its way to one representative: `queued`, `sent` or `failed`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub letter_id: i64,
    pub representative_id: i64,
    pub state: String,
    pub sent_at: Option<i64>,
    pub failure: Option<String>,
    /// When the writer was asked whether this representative replied, and reminded.
    pub asked_at: Option<i64>,
    pub reminded_at: Option<i64>,
    /// The writer's answer: `yes` or `no`.
    pub reply: Option<String>,
    pub answered_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
