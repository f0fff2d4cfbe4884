//! Campaign services: reading campaigns for pages, and creating them (demo content, the command
//! line, later the organizer interface).
use crate::api::campaigns::{CampaignCard, CampaignView};
use crate::domain::{Locale, Slug};
use crate::error::AppError;
use crate::ssr::entities::{campaign, campaign_translation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

/// Picks the translation for `locale`, else the campaign's default language, else any.
fn pick<'a>(
    translations: &'a [campaign_translation::Model],
    locale: Locale,
    default_locale: &str,
) -> Option<&'a campaign_translation::Model> {
    translations
        .iter()
        .find(|t| t.locale == locale.code())
        .or_else(|| translations.iter().find(|t| t.locale == default_locale))
        .or_else(|| translations.first())
}

pub async fn open_campaigns<C: ConnectionTrait>(
    db: &C,
    locale: Locale,
) -> Result<Vec<CampaignCard>, AppError> {
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::State.eq("open"))
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
                kind: c.kind.clone(),
                title: t.title.clone(),
                summary: t.summary.clone(),
            })
        })
        .collect())
}

pub async fn campaign<C: ConnectionTrait>(
    db: &C,
    counts: &crate::ssr::petitions::counts::CountCache,
    slug: &str,
    locale: Locale,
) -> Result<CampaignView, AppError> {
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    let c = campaign::Entity::find()
        .filter(campaign::Column::Slug.eq(slug.as_str()))
        .filter(campaign::Column::State.ne("draft"))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let translations = campaign_translation::Entity::find()
        .filter(campaign_translation::Column::CampaignId.eq(c.id))
        .all(db)
        .await?;
    let t = pick(&translations, locale, &c.default_locale).ok_or(AppError::NotFound)?;
    let counts = counts.get(db, c.id).await?;
    Ok(CampaignView {
        slug: c.slug,
        kind: c.kind,
        state: c.state,
        title: t.title.clone(),
        summary: t.summary.clone(),
        body_html: render_markdown(&t.body),
        addressee: t.addressee.clone(),
        goal: c.goal,
        closes_on: c.closes_at.map(|d| d.date_naive()),
        text_locale: Locale::from_code(&t.locale).unwrap_or_default(),
        requires_postcode: c.requires_postcode,
        confirmed: counts.total,
        by_country: counts.by_country,
        recent_signers: recent_signers(db, c.id).await?,
        form_token: String::new(),
    })
}

/// The latest confirmed signers who chose to show their name (as they chose), with country.
async fn recent_signers<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<Vec<(String, String)>, DbErr> {
    use crate::ssr::entities::signature;
    use sea_orm::QuerySelect;
    Ok(signature::Entity::find()
        .filter(signature::Column::CampaignId.eq(campaign_id))
        .filter(signature::Column::State.eq("confirmed"))
        .filter(signature::Column::Suspect.eq(false))
        .filter(signature::Column::PublicName.is_not_null())
        .order_by_desc(signature::Column::ConfirmedAt)
        .limit(10)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| s.public_name.map(|n| (n, s.country)))
        .collect())
}

/// The campaign's title in `locale`, else in its default language.
pub async fn title<C: ConnectionTrait>(
    db: &C,
    c: &campaign::Model,
    locale: Locale,
) -> Result<String, DbErr> {
    let texts = campaign_translation::Entity::find()
        .filter(campaign_translation::Column::CampaignId.eq(c.id))
        .all(db)
        .await?;
    Ok(pick(&texts, locale, &c.default_locale)
        .map(|t| t.title.clone())
        .unwrap_or_default())
}

/// Markdown to HTML, then through ammonia's allow-list: organizers' text cannot inject script,
/// styles or requests to other origins (images are dropped; links get `rel=noopener noreferrer`).
pub fn render_markdown(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .rm_tags(&["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}

/// A campaign to create, with its texts per language.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub slug: Slug,
    pub kind: String,
    pub state: String,
    pub default_locale: Locale,
    pub goal: Option<i64>,
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    pub requires_postcode: bool,
    pub texts: Vec<NewCampaignText>,
}

#[derive(Debug, Clone)]
pub struct NewCampaignText {
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub addressee: String,
}

pub async fn create(db: &DatabaseConnection, new: &NewCampaign) -> Result<i64, DbErr> {
    let txn = db.begin().await?;
    let row = campaign::ActiveModel {
        slug: Set(new.slug.as_str().to_owned()),
        kind: Set(new.kind.clone()),
        state: Set(new.state.clone()),
        default_locale: Set(new.default_locale.code().to_owned()),
        goal: Set(new.goal),
        closes_at: Set(new.closes_at),
        requires_postcode: Set(new.requires_postcode),
        closed_at: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for text in &new.texts {
        campaign_translation::ActiveModel {
            campaign_id: Set(row.id),
            locale: Set(text.locale.code().to_owned()),
            title: Set(text.title.clone()),
            summary: Set(text.summary.clone()),
            body: Set(text.body.clone()),
            addressee: Set(text.addressee.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(row.id)
}

#[cfg(test)]
mod tests {
    use super::render_markdown;

    #[test]
    fn markdown_is_sanitised() {
        let html = render_markdown(
            "# Hi\n\n<script>alert(1)</script>\n\n![x](https://tracker.example/p.gif)\n\n[ok](https://example.org)",
        );
        assert!(html.contains("<h1>Hi</h1>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("tracker.example"));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }
}
