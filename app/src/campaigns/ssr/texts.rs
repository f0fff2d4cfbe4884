//! A campaign's texts: which language's text a reader gets, the fields and their limits, and
//! Markdown rendered safely.
use crate::domain::Locale;
use crate::ssr::entities::{campaign, campaign_translation};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

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

/// The text fields of a campaign in one language, with their longest allowed length.
pub const TEXT_FIELDS: [(&str, usize); 4] = [
    ("title", 200),
    ("summary", 1000),
    ("addressee", 300),
    ("body", 50_000),
];

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

#[cfg(test)]
mod tests {
    use super::*;

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
