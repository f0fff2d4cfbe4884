//! An organizer or admin account.
use sea_orm::entity::prelude::*;

/// An organizer or admin. Accounts are invited; the address is sealed and found by keyed hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email_hash: String,
    pub email_sealed: Option<String>,
    /// `admin` or `organizer`.
    pub role: String,
    /// `active` or `disabled`.
    pub state: String,
    pub invited_by: Option<i64>,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
