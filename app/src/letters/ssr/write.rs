//! The writing page: the campaign's open text, the area found by postcode or picked, its
//! representatives and the suggested letter addressed to them.
use super::targets::{filters, names, recipients, target_choice, targets};
use super::text::{fill, without_sign_off};
use crate::domain::Locale;
use crate::error::AppError;
use crate::letters::views::{RecipientView, WriteView};
use crate::ssr::sql;
use crate::ssr::state::AppState;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// An open letter campaign and its text in `locale` (else its main language's).
pub(super) async fn open_campaign(
    state: &AppState,
    slug: &str,
) -> Result<std::sync::Arc<crate::campaigns::ssr::Published>, AppError> {
    let p = state
        .campaigns
        .published(&state.db, slug)
        .await?
        .filter(|p| p.campaign.campaign_kind() == crate::domain::CampaignKind::Letter)
        .ok_or(AppError::NotFound)?;
    if !p.campaign.takes_part_at(chrono::Utc::now()) {
        return Err(AppError::field("form", "error-campaign-closed"));
    }
    Ok(p)
}

/// The vault purpose of the postcode carried from the lookup to the writing page.
const FOUND_PURPOSE: &str = "letters.found_postcode";

/// The legislature a form or link names, or the campaign's only one.
fn chosen<'a>(
    all: &'a [crate::ssr::entities::legislature::Model],
    legislature: Option<&str>,
) -> Option<&'a crate::ssr::entities::legislature::Model> {
    match (legislature.filter(|s| !s.is_empty()), all) {
        (Some(s), _) => all.iter().find(|l| l.slug == s),
        (None, [only]) => Some(only),
        _ => None,
    }
}

/// Finds the area of a postcode and answers with the writing page's path for it. The postcode
/// is posted, never put in a URL in the clear (URLs end up in logs, histories and Referer
/// headers): the writing page gets the area's id, and the postcode only sealed (`found`), to
/// sign the letter with. An empty postcode leads to the list of areas.
pub async fn find_area(
    state: &AppState,
    slug: &str,
    legislature: Option<&str>,
    postcode: &str,
) -> Result<String, AppError> {
    let p = open_campaign(state, slug).await?;
    let all = targets(&state.db, p.campaign.id).await?;
    let l = chosen(&all, legislature).ok_or(AppError::NotFound)?;
    // Both are slugs: nothing to escape.
    let mut path = format!(
        "/campaigns/{}/write?legislature={}",
        p.campaign.slug, l.slug
    );
    let code = postcode.trim().to_uppercase();
    if code.is_empty() {
        return Ok(path);
    }
    let area = if code.chars().count() <= 12 {
        crate::directory::ssr::postcodes::area_for(&state.db, l.id, &code).await?
    } else {
        None
    };
    let area = area.ok_or_else(|| AppError::field("postcode", "letter-postcode-unknown"))?;
    let found = state.vault.seal_str(FOUND_PURPOSE, &code);
    path.push_str(&format!("&area={}&found={found}", area.id));
    Ok(path)
}

pub async fn write_view(
    state: &AppState,
    slug: &str,
    locale: Locale,
    legislature: Option<String>,
    found: Option<String>,
    area: Option<i64>,
) -> Result<WriteView, AppError> {
    let p = open_campaign(state, slug).await?;
    let (text, _) = p.text(locale).ok_or(AppError::NotFound)?;
    let all = targets(&state.db, p.campaign.id).await?;
    let chosen = chosen(&all, legislature.as_deref());
    let mut view = WriteView {
        slug: p.campaign.slug.clone(),
        title: text.title.clone(),
        text_locale: Locale::from_code(&text.locale).unwrap_or_default(),
        legislatures: all.iter().cloned().map(target_choice).collect(),
        legislature: chosen.map(|l| l.slug.clone()),
        has_postcodes: false,
        areas: Vec::new(),
        area: None,
        postcode: String::new(),
        outside: false,
        recipients: Vec::new(),
        subject: text.letter_subject.clone().unwrap_or_default(),
        body: String::new(),
        guidance: text.letter_guidance.clone().unwrap_or_default(),
        address_required: p.campaign.letter_requires_address,
        form_token: crate::ssr::abuse::form_token::issue(&state.vault),
    };
    let Some(l) = chosen else {
        return Ok(view);
    };
    let f = filters(&state.db, p.campaign.id, l.id).await?;
    view.has_postcodes = state
        .db
        .query_one_raw(sql::stmt(
            state.db.get_database_backend(),
            "SELECT 1 AS one FROM postcodes WHERE legislature_id = $1 LIMIT 1",
            [l.id.into()],
        ))
        .await?
        .is_some();
    let allowed: Vec<crate::ssr::entities::area::Model> =
        crate::directory::ssr::areas(&state.db, l.id)
            .await?
            .into_iter()
            .filter(|a| f.areas.is_empty() || f.areas.contains(&a.external_id))
            .collect();
    let area = match (area, allowed.as_slice()) {
        // One area (a fixed list of recipients, say): nothing to look up.
        (None, [only]) => Some(only.id),
        (area, _) => area,
    };
    let found_area = match area {
        Some(id) => {
            crate::ssr::entities::area::Entity::find_by_id(id)
                .filter(crate::ssr::entities::area::Column::LegislatureId.eq(l.id))
                .one(&state.db)
                .await?
        }
        None => None,
    };
    // The postcode the area was found by, if the link carries one that finds this very area.
    if let (Some(a), Some(code)) = (
        &found_area,
        found.and_then(|f| state.vault.open_str(FOUND_PURPOSE, &f).ok()),
    ) && crate::directory::ssr::postcodes::area_for(&state.db, l.id, &code)
        .await?
        .is_some_and(|by_code| by_code.id == a.id)
    {
        view.postcode = code;
    }
    let found = match found_area {
        Some(a) if !allowed.iter().any(|x| x.id == a.id) => {
            view.outside = true;
            None
        }
        found => found,
    };
    let Some(a) = found else {
        view.areas = allowed.into_iter().map(|a| (a.id, a.name)).collect();
        return Ok(view);
    };
    let reps = recipients(state, a.id, &f).await?;
    if reps.is_empty() && !f.parties.is_empty() {
        // Members here, but none of the parties written to.
        view.outside = true;
        view.areas = allowed.into_iter().map(|a| (a.id, a.name)).collect();
        return Ok(view);
    }
    view.body = fill(
        &without_sign_off(text.letter_body.as_deref().unwrap_or_default()),
        &names(&reps),
        l.member_title.as_deref().unwrap_or_default(),
        "",
        "",
    );
    view.recipients = reps
        .into_iter()
        .map(|(r, party)| RecipientView {
            name: r.name,
            party,
            by_email: r.email.is_some(),
            postal_address: r.postal_address,
        })
        .collect();
    view.area = Some((a.id, a.name));
    Ok(view)
}
