//! What the directory's admin page shows (wire types).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegislatureView {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub term: Option<String>,
    pub source: Option<String>,
    pub as_of: Option<String>,
    pub serving: i64,
    pub no_longer_serving: i64,
    /// Serving members without an email address.
    pub without_email: i64,
    pub areas: i64,
    pub postcodes: i64,
    pub imported_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One import as the audit log recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub at: chrono::DateTime<chrono::Utc>,
    pub legislature: String,
    /// `members` or `postcodes`.
    pub kind: String,
    /// What it did: `created`, `updated`, `unchanged`, `ended`, `without_email` or `imported`,
    /// and how many.
    pub figures: Vec<(String, i64)>,
    /// Where and what, the first ones.
    pub problems: Vec<(String, String)>,
    pub more_problems: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryView {
    pub legislatures: Vec<LegislatureView>,
    pub imports: Vec<ImportView>,
    pub csrf: String,
}
