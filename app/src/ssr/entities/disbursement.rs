//! Money paid out of a fund, entered by an admin; corrected by new entries, never deleted.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disbursements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    /// `YYYY-MM-DD`.
    pub spent_on: String,
    pub amount_minor: i64,
    /// `legal-fees`, `court-costs`, `translation`, `other`.
    pub category: String,
    /// Public; never a beneficiary's name.
    pub description: String,
    pub corrects_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
