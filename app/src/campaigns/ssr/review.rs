//! Review: an organizer submits a draft; an admin approves it (it opens) or rejects it with a
//! reason code and a note; later the organizer closes and archives it. Every step is audited.
use crate::accounts::ssr::{self as accounts, Authenticated};
use crate::campaigns::ssr::editor::{ensure_editable, texts};
use crate::domain::{CampaignState, Locale};
use crate::error::AppError;
use crate::ssr::entities::campaign;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

/// Why an admin may reject a campaign; each has a translated explanation (`reject-<code>`).
pub const REJECT_REASONS: [&str; 5] = [
    "incomplete",
    "unclear-target",
    "misleading",
    "off-mission",
    "other",
];

/// Sends a draft (or a rejected campaign, edited) to the admins, once its texts are complete
/// and `kind_ready` (what its kind asks, checked by the caller) holds.
pub async fn submit(
    state: &AppState,
    user: &Authenticated,
    c: campaign::Model,
    kind_ready: Result<(), AppError>,
) -> Result<(), AppError> {
    ensure_editable(&c)?;
    let texts = texts(state, &c).await?;
    let Some(main) = texts.iter().find(|t| t.locale == c.default_locale) else {
        return Err(AppError::field("form", "error-default-text-missing"));
    };
    // An image needs a description for people who cannot see it.
    if c.image_id.is_some()
        && main
            .image_alt
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
    {
        return Err(AppError::field("form", "error-image-alt-missing"));
    }
    // Then what its kind needs (a letter campaign's recipients and suggested letter).
    kind_ready?;
    let id = c.id;
    let txn = state.db.begin().await?;
    let mut row: campaign::ActiveModel = c.into();
    row.state = Set(CampaignState::Submitted.as_str().into());
    row.submitted_at = Set(Some(now_ms()));
    row.update(&txn).await?;
    accounts::audit(
        &txn,
        Some(user.user_id),
        "campaign_submit",
        &format!("campaign:{id}"),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An admin's decision on a submitted campaign: open it, or send it back with a reason.
pub async fn review(
    state: &AppState,
    admin: &Authenticated,
    c: campaign::Model,
    approve: bool,
    reason: &str,
    note: &str,
) -> Result<(), AppError> {
    if c.campaign_state() != CampaignState::Submitted {
        return Err(AppError::field("form", "error-campaign-not-submitted"));
    }
    if !approve && !REJECT_REASONS.contains(&reason) {
        return Err(AppError::field("reason", "error-reason-invalid"));
    }
    if note.chars().count() > 2000 {
        return Err(AppError::field("note", "error-text-too-long"));
    }
    let (id, slug) = (c.id, c.slug.clone());
    let txn = state.db.begin().await?;
    let mut row: campaign::ActiveModel = c.into();
    if approve {
        row.state = Set(CampaignState::Open.as_str().into());
        row.review_reason = Set(None);
        row.review_note = Set(None);
    } else {
        row.state = Set(CampaignState::Rejected.as_str().into());
        row.review_reason = Set(Some(reason.to_owned()));
        row.review_note = Set(Some(note.trim().to_owned()));
    }
    row.update(&txn).await?;
    accounts::audit(
        &txn,
        Some(admin.user_id),
        if approve {
            "campaign_approve"
        } else {
            "campaign_reject"
        },
        &format!("campaign:{id}"),
        serde_json::json!({ "reason": (!approve).then_some(reason) }),
    )
    .await?;
    txn.commit().await?;
    state.campaigns.invalidate(&slug);
    Ok(())
}

/// Campaigns waiting for review, oldest first: slug, title, submitted at (ms).
pub async fn queue(
    state: &AppState,
    locale: Locale,
) -> Result<Vec<(String, String, i64)>, AppError> {
    let waiting = campaign::Entity::find()
        .filter(campaign::Column::State.eq(CampaignState::Submitted.as_str()))
        .order_by_asc(campaign::Column::SubmittedAt)
        .all(&state.db)
        .await?;
    let mut out = Vec::with_capacity(waiting.len());
    for c in waiting {
        let texts = texts(state, &c).await?;
        let title = crate::campaigns::ssr::pick(&texts, locale, &c.default_locale)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| c.slug.clone());
        out.push((c.slug, title, c.submitted_at.unwrap_or_default()));
    }
    Ok(out)
}

/// Closes an open campaign (signing stops; retention counts from now) or archives a closed one.
pub async fn advance(
    state: &AppState,
    by: &Authenticated,
    c: campaign::Model,
    to: &str,
) -> Result<(), AppError> {
    let to = CampaignState::parse(to)
        .filter(|to| c.campaign_state().next_by_hand() == Some(*to))
        .ok_or_else(|| AppError::field("form", "error-state-change"))?;
    let (id, slug) = (c.id, c.slug.clone());
    let txn = state.db.begin().await?;
    let mut row: campaign::ActiveModel = c.into();
    row.state = Set(to.as_str().to_owned());
    if to == CampaignState::Closed {
        row.closed_at = Set(Some(chrono::Utc::now()));
    }
    row.update(&txn).await?;
    accounts::audit(
        &txn,
        Some(by.user_id),
        if to == CampaignState::Closed {
            "campaign_close"
        } else {
            "campaign_archive"
        },
        &format!("campaign:{id}"),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    state.campaigns.invalidate(&slug);
    Ok(())
}
