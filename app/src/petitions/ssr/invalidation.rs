//! Bulk invalidation: an organizer marks every signature of a campaign that matches a rule
//! (email domain, network-address hash, time window, or several at once) as suspect, after a
//! preview of how many it matches, and can undo it.
//!
//! A rule never opens a personal field: domains are compared as keyed hashes (stored with each
//! signature when it is made), addresses as the day-salted hashes the rate limit uses. Marked
//! signatures carry the invalidation's id, so the undo restores exactly those and no others.
//! Both take the counts lock, like everything else that changes what is counted.
use crate::accounts::ssr::{Authenticated, audit};
use crate::error::{AppError, FormErrors};
use crate::petitions::ssr::counts::lock_counts;
use crate::petitions::ssr::sign::email_domain_hash;
use crate::petitions::views::{InvalidationView, Preview, RuleForm};
use crate::ssr::entities::{campaign, invalidation};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait, Value,
};
use serde::{Deserialize, Serialize};

/// A checked rule. All the conditions given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_hash: Option<String>,
    /// Signed at or after (ms since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_ms: Option<i64>,
    /// Signed before (ms since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_ms: Option<i64>,
}

/// `YYYY-MM-DDTHH:MM` (what a `datetime-local` field sends), in UTC.
fn parse_time(value: &str) -> Option<i64> {
    let value = value.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(value, f).ok())
        .map(|t| t.and_utc().timestamp_millis())
}

