//! Writing campaigns in the browser: creating a draft, its settings and every language's text,
//! saved all or nothing. Only drafts and rejected campaigns can be edited. Callers have been
//! authorised (`accounts::ssr::auth`); every step is audited.
use crate::accounts::ssr::{self as accounts, Authenticated};
use crate::campaigns::ssr::texts::TEXT_FIELDS;
use crate::domain::{CampaignKind, CampaignState, Locale, Slug, letter_text};
use crate::error::{AppError, FormErrors};
use crate::ssr::entities::{campaign, campaign_translation};
use crate::ssr::state::AppState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

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
    /// The fund the campaign's pages point to, by slug (checked when saved).
    pub fund: Option<String>,
    /// The mailing list its opt-in boxes subscribe to, by slug (checked when saved).
    pub list: Option<String>,
}

/// Checks the settings as the editor sent them; errors are keyed by field (`goal`, `closes_on`).
pub fn parse_settings(
    goal: &str,
    closes_on: &str,
    fund: &str,
    list: &str,
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
    let fund = Some(fund.trim().to_owned()).filter(|f| !f.is_empty());
    let list = Some(list.trim().to_owned()).filter(|l| !l.is_empty());
    (errors.len() == before).then_some(Settings {
        goal,
        closes_at,
        requires_postcode,
        letter_digest,
        letter_requires_address,
        fund,
        list,
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
    // The fund must be one there is (an open one, as the editor lists).
    let fund_id = match settings.as_ref().and_then(|s| s.fund.as_deref()) {
        Some(slug) => {
            let found = crate::ssr::entities::fund::Entity::find()
                .filter(crate::ssr::entities::fund::Column::Slug.eq(slug))
                .one(&state.db)
                .await?
                .filter(|f| f.open() || c.fund_id == Some(f.id));
            if found.is_none() {
                errors.add("fund", "error-fund-unknown");
            }
            found.map(|f| f.id)
        }
        None => None,
    };
    // The list likewise: an open one, or the one it already names.
    let list_id = match settings.as_ref().and_then(|s| s.list.as_deref()) {
        Some(slug) => {
            let found = crate::ssr::entities::list::Entity::find()
                .filter(crate::ssr::entities::list::Column::Slug.eq(slug))
                .one(&state.db)
                .await?
                .filter(|l| l.open() || c.list_id == Some(l.id));
            if found.is_none() {
                errors.add("list", "error-list-unknown");
            }
            found.map(|l| l.id)
        }
        None => None,
    };
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
        row.fund_id = Set(fund_id);
        row.list_id = Set(list_id);
        row.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// What the editor shows of campaign `c` to `user`: its settings, every language's text (with
/// the saved body rendered as the public page will), its team and image.
pub async fn view(
    state: &AppState,
    user: &Authenticated,
    c: campaign::Model,
) -> Result<crate::campaigns::views::EditorView, AppError> {
    use crate::campaigns::ssr::render_markdown;
    use crate::campaigns::views::{EditorView, TextView};
    let saved = texts(state, &c).await?;
    let texts = Locale::all()
        .map(
            |locale| match saved.iter().find(|t| t.locale == locale.code()) {
                Some(t) => TextView {
                    locale,
                    saved: true,
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    addressee: t.addressee.clone(),
                    body: t.body.clone(),
                    image_alt: t.image_alt.clone().unwrap_or_default(),
                    letter_subject: t.letter_subject.clone().unwrap_or_default(),
                    letter_body: t.letter_body.clone().unwrap_or_default(),
                    letter_guidance: t.letter_guidance.clone().unwrap_or_default(),
                    preview_html: render_markdown(&t.body),
                },
                None => TextView {
                    locale,
                    saved: false,
                    title: String::new(),
                    summary: String::new(),
                    addressee: String::new(),
                    body: String::new(),
                    image_alt: String::new(),
                    letter_subject: String::new(),
                    letter_body: String::new(),
                    letter_guidance: String::new(),
                    preview_html: String::new(),
                },
            },
        )
        .collect();
    let team = crate::campaigns::ssr::team::team(state, &c).await?;
    let image = match c.image_id {
        Some(id) => crate::campaigns::ssr::images::describe(&state.db, id)
            .await?
            .map(|(src, _, _)| src),
        None => None,
    };
    let funds = open_funds(
        state,
        Locale::from_code(&c.default_locale).unwrap_or_default(),
    )
    .await?;
    let fund = match c.fund_id {
        Some(id) => crate::ssr::entities::fund::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|f| f.slug)
            .unwrap_or_default(),
        None => String::new(),
    };
    let list = match c.list_id {
        Some(id) => crate::ssr::entities::list::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|l| l.slug)
            .unwrap_or_default(),
        None => String::new(),
    };
    let lists = open_lists(
        state,
        Locale::from_code(&c.default_locale).unwrap_or_default(),
    )
    .await?;
    Ok(EditorView {
        fund,
        funds,
        list,
        lists,
        image,
        kind: c.campaign_kind(),
        letter_digest: c.letter_digest,
        letter_requires_address: c.letter_requires_address,
        editable: editable(&c),
        can_review: user.is_admin()
            && c.campaign_state() == crate::domain::CampaignState::Submitted,
        state: c.campaign_state(),
        slug: c.slug,
        default_locale: Locale::from_code(&c.default_locale).unwrap_or_default(),
        goal: c.goal,
        closes_on: c.closes_at.map(|d| d.date_naive()),
        requires_postcode: c.requires_postcode,
        texts,
        review_reason: c.review_reason,
        team,
        review_note: c.review_note,
        csrf: user.csrf.clone(),
    })
}

/// The open lists a campaign's opt-in boxes can subscribe to, named in `locale` where they can
/// be.
async fn open_lists(
    state: &AppState,
    locale: Locale,
) -> Result<Vec<crate::campaigns::views::CampaignList>, AppError> {
    Ok(crate::ssr::entities::list::named(&state.db, locale, true)
        .await?
        .into_iter()
        .map(|(l, name)| crate::campaigns::views::CampaignList { slug: l.slug, name })
        .collect())
}

/// The open funds a campaign can point to, titled in `locale` where they can be.
async fn open_funds(
    state: &AppState,
    locale: Locale,
) -> Result<Vec<crate::campaigns::views::FundLink>, AppError> {
    Ok(crate::ssr::entities::fund::titled(&state.db, locale, true)
        .await?
        .into_iter()
        .map(|(f, title)| crate::campaigns::views::FundLink {
            title: title.unwrap_or_else(|| f.slug.clone()),
            slug: f.slug,
        })
        .collect())
}
