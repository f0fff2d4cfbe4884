//! Reading campaigns for pages: the open ones for the home page, one for its page.
use super::texts::pick;
use crate::campaigns::views::{CampaignCard, CampaignView, ImageView};
use crate::domain::{CampaignState, Locale};
use crate::error::AppError;
use crate::ssr::entities::{campaign, campaign_translation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub async fn open_campaigns<C: ConnectionTrait>(
    db: &C,
    locale: Locale,
) -> Result<Vec<CampaignCard>, AppError> {
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::State.eq(CampaignState::Open.as_str()))
        .order_by_desc(campaign::Column::CreatedAt)
        .all(db)
        .await?;
    let now = chrono::Utc::now();
    let campaigns: Vec<_> = campaigns
        .into_iter()
        .filter(|c| c.takes_part_at(now))
        .collect();
    let ids: Vec<i64> = campaigns.iter().map(|c| c.id).collect();
    let translations = campaign_translation::Entity::find()
        .filter(campaign_translation::Column::CampaignId.is_in(ids))
        .all(db)
        .await?;
    Ok(campaigns
        .into_iter()
        .filter_map(|c| {
            let mine: Vec<_> = translations
                .iter()
                .filter(|t| t.campaign_id == c.id)
                .cloned()
                .collect();
            let t = pick(&mine, locale, &c.default_locale)?;
            Some(CampaignCard {
                slug: c.slug.clone(),
                kind: c.campaign_kind(),
                title: t.title.clone(),
                summary: t.summary.clone(),
            })
        })
        .collect())
}

/// What the campaign page shows of the hub's part (its kind adds its own), with its id.
pub async fn campaign(
    state: &crate::ssr::state::AppState,
    slug: &str,
    locale: Locale,
) -> Result<(i64, CampaignView), AppError> {
    let db = &state.db;
    let p = state
        .campaigns
        .published(db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (t, body_html) = p.text(locale).ok_or(AppError::NotFound)?;
    let c = &p.campaign;
    let view = CampaignView {
        slug: c.slug.clone(),
        kind: c.campaign_kind(),
        state: c.state_at(chrono::Utc::now()),
        title: t.title.clone(),
        summary: t.summary.clone(),
        body_html: body_html.to_owned(),
        addressee: t.addressee.clone(),
        goal: c.goal,
        closes_on: c.closes_at.map(|d| d.date_naive()),
        text_locale: Locale::from_code(&t.locale).unwrap_or_default(),
        requires_postcode: c.requires_postcode,
        image: p.image.as_ref().map(|(src, width, height)| ImageView {
            src: src.clone(),
            width: *width,
            height: *height,
            // The text's own description, else the main language's, else none (decorative).
            alt: [
                Some(t),
                p.texts.iter().find(|x| x.locale == c.default_locale),
            ]
            .into_iter()
            .flatten()
            .find_map(|t| t.image_alt.clone().filter(|a| !a.trim().is_empty()))
            .unwrap_or_default(),
        }),
        list: p.list.as_ref().and_then(|(slug, texts)| {
            crate::ssr::entities::list_text::pick(texts, locale).map(|t| {
                crate::campaigns::views::CampaignList {
                    slug: slug.clone(),
                    name: t.name.clone(),
                }
            })
        }),
    };
    Ok((c.id, view))
}

/// The campaign's title in `locale`, else in its default language.
/// Campaign `id` (any state), or not found.
pub async fn by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<campaign::Model, AppError> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The open fund campaign `slug` points to, if it is public and points to one.
pub async fn fund_of(
    state: &crate::ssr::state::AppState,
    slug: &str,
    locale: Locale,
) -> Result<Option<crate::campaigns::views::FundLink>, AppError> {
    let Some(p) = state.campaigns.published(&state.db, slug).await? else {
        return Ok(None);
    };
    Ok(p.fund.as_ref().and_then(|(slug, texts)| {
        crate::ssr::entities::fund_text::pick(texts, locale).map(|t| {
            crate::campaigns::views::FundLink {
                slug: slug.clone(),
                title: t.title.clone(),
            }
        })
    }))
}
