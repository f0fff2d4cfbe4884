//! Reading lists: by slug, with their text in a language, the public ones.
use crate::domain::Locale;
use crate::error::AppError;
use crate::lists::views::{ListLink, ListView};
use crate::ssr::entities::{list, list_text};
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub async fn by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<Option<list::Model>, DbErr> {
    list::Entity::find()
        .filter(list::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// List `list_id`'s text in `locale` (else the default language's, else its first).
pub async fn text<C: ConnectionTrait>(
    db: &C,
    list_id: i64,
    locale: Locale,
) -> Result<Option<list_text::Model>, DbErr> {
    Ok(list_text::pick(&list_text::of_lists(db, &[list_id]).await?, locale).cloned())
}

/// The list as pages link to it, named in `locale`.
pub async fn link<C: ConnectionTrait>(
    db: &C,
    l: &list::Model,
    locale: Locale,
) -> Result<ListLink, DbErr> {
    Ok(ListLink {
        slug: l.slug.clone(),
        name: text(db, l.id, locale)
            .await?
            .map(|t| t.name)
            .unwrap_or_else(|| l.slug.clone()),
    })
}

/// The public lists taking subscribers, oldest first, named in `locale`.
pub async fn open_public<C: ConnectionTrait>(
    db: &C,
    locale: Locale,
) -> Result<Vec<ListLink>, DbErr> {
    Ok(list::named(db, locale, true)
        .await?
        .into_iter()
        .filter(|(l, _)| l.public)
        .map(|(l, name)| ListLink { slug: l.slug, name })
        .collect())
}

/// A public list's subscribe page.
pub async fn page(state: &AppState, slug: &str, locale: Locale) -> Result<ListView, AppError> {
    let l = by_slug(&state.db, slug)
        .await?
        .filter(|l| l.public)
        .ok_or(AppError::NotFound)?;
    let t = text(&state.db, l.id, locale)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ListView {
        slug: l.slug.clone(),
        name: t.name,
        description_html: crate::campaigns::ssr::render_markdown(&t.description),
        text_locale: Locale::from_code(&t.locale).unwrap_or_default(),
        open: l.open(),
        form_token: crate::ssr::abuse::form_token::issue(&state.vault),
    })
}
