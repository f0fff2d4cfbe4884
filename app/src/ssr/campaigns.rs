//! Campaign services: reading campaigns for pages, and creating them (demo content, the command
//! line, later the organizer interface).
use crate::api::campaigns::{CampaignCard, CampaignView, ImageView};
use crate::domain::{CampaignKind, CampaignState, Locale, Slug};
use crate::error::AppError;
use crate::ssr::cache::TtlCache;
use crate::ssr::entities::{campaign, campaign_translation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::sync::Arc;

/// Picks the translation for `locale`, else the campaign's default language, else any.
pub(crate) fn pick<'a>(
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

/// The text fields of a campaign in one language, with their longest allowed length.
pub const TEXT_FIELDS: [(&str, usize); 4] = [
    ("title", 200),
    ("summary", 1000),
    ("addressee", 300),
    ("body", 50_000),
];

/// A published campaign (open, closed or archived) with its texts, the Markdown already rendered:
/// what pages, the widget, the count endpoint and signing read, from [`CampaignCache`].
#[derive(Debug, Clone)]
pub struct Published {
    pub campaign: campaign::Model,
    texts: Vec<campaign_translation::Model>,
    /// `body_html[i]` is `texts[i].body` rendered and sanitised.
    body_html: Vec<String>,
    /// The image's path and size.
    image: Option<(String, i32, i32)>,
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
            && self.campaign.campaign_state() == CampaignState::Open
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
        Some(id) => crate::ssr::media::describe(db, id).await?,
        None => None,
    };
    Ok(Some(Arc::new(Published {
        campaign: c,
        texts,
        body_html,
        image,
    })))
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

/// A legislature a letter campaign writes to, by its short name, with optional filters: only
/// members of these parties or groups, only members for these areas (the source's ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub legislature: String,
    pub parties: Vec<String>,
    pub areas: Vec<String>,
}

/// Someone a letter campaign writes to whatever the writer's area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedRecipient {
    pub name: String,
    pub email: String,
}

/// A letter campaign's suggested letter in one language.
#[derive(Debug, Clone, Default)]
pub struct LetterText {
    pub subject: String,
    pub body: String,
    pub guidance: String,
}

/// A campaign to create, with its texts per language.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub slug: Slug,
    pub kind: CampaignKind,
    pub state: CampaignState,
    pub default_locale: Locale,
    pub goal: Option<i64>,
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    pub requires_postcode: bool,
    pub texts: Vec<NewCampaignText>,
    /// Letter campaigns: the legislatures whose members are written to.
    pub targets: Vec<Target>,
    /// Letter campaigns: people written to whatever the writer's area (a ministry, a committee).
    pub recipients: Vec<FixedRecipient>,
    /// Letter campaigns: one email a day per representative instead of one per letter.
    pub digest: bool,
    /// Letter campaigns: writers must give their postal address.
    pub requires_address: bool,
}

#[derive(Debug, Clone)]
pub struct NewCampaignText {
    pub locale: Locale,
    /// Letter campaigns: the suggested letter and advice on making it one's own.
    pub letter: Option<LetterText>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub addressee: String,
}

pub async fn create(db: &DatabaseConnection, new: &NewCampaign) -> Result<i64, DbErr> {
    let txn = db.begin().await?;
    let row = campaign::ActiveModel {
        slug: Set(new.slug.as_str().to_owned()),
        kind: Set(new.kind.as_str().to_owned()),
        state: Set(new.state.as_str().to_owned()),
        default_locale: Set(new.default_locale.code().to_owned()),
        goal: Set(new.goal),
        closes_at: Set(new.closes_at),
        requires_postcode: Set(new.requires_postcode),
        letter_digest: Set(new.digest),
        letter_requires_address: Set(new.requires_address),
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
            letter_subject: Set(text.letter.as_ref().map(|l| l.subject.clone())),
            letter_body: Set(text.letter.as_ref().map(|l| l.body.clone())),
            letter_guidance: Set(text.letter.as_ref().map(|l| l.guidance.clone())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let backend = txn.get_database_backend();
    let list = |v: &[String]| (!v.is_empty()).then(|| serde_json::json!(v).to_string());
    for target in &new.targets {
        let legislature = crate::directory::ssr::legislature(&txn, &target.legislature)
            .await?
            .ok_or_else(|| DbErr::Custom(format!("no legislature {:?}", target.legislature)))?;
        txn.execute_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO campaign_targets (campaign_id, legislature_id, parties, areas) \
             VALUES ($1, $2, $3, $4)",
            [
                row.id.into(),
                legislature.id.into(),
                list(&target.parties).into(),
                list(&target.areas).into(),
            ],
        ))
        .await?;
    }
    if !new.recipients.is_empty() {
        let title = new
            .texts
            .iter()
            .find(|t| t.locale == new.default_locale)
            .map(|t| t.title.clone())
            .unwrap_or_default();
        let (legislature, area) =
            recipients_directory(&txn, row.id, new.slug.as_str(), &title).await?;
        for r in &new.recipients {
            put_recipient(&txn, legislature, area, &r.name, &r.email, true).await?;
        }
    }
    txn.commit().await?;
    Ok(row.id)
}

