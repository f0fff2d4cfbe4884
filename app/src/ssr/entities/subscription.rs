//! One subscriber on one list, with the consent record.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscriptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub subscriber_id: i64,
    pub list_id: i64,
    /// See `domain::SubscriptionState`.
    pub state: String,
    /// Where consent was given: `form`, `petition`, `letter`, `import`, `import-consented`.
    pub source: String,
    pub campaign_id: Option<i64>,
    /// The version of the wording the person agreed to (the message key and its version).
    pub wording: String,
    pub consent_at: i64,
    pub confirmed_at: Option<i64>,
    pub unsubscribed_at: Option<i64>,
    pub confirm_token_hash: Option<String>,
    pub confirm_expires_at: Option<i64>,
    pub confirm_emails: i32,
    pub confirm_window_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
