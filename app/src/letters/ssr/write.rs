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

pub async fn write_view(
    state: &AppState,
    slug: &str,
    locale: Locale,
    legislature: Option<String>,
    postcode: Option<String>,
    area: Option<i64>,
) -> Result<WriteView, AppError> {
    let p = open_campaign(state, slug).await?;
    let (text, _) = p.text(locale).ok_or(AppError::NotFound)?;
    let all = targets(&state.db, p.campaign.id).await?;
    let chosen = match (&legislature, all.as_slice()) {
        (Some(s), _) => all.iter().find(|l| l.slug == *s),
        (None, [only]) => Some(only),
        _ => None,
    };
    let mut view = WriteView {
        slug: p.campaign.slug.clone(),
        title: text.title.clone(),
        text_locale: Locale::from_code(&text.locale).unwrap_or_default(),
        legislatures: all.iter().cloned().map(target_choice).collect(),
        legislature: chosen.map(|l| l.slug.clone()),
        has_postcodes: false,
        areas: Vec::new(),
        area: None,
        postcode_unknown: false,
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
        (None, [only]) if postcode.is_none() => Some(only.id),
        (area, _) => area,
    };
    let found = match (
        area,
        postcode.as_deref().map(str::trim).filter(|p| !p.is_empty()),
    ) {
        (Some(id), _) => {
            crate::ssr::entities::area::Entity::find_by_id(id)
                .filter(crate::ssr::entities::area::Column::LegislatureId.eq(l.id))
                .one(&state.db)
                .await?
        }
        (None, Some(code)) => {
            let a = crate::directory::ssr::postcodes::area_for(&state.db, l.id, code).await?;
            view.postcode_unknown = a.is_none();
            if a.is_some() {
                view.postcode = code.to_uppercase();
            }
            a
        }
        (None, None) => None,
    };
    let found = match found {
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
