//! A letter campaign's part of its campaign page: the legislatures it writes to, the letters
//! sent off and delivered, and how often representatives answered.
use crate::error::AppError;
use crate::letters::views::{LetterPart, Responsiveness};
use crate::ssr::state::AppState;

/// What campaign `campaign_id`'s page shows as a letter campaign.
pub async fn part(state: &AppState, campaign_id: i64) -> Result<LetterPart, AppError> {
    let db = &state.db;
    let legislatures = super::targets(db, campaign_id).await?;
    let ids: Vec<i64> = legislatures.iter().map(|l| l.id).collect();
    let responsiveness: Responsiveness =
        super::responsiveness(db, &ids, state.letters.min_answers).await?;
    let (by_legislature, by_representative) = super::public_counts(db, campaign_id).await?;
    Ok(LetterPart {
        targets: legislatures.into_iter().map(super::target_choice).collect(),
        sent: super::sent_count(db, campaign_id).await?,
        by_legislature,
        by_representative,
        responsiveness,
    })
}
