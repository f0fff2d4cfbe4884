//! From preview to queued: the preview, sending off (the writer is emailed a link) and
//! confirming from that link.
use super::delivery::DeliverLetter;
use super::sealed::{CONTENT_PURPOSE, Content, SENDER_PURPOSE, Sender, open};
use super::text::{footer, signature};
use super::tokens::manage_path;
use crate::domain::{DeliveryState, Email, LetterState, Locale};
use crate::error::AppError;
use crate::letters::views::{ConfirmView, PreviewView};
use crate::ssr::entities::{letter, letter_delivery};
use crate::ssr::outbox::{self, Template};
use crate::ssr::secret;
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// Confirmation emails a day to one address for one campaign.
pub const MAX_CONFIRMATIONS_PER_DAY: i64 = 5;

async fn by_preview_token(state: &AppState, raw: &str) -> Result<letter::Model, AppError> {
    letter::Entity::find()
        .filter(letter::Column::PreviewTokenHash.eq(secret::hash(raw)))
        .one(&state.db)
        .await?
        .filter(|l| l.expires_at > now_ms() || l.letter_state() != LetterState::New)
        .ok_or(AppError::NotFound)
}

/// A letter's deliveries, by representative name.
pub(super) async fn deliveries_of(
    state: &AppState,
    letter_id: i64,
) -> Result<Vec<crate::letters::views::DeliveryView>, AppError> {
    let rows = state
        .db
        .query_all_raw(sql::stmt(
            state.db.get_database_backend(),
            "SELECT d.id, d.state, d.channel, r.name, r.email, r.postal_address \
             FROM letter_deliveries d JOIN representatives r ON r.id = d.representative_id \
             WHERE d.letter_id = $1 ORDER BY r.sort_name, d.id",
            [letter_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let by_post = r.try_get::<String>("", "channel")? == "post";
            Ok(crate::letters::views::DeliveryView {
                id: r.try_get("", "id")?,
                name: r.try_get("", "name")?,
                state: DeliveryState::of_stored(&r.try_get::<String>("", "state")?),
                by_post,
                // The address it goes to: email, or post (if the directory has one).
                address: if by_post {
                    r.try_get("", "postal_address")?
                } else {
                    r.try_get("", "email")?
                },
            })
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(Into::into)
}

/// The preview of a letter not yet sent off. Once it is, the preview link only says where the
/// letter stands: it would otherwise stay a bearer link to the writer's name, address and text
/// for as long as the letter is kept (the writer's own page is the manage link).
pub async fn preview(state: &AppState, raw: &str) -> Result<PreviewView, AppError> {
    let l = by_preview_token(state, raw).await?;
    if l.letter_state() != LetterState::New {
        let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
        let locale = Locale::from_code(&l.locale).unwrap_or_default();
        return Ok(PreviewView {
            slug: c.slug.clone(),
            campaign: crate::campaigns::ssr::title(&state.db, &c, locale).await?,
            state: l.letter_state(),
            to: Vec::new(),
            reply_to: String::new(),
            signature: Vec::new(),
            footer: String::new(),
            language: locale,
            subject: String::new(),
            body: String::new(),
            similarity: 0,
            token: String::new(),
        });
    }
    let sender: Sender = open(&state.vault, SENDER_PURPOSE, &l.sender_sealed)?;
    let content: Content = open(&state.vault, CONTENT_PURPOSE, &l.content_sealed)?;
    let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
    let locale = Locale::from_code(&l.locale).unwrap_or_default();
    let campaign = crate::campaigns::ssr::title(&state.db, &c, locale).await?;
    Ok(PreviewView {
        slug: c.slug.clone(),
        campaign: campaign.clone(),
        state: l.letter_state(),
        to: deliveries_of(state, l.id).await?,
        reply_to: format!("{} <{}>", sender.name, sender.email),
        signature: signature(&sender),
        footer: footer(locale, &campaign, &sender.name),
        language: locale,
        subject: content.subject,
        body: content.body,
        similarity: l.similarity,
        token: raw.to_owned(),
    })
}

/// Sends the letter off: it waits for the writer to confirm from the emailed link.
pub async fn submit(state: &AppState, raw: &str, locale: Locale) -> Result<String, AppError> {
    let l = by_preview_token(state, raw).await?;
    let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
    if l.letter_state() != LetterState::New {
        // Pressed twice: the email went the first time.
        return Ok(c.slug);
    }
    let sender: Sender = open(&state.vault, SENDER_PURPOSE, &l.sender_sealed)?;
    let to = Email::parse(&sender.email)
        .map_err(|e| crate::ssr::error::internal("writer address", &e))?;
    let (confirm_raw, confirm_hash) = secret::generate();
    let txn = state.db.begin().await?;
    let changed = txn
        .execute_raw(sql::stmt(
            txn.get_database_backend(),
            "UPDATE letters SET state = 'awaiting_confirmation', confirm_token_hash = $1 \
             WHERE id = $2 AND state = 'new'",
            [confirm_hash.into(), l.id.into()],
        ))
        .await?
        .rows_affected();
    // At most so many confirmation emails a day to one address for one campaign, as for
    // signatures: otherwise the form could mail-bomb whoever's address is typed into it. Past
    // the cap the letter waits unconfirmed (and expires) and no email goes.
    let already = if changed == 1 {
        txn.query_one_raw(sql::stmt(
            txn.get_database_backend(),
            "SELECT COUNT(*) AS n FROM letters WHERE campaign_id = $1 AND email_hash = $2 \
             AND id <> $3 AND state <> 'new' AND created_at > $4",
            [
                l.campaign_id.into(),
                l.email_hash.clone().into(),
                l.id.into(),
                (now_ms() - 24 * 3600 * 1000).into(),
            ],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or_default()
    } else {
        0
    };
    if changed == 1 && already >= MAX_CONFIRMATIONS_PER_DAY {
        tracing::info!(letter = l.id, "confirmation email capped for this address");
    }
    if changed == 1 && already < MAX_CONFIRMATIONS_PER_DAY {
        let mut params = serde_json::Map::new();
        params.insert(
            "campaign".into(),
            crate::campaigns::ssr::title(&txn, &c, locale).await?.into(),
        );
        params.insert(
            "confirm_path".into(),
            format!("/letters/confirm?token={confirm_raw}").into(),
        );
        params.insert("manage_path".into(), manage_path(&state.vault, l.id).into());
        outbox::queue(
            &txn,
            &state.vault,
            Template::ConfirmLetter,
            locale,
            &to,
            params,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(c.slug)
}

async fn by_confirm_token(state: &AppState, raw: &str) -> Result<Option<letter::Model>, AppError> {
    Ok(letter::Entity::find()
        .filter(letter::Column::ConfirmTokenHash.eq(secret::hash(raw)))
        .one(&state.db)
        .await?)
}

pub async fn check_link(
    state: &AppState,
    raw: &str,
    locale: Locale,
) -> Result<ConfirmView, AppError> {
    let Some(l) = by_confirm_token(state, raw).await? else {
        return Ok(ConfirmView {
            slug: String::new(),
            campaign: String::new(),
            link: "invalid".into(),
        });
    };
    let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
    let link = match l.letter_state() {
        LetterState::AwaitingConfirmation if l.expires_at > now_ms() => "valid",
        s if s.confirmed() => "done",
        _ => "invalid",
    };
    Ok(ConfirmView {
        campaign: crate::campaigns::ssr::title(&state.db, &c, locale).await?,
        slug: c.slug,
        link: link.into(),
    })
}

/// Confirms the letter: its deliveries by email are queued, each as a job, those by post wait
/// for the writer to print them. Returns the campaign's slug and the letter's id.
pub async fn confirm(state: &AppState, raw: &str) -> Result<(String, i64), AppError> {
    let l = by_confirm_token(state, raw)
        .await?
        .ok_or_else(|| AppError::field("form", "error-letter-link"))?;
    let c = crate::campaigns::ssr::by_id(&state.db, l.campaign_id).await?;
    if l.letter_state().confirmed() {
        return Ok((c.slug, l.id));
    }
    if l.letter_state() != LetterState::AwaitingConfirmation || l.expires_at <= now_ms() {
        return Err(AppError::field("form", "error-letter-link"));
    }
    let txn = state.db.begin().await?;
    let backend = txn.get_database_backend();
    let changed = txn
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letters SET state = 'queued', confirmed_at = $1 \
             WHERE id = $2 AND state = 'awaiting_confirmation'",
            [now_ms().into(), l.id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 1 {
        let ids: Vec<i64> = letter_delivery::Entity::find()
            .filter(letter_delivery::Column::LetterId.eq(l.id))
            .filter(letter_delivery::Column::Channel.eq("email"))
            .select_only()
            .column(letter_delivery::Column::Id)
            .into_tuple()
            .all(&txn)
            .await?;
        txn.execute_raw(sql::stmt(
            backend,
            "UPDATE letter_deliveries \
             SET state = CASE WHEN channel = 'post' THEN 'print' ELSE 'queued' END \
             WHERE letter_id = $1",
            [l.id.into()],
        ))
        .await?;
        if ids.is_empty() {
            // By post only: the writer prints it now (the clock of retention starts).
            txn.execute_raw(sql::stmt(
                backend,
                "UPDATE letters SET state = 'print', sent_at = $1 WHERE id = $2",
                [now_ms().into(), l.id.into()],
            ))
            .await?;
        }
        // In digest mode the daily digest takes them; otherwise each goes now.
        if !c.letter_digest {
            for id in ids {
                crate::ssr::jobs::enqueue(&txn, &DeliverLetter { delivery_id: id }).await?;
            }
        }
    }
    txn.commit().await?;
    Ok((c.slug, l.id))
}
