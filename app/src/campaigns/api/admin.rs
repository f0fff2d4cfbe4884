//! The admin area's start page: the campaigns this organizer runs (every campaign for an admin)
//! and, for admins, the review queue.
use crate::campaigns::views::AdminStart;
#[cfg(feature = "ssr")]
use crate::campaigns::views::ReviewItem;
use crate::error::AppError;
use leptos::prelude::*;

/// The admin start page: the campaigns this user runs (all of them for an admin).
#[server(endpoint = "admin/overview")]
pub async fn admin_overview(locale: crate::domain::Locale) -> Result<AdminStart, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize(&state.db, Action::UseAdminArea).await?;
    crate::ui::context::set_no_store();
    let campaigns = crate::campaigns::ssr::admin::campaigns_for(&state, &user, locale).await?;
    let queue = if user.is_admin() {
        let now = crate::ssr::time::now_ms();
        crate::campaigns::ssr::review::queue(&state, locale)
            .await?
            .into_iter()
            .map(|(slug, title, at)| ReviewItem {
                slug,
                title,
                waiting_hours: (now - at).max(0) / 3_600_000,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AdminStart {
        is_admin: user.is_admin(),
        campaigns,
        queue,
        csrf: user.csrf,
    })
}
