//! A message to one or more mailing lists.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mailings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// See `domain::MailingState`.
    pub state: String,
    /// The lists' ids, comma-separated.
    pub lists: String,
    /// Only those who signed this campaign (confirmed).
    pub campaign_id: Option<i64>,
    /// Only subscribers in this country (ISO code); empty: any.
    pub country: String,
    /// Only subscribers reading this language; empty: any.
    pub language: String,
    /// The variant sent to a subscriber whose language the mailing has no text in.
    pub default_locale: String,
    pub scheduled_at: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The lists' ids.
    pub fn list_ids(&self) -> Vec<i64> {
        self.lists
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .collect()
    }
}
