//! A legislature as named on the command line or the admin page, created or updated.
use super::queries::legislature;
use crate::domain::CountryCode;
use crate::ssr::entities::legislature;
use crate::ssr::time::now_ms;
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, Set};

/// A legislature as named on the command line or the admin page.
#[derive(Debug, Clone, Default)]
pub struct LegislatureSpec {
    pub slug: String,
    /// Needed to create it; kept when it exists and none is given.
    pub country: Option<String>,
    pub name: Option<String>,
    pub term: Option<String>,
    pub source: Option<String>,
    pub as_of: Option<String>,
    /// What members are called after their name ("MP"); kept when none is given.
    pub title: Option<String>,
}

/// Why a legislature could not be made or found.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error(
        "{0:?}: a legislature's short name is 3 to 80 lower-case letters, digits and single hyphens"
    )]
    Slug(String),
    #[error("{0:?} is not an ISO 3166 country code")]
    Country(String),
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    Date(String),
    #[error("there is no legislature {0:?} yet: give its --country and --name to create it")]
    NeedsCountryAndName(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl SpecError {
    /// The translation key of the message for the admin page, with the field it concerns.
    pub fn field(&self) -> (&'static str, &'static str) {
        match self {
            SpecError::Slug(_) => ("legislature", "error-legislature-slug"),
            SpecError::Country(_) => ("country", "error-country-invalid"),
            SpecError::Date(_) => ("as_of", "error-date-format"),
            SpecError::NeedsCountryAndName(_) => ("legislature", "error-legislature-new"),
            SpecError::Db(_) => ("form", "error-internal"),
        }
    }
}

/// The legislature `spec.slug`, created or with the details given updated.
pub async fn ensure_legislature(
    db: &DatabaseConnection,
    spec: &LegislatureSpec,
) -> Result<legislature::Model, SpecError> {
    let slug =
        crate::domain::Slug::parse(&spec.slug).map_err(|_| SpecError::Slug(spec.slug.clone()))?;
    let country = match &spec.country {
        Some(c) => Some(
            CountryCode::parse(c)
                .ok_or_else(|| SpecError::Country(c.clone()))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    if let Some(d) = &spec.as_of
        && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
    {
        return Err(SpecError::Date(d.clone()));
    }
    let existing = legislature(db, slug.as_str()).await?;
    let row = match existing {
        Some(l) => {
            let mut row: legislature::ActiveModel = l.into();
            if let Some(c) = country {
                row.country = Set(c);
            }
            if let Some(n) = &spec.name {
                row.name = Set(n.clone());
            }
            if spec.term.is_some() {
                row.term = Set(spec.term.clone());
            }
            if spec.source.is_some() {
                row.source = Set(spec.source.clone());
            }
            if spec.as_of.is_some() {
                row.as_of = Set(spec.as_of.clone());
            }
            if spec.title.is_some() {
                row.member_title = Set(spec.title.clone());
            }
            row
        }
        None => {
            let (Some(country), Some(name)) = (country, spec.name.clone()) else {
                return Err(SpecError::NeedsCountryAndName(slug.as_str().to_owned()));
            };
            legislature::ActiveModel {
                slug: Set(slug.as_str().to_owned()),
                country: Set(country),
                name: Set(name),
                term: Set(spec.term.clone()),
                source: Set(spec.source.clone()),
                as_of: Set(spec.as_of.clone()),
                member_title: Set(spec.title.clone()),
                imported_at: Set(None),
                created_at: Set(now_ms()),
                ..Default::default()
            }
        }
    };
    Ok(row.save(db).await.and_then(legislature::Model::try_from)?)
}
