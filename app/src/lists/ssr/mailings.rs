//! Mailings, the organizer's side: write one per language (Markdown), choose its audience, see
//! how many it reaches and what it looks like, send a test to oneself, then send now or at a
//! time; pause, resume or cancel it while it goes; and the figures of every mailing. Admins
//! only (a mailing can reach everyone on every list), every step audited.
use super::audience::{self, Audience};
use super::sending::SendMailing;
use crate::accounts::ssr::Authenticated;
use crate::domain::{CountryCode, Locale, MailingState, RecipientState, SubscriptionState};
use crate::error::{AppError, FormErrors};
use crate::lists::views::{
    Choice, ListAdminRow, ListsAdminView, MailingRow, MailingTextInput, MailingTextView,
    MailingView, Progress,
};
use crate::ssr::entities::{campaign, list, mailing, mailing_text};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};
use std::collections::BTreeMap;

/// The longest subject and body.
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 50_000;

/// Sends mailing `mailing_id`'s text in each of its languages to admin `user_id`, marked as a
/// test (its unsubscribe links lead nowhere).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SendMailingTest {
    pub mailing_id: i64,
    pub user_id: i64,
}

impl crate::ssr::jobs::Job for SendMailingTest {
    const KIND: &'static str = "send_mailing_test";
}

/// Starts the scheduled mailings whose time has come (every minute).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StartScheduledMailings {}

impl crate::ssr::jobs::Job for StartScheduledMailings {
    const KIND: &'static str = "start_scheduled_mailings";
}

/// The composer's form as posted.
#[derive(Debug, Clone, Default)]
pub struct MailingForm {
    /// The lists ticked, by slug.
    pub lists: Vec<String>,
    pub campaign: String,
    pub country: String,
    pub language: String,
    pub default_locale: String,
    pub texts: BTreeMap<String, MailingTextInput>,
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Where mailing `id` stands.
pub async fn progress<C: ConnectionTrait>(db: &C, id: i64) -> Result<Progress, DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT state, COUNT(*) AS n FROM mailing_recipients WHERE mailing_id = $1 \
             GROUP BY state",
            [id.into()],
        ))
        .await?;
    let mut p = Progress {
        state: mailing::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| MailingState::of_stored(&m.state))
            .unwrap_or_default(),
        ..Progress::default()
    };
    for r in rows {
        let state: String = r.try_get("", "state")?;
        let n: i64 = r.try_get("", "n")?;
        p.total += n;
        match RecipientState::of_stored(&state) {
            RecipientState::Sent => p.sent += n,
            RecipientState::Failed => p.failed += n,
            RecipientState::Skipped => p.skipped += n,
            RecipientState::Pending | RecipientState::Sending => p.remaining += n,
        }
    }
    let recent = db
        .query_one_raw(sql::stmt(
            backend,
            "SELECT COUNT(*) AS n FROM mailing_recipients WHERE mailing_id = $1 AND sent_at > $2",
            [id.into(), (now_ms() - 60_000).into()],
        ))
        .await?;
    p.per_minute = recent
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    p.eta_minutes = (p.remaining > 0 && p.per_minute > 0)
        .then(|| (p.remaining + p.per_minute - 1) / p.per_minute);
    Ok(p)
}

