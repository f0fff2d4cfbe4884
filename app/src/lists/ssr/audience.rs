//! Who a mailing reaches: the confirmed subscribers of its lists whose address is not
//! suppressed, optionally only those in a country, reading a language, or who signed a campaign
//! (confirmed). Counted for the composer before sending; frozen into the mailing's recipients
//! when sending starts, in SQL (nothing about the audience is held in memory) unless narrowed
//! to a campaign's signers, which needs each subscriber's address under the signatures' keyed
//! hash (the two tables' hashes are kept apart on purpose, so a copy of the database does not
//! link subscribers to signatures).
use super::subscribers;
use crate::domain::SubscriptionState;
use crate::ssr::entities::{mailing, signature};
use crate::ssr::sql;
use crate::ssr::vault::Vault;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// What a mailing's audience is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    pub lists: Vec<i64>,
    pub campaign_id: Option<i64>,
    /// ISO code; empty: any.
    pub country: String,
    /// Language code; empty: any.
    pub language: String,
}

impl Audience {
    pub fn of(m: &mailing::Model) -> Audience {
        Audience {
            lists: m.list_ids(),
            campaign_id: m.campaign_id,
            country: m.country.clone(),
            language: m.language.clone(),
        }
    }

    /// `FROM … WHERE …` over subscribers `s`, and its values after `first` placeholders.
    fn sql_from_where(&self, first: usize) -> (String, Vec<Value>) {
        let mut values: Vec<Value> = Vec::new();
        let mut n = first;
        let mut next = |v: Value, values: &mut Vec<Value>| {
            n += 1;
            values.push(v);
            format!("${n}")
        };
        let lists: Vec<String> = self
            .lists
            .iter()
            .map(|id| next((*id).into(), &mut values))
            .collect();
        let confirmed = next(SubscriptionState::Confirmed.as_str().into(), &mut values);
        let mut sql = format!(
            "FROM subscribers s WHERE s.suppressed_at IS NULL AND EXISTS (SELECT 1 FROM \
             subscriptions sub WHERE sub.subscriber_id = s.id AND sub.state = {confirmed} \
             AND sub.list_id IN ({}))",
            if lists.is_empty() {
                "NULL".to_owned()
            } else {
                lists.join(", ")
            }
        );
        if !self.country.is_empty() {
            let p = next(self.country.clone().into(), &mut values);
            sql.push_str(&format!(" AND s.country = {p}"));
        }
        if !self.language.is_empty() {
            let p = next(self.language.clone().into(), &mut values);
            sql.push_str(&format!(" AND s.locale = {p}"));
        }
        (sql, values)
    }
}

/// The subscribers in the audience, by id; only for an audience narrowed to a campaign's
/// signers (the others are counted and frozen in SQL).
async fn signers_among<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    audience: &Audience,
    campaign_id: i64,
) -> Result<Vec<i64>, DbErr> {
    let backend = db.get_database_backend();
    let (from, values) = audience.sql_from_where(0);
    let rows = db
        .query_all_raw(sql::stmt(
            backend,
            &format!("SELECT s.id, s.email_sealed {from} ORDER BY s.id"),
            values,
        ))
        .await?;
    let mut ids = Vec::new();
    // In chunks: each asks which of these addresses signed.
    for chunk in rows.chunks(500) {
        let mut hashes: Vec<(i64, String)> = Vec::with_capacity(chunk.len());
        for row in chunk {
            let id: i64 = row.try_get("", "id")?;
            let sealed: String = row.try_get("", "email_sealed")?;
            let Some(email) = vault
                .open_str(subscribers::EMAIL_PURPOSE, &sealed)
                .ok()
                .and_then(|e| crate::domain::Email::parse(&e).ok())
            else {
                continue;
            };
            hashes.push((
                id,
                vault.lookup_hash(signature::EMAIL_HASH_PURPOSE, &email.normalised()),
            ));
        }
        if hashes.is_empty() {
            continue;
        }
        let mut values: Vec<Value> = vec![campaign_id.into()];
        values.extend(hashes.iter().map(|(_, h)| Value::from(h.clone())));
        let found = db
            .query_all_raw(sql::stmt(
                backend,
                &format!(
                    "SELECT email_hash FROM signatures WHERE campaign_id = $1 \
                     AND state = 'confirmed' AND email_hash IN ({})",
                    sql::params(2, hashes.len())
                ),
                values,
            ))
            .await?;
        let signed: std::collections::HashSet<String> = found
            .iter()
            .filter_map(|r| r.try_get::<String>("", "email_hash").ok())
            .collect();
        ids.extend(
            hashes
                .into_iter()
                .filter(|(_, h)| signed.contains(h))
                .map(|(id, _)| id),
        );
    }
    Ok(ids)
}

/// How many people the audience reaches now.
pub async fn count<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    audience: &Audience,
) -> Result<i64, DbErr> {
    if let Some(campaign_id) = audience.campaign_id {
        return Ok(signers_among(db, vault, audience, campaign_id).await?.len() as i64);
    }
    let backend = db.get_database_backend();
    let (from, values) = audience.sql_from_where(0);
    let row = db
        .query_one_raw(sql::stmt(
            backend,
            &format!("SELECT COUNT(*) AS n {from}"),
            values,
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
}

/// Writes the audience as mailing `mailing_id`'s recipients (pending); returns how many.
pub async fn freeze<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    mailing_id: i64,
    audience: &Audience,
) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    if let Some(campaign_id) = audience.campaign_id {
        let ids = signers_among(db, vault, audience, campaign_id).await?;
        for chunk in ids.chunks(500) {
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() + 1);
            values.push(mailing_id.into());
            let rows: Vec<String> = chunk
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    values.push((*id).into());
                    format!("($1, ${}, 'pending')", i + 2)
                })
                .collect();
            db.execute_raw(sql::stmt(
                backend,
                &format!(
                    "INSERT INTO mailing_recipients (mailing_id, subscriber_id, state) \
                     VALUES {} ON CONFLICT (mailing_id, subscriber_id) DO NOTHING",
                    rows.join(", ")
                ),
                values,
            ))
            .await?;
        }
        return Ok(ids.len() as u64);
    }
    let (from, mut values) = audience.sql_from_where(1);
    values.insert(0, mailing_id.into());
    let done = db
        .execute_raw(sql::stmt(
            backend,
            &format!(
                "INSERT INTO mailing_recipients (mailing_id, subscriber_id, state) \
                 SELECT $1, s.id, 'pending' {from} ORDER BY s.id \
                 ON CONFLICT (mailing_id, subscriber_id) DO NOTHING"
            ),
            values,
        ))
        .await?;
    Ok(done.rows_affected())
}
