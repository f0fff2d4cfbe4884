//! An uploaded image, stored re-encoded without its metadata.
use sea_orm::entity::prelude::*;

/// An uploaded image, re-encoded by Petrel (so no metadata of the original survives) and
/// served from `/media/{name}`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `{sha256 of the bytes, hex}.{jpg|png}`: the URL name, unique.
    #[sea_orm(unique)]
    pub name: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub bytes: Vec<u8>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
