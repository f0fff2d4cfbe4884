//! The audit log: who changed what in the admin area, and when.
use sea_orm::entity::prelude::*;

/// One entry of the audit log: who did what to what. Never holds personal data of signers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    /// `login`, `logout_everywhere`, `invite`, `role_change`, `export`, `invalidate`, …
    pub action: String,
    /// What it was done to, e.g. `campaign:12` or `user:3`.
    pub target: String,
    /// JSON with the details.
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
