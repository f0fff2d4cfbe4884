//! A campaign: its kind, state, goal, deadline and settings (its texts are translations).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    /// A `domain::CampaignKind`'s name; read it with [`Model::campaign_kind`].
    pub kind: String,
    /// A `domain::CampaignState`'s name; read it with [`Model::campaign_state`].
    pub state: String,
    pub default_locale: String,
    pub goal: Option<i64>,
    pub closes_at: Option<ChronoDateTimeUtc>,
    pub created_at: ChronoDateTimeUtc,
    pub requires_postcode: bool,
    pub closed_at: Option<ChronoDateTimeUtc>,
    /// The organizer who created it; none for campaigns made from the command line.
    pub owner_id: Option<i64>,
    /// When the organizer submitted it for review (ms since the epoch).
    pub submitted_at: Option<i64>,
    /// Why an admin rejected it: a code from `campaigns::ssr::review::REJECT_REASONS`.
    pub review_reason: Option<String>,
    /// The admin's note to the organizer.
    pub review_note: Option<String>,
    /// The campaign's image (a row of `media`).
    pub image_id: Option<i64>,
    /// Letter campaigns: representatives get one email a day listing the letters.
    pub letter_digest: bool,
    /// Letter campaigns: writers must give their postal address.
    pub letter_requires_address: bool,
    /// The fund its pages invite supporters to give to.
    pub fund_id: Option<i64>,
    /// The mailing list its opt-in boxes subscribe to.
    pub list_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn campaign_kind(&self) -> crate::domain::CampaignKind {
        crate::domain::CampaignKind::of_stored(&self.kind)
    }

    pub fn campaign_state(&self) -> crate::domain::CampaignState {
        crate::domain::CampaignState::of_stored(&self.state)
    }

    /// The state the public sees at `now`: an open campaign past its deadline is closed, even
    /// before the scheduled job (`campaigns::ssr::deadlines`) has recorded it.
    pub fn state_at(&self, now: chrono::DateTime<chrono::Utc>) -> crate::domain::CampaignState {
        use crate::domain::CampaignState;
        match self.campaign_state() {
            CampaignState::Open if self.closes_at.is_some_and(|at| at <= now) => {
                CampaignState::Closed
            }
            state => state,
        }
    }

    /// Whether it takes signatures, letters (or donations) at `now`.
    pub fn takes_part_at(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.state_at(now) == crate::domain::CampaignState::Open
    }
}
