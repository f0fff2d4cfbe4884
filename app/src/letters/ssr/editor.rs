//! A letter campaign's targets in the editor: legislatures, their party and area filters, and
//! fixed recipients.
use crate::accounts::ssr::{self as accounts, Authenticated};
use crate::campaigns::ssr::editor::ensure_editable;
use crate::domain::{CampaignKind, Locale};
use crate::error::{AppError, FormErrors};
use crate::ssr::entities::campaign;
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

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
        crate::campaigns::ssr::title(
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
        crate::letters::ssr::setup::recipients_directory(&txn, c.id, &c.slug, &title).await?;
    crate::letters::ssr::setup::put_recipient(
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
        &crate::letters::ssr::setup::recipients_slug(&c.slug),
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

/// A letter campaign's part of the editor: every legislature (and whether it is written to),
/// the targets with what each can be narrowed to, and the fixed recipients.
pub async fn editor_part(
    state: &AppState,
    c: &campaign::Model,
) -> Result<crate::letters::views::LetterEditorPart, AppError> {
    use crate::letters::ssr::setup::is_recipients_list;
    use crate::letters::views::TargetView;
    let chosen: Vec<_> = crate::letters::ssr::targets(&state.db, c.id)
        .await?
        .into_iter()
        .filter(|l| !is_recipients_list(l))
        .collect();
    let mut targets = Vec::new();
    for l in &chosen {
        let f = crate::letters::ssr::filters(&state.db, c.id, l.id).await?;
        let parties = crate::directory::ssr::parties(&state.db, l.id)
            .await?
            .into_iter()
            .map(|p| {
                let on = f.parties.contains(&p.external_id);
                (p.external_id, p.name, on)
            })
            .collect();
        let (chosen_areas, other_areas) = crate::directory::ssr::areas(&state.db, l.id)
            .await?
            .into_iter()
            .map(|a| (a.external_id, a.name))
            .partition(|(id, _)| f.areas.contains(id));
        targets.push(TargetView {
            slug: l.slug.clone(),
            name: l.name.clone(),
            parties,
            chosen_areas,
            other_areas,
        });
    }
    let legislatures = crate::directory::ssr::all_legislatures(&state.db)
        .await?
        .into_iter()
        .filter(|l| !is_recipients_list(l))
        .map(|l| {
            let on = chosen.iter().any(|x| x.id == l.id);
            (l.slug, l.name, l.country, on)
        })
        .collect();
    Ok(crate::letters::views::LetterEditorPart {
        legislatures,
        targets,
        recipients: recipients(state, c).await?,
    })
}

/// Whether a letter campaign can go to review: it writes to someone, and its main language has
/// a suggested letter. (The hub checks its own texts first; a missing main text is its error.)
pub async fn ready_for_review(state: &AppState, c: &campaign::Model) -> Result<(), AppError> {
    if crate::letters::ssr::targets(&state.db, c.id)
        .await?
        .is_empty()
    {
        return Err(AppError::field("form", "error-letter-targets-missing"));
    }
    let texts = crate::campaigns::ssr::editor::texts(state, c).await?;
    if let Some(main) = texts.iter().find(|t| t.locale == c.default_locale)
        && (main.letter_subject.is_none() || main.letter_body.is_none())
    {
        return Err(AppError::field("form", "error-letter-text-missing"));
    }
    Ok(())
}
