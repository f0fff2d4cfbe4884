//! Reading campaigns for pages: the open ones for the home page, one for its page.
use super::texts::pick;
use crate::campaigns::views::{CampaignCard, CampaignView, ImageView};
use crate::domain::{CampaignKind, CampaignState, Locale};
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

/// What the campaign page shows, without its form token (which the caller adds).
pub async fn campaign(
    state: &crate::ssr::state::AppState,
    slug: &str,
    locale: Locale,
) -> Result<CampaignView, AppError> {
    let db = &state.db;
    let p = state
        .campaigns
        .published(db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (t, body_html) = p.text(locale).ok_or(AppError::NotFound)?;
    let c = &p.campaign;
    let counts = state.counts.get(db, c.id).await?;
    let mut responsiveness = crate::letters::views::Responsiveness::default();
    let (targets, letters_sent, (letters_by_legislature, letters_by_representative)) =
        if c.campaign_kind() == CampaignKind::Letter {
            let legislatures = crate::letters::ssr::targets(db, c.id).await?;
            let ids: Vec<i64> = legislatures.iter().map(|l| l.id).collect();
            responsiveness =
                crate::letters::ssr::responsiveness(db, &ids, state.letters.min_answers).await?;
            (
                legislatures
                    .into_iter()
                    .map(crate::letters::ssr::target_choice)
                    .collect(),
                crate::letters::ssr::sent_count(db, c.id).await?,
                crate::letters::ssr::public_counts(db, c.id).await?,
            )
        } else {
            (Vec::new(), 0, (Vec::new(), Vec::new()))
        };
    Ok(CampaignView {
        targets,
        letters_sent,
        letters_by_legislature,
        letters_by_representative,
        responsiveness,
        slug: c.slug.clone(),
        kind: c.campaign_kind(),
        state: c.campaign_state(),
        title: t.title.clone(),
        summary: t.summary.clone(),
        body_html: body_html.to_owned(),
        addressee: t.addressee.clone(),
        goal: c.goal,
        closes_on: c.closes_at.map(|d| d.date_naive()),
        text_locale: Locale::from_code(&t.locale).unwrap_or_default(),
        requires_postcode: c.requires_postcode,
        confirmed: counts.total,
        by_country: counts.by_country,
        recent_signers: counts.recent_signers,
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
        form_token: String::new(),
        pow_bits: 0,
    })
}

/// The campaign's title in `locale`, else in its default language.
/// Campaign `id` (any state), or not found.
pub async fn by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<campaign::Model, AppError> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}
