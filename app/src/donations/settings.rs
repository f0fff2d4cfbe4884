//! Donation settings read from the configuration (`[donations]`).
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DonationSettings {
    /// Shown on a fund's page instead of the card form while Stripe is not configured (bank
    /// transfer details, say), by language code; the default language's text stands in for a
    /// missing one.
    pub alternative: BTreeMap<String, String>,
}
