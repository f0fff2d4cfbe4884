//! The admin area's start page: the campaigns this organizer runs (every campaign for an admin)
//! and, for admins, the review queue.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A campaign on the admin start page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminCampaign {
    pub slug: String,
    pub title: String,
    pub state: crate::domain::CampaignState,
    /// What `confirmed` counts: signatures or letters.
    pub kind: crate::domain::CampaignKind,
    /// Confirmed signatures of a petition, letters sent off of a letter campaign.
    pub confirmed: i64,
}

/// A campaign waiting for an admin's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub slug: String,
    pub title: String,
    /// How long it has waited, in hours.
    pub waiting_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminStart {
    pub is_admin: bool,
    pub campaigns: Vec<AdminCampaign>,
    /// For admins: the moderation queue, oldest first.
    pub queue: Vec<ReviewItem>,
    pub csrf: String,
}

/// The admin start page: the campaigns this user runs (all of them for an admin).
#[server(endpoint = "admin/overview")]
pub async fn admin_overview(locale: crate::domain::Locale) -> Result<AdminStart, AppError> {
    use crate::accounts::ssr::auth::{Action, authorize};
    let state = crate::ssr::state::use_app_state()?;
    let user = authorize(&state.db, Action::UseAdminArea).await?;
    crate::ui::context::set_no_store();
    let campaigns = crate::ssr::admin::campaigns_for(&state, &user, locale).await?;
    let queue = if user.is_admin() {
        let now = crate::ssr::time::now_ms();
        crate::ssr::authoring::queue(&state, locale)
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
