//! The letter's own page (where it went), the letter laid out for printing, and withdrawing and
//! erasing it.
use super::sealed::{CONTENT_PURPOSE, Content, SENDER_PURPOSE, Sender, open};
use super::send::deliveries_of;
use super::tokens::letter_of_manage_token;
use crate::domain::{DeliveryState, Locale};
use crate::error::AppError;
use crate::ssr::entities::letter;
use crate::ssr::sql;
use crate::ssr::state::AppState;
use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};

/// The letter a manage link names.
async fn by_manage_token(state: &AppState, raw: &str) -> Result<letter::Model, AppError> {
    let id = letter_of_manage_token(&state.vault, raw).ok_or(AppError::NotFound)?;
    letter::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the letter's page shows: the campaign, the letter's state and where it went.
pub async fn manage_view(
    state: &AppState,
    raw: &str,
    locale: Locale,
) -> Result<crate::letters::views::ManageView, AppError> {
    let l = by_manage_token(state, raw).await?;
    let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
    Ok(crate::letters::views::ManageView {
        campaign: crate::campaigns::ssr::title(&state.db, &c, locale).await?,
        slug: c.slug,
        state: l.letter_state(),
        erased: l.sender_sealed.is_none(),
        printable: l.content_sealed.is_some() && l.sender_sealed.is_some(),
        deliveries: deliveries_of(state, l.id).await?,
        token: raw.to_owned(),
    })
}

/// The letter to one representative by post, laid out for printing: the writer's address, the
/// date, the representative's name and postal address (where the directory has one), the text.
pub async fn print_view(
    state: &AppState,
    raw: &str,
    delivery: i64,
    locale: Locale,
) -> Result<crate::letters::views::PrintView, AppError> {
    let l = by_manage_token(state, raw).await?;
    let to = deliveries_of(state, l.id)
        .await?
        .into_iter()
        .find(|d| d.id == delivery && d.state == DeliveryState::Print)
        .ok_or(AppError::NotFound)?;
    let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
    // Erased by the writer or past retention: there is nothing left to print.
    let (Ok(sender), Ok(content)) = (
        open::<Sender>(&state.vault, SENDER_PURPOSE, &l.sender_sealed),
        open::<Content>(&state.vault, CONTENT_PURPOSE, &l.content_sealed),
    ) else {
        return Err(AppError::NotFound);
    };
    let date = chrono::DateTime::from_timestamp_millis(l.confirmed_at.unwrap_or(l.created_at))
        .map(|d| crate::i18n::format_date(locale, d.date_naive()))
        .unwrap_or_default();
    let from = std::iter::once(sender.name.clone())
        .chain(if sender.address.trim().is_empty() {
            vec![sender.town.clone()]
        } else {
            sender.address.lines().map(str::to_owned).collect()
        })
        .filter(|l| !l.trim().is_empty())
        .collect();
    Ok(crate::letters::views::PrintView {
        campaign: crate::campaigns::ssr::title(&state.db, &c, locale).await?,
        slug: c.slug,
        from,
        date,
        to_name: to.name,
        to_address: to
            .address
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.trim().is_empty())
            .collect(),
        signature: (!content.body.contains(&sender.name))
            .then(|| sender.name.clone())
            .into_iter()
            .collect(),
        subject: content.subject,
        body: content.body,
        token: raw.to_owned(),
    })
}

/// Withdraws a letter that has not gone yet (deliveries not sent are cancelled) and erases what
/// its writer typed, whatever its state; a letter already sent stays counted.
pub async fn erase(state: &AppState, raw: &str) -> Result<(), AppError> {
    let id = letter_of_manage_token(&state.vault, raw).ok_or(AppError::NotFound)?;
    let backend = state.db.get_database_backend();
    let txn = state.db.begin().await?;
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letters SET sender_sealed = NULL, content_sealed = NULL, fingerprint = '', \
         email_hash = 'erased', preview_token_hash = NULL, confirm_token_hash = NULL, \
         followup_token_hash = NULL, \
         state = CASE WHEN state IN ('sent', 'delivered', 'failed', 'print') THEN state \
                 ELSE 'withdrawn' END \
         WHERE id = $1",
        [id.into()],
    ))
    .await?;
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letter_deliveries SET state = 'withdrawn' \
         WHERE letter_id = $1 AND state IN ('pending', 'queued')",
        [id.into()],
    ))
    .await?;
    txn.commit().await?;
    Ok(())
}
