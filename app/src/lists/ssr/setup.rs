//! Creating a list (the demo's, campaign files', and the admin's).
use crate::domain::{ListState, Slug};
use crate::ssr::entities::{list, list_text};
use crate::ssr::time::now_ms;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// One language's text of a new list.
pub struct NewListText<'a> {
    pub locale: &'a str,
    pub name: &'a str,
    /// Markdown.
    pub description: &'a str,
    pub welcome_subject: &'a str,
    /// Markdown.
    pub welcome_body: &'a str,
}

/// A list to create.
pub struct NewList<'a> {
    pub slug: &'a str,
    pub public: bool,
    pub texts: &'a [NewListText<'a>],
}

/// Creates the list and its texts; returns its id.
pub async fn create<C: ConnectionTrait>(db: &C, new: &NewList<'_>) -> Result<i64, DbErr> {
    let slug =
        Slug::parse(new.slug).map_err(|_| DbErr::Custom(format!("bad slug {}", new.slug)))?;
    let l = list::ActiveModel {
        slug: Set(slug.as_str().to_owned()),
        public: Set(new.public),
        state: Set(ListState::Open.as_str().to_owned()),
        tracking: Set(false),
        archive: Set(false),
        created_at: Set(now_ms()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for t in new.texts {
        list_text::ActiveModel {
            list_id: Set(l.id),
            locale: Set(t.locale.to_owned()),
            name: Set(t.name.to_owned()),
            description: Set(t.description.to_owned()),
            welcome_subject: Set(t.welcome_subject.to_owned()),
            welcome_body: Set(t.welcome_body.to_owned()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(l.id)
}
