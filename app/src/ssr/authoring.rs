//! Writing campaigns in the browser and reviewing them. The lifecycle: an organizer creates a
//! draft, writes its texts (any subset of the languages; the default one is required), and
//! submits it; an admin approves it (it opens) or rejects it with a reason code and a note (the
//! organizer edits and submits again). Only drafts and rejected campaigns can be edited.
//! Callers have been authorised (`ssr::auth`); every step is audited.
use crate::accounts::ssr::{self as accounts, Authenticated};
use crate::domain::{CampaignKind, CampaignState, Locale, Slug, letter_text};
use crate::error::{AppError, FormErrors};
use crate::ssr::campaigns::TEXT_FIELDS;
use crate::ssr::entities::{campaign, campaign_translation};
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

/// Slugs that would shadow an admin page.
const RESERVED_SLUGS: [&str; 2] = ["new", "admin"];

pub fn editable(c: &campaign::Model) -> bool {
    c.campaign_state().editable()
}

pub fn ensure_editable(c: &campaign::Model) -> Result<(), AppError> {
    if editable(c) {
        Ok(())
    } else {
        Err(AppError::field("form", "error-campaign-not-editable"))
    }
}

/// Any campaign by slug, whatever its state (the admin area sees drafts too).
pub async fn find(state: &AppState, slug: &str) -> Result<campaign::Model, AppError> {
    campaign::Entity::find()
        .filter(campaign::Column::Slug.eq(slug))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn texts(
    state: &AppState,
    c: &campaign::Model,
) -> Result<Vec<campaign_translation::Model>, AppError> {
    Ok(campaign_translation::Entity::find()
        .filter(campaign_translation::Column::CampaignId.eq(c.id))
        .order_by_asc(campaign_translation::Column::Id)
        .all(&state.db)
        .await?)
}

/// Creates a draft petition or letter campaign (`kind`) owned by `user`; returns its slug.
pub async fn create(
    state: &AppState,
    user: &Authenticated,
    slug: &str,
    default_locale: &str,
    kind: &str,
) -> Result<String, AppError> {
    let mut errors = FormErrors::new();
    let kind = match kind {
        "" => CampaignKind::Petition,
        k => CampaignKind::parse(k).unwrap_or_else(|| {
            errors.add("kind", "error-kind-invalid");
            CampaignKind::Petition
        }),
    };
    let slug = Slug::parse(slug.trim())
        .ok()
        .filter(|s| !RESERVED_SLUGS.contains(&s.as_str()));
    if slug.is_none() {
        errors.add("slug", "error-slug-invalid");
    }
    let locale = Locale::from_code(default_locale);
    if locale.is_none() {
        errors.add("default_locale", "error-language-invalid");
    }
    let (Some(slug), Some(locale)) = (slug, locale) else {
        return Err(errors.into());
    };
    errors.finish()?;
    let txn = state.db.begin().await?;
    let inserted = campaign::ActiveModel {
        slug: Set(slug.as_str().to_owned()),
        kind: Set(kind.as_str().to_owned()),
        state: Set(CampaignState::Draft.as_str().into()),
        default_locale: Set(locale.code().to_owned()),
        goal: Set(None),
        closes_at: Set(None),
        requires_postcode: Set(false),
        letter_requires_address: Set(false),
        closed_at: Set(None),
        created_at: Set(chrono::Utc::now()),
        owner_id: Set(Some(user.user_id)),
        submitted_at: Set(None),
        review_reason: Set(None),
        review_note: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match inserted {
        Ok(row) => row,
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(AppError::field("slug", "error-slug-taken"));
        }
        Err(e) => return Err(e.into()),
    };
    accounts::audit(
        &txn,
        Some(user.user_id),
        "campaign_create",
        &format!("campaign:{}", row.id),
        serde_json::json!({ "slug": row.slug }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.slug)
}

/// The editor's settings, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub goal: Option<i64>,
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    pub requires_postcode: bool,
    pub letter_digest: bool,
    pub letter_requires_address: bool,
}

/// Checks the settings as the editor sent them; errors are keyed by field (`goal`, `closes_on`).
pub fn parse_settings(
    goal: &str,
    closes_on: &str,
    [requires_postcode, letter_digest, letter_requires_address]: [bool; 3],
    errors: &mut FormErrors,
) -> Option<Settings> {
    let before = errors.len();
    let goal = match goal.trim() {
        "" => None,
        g => match g.replace([',', ' ', '\u{a0}'], "").parse::<i64>() {
            Ok(n) if (1..=1_000_000_000).contains(&n) => Some(n),
            _ => {
                errors.add("goal", "error-goal-invalid");
                None
            }
        },
    };
    let closes_at = match closes_on.trim() {
        "" => None,
        d => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .map(|d| d.and_utc())
            .filter(|d| *d > chrono::Utc::now())
        {
            Some(d) => Some(d),
            None => {
                errors.add("closes_on", "error-date-invalid");
                None
            }
        },
    };
    (errors.len() == before).then_some(Settings {
        goal,
        closes_at,
        requires_postcode,
        letter_digest,
        letter_requires_address,
    })
}

/// A letter campaign's suggested letter: subject, body, guidance, with their longest lengths.
pub const LETTER_FIELDS: [(&str, usize); 3] = [
    ("letter_subject", letter_text::SUBJECT_MAX),
    ("letter_body", *letter_text::BODY_CHARS.end()),
    ("letter_guidance", 2_000),
];

/// The longest image description.
pub const IMAGE_ALT_MAX: usize = 300;

/// The campaign's text in one language as the editor sent it: title, summary, addressee, body
/// (Markdown), the image description and, for letter campaigns, the suggested letter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub values: [String; 4],
    pub image_alt: String,
    pub letter: [String; 3],
}

