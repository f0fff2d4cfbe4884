//! What the admin area reads. Callers have been authorised (`ssr::auth`); these functions only
//! scope what they return to the user they are given.
use crate::accounts::ssr::auth::Authenticated;
use crate::campaigns::views::AdminCampaign;
use crate::domain::Locale;
use crate::error::AppError;
use crate::ssr::entities::{campaign, campaign_translation};
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The campaigns `user` runs (owns or was given), every campaign for an admin, newest first,
/// each with its id; `confirmed` is left at 0 for the campaign's kind to fill in.
pub async fn campaigns_for(
    state: &AppState,
    user: &Authenticated,
    locale: Locale,
) -> Result<Vec<(i64, AdminCampaign)>, AppError> {
    let db = &state.db;
    let mut query = campaign::Entity::find().order_by_desc(campaign::Column::CreatedAt);
    if !user.is_admin() {
        let shared = db
            .query_all_raw(crate::ssr::sql::stmt(
                db.get_database_backend(),
                "SELECT campaign_id FROM campaign_members WHERE user_id = $1",
                [user.user_id.into()],
            ))
            .await?
            .into_iter()
            .filter_map(|r| r.try_get::<i64>("", "campaign_id").ok())
            .collect::<Vec<_>>();
        query = query.filter(
            Condition::any()
                .add(campaign::Column::OwnerId.eq(user.user_id))
                .add(campaign::Column::Id.is_in(shared)),
        );
    }
    let campaigns = query.all(db).await?;
    let ids: Vec<i64> = campaigns.iter().map(|c| c.id).collect();
    let texts = campaign_translation::Entity::find()
        .filter(campaign_translation::Column::CampaignId.is_in(ids))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(campaigns.len());
    for c in campaigns {
        let mine: Vec<_> = texts
            .iter()
            .filter(|t| t.campaign_id == c.id)
            .cloned()
            .collect();
        let title = crate::campaigns::ssr::pick(&mine, locale, &c.default_locale)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| c.slug.clone());
        out.push((
            c.id,
            AdminCampaign {
                state: c.campaign_state(),
                kind: c.campaign_kind(),
                slug: c.slug,
                title,
                confirmed: 0,
            },
        ));
    }
    Ok(out)
}
