//! Reading lists: by slug, with their text in a language, the public ones.
use crate::domain::{ListState, Locale};
use crate::error::AppError;
use crate::lists::views::{ListLink, ListView};
use crate::ssr::entities::{list, list_text};
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

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
) -> Result<Vec<(list::Model, list_text::Model)>, DbErr> {
    let lists = list::Entity::find()
        .filter(list::Column::Public.eq(true))
        .filter(list::Column::State.eq(ListState::Open.as_str()))
        .order_by_asc(list::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = lists.iter().map(|l| l.id).collect();
    let texts = list_text::of_lists(db, &ids).await?;
    Ok(lists
        .into_iter()
        .filter_map(|l| {
            let mine: Vec<_> = texts
                .iter()
                .filter(|t| t.list_id == l.id)
                .cloned()
                .collect();
            let t = list_text::pick(&mine, locale)?.clone();
            Some((l, t))
        })
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