impl Text {
    fn is_blank(&self) -> bool {
        self.values
            .iter()
            .chain(std::iter::once(&self.image_alt))
            .chain(self.letter.iter())
            .all(|v| v.trim().is_empty())
    }
}

/// Checks one language's text; errors are keyed `texts[<code>][<field>]`, the editor's field
/// names, so each shows next to its own field.
fn check_text(code: &str, text: &Text, errors: &mut FormErrors) {
    let mut add = |field: &str, key: &str| errors.add(&format!("texts[{code}][{field}]"), key);
    for ((field, max), value) in TEXT_FIELDS.into_iter().zip(&text.values) {
        if value.trim().is_empty() {
            add(field, "error-text-missing");
        } else if value.chars().count() > max {
            add(field, "error-text-too-long");
        }
    }
    if text.image_alt.chars().count() > IMAGE_ALT_MAX {
        add("image_alt", "error-text-too-long");
    }
    for ((field, max), value) in LETTER_FIELDS.into_iter().zip(&text.letter) {
        if value.chars().count() > max {
            add(field, "error-text-too-long");
        }
    }
}

/// Saves what the editor page holds — the settings (if sent) and the text in each language it
/// sent — all or nothing: any mistake anywhere saves nothing, and the page shows every mistake
/// next to its field with everything typed still there. A language left entirely blank that
/// was never written is skipped; one written before must stay complete.
pub async fn save(
    state: &AppState,
    c: campaign::Model,
    settings: Option<Settings>,
    sent: Vec<(String, Text)>,
    mut errors: FormErrors,
) -> Result<(), AppError> {
    ensure_editable(&c)?;
    // Read before the transaction: on SQLite a transaction must write first (docs/decisions.md).
    let saved = texts(state, &c).await?;
    let mut valid = Vec::new();
    for (code, text) in sent {
        let Some(locale) = Locale::from_code(&code).filter(|l| l.code() == code) else {
            return Err(AppError::field("form", "error-language-invalid"));
        };
        if text.is_blank() && !saved.iter().any(|t| t.locale == code) {
            continue;
        }
        check_text(&code, &text, &mut errors);
        valid.push((locale, text));
    }
    errors.finish()?;
    let letter = c.campaign_kind() == CampaignKind::Letter;
    let txn = state.db.begin().await?;
    for (locale, text) in valid {
        let existing = saved.iter().find(|t| t.locale == locale.code()).cloned();
        let mut row = match existing {
            Some(t) => t.into(),
            None => campaign_translation::ActiveModel {
                campaign_id: Set(c.id),
                locale: Set(locale.code().to_owned()),
                ..Default::default()
            },
        };
        let [title, summary, addressee, body] = &text.values;
        row.title = Set(title.trim().to_owned());
        row.summary = Set(summary.trim().to_owned());
        row.addressee = Set(addressee.trim().to_owned());
        row.body = Set(body.to_owned());
        let image_alt = text.image_alt.trim();
        row.image_alt = Set((!image_alt.is_empty()).then(|| image_alt.to_owned()));
        if letter {
            let given = |v: &String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
            let [subject, body, guidance] = &text.letter;
            row.letter_subject = Set(given(subject));
            row.letter_body = Set(given(body));
            row.letter_guidance = Set(given(guidance));
        }
        row.save(&txn).await?;
    }
    if let Some(s) = settings {
        let mut row: campaign::ActiveModel = c.into();
        row.goal = Set(s.goal);
        row.closes_at = Set(s.closes_at);
        row.requires_postcode = Set(s.requires_postcode);
        row.letter_digest = Set(s.letter_digest && letter);
        row.letter_requires_address = Set(s.letter_requires_address && letter);
        row.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sends a draft (or a rejected campaign, edited) to the admins.
pub async fn submit(
    state: &AppState,
    user: &Authenticated,
    c: campaign::Model,
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
    if c.campaign_kind() == CampaignKind::Letter {
        if crate::letters::ssr::targets(&state.db, c.id)
            .await?
            .is_empty()
        {
            return Err(AppError::field("form", "error-letter-targets-missing"));
        }
        if main.letter_subject.is_none() || main.letter_body.is_none() {
            return Err(AppError::field("form", "error-letter-text-missing"));
        }
    }
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
        let title = crate::ssr::campaigns::pick(&texts, locale, &c.default_locale)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| c.slug.clone());
        out.push((c.slug, title, c.submitted_at.unwrap_or_default()));
    }
    Ok(out)
}

