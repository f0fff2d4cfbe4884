//! A representative's membership of a party or group.
use sea_orm::entity::prelude::*;

/// One period of a representative in a party or group (people change party mid-term).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "party_memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub representative_id: i64,
    pub party_id: i64,
    pub started_on: Option<String>,
    pub ended_on: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
