//! Each kind's services behind the hub's pages, chosen by kind.
use crate::campaigns::ssr::NewCampaign;
use crate::domain::CampaignKind;
use crate::error::AppError;
use crate::kinds::views::{KindEditor, KindPart};
use crate::letters::ssr::setup::LetterSetup;
use crate::ssr::entities::campaign;
use crate::ssr::state::AppState;
use sea_orm::{DatabaseConnection, DbErr};

/// The kind's part of campaign `id`'s page.
pub async fn page_part(
    state: &AppState,
    kind: CampaignKind,
    id: i64,
) -> Result<KindPart, AppError> {
    Ok(match kind {
        CampaignKind::Petition => {
            KindPart::Petition(crate::petitions::ssr::page::part(state, id).await?)
        }
        CampaignKind::Letter => KindPart::Letter(crate::letters::ssr::page::part(state, id).await?),
    })
}

/// The admin start page's figure for campaign `id`: confirmed signatures, or letters sent off.
pub async fn confirmed(state: &AppState, kind: CampaignKind, id: i64) -> Result<i64, AppError> {
    match kind {
        CampaignKind::Petition => crate::petitions::ssr::page::confirmed(state, id).await,
        CampaignKind::Letter => Ok(crate::letters::ssr::sent_count(&state.db, id).await?),
    }
}

/// The kind's part of the editor.
pub async fn editor_part(state: &AppState, c: &campaign::Model) -> Result<KindEditor, AppError> {
    Ok(match c.campaign_kind() {
        CampaignKind::Petition => KindEditor::Petition,
        CampaignKind::Letter => {
            KindEditor::Letter(crate::letters::ssr::editor::editor_part(state, c).await?)
        }
    })
}

/// What the kind asks before campaign `c` goes to review (a petition: nothing more).
pub async fn ready_for_review(state: &AppState, c: &campaign::Model) -> Result<(), AppError> {
    match c.campaign_kind() {
        CampaignKind::Petition => Ok(()),
        CampaignKind::Letter => crate::letters::ssr::editor::ready_for_review(state, c).await,
    }
}

/// A campaign file's campaign and what its kind adds.
#[derive(Debug, Clone)]
pub struct Setup {
    pub campaign: NewCampaign,
    /// A letter campaign's targets and fixed recipients (empty for other kinds).
    pub letters: LetterSetup,
}

/// Creates `setup`'s campaign and its kind's parts in one transaction; returns its id.
pub async fn create(db: &DatabaseConnection, setup: &Setup) -> Result<i64, DbErr> {
    let new = &setup.campaign;
    let title = new
        .texts
        .iter()
        .find(|t| t.locale == new.default_locale)
        .map(|t| t.title.clone())
        .unwrap_or_default();
    crate::campaigns::ssr::create(db, new, async |txn, id| match new.kind {
        CampaignKind::Petition => Ok(()),
        CampaignKind::Letter => {
            crate::letters::ssr::setup::apply(txn, id, new.slug.as_str(), &title, &setup.letters)
                .await
        }
    })
    .await
}