/// The lists with their figures, and every mailing, newest first.
pub async fn admin_view(
    state: &AppState,
    me: &Authenticated,
    locale: Locale,
) -> Result<ListsAdminView, AppError> {
    let db = &state.db;
    let backend = db.get_database_backend();
    let lists = list::named(db, locale, false).await?;
    let counts = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT list_id, state, COUNT(*) AS n FROM subscriptions GROUP BY list_id, state",
            [],
        ))
        .await?;
    let count = |id: i64, state: SubscriptionState| -> i64 {
        counts
            .iter()
            .filter(|r| {
                r.try_get::<i64>("", "list_id").ok() == Some(id)
                    && r.try_get::<String>("", "state").ok().as_deref() == Some(state.as_str())
            })
            .filter_map(|r| r.try_get::<i64>("", "n").ok())
            .sum()
    };
    let rows = lists
        .iter()
        .map(|(l, name)| ListAdminRow {
            slug: l.slug.clone(),
            name: name.clone(),
            public: l.public,
            open: l.open(),
            confirmed: count(l.id, SubscriptionState::Confirmed),
            pending: count(l.id, SubscriptionState::Pending),
            unsubscribed: count(l.id, SubscriptionState::Unsubscribed),
        })
        .collect();
    let all = mailing::Entity::find()
        .order_by_desc(mailing::Column::Id)
        .all(db)
        .await?;
    let mut mailings = Vec::with_capacity(all.len());
    for m in all {
        let texts = mailing_text::Entity::find()
            .filter(mailing_text::Column::MailingId.eq(m.id))
            .all(db)
            .await?;
        let subject = texts
            .iter()
            .find(|t| t.locale == locale.code())
            .or_else(|| texts.iter().find(|t| t.locale == m.default_locale))
            .or(texts.first())
            .map(|t| t.subject.clone())
            .unwrap_or_default();
        let list_names: Vec<String> = m
            .list_ids()
            .iter()
            .filter_map(|id| lists.iter().find(|(l, _)| l.id == *id))
            .map(|(_, n)| n.clone())
            .collect();
        mailings.push(MailingRow {
            id: m.id,
            subject,
            state: MailingState::of_stored(&m.state),
            lists: list_names.join(", "),
            when: when(
                m.finished_at
                    .or(m.started_at)
                    .or(m.scheduled_at)
                    .unwrap_or(m.created_at),
            ),
            progress: progress(db, m.id).await?,
        });
    }
    Ok(ListsAdminView {
        public_url: state.public_url.to_string(),
        lists: rows,
        mailings,
        csrf: me.csrf.clone(),
    })
}

