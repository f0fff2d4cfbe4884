//! Importing subscribers from a CSV file (`petrel lists import`): the columns of listmonk's and
//! Mailchimp's exports are understood (`email` or `Email Address`; `name`, or `First Name` and
//! `Last Name`; `language`/`lang`; `country`). Each person is either sent a confirmation link
//! (the default: double opt-in, as on the subscribe page) or, when the operator attests that
//! they consented elsewhere (`--consented`), subscribed at once with that attestation as their
//! consent record. Rows are written a chunk at a time (a few statements per chunk, not per
//! row), so a million rows import in minutes. Nothing is imported for a malformed row, an
//! address already on the list, a suppressed one, or a repeat within the file; the summary
//! counts each.
use super::subscribers::{self, EMAIL_PURPOSE, NAME_PURPOSE};
use super::subscriptions::{CONFIRM_TTL_MS, Consent};
use crate::domain::{CountryCode, Email, Locale, PersonName, SubscriptionState};
use crate::ssr::entities::list;
use crate::ssr::outbox::{self, Template};
use crate::ssr::sql;
use crate::ssr::time::now_ms;
use crate::ssr::vault::Vault;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait, Value};
use std::collections::{HashMap, HashSet};

/// Rows written per transaction.
const CHUNK: usize = 500;

/// Where each field is in the file.
#[derive(Debug, Clone, Copy)]
struct Columns {
    email: usize,
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    language: Option<usize>,
    country: Option<usize>,
}

fn columns(header: &csv::StringRecord) -> Result<Columns, String> {
    let find = |names: &[&str]| {
        header.iter().position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            names.contains(&h.as_str())
        })
    };
    Ok(Columns {
        email: find(&["email", "email address", "e-mail", "e-mail address"])
            .ok_or("no email column (email, or Email Address)")?,
        name: find(&["name", "full name"]),
        first: find(&["first name", "fname"]),
        last: find(&["last name", "lname"]),
        language: find(&["language", "lang", "locale"]),
        country: find(&["country", "country code"]),
    })
}

/// Why an import did not run.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("there is no list \"{0}\"")]
    NoList(String),
    #[error("{0}")]
    File(String),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub rows: usize,
    /// Subscribed at once (with `--consented`).
    pub subscribed: usize,
    /// Sent a confirmation link.
    pub invited: usize,
    /// Already on the list (or waiting for their link).
    pub already: usize,
    /// The address bounced or complained before: left out.
    pub suppressed: usize,
    /// The same address earlier in the file.
    pub repeated: usize,
    /// Rows left out, with their line and why.
    pub malformed: Vec<(u64, String)>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows: {} subscribed, {} sent a confirmation link, {} already on the list, \
             {} suppressed, {} repeated in the file, {} malformed",
            self.rows,
            self.subscribed,
            self.invited,
            self.already,
            self.suppressed,
            self.repeated,
            self.malformed.len()
        )
    }
}

struct Row {
    email: Email,
    name: String,
    locale: Locale,
    country: String,
}

