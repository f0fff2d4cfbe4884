//! A list's name, description and welcome message in one language.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "list_texts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub list_id: i64,
    pub locale: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    pub welcome_subject: String,
    /// Markdown.
    pub welcome_body: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Among one list's texts, the one in `locale`, else in the default language, else the first.
pub fn pick(texts: &[Model], locale: crate::domain::Locale) -> Option<&Model> {
    super::in_language(texts, locale, |t| &t.locale)
}

/// The texts of the lists `ids`, oldest first.
pub async fn of_lists<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Model>, DbErr> {
    use sea_orm::QueryOrder;
    Entity::find()
        .filter(Column::ListId.is_in(ids.iter().copied()))
        .order_by_asc(Column::Id)
        .all(db)
        .await
}
