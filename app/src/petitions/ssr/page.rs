//! A petition's part of its campaign page: the figures as last aggregated, and the signing
//! form's token and proof-of-work difficulty.
use crate::error::AppError;
use crate::petitions::views::PetitionPart;
use crate::ssr::state::AppState;

/// What campaign `campaign_id`'s page shows as a petition.
pub async fn part(state: &AppState, campaign_id: i64) -> Result<PetitionPart, AppError> {
    let counts = state.counts.get(&state.db, campaign_id).await?;
    Ok(PetitionPart {
        confirmed: counts.total,
        by_country: counts.by_country,
        recent_signers: counts.recent_signers,
        form_token: crate::ssr::abuse::form_token::issue(&state.vault),
        pow_bits: state.abuse.pow_bits,
    })
}

/// Confirmed signatures of campaign `campaign_id` (the admin start page's figure).
pub async fn confirmed(state: &AppState, campaign_id: i64) -> Result<i64, AppError> {
    Ok(state.counts.get(&state.db, campaign_id).await?.total)
}
