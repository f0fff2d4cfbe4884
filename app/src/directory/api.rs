//! The representative directory in the admin area (admins only): the legislatures loaded, with
//! their figures, and the results of the latest imports. Imports themselves are file uploads to
//! `POST /admin/directory/import` (a plain multipart form handled by the server).
use super::views::DirectoryView;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "admin/directory")]
pub async fn directory_overview() -> Result<DirectoryView, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let me = authorize(&state.db, Action::Administer).await?;
    crate::ssr::response::no_store();
    Ok(DirectoryView {
        legislatures: crate::directory::ssr::overview(&state.db).await?,
        imports: crate::directory::ssr::recent_imports(&state.db).await?,
        csrf: me.csrf,
    })
}
