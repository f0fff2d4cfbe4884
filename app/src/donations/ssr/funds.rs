//! A fund's public page: its text in the reader's language, its figures and ledger, the donors
//! who chose to be named, and how to give.
use super::ledger;
use crate::domain::Locale;
use crate::donations::views::{FundCard, FundView, NamedDonor};
use crate::error::AppError;
use crate::ssr::entities::{donation, fund, fund_text};
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Whether `f` takes monthly gifts (every month's invoice is a donation, a failed one is
/// mailed to the donor, and the donor stops the gift or changes the card from their receipt's
/// link).
pub fn takes_monthly(f: &fund::Model) -> bool {
    f.monthly
}

/// How many named donors the page lists.
const NAMED_SHOWN: u64 = 20;

/// The fund with this slug, if there is one.
pub async fn by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<fund::Model>, sea_orm::DbErr> {
    fund::Entity::find()
        .filter(fund::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// The fund's text in `locale`, else in English, else its first.
pub async fn text<C: ConnectionTrait>(
    db: &C,
    fund_id: i64,
    locale: Locale,
) -> Result<Option<fund_text::Model>, sea_orm::DbErr> {
    fund_text::in_locale(db, fund_id, locale).await
}

pub async fn page(state: &AppState, slug: &str, locale: Locale) -> Result<FundView, AppError> {
    let db = &state.db;
    let f = by_slug(db, slug).await?.ok_or(AppError::NotFound)?;
    let text = text(db, f.id, locale).await?.ok_or(AppError::NotFound)?;
    let ledger = ledger::of_fund(db, f.id).await?;
    let named = donation::Entity::find()
        .filter(donation::Column::FundId.eq(f.id))
        .filter(donation::Column::PublicName.is_not_null())
        .filter(donation::Column::State.eq(crate::domain::DonationState::Paid.as_str()))
        .order_by_desc(donation::Column::PaidAt)
        .limit(NAMED_SHOWN)
        .all(db)
        .await?
        .into_iter()
        .map(|d| NamedDonor {
            name: d.public_name.unwrap_or_default(),
            message: d.public_message,
        })
        .collect();
    let alternative = state
        .donations
        .alternative
        .get(locale.code())
        .or_else(|| state.donations.alternative.get(Locale::DEFAULT.code()))
        .cloned()
        .unwrap_or_default();
    Ok(FundView {
        slug: f.slug.clone(),
        title: text.title.clone(),
        description_html: crate::campaigns::ssr::render_markdown(&text.description),
        text_locale: Locale::from_code(&text.locale).unwrap_or_default(),
        currency: f.currency.clone(),
        goal_minor: f.goal_minor,
        totals: ledger.totals,
        months: ledger.months,
        disbursements: ledger.disbursements,
        named,
        open: f.open(),
        alternative,
        offer: (f.open() && state.payments.checkout.is_some()).then(|| {
            crate::donations::views::DonateOffer {
                form_token: crate::ssr::abuse::form_token::issue(&state.vault),
                presets: f.preset_amounts(),
                min_minor: f.min_minor,
                max_minor: f.max_minor,
                monthly: takes_monthly(&f),
                statement_descriptor: state.payments.statement_descriptor.to_string(),
            }
        }),
    })
}

/// The open funds that have a text, oldest first, titled in `locale` where they can be.
pub async fn open<C: ConnectionTrait>(
    db: &C,
    locale: Locale,
) -> Result<Vec<FundCard>, sea_orm::DbErr> {
    Ok(fund::titled(db, locale, true)
        .await?
        .into_iter()
        .filter_map(|(f, title)| {
            Some(FundCard {
                slug: f.slug,
                title: title?,
            })
        })
        .collect())
}
