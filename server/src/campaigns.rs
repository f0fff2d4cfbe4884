//! Campaigns from the command line, until organizers have accounts: create one from a TOML or
//! YAML file, close one, and export its confirmed signatures for delivery.
use app::campaigns::ssr::{NewCampaign, NewCampaignText};
use app::domain::{CampaignKind, CampaignState, Locale, Slug};
use app::kinds::ssr::Setup;
use app::letters::ssr::setup::{FixedRecipient, LetterSetup, Target};
use app::ssr::entities::{campaign, signature};
use app::ssr::vault::Vault;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;

/// How a campaign file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    /// YAML for `.yaml` and `.yml` files, TOML otherwise.
    pub fn of(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ => Format::Toml,
        }
    }
}

/// A campaign file (TOML or YAML, the same fields). See `docs/campaign-file.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignFile {
    pub slug: String,
    #[serde(default = "petition")]
    pub kind: String,
    #[serde(default = "open")]
    pub state: String,
    pub default_locale: String,
    pub goal: Option<i64>,
    /// `YYYY-MM-DD`; the petition closes at the end of that day (UTC).
    pub closes_on: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub requires_postcode: bool,
    /// Letter campaigns: the legislatures written to, by their short names.
    #[serde(default)]
    pub targets: Vec<TargetEntry>,
    /// Letter campaigns: people written to whatever the writer's area (a ministry, a committee).
    #[serde(default)]
    pub recipients: Vec<RecipientEntry>,
    /// Letter campaigns: each representative gets one email a day listing the letters, instead
    /// of one email per letter.
    #[serde(default)]
    pub digest: bool,
    /// Letter campaigns: writers must give their postal address (some representatives answer
    /// only constituents they can check).
    #[serde(default)]
    pub requires_address: bool,
    /// The fund (by slug) the campaign's pages invite supporters to give to.
    #[serde(default)]
    pub fund: Option<String>,
    /// The mailing list (by slug) its opt-in boxes subscribe to.
    #[serde(default)]
    pub list: Option<String>,
    pub texts: BTreeMap<String, CampaignFileText>,
}

