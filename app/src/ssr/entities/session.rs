//! An organizer's signed-in session (only its hash is stored).
use sea_orm::entity::prelude::*;

/// A signed-in browser. The cookie carries a random token; only its SHA-256 is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub user_id: i64,
    /// How the user signed in: `email` or the provider's name.
    pub method: String,
    /// A short description of the browser (`Firefox on Linux`), for the account page.
    pub agent: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// The absolute end, however active the session is.
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
