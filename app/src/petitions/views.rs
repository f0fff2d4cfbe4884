//! What petition pages and the signature dashboard show, as sent from the server (wire types:
//! they depend only on `domain`).
use serde::{Deserialize, Serialize};

/// What a withdraw-and-erase link leads to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignatureToManage {
    pub campaign_title: String,
    pub campaign_slug: String,
    pub confirmed: bool,
}

/// A campaign's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub slug: String,
    /// Confirmed and not suspect: what the public count shows once aggregated.
    pub confirmed: i64,
    /// Waiting for the signer to confirm.
    pub pending: i64,
    /// Marked suspect (confirmed or not), never counted.
    pub suspect: i64,
    /// Flagged for review (many from one network address) but counted like the rest.
    pub flagged: i64,
    /// Whether `series` is per hour (the last 48) rather than per day (the last 30).
    pub hourly: bool,
    /// Confirmations per hour or day (UTC), oldest first.
    pub series: Vec<(chrono::NaiveDateTime, i64)>,
    pub by_country: Vec<(String, i64)>,
    /// Confirmed signatures by the referral code of the link they came by (`""`: none).
    pub by_ref: Vec<(String, i64)>,
    /// The rule that marked them, and how many.
    pub suspect_by_reason: Vec<(String, i64)>,
    /// Network-address hashes behind several countable signatures, most first.
    pub busy_addresses: Vec<(String, i64)>,
    pub invalidations: Vec<InvalidationView>,
    pub csrf: String,
}

/// A bulk invalidation as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvalidationView {
    pub id: i64,
    pub domain: Option<String>,
    pub ip_hash: Option<String>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    pub matched: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub undone_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// An invalidation rule as typed: any of an email domain, an address hash, a time window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    pub domain: Option<String>,
    pub ip_hash: Option<String>,
    /// `YYYY-MM-DDTHH:MM`, UTC.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// How many countable signatures a rule matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub confirmed: i64,
    pub pending: i64,
}

impl Preview {
    pub fn total(&self) -> i64 {
        self.confirmed + self.pending
    }
}

/// A petition's part of its campaign page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PetitionPart {
    /// Confirmed signatures as last aggregated.
    pub confirmed: i64,
    /// Country code and confirmed signatures, largest first.
    pub by_country: Vec<(String, i64)>,
    /// Public name (as the signer chose it) and country code of the latest signers who chose
    /// to be shown.
    pub recent_signers: Vec<(String, String)>,
    /// Proves when the form was served (see `ssr::abuse::form_token`).
    pub form_token: String,
    /// The proof of work asked of the browser (see `domain::pow`); 0 for none.
    pub pow_bits: u8,
}

/// A confirm link: still usable (with what confirming publishes), used, or unknown or expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfirmLink {
    Valid {
        /// The name as it will be shown; `None`: not shown.
        shown_as: Option<String>,
        subscribe: bool,
    },
    Confirmed,
    Invalid,
}
