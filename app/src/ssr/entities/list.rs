//! A mailing list.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lists")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    /// Whether it has a public subscribe page.
    pub public: bool,
    /// See `domain::ListState`.
    pub state: String,
    /// Aggregate open/click counting (never per person); off by default.
    pub tracking: bool,
    /// Whether past mailings are shown on a public archive page.
    pub archive: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn open(&self) -> bool {
        crate::domain::ListState::of_stored(&self.state) == crate::domain::ListState::Open
    }
}

/// The lists (only the open ones if `open_only`), oldest first, each with its name in `locale`
/// (see `list_text::pick`), else its slug: what lists of lists show.
pub async fn named<C: ConnectionTrait>(
    db: &C,
    locale: crate::domain::Locale,
    open_only: bool,
) -> Result<Vec<(Model, String)>, DbErr> {
    use sea_orm::QueryOrder;
    let mut query = Entity::find().order_by_asc(Column::Id);
    if open_only {
        query = query.filter(Column::State.eq(crate::domain::ListState::Open.as_str()));
    }
    let lists = query.all(db).await?;
    let ids: Vec<i64> = lists.iter().map(|l| l.id).collect();
    let texts = super::list_text::of_lists(db, &ids).await?;
    Ok(lists
        .into_iter()
        .map(|l| {
            let own: Vec<_> = texts
                .iter()
                .filter(|t| t.list_id == l.id)
                .cloned()
                .collect();
            let name = super::list_text::pick(&own, locale)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| l.slug.clone());
            (l, name)
        })
        .collect())
}
