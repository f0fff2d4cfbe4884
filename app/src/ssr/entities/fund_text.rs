//! A fund's title and description in one language.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_texts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    pub locale: String,
    pub title: String,
    /// Markdown.
    pub description: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Among one fund's texts, the one in `locale`, else in the default language, else the first.
pub fn pick(texts: &[Model], locale: crate::domain::Locale) -> Option<&Model> {
    super::in_language(texts, locale, |t| &t.locale)
}

/// Fund `fund_id`'s texts, oldest first.
pub async fn of_fund<C: ConnectionTrait>(db: &C, fund_id: i64) -> Result<Vec<Model>, DbErr> {
    use sea_orm::QueryOrder;
    Entity::find()
        .filter(Column::FundId.eq(fund_id))
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

/// Fund `fund_id`'s text in `locale`, else in the default language, else its first.
pub async fn in_locale<C: ConnectionTrait>(
    db: &C,
    fund_id: i64,
    locale: crate::domain::Locale,
) -> Result<Option<Model>, DbErr> {
    Ok(pick(&of_fund(db, fund_id).await?, locale).cloned())
}