/// The composer for mailing `id` (a new one when `None`).
pub async fn view(
    state: &AppState,
    me: &Authenticated,
    id: Option<i64>,
    locale: Locale,
) -> Result<MailingView, AppError> {
    let db = &state.db;
    let m = match id {
        Some(id) => Some(
            mailing::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let texts = match &m {
        Some(m) => {
            mailing_text::Entity::find()
                .filter(mailing_text::Column::MailingId.eq(m.id))
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let chosen_lists = m.as_ref().map(|m| m.list_ids()).unwrap_or_default();
    let lists = list::named(db, locale, false)
        .await?
        .into_iter()
        .filter(|(l, _)| l.open() || chosen_lists.contains(&l.id))
        .map(|(l, name)| Choice {
            chosen: chosen_lists.contains(&l.id),
            slug: l.slug,
            name,
        })
        .collect();
    let campaign_id = m.as_ref().and_then(|m| m.campaign_id);
    let campaigns = campaign::Entity::find()
        .order_by_desc(campaign::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| c.campaign_kind() == crate::domain::CampaignKind::Petition)
        .map(|c| Choice {
            chosen: Some(c.id) == campaign_id,
            name: c.slug.clone(),
            slug: c.slug,
        })
        .collect();
    let texts = Locale::all()
        .map(|l| {
            let t = texts.iter().find(|t| t.locale == l.code());
            MailingTextView {
                locale: l,
                subject: t.map(|t| t.subject.clone()).unwrap_or_default(),
                body: t.map(|t| t.body.clone()).unwrap_or_default(),
                preview_html: t
                    .map(|t| crate::campaigns::ssr::render_markdown(&t.body))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let (audience, progress) = match &m {
        Some(m)
            if MailingState::of_stored(&m.state) == MailingState::Draft
                || MailingState::of_stored(&m.state) == MailingState::Scheduled =>
        {
            (
                audience::count(db, &state.vault, &Audience::of(m)).await?,
                Progress::default(),
            )
        }
        Some(m) => {
            let p = progress(db, m.id).await?;
            (p.total, p)
        }
        None => (0, Progress::default()),
    };
    Ok(MailingView {
        id: m.as_ref().map(|m| m.id),
        state: m
            .as_ref()
            .map(|m| MailingState::of_stored(&m.state))
            .unwrap_or_default(),
        lists,
        campaigns,
        country: m.as_ref().map(|m| m.country.clone()).unwrap_or_default(),
        language: m.as_ref().map(|m| m.language.clone()).unwrap_or_default(),
        default_locale: m
            .as_ref()
            .and_then(|m| Locale::from_code(&m.default_locale))
            .unwrap_or(locale),
        texts,
        audience,
        progress,
        scheduled_at: m
            .as_ref()
            .and_then(|m| m.scheduled_at)
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|d| d.format("%Y-%m-%dT%H:%M").to_string()),
        csrf: me.csrf.clone(),
    })
}

/// Checks the form; the audience's ids and the texts to keep.
async fn validate(
    state: &AppState,
    form: &MailingForm,
) -> Result<
    (
        Vec<i64>,
        Option<i64>,
        Locale,
        Vec<(Locale, MailingTextInput)>,
    ),
    AppError,
> {
    let db = &state.db;
    let mut errors = FormErrors::new();
    let all = list::Entity::find().all(db).await?;
    let mut list_ids = Vec::new();
    for slug in &form.lists {
        match all.iter().find(|l| &l.slug == slug) {
            Some(l) => list_ids.push(l.id),
            None => errors.add("lists", "error-list-unknown"),
        }
    }
    if form.lists.is_empty() {
        errors.add("lists", "error-mailing-no-list");
    }
    list_ids.sort_unstable();
    list_ids.dedup();
    let campaign_id = match form.campaign.trim() {
        "" => None,
        slug => {
            let found = campaign::Entity::find()
                .filter(campaign::Column::Slug.eq(slug))
                .one(db)
                .await?;
            if found.is_none() {
                errors.add("campaign", "error-mailing-campaign");
            }
            found.map(|c| c.id)
        }
    };
    if !form.country.trim().is_empty() && CountryCode::parse(form.country.trim()).is_none() {
        errors.add("country", "error-country-invalid");
    }
    if !form.language.trim().is_empty() && Locale::from_code(form.language.trim()).is_none() {
        errors.add("language", "error-language-invalid");
    }
    let default = Locale::from_code(&form.default_locale);
    if default.is_none() {
        errors.add("default_locale", "error-language-invalid");
    }
    let mut texts = Vec::new();
    for (code, t) in &form.texts {
        let Some(locale) = Locale::from_code(code) else {
            continue;
        };
        let (subject, body) = (t.subject.trim(), t.body.trim());
        if subject.is_empty() && body.is_empty() {
            continue;
        }
        let field = |f: &str| format!("texts[{code}][{f}]");
        if subject.is_empty() {
            errors.add(&field("subject"), "error-mailing-subject");
        }
        if subject.chars().count() > SUBJECT_MAX || subject.contains(['\r', '\n']) {
            errors.add(&field("subject"), "error-mailing-subject-long");
        }
        if body.is_empty() {
            errors.add(&field("body"), "error-mailing-body");
        }
        if body.chars().count() > BODY_MAX {
            errors.add(&field("body"), "error-mailing-body-long");
        }
        texts.push((
            locale,
            MailingTextInput {
                subject: subject.to_owned(),
                body: body.to_owned(),
            },
        ));
    }
    if let Some(d) = default
        && !texts.iter().any(|(l, _)| *l == d)
    {
        let code = d.code();
        errors.add(
            &format!("texts[{code}][subject]"),
            "error-mailing-default-text",
        );
    }
    errors.finish()?;
    let default = default.ok_or(AppError::Internal)?;
    Ok((list_ids, campaign_id, default, texts))
}

/// Saves the composer (a new mailing, or a draft or scheduled one); returns its id.
pub async fn save(
    state: &AppState,
    me: &Authenticated,
    id: Option<i64>,
    form: MailingForm,
) -> Result<i64, AppError> {
    let (list_ids, campaign_id, default, texts) = validate(state, &form).await?;
    let lists = list_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let txn = state.db.begin().await?;
    let id = match id {
        Some(id) => {
            let m = mailing::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            if !matches!(
                MailingState::of_stored(&m.state),
                MailingState::Draft | MailingState::Scheduled
            ) {
                return Err(AppError::field("form", "error-mailing-not-editable"));
            }
            let mut row: mailing::ActiveModel = m.into();
            row.lists = Set(lists);
            row.campaign_id = Set(campaign_id);
            row.country = Set(form.country.trim().to_uppercase());
            row.language = Set(form.language.trim().to_owned());
            row.default_locale = Set(default.code().to_owned());
            row.update(&txn).await?;
            mailing_text::Entity::delete_many()
                .filter(mailing_text::Column::MailingId.eq(id))
                .exec(&txn)
                .await?;
            id
        }
        None => {
            mailing::ActiveModel {
                state: Set(MailingState::Draft.as_str().to_owned()),
                lists: Set(lists),
                campaign_id: Set(campaign_id),
                country: Set(form.country.trim().to_uppercase()),
                language: Set(form.language.trim().to_owned()),
                default_locale: Set(default.code().to_owned()),
                scheduled_at: Set(None),
                created_by: Set(Some(me.user_id)),
                created_at: Set(now_ms()),
                started_at: Set(None),
                finished_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    for (locale, t) in texts {
        mailing_text::ActiveModel {
            mailing_id: Set(id),
            locale: Set(locale.code().to_owned()),
            subject: Set(t.subject),
            body: Set(t.body),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    crate::accounts::ssr::audit(
        &txn,
        Some(me.user_id),
        "mailing.save",
        &format!("mailing:{id}"),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn find(state: &AppState, id: i64) -> Result<mailing::Model, AppError> {
    mailing::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Queues a test of mailing `id` to the admin's own address.
pub async fn send_test(state: &AppState, me: &Authenticated, id: i64) -> Result<(), AppError> {
    find(state, id).await?;
    crate::ssr::jobs::enqueue(
        &state.db,
        &SendMailingTest {
            mailing_id: id,
            user_id: me.user_id,
        },
    )
    .await?;
    Ok(())
}

/// Freezes mailing `mailing_id`'s audience into its recipients, then queues its first batch:
/// the worker's part of starting a mailing (the audience can be a million rows, or need every
/// candidate's address opened for a campaign's signers — not work for a request).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FreezeAudience {
    pub mailing_id: i64,
}

impl crate::ssr::jobs::Job for FreezeAudience {
    const KIND: &'static str = "freeze_mailing_audience";
}

/// Runs [`FreezeAudience`]: once, in one transaction with the first batch's job (a retry after
/// a failure writes the same rows). A mailing cancelled before its turn is left alone.
pub async fn freeze(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    mailing_id: i64,
) -> Result<(), DbErr> {
    let Some(m) = mailing::Entity::find_by_id(mailing_id).one(db).await? else {
        return Ok(());
    };
    if !matches!(
        MailingState::of_stored(&m.state),
        MailingState::Sending | MailingState::Paused
    ) {
        return Ok(());
    }
    let txn = db.begin().await?;
    let n = audience::freeze(&txn, vault, m.id, &Audience::of(&m)).await?;
    crate::ssr::jobs::enqueue(&txn, &SendMailing { mailing_id: m.id }).await?;
    txn.commit().await?;
    tracing::info!(mailing = m.id, recipients = n, "mailing audience frozen");
    Ok(())
}

/// Starts sending now: the mailing moves to `sending` and the worker freezes its audience, then
/// sends. From a draft, a scheduled mailing whose time came, or one scheduled that the admin
/// sends at once. False when it had already started.
pub async fn start_now<C: ConnectionTrait>(db: &C, m: &mailing::Model) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let moved = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE mailings SET state = 'sending', started_at = $2 WHERE id = $1 \
             AND state IN ('draft', 'scheduled')",
            [m.id.into(), now_ms().into()],
        ))
        .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    crate::ssr::jobs::enqueue(db, &FreezeAudience { mailing_id: m.id }).await?;
    Ok(true)
}

/// Sends mailing `id` now (`at` empty) or schedules it for `at` (`YYYY-MM-DDTHH:MM`, UTC).
pub async fn send(state: &AppState, me: &Authenticated, id: i64, at: &str) -> Result<(), AppError> {
    let m = find(state, id).await?;
    if !matches!(
        MailingState::of_stored(&m.state),
        MailingState::Draft | MailingState::Scheduled
    ) {
        return Err(AppError::field("form", "error-mailing-not-editable"));
    }
    if m.list_ids().is_empty() {
        return Err(AppError::field("form", "error-mailing-no-list"));
    }
    let txn = state.db.begin().await?;
    let detail = match at.trim() {
        "" => {
            start_now(&txn, &m).await?;
            serde_json::json!({"at": "now"})
        }
        at => {
            let when = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M")
                .ok()
                .map(|d| d.and_utc().timestamp_millis())
                .filter(|t| *t > now_ms())
                .ok_or_else(|| AppError::field("at", "error-mailing-when"))?;
            let mut row: mailing::ActiveModel = m.into();
            row.state = Set(MailingState::Scheduled.as_str().to_owned());
            row.scheduled_at = Set(Some(when));
            row.update(&txn).await?;
            serde_json::json!({"at": at})
        }
    };
    crate::accounts::ssr::audit(
        &txn,
        Some(me.user_id),
        "mailing.send",
        &format!("mailing:{id}"),
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Pauses, resumes or cancels mailing `id`.
pub async fn control(
    state: &AppState,
    me: &Authenticated,
    id: i64,
    what: &str,
) -> Result<(), AppError> {
    let (from, to): (&[&str], MailingState) = match what {
        "pause" => (&["sending"], MailingState::Paused),
        "resume" => (&["paused"], MailingState::Sending),
        "cancel" => (&["sending", "paused", "scheduled"], MailingState::Cancelled),
        _ => return Err(AppError::NotFound),
    };
    let m = find(state, id).await?;
    if !from.contains(&m.state.as_str()) {
        return Err(AppError::field("form", "error-mailing-state"));
    }
    let txn = state.db.begin().await?;
    let backend = txn.get_database_backend();
    let mut values: Vec<sea_orm::Value> = vec![id.into(), to.as_str().into()];
    values.extend(from.iter().map(|s| sea_orm::Value::from(*s)));
    let moved = txn
        .execute_raw(sql::stmt(
            backend,
            &format!(
                "UPDATE mailings SET state = $2 WHERE id = $1 AND state IN ({})",
                sql::params(3, from.len())
            ),
            values,
        ))
        .await?;
    if moved.rows_affected() == 1 {
        match to {
            MailingState::Sending => {
                crate::ssr::jobs::enqueue(&txn, &SendMailing { mailing_id: id }).await?;
            }
            MailingState::Cancelled => {
                txn.execute_raw(sql::stmt(
                    backend,
                    "UPDATE mailing_recipients SET state = 'skipped' WHERE mailing_id = $1 \
                     AND state = 'pending'",
                    [id.into()],
                ))
                .await?;
                txn.execute_raw(sql::stmt(
                    backend,
                    "UPDATE mailings SET finished_at = $2 WHERE id = $1",
                    [id.into(), now_ms().into()],
                ))
                .await?;
            }
            _ => {}
        }
        crate::accounts::ssr::audit(
            &txn,
            Some(me.user_id),
            &format!("mailing.{what}"),
            &format!("mailing:{id}"),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Starts every scheduled mailing whose time has come; returns how many.
pub async fn start_due(db: &sea_orm::DatabaseConnection) -> Result<usize, AppError> {
    let due = mailing::Entity::find()
        .filter(mailing::Column::State.eq(MailingState::Scheduled.as_str()))
        .filter(mailing::Column::ScheduledAt.lte(now_ms()))
        .all(db)
        .await?;
    let mut started = 0;
    for m in due {
        let txn = db.begin().await?;
        if start_now(&txn, &m).await? {
            started += 1;
        }
        txn.commit().await?;
    }
    Ok(started)
}
