//! Creating campaigns from a campaign file (the demo content, the command line): the campaign row
//! and its texts; its kind adds its own parts in the same transaction.
use crate::domain::{CampaignKind, CampaignState, Locale, Slug};
use crate::ssr::entities::{campaign, campaign_translation, fund, list};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};

/// A letter campaign's suggested letter in one language.
#[derive(Debug, Clone, Default)]
pub struct LetterText {
    pub subject: String,
    pub body: String,
    pub guidance: String,
}

/// A campaign to create, with its texts per language.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub slug: Slug,
    pub kind: CampaignKind,
    pub state: CampaignState,
    pub default_locale: Locale,
    pub goal: Option<i64>,
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    pub requires_postcode: bool,
    pub texts: Vec<NewCampaignText>,
    /// Letter campaigns: one email a day per representative instead of one per letter.
    pub digest: bool,
    /// Letter campaigns: writers must give their postal address.
    pub requires_address: bool,
    /// The fund its pages invite supporters to give to, by slug.
    pub fund: Option<String>,
    /// The mailing list its opt-in boxes subscribe to, by slug.
    pub list: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewCampaignText {
    pub locale: Locale,
    /// Letter campaigns: the suggested letter and advice on making it one's own.
    pub letter: Option<LetterText>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub addressee: String,
}

/// Creates campaign `new` with its texts in one transaction; `more` adds what its kind needs
/// (a letter campaign's targets and recipients) inside the same transaction, given the new id.
pub async fn create<F>(db: &DatabaseConnection, new: &NewCampaign, more: F) -> Result<i64, DbErr>
where
    F: AsyncFnOnce(&DatabaseTransaction, i64) -> Result<(), DbErr>,
{
    let txn = db.begin().await?;
    let fund_id = match &new.fund {
        Some(slug) => Some(
            fund::Entity::find()
                .filter(fund::Column::Slug.eq(slug.as_str()))
                .one(&txn)
                .await?
                .ok_or_else(|| DbErr::Custom(format!("there is no fund \"{slug}\"")))?
                .id,
        ),
        None => None,
    };
    let list_id = match &new.list {
        Some(slug) => Some(
            list::Entity::find()
                .filter(list::Column::Slug.eq(slug.as_str()))
                .one(&txn)
                .await?
                .ok_or_else(|| DbErr::Custom(format!("there is no list \"{slug}\"")))?
                .id,
        ),
        None => None,
    };
    let row = campaign::ActiveModel {
        slug: Set(new.slug.as_str().to_owned()),
        kind: Set(new.kind.as_str().to_owned()),
        state: Set(new.state.as_str().to_owned()),
        default_locale: Set(new.default_locale.code().to_owned()),
        goal: Set(new.goal),
        closes_at: Set(new.closes_at),
        requires_postcode: Set(new.requires_postcode),
        letter_digest: Set(new.digest),
        letter_requires_address: Set(new.requires_address),
        fund_id: Set(fund_id),
        list_id: Set(list_id),
        closed_at: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for text in &new.texts {
        campaign_translation::ActiveModel {
            campaign_id: Set(row.id),
            locale: Set(text.locale.code().to_owned()),
            title: Set(text.title.clone()),
            summary: Set(text.summary.clone()),
            body: Set(text.body.clone()),
            addressee: Set(text.addressee.clone()),
            letter_subject: Set(text.letter.as_ref().map(|l| l.subject.clone())),
            letter_body: Set(text.letter.as_ref().map(|l| l.body.clone())),
            letter_guidance: Set(text.letter.as_ref().map(|l| l.guidance.clone())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    more(&txn, row.id).await?;
    txn.commit().await?;
    Ok(row.id)
}