/// A legislature written to: its short name, or a table with filters.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum TargetEntry {
    Name(String),
    Filtered {
        legislature: String,
        /// Only members of these parties or groups (the source's ids, e.g. `conservative`).
        #[serde(default)]
        parties: Vec<String>,
        /// Only members for these areas (the source's ids).
        #[serde(default)]
        areas: Vec<String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientEntry {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignFileText {
    pub title: String,
    pub summary: String,
    pub addressee: String,
    pub body: String,
    /// Letter campaigns: the suggested subject and letter (`{representative}`, `{sender}` and
    /// `{town}` are filled in), and advice on what to make one's own.
    pub letter_subject: Option<String>,
    pub letter_body: Option<String>,
    pub letter_guidance: Option<String>,
}

fn petition() -> String {
    CampaignKind::default().as_str().into()
}

fn open() -> String {
    CampaignState::Open.as_str().into()
}

/// Checks a campaign file; every problem is one line naming the field.
pub fn parse(text: &str, format: Format) -> Result<Setup, Vec<String>> {
    let file: CampaignFile = match format {
        Format::Toml => toml::from_str(text).map_err(|e| vec![e.message().to_owned()])?,
        Format::Yaml => serde_saphyr::from_str(text).map_err(|e| vec![e.to_string()])?,
    };
    let mut problems = Vec::new();
    let slug = Slug::parse(&file.slug)
        .map_err(|e| problems.push(format!("slug: {e}")))
        .ok();
    let kind = CampaignKind::parse(&file.kind);
    if kind.is_none() {
        let known: Vec<&str> = CampaignKind::ALL.iter().map(|k| k.as_str()).collect();
        problems.push(format!(
            "kind: {:?} is not supported ({})",
            file.kind,
            known.join(" or ")
        ));
    }
    let letter = kind == Some(CampaignKind::Letter);
    if letter && file.targets.is_empty() && file.recipients.is_empty() {
        problems.push(
            "targets: a letter campaign names the legislatures (or the recipients) it writes to"
                .into(),
        );
    }
    if !letter && (!file.targets.is_empty() || !file.recipients.is_empty()) {
        problems.push("targets: only letter campaigns have targets or recipients".into());
    }
    let mut recipients = Vec::new();
    for (i, r) in file.recipients.iter().enumerate() {
        match app::domain::Email::parse(&r.email) {
            Ok(email) if !r.name.trim().is_empty() => recipients.push(FixedRecipient {
                name: r.name.trim().to_owned(),
                email: email.as_str().to_owned(),
            }),
            _ => problems.push(format!("recipients[{i}]: a name and a valid email address")),
        }
    }
    let targets: Vec<Target> = file
        .targets
        .into_iter()
        .map(|t| match t {
            TargetEntry::Name(legislature) => Target {
                legislature,
                ..Default::default()
            },
            TargetEntry::Filtered {
                legislature,
                parties,
                areas,
            } => Target {
                legislature,
                parties,
                areas,
            },
        })
        .collect();
    if !letter && file.digest {
        problems.push("digest: only letter campaigns have a digest".into());
    }
    let state = CampaignState::parse(&file.state)
        .filter(|s| matches!(s, CampaignState::Draft | CampaignState::Open));
    if state.is_none() {
        problems.push(format!("state: {:?} must be draft or open", file.state));
    }
    if matches!(file.goal, Some(g) if g <= 0) {
        problems.push("goal: must be a positive number".into());
    }
    let default_locale = Locale::from_code(&file.default_locale);
    if default_locale.is_none() {
        problems.push(format!(
            "default_locale: {:?} is not a supported language",
            file.default_locale
        ));
    }
    if !file.texts.contains_key(&file.default_locale) {
        problems.push(format!(
            "texts.{}: the default language needs a text",
            file.default_locale
        ));
    }
    let mut texts = Vec::new();
    for (code, t) in &file.texts {
        let Some(locale) = Locale::all().find(|l| l.code() == code) else {
            problems.push(format!("texts.{code}: not a supported language"));
            continue;
        };
        for ((field, max), value) in app::campaigns::ssr::TEXT_FIELDS.into_iter().zip([
            &t.title,
            &t.summary,
            &t.addressee,
            &t.body,
        ]) {
            if value.trim().is_empty() {
                problems.push(format!("texts.{code}.{field}: must not be empty"));
            } else if value.chars().count() > max {
                problems.push(format!("texts.{code}.{field}: at most {max} characters"));
            }
        }
        let letter_text = if letter {
            match (&t.letter_subject, &t.letter_body) {
                (Some(subject), Some(body))
                    if !subject.trim().is_empty() && !body.trim().is_empty() =>
                {
                    Some(app::campaigns::ssr::LetterText {
                        subject: subject.trim().to_owned(),
                        body: body.trim().to_owned(),
                        guidance: t
                            .letter_guidance
                            .clone()
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    })
                }
                _ => {
                    problems.push(format!(
                        "texts.{code}: a letter campaign needs letter_subject and letter_body"
                    ));
                    None
                }
            }
        } else {
            None
        };
        texts.push(NewCampaignText {
            letter: letter_text,
            locale,
            title: t.title.trim().to_owned(),
            summary: t.summary.trim().to_owned(),
            body: t.body.clone(),
            addressee: t.addressee.trim().to_owned(),
        });
    }
    match (slug, default_locale) {
        (Some(slug), Some(default_locale)) if problems.is_empty() => Ok(Setup {
            campaign: NewCampaign {
                slug,
                kind: kind.unwrap_or_default(),
                state: state.unwrap_or_default(),
                default_locale,
                goal: file.goal,
                closes_at: file
                    .closes_on
                    .and_then(|d| d.and_hms_opt(23, 59, 59))
                    .map(|d| d.and_utc()),
                requires_postcode: file.requires_postcode,
                texts,
                digest: file.digest,
                requires_address: file.requires_address,
                fund: file.fund.clone(),
                list: file.list.clone(),
            },
            letters: LetterSetup {
                targets,
                recipients,
            },
        }),
        _ => Err(problems),
    }
}

/// Why a campaign could not be closed or exported.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    #[error("no campaign {0:?}")]
    NotFound(String),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
}

async fn by_slug(db: &DatabaseConnection, slug: &str) -> Result<campaign::Model, CampaignError> {
    campaign::Entity::find()
        .filter(campaign::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| CampaignError::NotFound(slug.to_owned()))
}

/// Closes the campaign: no more signatures; its page shows the final count.
pub async fn close(db: &DatabaseConnection, slug: &str) -> Result<(), CampaignError> {
    let c = by_slug(db, slug).await?;
    let mut active = c.into_active_model();
    active.state = Set(CampaignState::Closed.as_str().into());
    active.closed_at = Set(Some(chrono::Utc::now()));
    active.update(db).await?;
    Ok(())
}

/// A CSV cell, quoted; text a spreadsheet would run as a formula gets a leading apostrophe.
pub fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// Writes the confirmed, non-suspect signatures of `slug` as CSV: the name as each signer chose
/// to show it, country, postcode, date; the email only of those who asked to hear more.
pub async fn export(
    db: &DatabaseConnection,
    vault: &Vault,
    slug: &str,
    out: &mut impl Write,
) -> Result<usize, CampaignError> {
    let c = by_slug(db, slug).await?;
    let rows = signature::Entity::find()
        .filter(signature::Column::CampaignId.eq(c.id))
        .filter(signature::Column::State.eq(app::domain::SignatureState::Confirmed.as_str()))
        .filter(signature::Column::Suspect.eq(false))
        .order_by_asc(signature::Column::ConfirmedAt)
        .all(db)
        .await?;
    writeln!(out, "name,country,postcode,signed_on,email")?;
    for s in &rows {
        let open = |purpose: &str, sealed: &Option<String>| {
            sealed
                .as_deref()
                .and_then(|v| vault.open_str(purpose, v).ok())
                .unwrap_or_default()
        };
        let postcode = open("signatures.postcode", &s.postcode_sealed);
        let email = if s.subscribe {
            open("signatures.email", &s.email_sealed)
        } else {
            String::new()
        };
        let date = s
            .confirmed_at
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let cells = [
            s.public_name.clone().unwrap_or_default(),
            s.country.clone(),
            postcode,
            date,
            email,
        ];
        writeln!(
            out,
            "{}",
            cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(",")
        )?;
    }
    tracing::info!(campaign = c.id, rows = rows.len(), "exported signatures");
    Ok(rows.len())
}

/// Creates the campaign in `text` (a campaign file).
pub async fn create(
    db: &DatabaseConnection,
    text: &str,
    format: Format,
) -> Result<i64, Vec<String>> {
    let new = parse(text, format)?;
    app::kinds::ssr::create(db, &new).await.map_err(|e| {
        if matches!(
            e.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ) {
            vec![format!(
                "slug: a campaign {:?} exists already",
                new.campaign.slug.as_str()
            )]
        } else {
            vec![e.to_string()]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_become_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "\"'+1\"");
        assert_eq!(csv_cell("-2"), "\"'-2\"");
        assert_eq!(csv_cell("@SUM"), "\"'@SUM\"");
        assert_eq!(csv_cell("A. P."), "\"A. P.\"");
    }

    #[test]
    fn campaign_files_are_checked_toml() {
        let good = r##"
            slug = "free-the-prisoners"
            default_locale = "en"
            goal = 5000
            closes_on = "2027-03-01"
            [texts.en]
            title = "Free them"
            summary = "Why"
            addressee = "The minister"
            body = "# Body"
            [texts.ru]
            title = "Освободите их"
            summary = "Зачем"
            addressee = "Министру"
            body = "Текст"
        "##;
        let c = parse(good, Format::Toml).expect("valid");
        assert_eq!(c.campaign.texts.len(), 2);
        assert_eq!(c.campaign.state, CampaignState::Open);
        let bad = r#"
            slug = "Bad Slug"
            default_locale = "de"
            goal = -1
            [texts.xx]
            title = ""
            summary = "s"
            addressee = "a"
            body = "b"
        "#;
        let problems = parse(bad, Format::Toml).expect_err("invalid");
        for field in [
            "slug:",
            "goal:",
            "default_locale:",
            "texts.de:",
            "texts.xx:",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(field)),
                "{field} in {problems:?}"
            );
        }
        assert!(parse("slug = 3", Format::Toml).is_err());
    }

    #[test]
    fn campaign_files_can_be_yaml() {
        let yaml = "
slug: free-the-prisoners
default_locale: en
goal: 5000
closes_on: 2027-03-01
texts:
  en:
    title: Free them
    summary: Why
    addressee: The minister
    body: |
      # Body

      More text.
  ru:
    title: Освободите их
    summary: Зачем
    addressee: Министру
    body: Текст
";
        let y = parse(yaml, Format::Yaml).expect("valid YAML");
        assert_eq!(y.campaign.texts.len(), 2);
        assert_eq!(y.campaign.goal, Some(5000));
        assert!(
            y.campaign
                .texts
                .iter()
                .any(|t| t.body.contains("More text."))
        );
        let problems = parse("slug: [unclosed", Format::Yaml).expect_err("broken YAML");
        assert_eq!(problems.len(), 1);
        let problems = parse(&yaml.replace("goal: 5000", "goal: -1"), Format::Yaml)
            .expect_err("negative goal");
        assert!(
            problems.iter().any(|p| p.starts_with("goal:")),
            "{problems:?}"
        );
        assert_eq!(Format::of(std::path::Path::new("c.YML")), Format::Yaml);
        assert_eq!(Format::of(std::path::Path::new("c.toml")), Format::Toml);
    }
}
