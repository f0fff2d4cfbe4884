//! Published campaigns with their texts rendered, kept by slug for a few seconds: what pages,
//! the widget, the count endpoint and signing read.
use super::texts::{pick, render_markdown};
use crate::domain::{CampaignKind, CampaignState, Locale, Slug};
use crate::ssr::cache::TtlCache;
use crate::ssr::entities::{campaign, campaign_translation, fund, fund_text, list, list_text};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;

/// A published campaign (open, closed or archived) with its texts, the Markdown already rendered:
/// what pages, the widget, the count endpoint and signing read, from [`CampaignCache`].
#[derive(Debug, Clone)]
pub struct Published {
    pub campaign: campaign::Model,
    pub(crate) texts: Vec<campaign_translation::Model>,
    /// `body_html[i]` is `texts[i].body` rendered and sanitised.
    pub(crate) body_html: Vec<String>,
    /// The image's path and size.
    pub(crate) image: Option<(String, i32, i32)>,
    /// The open fund its pages point to: its slug and its texts.
    pub(crate) fund: Option<(String, Vec<fund_text::Model>)>,
    /// The open mailing list its opt-in boxes subscribe to: its slug and its texts.
    pub(crate) list: Option<(String, Vec<list_text::Model>)>,
}

impl Published {
    pub(crate) fn text(&self, locale: Locale) -> Option<(&campaign_translation::Model, &str)> {
        let t = pick(&self.texts, locale, &self.campaign.default_locale)?;
        let i = self.texts.iter().position(|x| x.id == t.id)?;
        Some((t, self.body_html[i].as_str()))
    }

    /// The title in `locale`, else in the campaign's default language.
    pub fn title(&self, locale: Locale) -> String {
        self.text(locale)
            .map(|(t, _)| t.title.clone())
            .unwrap_or_default()
    }

    pub fn is_open_petition(&self) -> bool {
        self.campaign.campaign_kind() == CampaignKind::Petition
            && self.campaign.takes_part_at(chrono::Utc::now())
    }
}

/// How long a process reuses a campaign it read. Changes made elsewhere (the command line, another
/// server process) show within this time; changes made through this process invalidate at once.
const CAMPAIGN_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// Published campaigns by slug, unknown slugs included (as `None`), for a few seconds.
#[derive(Clone)]
pub struct CampaignCache(TtlCache<String, Option<Arc<Published>>>);

impl Default for CampaignCache {
    fn default() -> Self {
        Self(TtlCache::new(CAMPAIGN_TTL, 10_000))
    }
}

impl CampaignCache {
    /// The published campaign `slug`, if there is one.
    pub async fn published<C: ConnectionTrait>(
        &self,
        db: &C,
        slug: &str,
    ) -> Result<Option<Arc<Published>>, DbErr> {
        let Ok(slug) = Slug::parse(slug) else {
            return Ok(None);
        };
        self.0
            .get_or_load(slug.as_str().to_owned(), || load_published(db, slug))
            .await
    }

    pub fn invalidate(&self, slug: &str) {
        self.0.invalidate(slug);
    }
}

async fn load_published<C: ConnectionTrait>(
    db: &C,
    slug: Slug,
) -> Result<Option<Arc<Published>>, DbErr> {
    let Some(c) = campaign::Entity::find()
        .filter(campaign::Column::Slug.eq(slug.as_str()))
        .filter(campaign::Column::State.is_in(CampaignState::PUBLIC.map(CampaignState::as_str)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let texts = campaign_translation::Entity::find()
        .filter(campaign_translation::Column::CampaignId.eq(c.id))
        .order_by_asc(campaign_translation::Column::Id)
        .all(db)
        .await?;
    let body_html = texts.iter().map(|t| render_markdown(&t.body)).collect();
    let image = match c.image_id {
        Some(id) => crate::campaigns::ssr::images::describe(db, id).await?,
        None => None,
    };
    // Kept with the campaign: every view of its page (and of a shared link, which the page
    // cache does not keep) shows the fund, and this is read once per cache time, not per view.
    let fund = match c.fund_id {
        Some(id) => match fund::Entity::find_by_id(id).one(db).await? {
            Some(f) if f.open() => Some((f.slug, fund_text::of_fund(db, id).await?)),
            _ => None,
        },
        None => None,
    };
    let list = match c.list_id {
        Some(id) => match list::Entity::find_by_id(id).one(db).await? {
            Some(l) if l.open() => Some((l.slug, list_text::of_lists(db, &[id]).await?)),
            _ => None,
        },
        None => None,
    };
    Ok(Some(Arc::new(Published {
        campaign: c,
        texts,
        body_html,
        image,
        fund,
        list,
    })))
}
