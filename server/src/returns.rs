//! What comes back to the bounce address, for every kind of message at once: read with the one
//! reader (`app::ssr::returns`), then handed to the letter's delivery or the list subscriber it
//! is about. `petrel bounce` (and its older name `petrel letters bounce`) reads one message from
//! standard input, for a mail server's alias such as `petrel-bounces: "|petrel bounce"`.
use app::letters::ssr::{self as letters, Report};
use app::lists::ssr::bounces::{self, Returned};
use app::ssr::vault::Vault;
use sea_orm::DatabaseConnection;

/// Takes one returned message; says in a line what it did.
pub async fn take(
    db: &DatabaseConnection,
    vault: &Vault,
    soft_bounce_limit: u32,
    message: &[u8],
) -> Result<String, app::error::AppError> {
    let read = app::ssr::returns::read(
        message,
        &[letters::DELIVERY_HEADER, bounces::SUBSCRIBER_HEADER],
        |i, tag| match i {
            0 => letters::delivery_of_tag(vault, tag),
            _ => bounces::subscriber_of_tag(vault, tag),
        },
    );
    Ok(match read {
        None => "no Petrel message in this".to_owned(),
        Some((0, id, report)) => {
            let changed = letters::record_report(db, vault, id, report).await?;
            format!(
                "delivery {id}: {}",
                match (report, changed) {
                    (Report::Failed, true) => "bounced: marked failed, the writer will be told",
                    (Report::Delivered, true) => "delivered",
                    (Report::Pending | Report::Complaint, _) => "no verdict (delayed, relayed)",
                    (_, false) => "already marked",
                }
            )
        }
        Some((_, id, verdict)) => match Returned::of_verdict(verdict) {
            None => {
                format!("subscriber {id}: nothing to do (delivered, delayed or an automatic reply)")
            }
            Some(what) => {
                let suppressed = bounces::record(db, id, what, soft_bounce_limit).await?;
                format!(
                    "subscriber {id}: {what:?}{}",
                    if suppressed {
                        ", suppressed on every list"
                    } else {
                        ""
                    }
                )
            }
        },
    })
}