/// Imports `csv` into list `slug`. `consented`: the operator attests every person consented
/// (recorded as such); otherwise each is sent a confirmation link. `locale`: the language of
/// rows that give none. `progress(done, total)` is called as rows are written.
pub async fn import(
    db: &DatabaseConnection,
    vault: &Vault,
    slug: &str,
    csv_bytes: &[u8],
    consented: bool,
    locale: Locale,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Summary, ImportError> {
    let l = super::lists::by_slug(db, slug)
        .await?
        .ok_or_else(|| ImportError::NoList(slug.to_owned()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv_bytes);
    let header = reader
        .headers()
        .map_err(|e| ImportError::File(format!("the file is not CSV: {e}")))?
        .clone();
    let cols = columns(&header).map_err(ImportError::File)?;
    let mut summary = Summary::default();
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for record in reader.records() {
        summary.rows += 1;
        let line = summary.rows as u64 + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                summary.malformed.push((line, format!("not CSV: {e}")));
                continue;
            }
        };
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or_default().trim();
        let email = match Email::parse(get(Some(cols.email))) {
            Ok(e) => e,
            Err(_) => {
                summary
                    .malformed
                    .push((line, "not an email address".into()));
                continue;
            }
        };
        if !seen.insert(email.normalised()) {
            summary.repeated += 1;
            continue;
        }
        let name = match get(cols.name) {
            "" => format!("{} {}", get(cols.first), get(cols.last))
                .trim()
                .to_owned(),
            n => n.to_owned(),
        };
        let name = if name.is_empty() || PersonName::parse(&name).is_ok() {
            name
        } else {
            summary
                .malformed
                .push((line, "the name is too long or not a name".into()));
            continue;
        };
        let country = get(cols.country).to_ascii_uppercase();
        let country = if CountryCode::parse(&country).is_some() {
            country
        } else {
            String::new()
        };
        rows.push(Row {
            email,
            name,
            locale: Locale::from_code(&get(cols.language).to_ascii_lowercase()).unwrap_or(locale),
            country,
        });
    }
    let total = rows.len();
    progress(0, total);
    for (i, chunk) in rows.chunks(CHUNK).enumerate() {
        let txn = db.begin().await?;
        write_chunk(&txn, vault, &l, chunk, consented, &mut summary).await?;
        txn.commit().await?;
        progress((i * CHUNK + chunk.len()).min(total), total);
    }
    tracing::info!(list = l.id, rows = summary.rows, "subscribers imported");
    Ok(summary)
}

fn placeholders(values: &mut Vec<Value>, row: Vec<Value>) -> String {
    let start = values.len();
    let n = row.len();
    values.extend(row);
    format!("({})", sql::params(start + 1, n))
}

async fn write_chunk<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    l: &list::Model,
    chunk: &[Row],
    consented: bool,
    summary: &mut Summary,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let now = now_ms();
    let hashes: Vec<String> = chunk
        .iter()
        .map(|r| subscribers::email_hash(vault, &r.email))
        .collect();
    // New people: one statement for the chunk (existing rows are kept as they are).
    let mut values = Vec::new();
    let tuples: Vec<String> = chunk
        .iter()
        .zip(&hashes)
        .map(|(r, h)| {
            let (salt, token_hash) = subscribers::new_link(vault);
            placeholders(
                &mut values,
                vec![
                    h.clone().into(),
                    vault.seal_str(EMAIL_PURPOSE, r.email.as_str()).into(),
                    (!r.name.is_empty())
                        .then(|| vault.seal_str(NAME_PURPOSE, &r.name))
                        .into(),
                    r.locale.code().into(),
                    r.country.clone().into(),
                    salt.into(),
                    token_hash.into(),
                    now.into(),
                ],
            )
        })
        .collect();
    db.execute_raw(sql::stmt(
        backend,
        &format!(
            "INSERT INTO subscribers (email_hash, email_sealed, name_sealed, locale, country, \
             token_salt, token_hash, created_at) VALUES {} ON CONFLICT (email_hash) DO NOTHING",
            tuples.join(", ")
        ),
        values,
    ))
    .await?;
    // Everyone's id, whether they are suppressed, and their standing on this list.
    let mut values: Vec<Value> = vec![l.id.into()];
    values.extend(hashes.iter().map(|h| Value::from(h.clone())));
    let found = db
        .query_all_raw(sql::stmt(
            backend,
            &format!(
                "SELECT s.id, s.email_hash, s.suppressed_at, sub.state FROM subscribers s \
                 LEFT JOIN subscriptions sub ON sub.subscriber_id = s.id AND sub.list_id = $1 \
                 WHERE s.email_hash IN ({})",
                sql::params(2, hashes.len())
            ),
            values,
        ))
        .await?;
    let mut by_hash: HashMap<String, (i64, bool, Option<String>)> = HashMap::new();
    for r in found {
        by_hash.insert(
            r.try_get("", "email_hash")?,
            (
                r.try_get("", "id")?,
                r.try_get::<Option<i64>>("", "suppressed_at")?.is_some(),
                r.try_get("", "state")?,
            ),
        );
    }
    let consent = if consented {
        Consent {
            source: "import-consented",
            campaign_id: None,
            wording: "import-attestation@1".into(),
        }
    } else {
        Consent {
            source: "import",
            campaign_id: None,
            wording: "list-consent@1".into(),
        }
    };
    let mut values = Vec::new();
    let mut tuples = Vec::new();
    let mut invites = Vec::new();
    for (r, h) in chunk.iter().zip(&hashes) {
        let Some((id, suppressed, state)) = by_hash.get(h) else {
            continue;
        };
        if *suppressed {
            summary.suppressed += 1;
            continue;
        }
        let state = state.as_deref().map(SubscriptionState::of_stored);
        if matches!(
            state,
            Some(SubscriptionState::Confirmed | SubscriptionState::Pending)
        ) {
            summary.already += 1;
            continue;
        }
        // Someone who left the list is not put back by an import.
        if state == Some(SubscriptionState::Unsubscribed) {
            summary.already += 1;
            continue;
        }
        let (raw, hash) = crate::ssr::secret::generate();
        let (new_state, confirmed_at, confirm_hash, expires) = if consented {
            (SubscriptionState::Confirmed, Some(now), None, None)
        } else {
            invites.push((r, raw));
            (
                SubscriptionState::Pending,
                None,
                Some(hash),
                Some(now + CONFIRM_TTL_MS),
            )
        };
        tuples.push(placeholders(
            &mut values,
            vec![
                (*id).into(),
                l.id.into(),
                new_state.as_str().into(),
                consent.source.into(),
                consent.wording.clone().into(),
                now.into(),
                confirmed_at.into(),
                confirm_hash.into(),
                expires.into(),
                i32::from(!consented).into(),
                (!consented).then_some(now).into(),
            ],
        ));
    }
    if tuples.is_empty() {
        return Ok(());
    }
    let written = db
        .execute_raw(sql::stmt(
            backend,
            &format!(
                "INSERT INTO subscriptions (subscriber_id, list_id, state, source, wording, \
                 consent_at, confirmed_at, confirm_token_hash, confirm_expires_at, \
                 confirm_emails, confirm_window_at) VALUES {} \
                 ON CONFLICT (subscriber_id, list_id) DO NOTHING",
                tuples.join(", ")
            ),
            values,
        ))
        .await?
        .rows_affected() as usize;
    if consented {
        summary.subscribed += written;
    } else {
        summary.invited += written;
        let texts = crate::ssr::entities::list_text::of_lists(db, &[l.id]).await?;
        for (r, raw) in invites {
            let list_name = crate::ssr::entities::list_text::pick(&texts, r.locale)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| l.slug.clone());
            let mut params = serde_json::Map::new();
            params.insert("list".into(), list_name.into());
            params.insert(
                "confirm_path".into(),
                format!("/lists/confirm?token={raw}").into(),
            );
            outbox::queue(
                db,
                vault,
                Template::ConfirmSubscription,
                r.locale,
                &r.email,
                params,
            )
            .await?;
        }
    }
    Ok(())
}

