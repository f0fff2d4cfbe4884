//! A petition signature; personal fields are sealed, the public name only if chosen.
use sea_orm::entity::prelude::*;

/// The vault purpose of `email_hash`: the keyed hash that finds one address's signatures (and
/// lets a mailing be narrowed to a campaign's signers).
pub const EMAIL_HASH_PURPOSE: &str = "signature.email";

/// One person's signature on one campaign. Email, name and postcode are sealed by the vault;
/// `email_hash` (keyed hash of the normalised address) makes the signature unique per campaign.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signatures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub email_hash: String,
    pub email_sealed: Option<String>,
    pub name_sealed: Option<String>,
    pub postcode_sealed: Option<String>,
    pub country: String,
    /// `hidden`, `initials` or `full`.
    pub display: String,
    /// What the public may see, as the signer chose; `None` when hidden.
    pub public_name: Option<String>,
    pub subscribe: bool,
    pub locale: String,
    /// `pending` or `confirmed`.
    pub state: String,
    pub suspect: bool,
    pub suspect_reason: Option<String>,
    /// Added to `campaign_counts` by the aggregation job.
    pub counted: bool,
    pub ip_hash: Option<String>,
    /// Emails sent within the day that began at `emails_window_at` (else at `created_at`).
    pub confirmation_emails: i32,
    pub emails_window_at: Option<i64>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    /// The referral code of the link the signer came by (`?ref=`), if any.
    pub ref_code: Option<String>,
    /// Keyed hash of the email's domain, for invalidation rules.
    pub email_domain_hash: Option<String>,
    /// The bulk invalidation that marked this signature suspect, until it is undone.
    pub invalidation_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
