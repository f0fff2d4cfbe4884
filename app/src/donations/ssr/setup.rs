//! Creating a fund (the demo's, and later the admin's).
use crate::domain::{Currency, Slug};
use crate::ssr::entities::{disbursement, fund, fund_text};
use crate::ssr::time::now_ms;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// A fund to create.
pub struct NewFund<'a> {
    pub slug: &'a str,
    pub currency: &'a str,
    pub goal_minor: Option<i64>,
    pub presets: &'a [i64],
    pub min_minor: i64,
    pub max_minor: i64,
    pub monthly: bool,
    /// (language, title, Markdown description).
    pub texts: &'a [(&'a str, &'a str, &'a str)],
}

/// Creates the fund and its texts; returns its id.
pub async fn create<C: ConnectionTrait>(db: &C, new: &NewFund<'_>) -> Result<i64, DbErr> {
    let slug =
        Slug::parse(new.slug).map_err(|_| DbErr::Custom(format!("bad slug {}", new.slug)))?;
    let currency = Currency::parse(new.currency)
        .ok_or_else(|| DbErr::Custom(format!("bad currency {}", new.currency)))?;
    let f = fund::ActiveModel {
        slug: Set(slug.as_str().to_owned()),
        currency: Set(currency.code().to_owned()),
        goal_minor: Set(new.goal_minor),
        presets: Set(new
            .presets
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")),
        min_minor: Set(new.min_minor),
        max_minor: Set(new.max_minor),
        monthly: Set(new.monthly),
        state: Set(crate::domain::FundState::Open.as_str().into()),
        created_at: Set(now_ms()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (locale, title, description) in new.texts {
        fund_text::ActiveModel {
            fund_id: Set(f.id),
            locale: Set((*locale).to_owned()),
            title: Set((*title).to_owned()),
            description: Set((*description).to_owned()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(f.id)
}

/// Records money paid out of a fund (`spent_on` is `YYYY-MM-DD`).
pub async fn disburse<C: ConnectionTrait>(
    db: &C,
    fund_id: i64,
    spent_on: &str,
    amount_minor: i64,
    category: &str,
    description: &str,
    created_by: Option<i64>,
) -> Result<i64, DbErr> {
    let row = disbursement::ActiveModel {
        fund_id: Set(fund_id),
        spent_on: Set(spent_on.to_owned()),
        amount_minor: Set(amount_minor),
        category: Set(category.to_owned()),
        description: Set(description.to_owned()),
        corrects_id: Set(None),
        created_by: Set(created_by),
        created_at: Set(now_ms()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}
