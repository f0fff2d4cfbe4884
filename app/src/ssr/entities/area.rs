//! An area of a legislature (a constituency, a region) that representatives serve.
use sea_orm::entity::prelude::*;

/// A constituency, district or list area of a legislature, by the source's id.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "areas")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub legislature_id: i64,
    pub external_id: String,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
