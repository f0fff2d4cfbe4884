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

/// Fund `fund_id`'s text in `locale`, else in the default language, else its first.
pub async fn in_locale<C: ConnectionTrait>(
    db: &C,
    fund_id: i64,
    locale: crate::domain::Locale,
) -> Result<Option<Model>, DbErr> {
    use sea_orm::QueryOrder;
    let texts = Entity::find()
        .filter(Column::FundId.eq(fund_id))
        .order_by_asc(Column::Id)
        .all(db)
        .await?;
    let pick = texts
        .iter()
        .position(|t| t.locale == locale.code())
        .or_else(|| {
            texts
                .iter()
                .position(|t| t.locale == crate::domain::Locale::DEFAULT.code())
        })
        .or(if texts.is_empty() { None } else { Some(0) });
    Ok(pick.map(|i| texts[i].clone()))
}
