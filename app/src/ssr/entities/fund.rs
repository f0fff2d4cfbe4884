//! A fund donations go to (e.g. legal aid for exiles).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "funds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    /// ISO 4217, lower case (`eur`).
    pub currency: String,
    pub goal_minor: Option<i64>,
    /// Preset amounts in minor units, comma-separated.
    pub presets: String,
    pub min_minor: i64,
    pub max_minor: i64,
    /// Whether monthly gifts are offered.
    pub monthly: bool,
    /// See `domain::FundState`.
    pub state: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn open(&self) -> bool {
        crate::domain::FundState::of_stored(&self.state) == crate::domain::FundState::Open
    }

    /// The preset amounts, in minor units.
    pub fn preset_amounts(&self) -> Vec<i64> {
        self.presets
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect()
    }
}

/// The funds (only the open ones if `open_only`), oldest first, each with its title in `locale`
/// (see `fund_text::pick`; none if it has no text): what lists of funds show.
pub async fn titled<C: ConnectionTrait>(
    db: &C,
    locale: crate::domain::Locale,
    open_only: bool,
) -> Result<Vec<(Model, Option<String>)>, DbErr> {
    use sea_orm::QueryOrder;
    let mut query = Entity::find().order_by_asc(Column::Id);
    if open_only {
        query = query.filter(Column::State.eq(crate::domain::FundState::Open.as_str()));
    }
    let funds = query.all(db).await?;
    let mut out = Vec::with_capacity(funds.len());
    for f in funds {
        let title = super::fund_text::in_locale(db, f.id, locale)
            .await?
            .map(|t| t.title);
        out.push((f, title));
    }
    Ok(out)
}
