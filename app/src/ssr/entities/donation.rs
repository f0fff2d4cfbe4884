//! One payment to a fund; the donor's identity sealed, the public name only if chosen.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "donations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    /// `once` or `monthly` (see `domain::DonationKind`).
    pub kind: String,
    /// See `domain::DonationState`.
    pub state: String,
    pub amount_minor: i64,
    pub currency: String,
    /// Stripe's fee, when Stripe reports it.
    pub fee_minor: Option<i64>,
    pub refunded_minor: i64,
    pub disputed_minor: i64,
    /// `hidden`, `initials` or `full`, as for signatures.
    pub display: String,
    pub public_name: Option<String>,
    pub public_message: Option<String>,
    /// Name, email and message, sealed by the vault; `None` once erased.
    pub donor_sealed: Option<String>,
    pub email_hash: String,
    pub locale: String,
    pub campaign_id: Option<i64>,
    pub ref_code: Option<String>,
    /// Derived from the form token: a form sent twice is one donation.
    pub idempotency_key: String,
    pub checkout_session_id: Option<String>,
    pub payment_intent_id: Option<String>,
    pub subscription_id: Option<String>,
    pub invoice_id: Option<String>,
    pub customer_id: Option<String>,
    pub manage_token_hash: Option<String>,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    /// When a monthly gift stopped (on its first row).
    pub ended_at: Option<i64>,
    /// `open`, `won` or `lost` once the payment is disputed (see `domain::DisputeState`).
    pub dispute_state: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether its money came in (see `DonationState::RECEIVED`).
    pub fn received(&self) -> bool {
        crate::domain::DonationState::RECEIVED
            .contains(&crate::domain::DonationState::of_stored(&self.state))
    }
}