impl Rule {
    /// The rule in a form; `Ok(None)` when the form is empty (nothing to preview yet).
    pub fn parse(form: &RuleForm) -> Result<Option<Rule>, AppError> {
        let mut errors = FormErrors::new();
        let mut add = |field: &str, key: &str| errors.add(field, key);
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let domain = given(&form.domain).map(|d| d.trim_start_matches('@').to_ascii_lowercase());
        if let Some(d) = &domain
            && (d.len() > 253
                || !d.contains('.')
                || d.starts_with('.')
                || d.ends_with('.')
                || !d
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.'))
        {
            add("domain", "error-domain-invalid");
        }
        let ip_hash = given(&form.ip_hash);
        if let Some(h) = &ip_hash
            && (h.len() != 22
                || !h
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            add("ip_hash", "error-ip-hash-invalid");
        }
        let from_ms = given(&form.from).map(|v| parse_time(&v).ok_or(()));
        let to_ms = given(&form.to).map(|v| parse_time(&v).ok_or(()));
        if matches!(from_ms, Some(Err(()))) {
            add("from", "error-datetime-invalid");
        }
        if matches!(to_ms, Some(Err(()))) {
            add("to", "error-datetime-invalid");
        }
        if let (Some(Ok(from)), Some(Ok(to))) = (from_ms, to_ms)
            && to <= from
        {
            add("to", "error-window-order");
        }
        errors.finish()?;
        let rule = Rule {
            domain,
            ip_hash,
            from_ms: from_ms.and_then(Result::ok),
            to_ms: to_ms.and_then(Result::ok),
        };
        Ok((rule != Rule::default()).then_some(rule))
    }

    /// The rule as a `WHERE` clause over one campaign's countable signatures, with its values.
    fn condition(&self, state: &AppState, campaign_id: i64) -> (String, Vec<Value>) {
        let mut clause = "campaign_id = $1 AND suspect = false".to_owned();
        let mut values: Vec<Value> = vec![campaign_id.into()];
        let mut add = |column: &str, op: &str, value: Value| {
            values.push(value);
            clause.push_str(&format!(" AND {column} {op} ${}", values.len()));
        };
        if let Some(d) = &self.domain {
            add(
                "email_domain_hash",
                "=",
                email_domain_hash(&state.vault, d).into(),
            );
        }
        if let Some(h) = &self.ip_hash {
            add("ip_hash", "=", h.clone().into());
        }
        if let Some(from) = self.from_ms {
            add("created_at", ">=", from.into());
        }
        if let Some(to) = self.to_ms {
            add("created_at", "<", to.into());
        }
        (clause, values)
    }
}

/// How many countable signatures `rule` matches, confirmed and waiting.
pub async fn preview(
    state: &AppState,
    c: &campaign::Model,
    rule: &Rule,
) -> Result<Preview, AppError> {
    let (clause, values) = rule.condition(state, c.id);
    let rows = state
        .db
        .query_all_raw(sql::stmt(
            state.db.get_database_backend(),
            &format!("SELECT state, COUNT(*) AS n FROM signatures WHERE {clause} GROUP BY state"),
            values,
        ))
        .await?;
    let mut preview = Preview::default();
    for r in &rows {
        let (s, n): (String, i64) = (r.try_get("", "state")?, r.try_get("", "n")?);
        if s == crate::domain::SignatureState::Confirmed.as_str() {
            preview.confirmed += n;
        } else {
            preview.pending += n;
        }
    }
    Ok(preview)
}

/// Marks what `rule` matches as suspect and takes the counted ones out of the counts; returns
/// how many it marked. Matching nothing is refused (there would be nothing to undo).
pub async fn apply(
    state: &AppState,
    user: &Authenticated,
    c: &campaign::Model,
    rule: &Rule,
) -> Result<i64, AppError> {
    let (clause, values) = rule.condition(state, c.id);
    let txn = state.db.begin().await?;
    let backend = txn.get_database_backend();
    lock_counts(&txn).await?;
    let row = invalidation::ActiveModel {
        campaign_id: Set(c.id),
        rule: Set(serde_json::to_string(rule)
            .map_err(|e| crate::ssr::error::internal("invalidation rule", &e))?),
        matched: Set(0),
        created_by: Set(Some(user.user_id)),
        created_at: Set(now_ms()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let counted = txn
        .query_all_raw(sql::stmt(
            backend,
            &format!(
                "SELECT country, COUNT(*) AS n FROM signatures WHERE {clause} AND counted = true \
                 GROUP BY country"
            ),
            values.clone(),
        ))
        .await?;
    for r in &counted {
        let (country, n): (String, i64) = (r.try_get("", "country")?, r.try_get("", "n")?);
        txn.execute_raw(sql::stmt(
            backend,
            "UPDATE campaign_counts SET confirmed = confirmed - $1 \
             WHERE campaign_id = $2 AND country = $3",
            [n.into(), c.id.into(), country.into()],
        ))
        .await?;
    }
    let mut update_values = values;
    update_values.push(row.id.into());
    let marked = txn
        .execute_raw(sql::stmt(
            backend,
            &format!(
                "UPDATE signatures SET suspect = true, suspect_reason = 'invalidated', \
                 counted = false, invalidation_id = ${} WHERE {clause}",
                update_values.len()
            ),
            update_values,
        ))
        .await?
        .rows_affected() as i64;
    if marked == 0 {
        txn.rollback().await?;
        return Err(AppError::field("form", "error-rule-matches-nothing"));
    }
    let mut done: invalidation::ActiveModel = row.into();
    done.matched = Set(marked);
    let done = done.update(&txn).await?;
    audit(
        &txn,
        Some(user.user_id),
        "signatures_invalidate",
        &format!("campaign:{}", c.id),
        serde_json::json!({ "invalidation": done.id, "rule": rule, "marked": marked }),
    )
    .await?;
    txn.commit().await?;
    state.counts.invalidate(c.id);
    Ok(marked)
}

/// Undoes invalidation `id` of campaign `c`: its signatures are countable again (the
/// aggregation job counts the confirmed ones within seconds).
pub async fn undo(
    state: &AppState,
    user: &Authenticated,
    c: &campaign::Model,
    id: i64,
) -> Result<u64, AppError> {
    let txn = state.db.begin().await?;
    lock_counts(&txn).await?;
    let row = invalidation::Entity::find_by_id(id)
        .filter(invalidation::Column::CampaignId.eq(c.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.undone_at.is_some() {
        txn.rollback().await?;
        return Err(AppError::field("form", "error-invalidation-undone"));
    }
    let restored = txn
        .execute_raw(sql::stmt(
            txn.get_database_backend(),
            "UPDATE signatures SET suspect = false, suspect_reason = NULL, invalidation_id = NULL \
             WHERE campaign_id = $1 AND invalidation_id = $2",
            [c.id.into(), id.into()],
        ))
        .await?
        .rows_affected();
    let mut undone: invalidation::ActiveModel = row.into();
    undone.undone_at = Set(Some(now_ms()));
    undone.undone_by = Set(Some(user.user_id));
    undone.update(&txn).await?;
    audit(
        &txn,
        Some(user.user_id),
        "signatures_restore",
        &format!("campaign:{}", c.id),
        serde_json::json!({ "invalidation": id, "restored": restored }),
    )
    .await?;
    txn.commit().await?;
    state.counts.invalidate(c.id);
    Ok(restored)
}

/// The campaign's invalidations, newest first.
pub async fn list(
    state: &AppState,
    c: &campaign::Model,
) -> Result<Vec<InvalidationView>, AppError> {
    let rows = invalidation::Entity::find()
        .filter(invalidation::Column::CampaignId.eq(c.id))
        .order_by_desc(invalidation::Column::Id)
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let rule: Rule = serde_json::from_str(&r.rule).unwrap_or_default();
            let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
            InvalidationView {
                id: r.id,
                domain: rule.domain,
                ip_hash: rule.ip_hash,
                from: rule.from_ms.map(at),
                to: rule.to_ms.map(at),
                matched: r.matched,
                created_at: at(r.created_at),
                undone_at: r.undone_at.map(at),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(domain: &str, ip: &str, from: &str, to: &str) -> RuleForm {
        let opt = |v: &str| Some(v.to_owned());
        RuleForm {
            domain: opt(domain),
            ip_hash: opt(ip),
            from: opt(from),
            to: opt(to),
        }
    }

    #[test]
    fn an_empty_form_is_no_rule() {
        assert_eq!(Rule::parse(&RuleForm::default()), Ok(None));
        assert_eq!(Rule::parse(&form(" ", "", "", "")), Ok(None));
    }

    #[test]
    fn rules_are_checked_field_by_field() {
        let rule = Rule::parse(&form("@Mailinator.COM", "", "2026-11-01T10:00", ""))
            .expect("ok")
            .expect("ok");
        assert_eq!(rule.domain.as_deref(), Some("mailinator.com"));
        assert_eq!(rule.from_ms, Some(1_793_527_200_000));
        let Err(AppError::Validation(e)) =
            Rule::parse(&form("no-dot", "short", "yesterday", "2026-11-01T09:00"))
        else {
            panic!("expected errors");
        };
        assert_eq!(e["domain"], ["error-domain-invalid"]);
        assert_eq!(e["ip_hash"], ["error-ip-hash-invalid"]);
        assert_eq!(e["from"], ["error-datetime-invalid"]);
        let Err(AppError::Validation(e)) =
            Rule::parse(&form("", "", "2026-11-01T10:00", "2026-11-01T09:00"))
        else {
            panic!("expected errors");
        };
        assert_eq!(e["to"], ["error-window-order"]);
    }
}
