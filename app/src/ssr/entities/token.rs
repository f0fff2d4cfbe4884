//! A single-purpose link token (confirm, manage), stored as a hash.
use sea_orm::entity::prelude::*;

/// A single-use link token; only its SHA-256 is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub signature_id: i64,
    /// `confirm` or `manage`.
    pub purpose: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// A confirm link's submission (`petitions::ssr::confirm::Submitted`), sealed.
    pub payload_sealed: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
