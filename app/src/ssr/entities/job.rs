//! The job queue the worker claims from.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    /// JSON of ids, never personal data.
    pub payload: String,
    /// `pending`, `running` or `dead`; a job that succeeds is deleted.
    pub state: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// Milliseconds since the epoch.
    pub run_after: i64,
    pub locked_until: Option<i64>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
