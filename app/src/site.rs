//! Who runs this Petrel: the operator's name and contacts, from configuration.
use serde::{Deserialize, Serialize};

/// The operator's public identity, shown in the footer and on the contact (imprint) page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    pub operator_name: String,
    /// Postal address lines, as they should be printed.
    pub address: Vec<String>,
    pub contact_email: String,
    /// Who answers questions about personal data, if not the contact address.
    pub privacy_email: String,
    /// Free text for legal notices some countries require (e.g. German Impressum details).
    pub legal_notice: String,
    /// Where the source code is published.
    pub source_url: String,
}