/// The short name of the directory of campaign `slug`'s fixed recipients.
pub fn recipients_slug(slug: &str) -> String {
    format!("{slug}-recipients")
}

/// Whether legislature `l` is some campaign's list of fixed recipients (not a parliament).
pub fn is_recipients_list(l: &crate::ssr::entities::legislature::Model) -> bool {
    l.country == "ZZ" && l.slug.ends_with("-recipients")
}

/// The directory of a letter campaign's fixed recipients (a ministry, a committee: written to
/// whatever the writer's area): a legislature of its own with one area that everybody serves,
/// written to by the campaign. Made the first time; returns its legislature's and area's ids.
pub async fn recipients_directory<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    slug: &str,
    title: &str,
) -> Result<(i64, i64), DbErr> {
    let backend = db.get_database_backend();
    let short = recipients_slug(slug);
    let found = db
        .query_one_raw(crate::ssr::sql::stmt(
            backend,
            "SELECT l.id AS legislature, a.id AS area FROM legislatures l \
             JOIN areas a ON a.legislature_id = l.id AND a.external_id = 'all' WHERE l.slug = $1",
            [short.clone().into()],
        ))
        .await?;
    if let Some(r) = found {
        return Ok((r.try_get("", "legislature")?, r.try_get("", "area")?));
    }
    let now = crate::ssr::time::now_ms();
    let legislature: i64 = db
        .query_one_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO legislatures (slug, country, name, created_at, imported_at) \
             VALUES ($1, 'ZZ', $2, $3, $3) RETURNING id",
            [short.into(), title.to_owned().into(), now.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no legislature id".into()))?
        .try_get("", "id")?;
    let area: i64 = db
        .query_one_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO areas (legislature_id, external_id, name) VALUES ($1, 'all', $2) \
             RETURNING id",
            [legislature.into(), slug.to_owned().into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no area id".into()))?
        .try_get("", "id")?;
    db.execute_raw(crate::ssr::sql::stmt(
        backend,
        "INSERT INTO campaign_targets (campaign_id, legislature_id) VALUES ($1, $2)",
        [campaign_id.into(), legislature.into()],
    ))
    .await?;
    Ok((legislature, area))
}

/// Adds a fixed recipient (by email address, which is their id) or changes their name;
/// `serving = false` stops writing to them (they stay, for the letters already sent).
pub async fn put_recipient<C: ConnectionTrait>(
    db: &C,
    legislature: i64,
    area: i64,
    name: &str,
    email: &str,
    serving: bool,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let now = crate::ssr::time::now_ms();
    let changed = db
        .execute_raw(crate::ssr::sql::stmt(
            backend,
            "UPDATE representatives SET serving = $1, updated_at = $2, \
             name = CASE WHEN $3 = '' THEN name ELSE $3 END, \
             sort_name = CASE WHEN $3 = '' THEN sort_name ELSE $3 END \
             WHERE legislature_id = $4 AND external_id = $5",
            [
                serving.into(),
                now.into(),
                name.to_owned().into(),
                legislature.into(),
                email.to_owned().into(),
            ],
        ))
        .await?
        .rows_affected();
    if changed == 0 && serving {
        db.execute_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO representatives (legislature_id, external_id, name, sort_name, email, \
             area_id, serving, updated_at) VALUES ($1, $2, $3, $3, $2, $4, $5, $6)",
            [
                legislature.into(),
                email.to_owned().into(),
                name.to_owned().into(),
                area.into(),
                true.into(),
                now.into(),
            ],
        ))
        .await?;
    }
    Ok(())
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
