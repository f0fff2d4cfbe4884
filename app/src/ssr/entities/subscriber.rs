//! A person on one or more mailing lists: one row per address (by keyed hash), the address and
//! name sealed.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscribers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email_hash: String,
    pub email_sealed: String,
    pub name_sealed: Option<String>,
    pub locale: String,
    /// ISO 3166 code, or empty when not known.
    pub country: String,
    pub token_salt: String,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Set when the address bounced for good, complained, or bounced softly too often: it is
    /// never sent to again.
    pub suppressed_at: Option<i64>,
    pub suppressed_reason: Option<String>,
    pub soft_bounces: i32,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
