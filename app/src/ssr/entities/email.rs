//! The email outbox: each message sealed until it is sent, then emptied.
use sea_orm::entity::prelude::*;

/// An email waiting to be sent, or sent. The recipient and the template's parameters are sealed
/// by the vault, and cleared once the message has gone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "emails")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub template: String,
    pub locale: String,
    pub sealed: Option<String>,
    /// `queued`, `sent` or `failed`.
    pub state: String,
    pub created_at: ChronoDateTimeUtc,
    pub sent_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
