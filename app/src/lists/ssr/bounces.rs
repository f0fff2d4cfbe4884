//! What comes back about list messages: a hard bounce or a complaint suppresses the address on
//! every list at once; soft bounces are counted and suppress it at `lists.soft_bounce_limit`.
//! A suppressed address is never sent to again (the forms, the joins and every mailing batch
//! check it). Reports reach this from the bounce address (`petrel bounce`, read with the one
//! reader in `ssr::returns`) or from a mail provider's webhook (`POST /webhooks/mail`).
use super::subscribers;
use crate::domain::Email;
use crate::ssr::entities::subscriber;
use crate::ssr::returns::Verdict;
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The header that marks a list message with its subscriber (an id and a keyed check), so that
/// a bounce quoting it finds them, and a forged one finds no one.
pub const SUBSCRIBER_HEADER: &str = "X-Petrel-Subscriber";
const TAG_PURPOSE: &str = "subscribers.returns";
const TAG_CHECK: usize = 20;

/// The value of [`SUBSCRIBER_HEADER`] for subscriber `id`.
pub fn subscriber_tag(vault: &Vault, id: i64) -> String {
    crate::ssr::secret::id_token(vault, TAG_PURPOSE, id, TAG_CHECK)
}

/// The subscriber a tag names, if its check holds.
pub fn subscriber_of_tag(vault: &Vault, tag: &str) -> Option<i64> {
    crate::ssr::secret::id_of_token(vault, TAG_PURPOSE, tag, TAG_CHECK)
}

/// What came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returned {
    HardBounce,
    SoftBounce,
    Complaint,
}

impl Returned {
    /// What a report read from the bounce address means for a list message; `None`: nothing
    /// (delivered, an automatic reply, a delay).
    pub fn of_verdict(v: Verdict) -> Option<Returned> {
        match v {
            Verdict::Failed => Some(Returned::HardBounce),
            Verdict::Complaint => Some(Returned::Complaint),
            Verdict::Delivered | Verdict::Pending => None,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Returned::HardBounce => "hard_bounce",
            Returned::SoftBounce => "soft_bounces",
            Returned::Complaint => "complaint",
        }
    }
}

/// Records `what` about subscriber `id`; returns whether the address is suppressed now (it may
/// have been before).
pub async fn record<C: ConnectionTrait>(
    db: &C,
    id: i64,
    what: Returned,
    soft_limit: u32,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let now = now_ms();
    match what {
        Returned::SoftBounce => {
            db.execute_raw(sql::stmt(
                backend,
                "UPDATE subscribers SET soft_bounces = soft_bounces + 1, \
                 suppressed_at = CASE WHEN suppressed_at IS NULL AND soft_bounces + 1 >= $2 \
                   THEN $3 ELSE suppressed_at END, \
                 suppressed_reason = CASE WHEN suppressed_at IS NULL AND soft_bounces + 1 >= $2 \
                   THEN $4 ELSE suppressed_reason END \
                 WHERE id = $1",
                [
                    id.into(),
                    i64::from(soft_limit.max(1)).into(),
                    now.into(),
                    what.reason().into(),
                ],
            ))
            .await?;
        }
        _ => {
            db.execute_raw(sql::stmt(
                backend,
                "UPDATE subscribers SET suppressed_at = $2, suppressed_reason = $3 \
                 WHERE id = $1 AND suppressed_at IS NULL",
                [id.into(), now.into(), what.reason().into()],
            ))
            .await?;
        }
    }
    let s = subscriber::Entity::find_by_id(id).one(db).await?;
    let suppressed = s.as_ref().is_some_and(|s| s.suppressed_at.is_some());
    tracing::info!(
        subscriber = id,
        what = what.reason(),
        suppressed,
        "list message came back"
    );
    Ok(suppressed)
}

/// The subscriber with address `email`, if there is one (a provider's webhook names the address).
pub async fn by_email<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    email: &Email,
) -> Result<Option<i64>, DbErr> {
    Ok(subscriber::Entity::find()
        .filter(subscriber::Column::EmailHash.eq(subscribers::email_hash(vault, email)))
        .one(db)
        .await?
        .map(|s| s.id))
}