/// One subscriber of a list, as the organizer's export has them.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub email: String,
    pub name: String,
    pub language: String,
    pub country: String,
    pub state: String,
    pub source: String,
    pub consent_at: String,
}

/// The subscribers of list `slug` (every state, the consent record with each), oldest first;
/// columns the importer reads back. `None`: no such list.
pub async fn export<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    slug: &str,
) -> Result<Option<Vec<ExportRow>>, DbErr> {
    let Some(l) = super::lists::by_slug(db, slug).await? else {
        return Ok(None);
    };
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT s.email_sealed, s.name_sealed, s.locale, s.country, sub.state, sub.source, \
             sub.consent_at FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id \
             WHERE sub.list_id = $1 ORDER BY sub.id",
            [l.id.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let sealed: String = r.try_get("", "email_sealed")?;
        let name: Option<String> = r.try_get("", "name_sealed")?;
        let at: i64 = r.try_get("", "consent_at")?;
        out.push(ExportRow {
            email: vault.open_str(EMAIL_PURPOSE, &sealed).unwrap_or_default(),
            name: name
                .and_then(|n| vault.open_str(NAME_PURPOSE, &n).ok())
                .unwrap_or_default(),
            language: r.try_get("", "locale")?,
            country: r.try_get("", "country")?,
            state: r.try_get("", "state")?,
            source: r.try_get("", "source")?,
            consent_at: chrono::DateTime::from_timestamp_millis(at)
                .map(|d| d.to_rfc3339())
                .unwrap_or_default(),
        });
    }
    Ok(Some(out))
}
