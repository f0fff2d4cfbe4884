//! A representative in the directory, with the area they serve and how to reach them.
use sea_orm::entity::prelude::*;

/// A member of a legislature, with the public contact address of their office. These are
/// public-office details, not personal data of Petrel's users, and are stored in the clear.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "representatives")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub legislature_id: i64,
    /// The source's id for the person.
    pub external_id: String,
    pub name: String,
    pub sort_name: String,
    pub email: Option<String>,
    pub postal_address: Option<String>,
    pub area_id: Option<i64>,
    /// The current party or group (the latest membership).
    pub party_id: Option<i64>,
    /// Whether they sit now: false once the source ends their membership or drops them.
    pub serving: bool,
    pub started_on: Option<String>,
    pub ended_on: Option<String>,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
