//! Digest campaigns: a representative gets one email a day with the letters of the day.
use super::sealed::{CONTENT_PURPOSE, Content, SENDER_PURPOSE, Sender, open};
use crate::domain::Locale;
use crate::error::AppError;
use crate::ssr::entities::{letter, representative};
use crate::ssr::jobs::Job;
use crate::ssr::sql;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};

/// Sends the day's digests (the worker runs it every morning).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendLetterDigests {}

impl Job for SendLetterDigests {
    const KIND: &'static str = "send_letter_digests";
}

/// One representative's letters from one digest campaign.
pub struct Digest {
    pub to_name: String,
    pub to_email: String,
    pub campaign: String,
    pub locale: Locale,
    pub letters: Vec<(Sender, Content)>,
    pub deliveries: Vec<i64>,
}

/// The digests due: every queued delivery of a digest campaign, grouped by representative and
/// campaign.
pub async fn digests(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
) -> Result<Vec<Digest>, AppError> {
    let rows = db
        .query_all_raw(sql::stmt(
            db.get_database_backend(),
            "SELECT d.id AS delivery, d.representative_id AS rep, l.campaign_id AS campaign, \
             l.id AS letter FROM letter_deliveries d JOIN letters l ON l.id = d.letter_id \
             JOIN campaigns c ON c.id = l.campaign_id \
             WHERE d.state = 'queued' AND c.letter_digest = $1 \
             ORDER BY d.representative_id, l.campaign_id, l.id",
            [true.into()],
        ))
        .await?;
    let mut out: Vec<Digest> = Vec::new();
    let mut key = None;
    for r in &rows {
        let (delivery, rep, campaign, letter_id): (i64, i64, i64, i64) = (
            r.try_get("", "delivery")?,
            r.try_get("", "rep")?,
            r.try_get("", "campaign")?,
            r.try_get("", "letter")?,
        );
        if key != Some((rep, campaign)) {
            key = Some((rep, campaign));
            let (Some(representative), Some(c)) = (
                representative::Entity::find_by_id(rep).one(db).await?,
                crate::ssr::entities::campaign::Entity::find_by_id(campaign)
                    .one(db)
                    .await?,
            ) else {
                continue;
            };
            let locale = Locale::from_code(&c.default_locale).unwrap_or_default();
            out.push(Digest {
                to_name: representative.name,
                to_email: representative.email.unwrap_or_default(),
                campaign: crate::campaigns::ssr::title(db, &c, locale).await?,
                locale,
                letters: Vec::new(),
                deliveries: Vec::new(),
            });
        }
        let Some(digest) = out.last_mut() else {
            continue;
        };
        let Some(l) = letter::Entity::find_by_id(letter_id).one(db).await? else {
            continue;
        };
        digest.letters.push((
            open(vault, SENDER_PURPOSE, &l.sender_sealed)?,
            open(vault, CONTENT_PURPOSE, &l.content_sealed)?,
        ));
        digest.deliveries.push(delivery);
    }
    out.retain(|d| !d.to_email.is_empty());
    Ok(out)
}
