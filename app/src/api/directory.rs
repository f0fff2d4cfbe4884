//! The representative directory in the admin area (admins only): the legislatures loaded, with
//! their figures, and the results of the latest imports. Imports themselves are file uploads to
//! `POST /admin/directory/import` (a plain multipart form handled by the server).
use crate::error::AppError;
use leptos::prelude::*;
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

#[server(endpoint = "admin/directory")]
pub async fn directory_overview() -> Result<DirectoryView, AppError> {
    use crate::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ui::context::set_no_store();
    Ok(DirectoryView {
        legislatures: crate::ssr::directory::overview(&state.db).await?,
        imports: crate::ssr::directory::recent_imports(&state.db).await?,
        csrf: me.csrf,
    })
}
