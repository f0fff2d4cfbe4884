//! One letter's delivery to one representative.
use sea_orm::entity::prelude::*;

/// A letter on its way to one representative. By email: `pending` (not confirmed yet) →
/// `queued` → `sent` (their mail server took it) → `delivered` (a delivery report or an automatic
/// reply came back, or no bounce within the bounce window) or `failed` (bounced); `withdrawn`.
/// By post: `pending` → `print` (the writer prints and posts it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub letter_id: i64,
    pub representative_id: i64,
    pub state: String,
    /// `email` or `post`.
    pub channel: String,
    pub sent_at: Option<i64>,
    pub failure: Option<String>,
    /// When the writer was asked whether this representative replied, and reminded.
    pub asked_at: Option<i64>,
    pub reminded_at: Option<i64>,
    /// The writer's answer: `yes` or `no`.
    pub reply: Option<String>,
    pub answered_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn delivery_state(&self) -> crate::domain::DeliveryState {
        crate::domain::DeliveryState::of_stored(&self.state)
    }
}