/// The people who run `c`: its owner first (if it has one; command-line campaigns do not), then
/// those it was shared with: address and whether it is the owner.
pub async fn team(state: &AppState, c: &campaign::Model) -> Result<Vec<(String, bool)>, AppError> {
    use crate::ssr::entities::user;
    let backend = sea_orm::ConnectionTrait::get_database_backend(&state.db);
    let members: Vec<i64> = sea_orm::ConnectionTrait::query_all_raw(
        &state.db,
        crate::ssr::sql::stmt(
            backend,
            "SELECT user_id FROM campaign_members WHERE campaign_id = $1 ORDER BY user_id",
            [c.id.into()],
        ),
    )
    .await?
    .iter()
    .filter_map(|r| r.try_get::<i64>("", "user_id").ok())
    .collect();
    let ids: Vec<i64> = c.owner_id.into_iter().chain(members).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(&state.db)
        .await?;
    Ok(ids
        .into_iter()
        .filter_map(|id| users.iter().find(|u| u.id == id))
        .map(|u| {
            (
                accounts::email_of(&state.vault, u),
                Some(u.id) == c.owner_id,
            )
        })
        .collect())
}

/// Lets the organizer with `email` run `c` too (`share`), or no longer (`!share`).
pub async fn share(
    state: &AppState,
    by: &Authenticated,
    c: &campaign::Model,
    email: &str,
    share: bool,
) -> Result<(), AppError> {
    let email = crate::domain::Email::parse(email)
        .map_err(|e| AppError::field("email", e.message_key()))?;
    let Some(u) = accounts::find_active(&state.db, &state.vault, &email).await? else {
        return Err(AppError::field("email", "error-no-such-user"));
    };
    if Some(u.id) == c.owner_id {
        return Err(AppError::field("email", "error-already-owner"));
    }
    let backend = sea_orm::ConnectionTrait::get_database_backend(&state.db);
    let txn = state.db.begin().await?;
    let sql = if share {
        "INSERT INTO campaign_members (campaign_id, user_id) VALUES ($1, $2) \
         ON CONFLICT (campaign_id, user_id) DO NOTHING"
    } else {
        "DELETE FROM campaign_members WHERE campaign_id = $1 AND user_id = $2"
    };
    sea_orm::ConnectionTrait::execute_raw(
        &txn,
        crate::ssr::sql::stmt(backend, sql, [c.id.into(), u.id.into()]),
    )
    .await?;
    accounts::audit(
        &txn,
        Some(by.user_id),
        if share {
            "campaign_share"
        } else {
            "campaign_unshare"
        },
        &format!("campaign:{}", c.id),
        serde_json::json!({ "user": u.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
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

/// A letter campaign that can still be changed.
fn ensure_letter_editable(c: &campaign::Model) -> Result<(), AppError> {
    ensure_editable(c)?;
    if c.campaign_kind() != CampaignKind::Letter {
        return Err(AppError::field("form", "error-state-change"));
    }
    Ok(())
}

/// The legislature of short name `slug`, or the error that says it is not imported.
async fn known_legislature(
    state: &AppState,
    slug: &str,
) -> Result<crate::ssr::entities::legislature::Model, AppError> {
    crate::directory::ssr::legislature(&state.db, slug)
        .await?
        .ok_or_else(|| AppError::field("form", "error-legislature-unknown"))
}

/// Adds legislature `legislature` (a short name) to a letter campaign's targets, or removes it.
pub async fn set_target(
    state: &AppState,
    user: &Authenticated,
    c: &campaign::Model,
    legislature: &str,
    add: bool,
) -> Result<(), AppError> {
    ensure_letter_editable(c)?;
    let l = known_legislature(state, legislature).await?;
    use sea_orm::ConnectionTrait;
    let backend = state.db.get_database_backend();
    let txn = state.db.begin().await?;
    txn.execute_raw(crate::ssr::sql::stmt(
        backend,
        "DELETE FROM campaign_targets WHERE campaign_id = $1 AND legislature_id = $2",
        [c.id.into(), l.id.into()],
    ))
    .await?;
    if add {
        txn.execute_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO campaign_targets (campaign_id, legislature_id) VALUES ($1, $2)",
            [c.id.into(), l.id.into()],
        ))
        .await?;
    }
    accounts::audit(
        &txn,
        Some(user.user_id),
        if add {
            "campaign_target_add"
        } else {
            "campaign_target_remove"
        },
        &format!("campaign:{}", c.id),
        serde_json::json!({ "legislature": l.slug }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Narrows a target legislature to some of its members: adds (or, `add = false`, removes) a
/// party (`kind = "party"`) or an area (`kind = "area"`), by the source's id. A target with no
/// party and no area writes to every member.
pub async fn set_target_filter(
    state: &AppState,
    user: &Authenticated,
    c: &campaign::Model,
    legislature: &str,
    kind: &str,
    value: &str,
    add: bool,
) -> Result<(), AppError> {
    use crate::ssr::entities::{area, party};
    use sea_orm::ConnectionTrait;
    ensure_letter_editable(c)?;
    let l = known_legislature(state, legislature).await?;
    let (column, known) = match kind {
        "party" => (
            "parties",
            party::Entity::find()
                .filter(party::Column::LegislatureId.eq(l.id))
                .filter(party::Column::ExternalId.eq(value))
                .one(&state.db)
                .await?
                .is_some(),
        ),
        "area" => (
            "areas",
            area::Entity::find()
                .filter(area::Column::LegislatureId.eq(l.id))
                .filter(area::Column::ExternalId.eq(value))
                .one(&state.db)
                .await?
                .is_some(),
        ),
        _ => ("", false),
    };
    if !known {
        return Err(AppError::field("form", "error-filter-unknown"));
    }
    let backend = state.db.get_database_backend();
    let txn = state.db.begin().await?;
    // Writes first (and finds out whether it is a target at all).
    let target = txn
        .execute_raw(crate::ssr::sql::stmt(
            backend,
            &format!(
                "UPDATE campaign_targets SET {column} = {column} \
                 WHERE campaign_id = $1 AND legislature_id = $2"
            ),
            [c.id.into(), l.id.into()],
        ))
        .await?
        .rows_affected();
    if target == 0 {
        txn.rollback().await?;
        return Err(AppError::field("form", "error-filter-not-target"));
    }
    let f = crate::letters::ssr::filters(&txn, c.id, l.id).await?;
    let mut list = if kind == "party" { f.parties } else { f.areas };
    list.retain(|v| v != value);
    if add {
        list.push(value.to_owned());
        list.sort();
    }
    let stored: Option<String> = (!list.is_empty())
        .then(|| serde_json::to_string(&list))
        .transpose()
        .map_err(|e| crate::ssr::error::internal("target filter", &e))?;
    txn.execute_raw(crate::ssr::sql::stmt(
        backend,
        &format!(
            "UPDATE campaign_targets SET {column} = $1 WHERE campaign_id = $2 AND legislature_id = $3"
        ),
        [stored.into(), c.id.into(), l.id.into()],
    ))
    .await?;
    accounts::audit(
        &txn,
        Some(user.user_id),
        "campaign_target_filter",
        &format!("campaign:{}", c.id),
        serde_json::json!({ "legislature": l.slug, "filter": kind, "value": value, "add": add }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a fixed recipient to a letter campaign (a ministry, a committee: written to whatever
/// the writer's area), or (`add = false`) stops writing to them.
pub async fn set_recipient(
    state: &AppState,
    user: &Authenticated,
    c: &campaign::Model,
    name: &str,
    email: &str,
    add: bool,
) -> Result<(), AppError> {
    use sea_orm::ConnectionTrait;
    ensure_letter_editable(c)?;
    let mut errors = FormErrors::new();
    let name = name.trim();
    errors.require(
        !add || (!name.is_empty() && name.chars().count() <= 200),
        "recipient_name",
        "error-recipient-name",
    );
    let email = errors.check(
        "recipient_email",
        crate::domain::Email::parse(email).map_err(|e| e.message_key()),
    );
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(errors.into());
    };
    let title = Some(
        crate::ssr::campaigns::title(
            &state.db,
            c,
            Locale::from_code(&c.default_locale).unwrap_or_default(),
        )
        .await?,
    )
    .filter(|t| !t.is_empty())
    .unwrap_or_else(|| c.slug.clone());
    let backend = state.db.get_database_backend();
    let txn = state.db.begin().await?;
    // Writes first: the campaign's row is the lock.
    txn.execute_raw(crate::ssr::sql::stmt(
        backend,
        "UPDATE campaigns SET id = id WHERE id = $1",
        [c.id.into()],
    ))
    .await?;
    let (legislature, area) =
        crate::ssr::campaigns::recipients_directory(&txn, c.id, &c.slug, &title).await?;
    crate::ssr::campaigns::put_recipient(
        &txn,
        legislature,
        area,
        if add { name } else { "" },
        email.as_str(),
        add,
    )
    .await?;
    accounts::audit(
        &txn,
        Some(user.user_id),
        if add {
            "campaign_recipient_add"
        } else {
            "campaign_recipient_remove"
        },
        &format!("campaign:{}", c.id),
        serde_json::json!({ "recipient": email.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A letter campaign's fixed recipients still written to: name and address.
pub async fn recipients(
    state: &AppState,
    c: &campaign::Model,
) -> Result<Vec<(String, String)>, AppError> {
    use crate::ssr::entities::representative;
    let Some(l) = crate::directory::ssr::legislature(
        &state.db,
        &crate::ssr::campaigns::recipients_slug(&c.slug),
    )
    .await?
    else {
        return Ok(Vec::new());
    };
    Ok(representative::Entity::find()
        .filter(representative::Column::LegislatureId.eq(l.id))
        .filter(representative::Column::Serving.eq(true))
        .order_by_asc(representative::Column::SortName)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|r| (r.name, r.email.unwrap_or_default()))
        .collect())
}
