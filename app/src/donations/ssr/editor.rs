//! Creating and editing a fund in the browser (admins only): its address, currency, goal,
//! preset amounts and limits, whether it takes monthly gifts and donations at all, and its
//! title and description in each language. Saved all or nothing, every mistake shown by its
//! field; audited. The currency cannot change once money came in (the ledger would mix them).
use crate::accounts::ssr::Authenticated;
use crate::domain::{Currency, DonationState, FundState, Locale, Slug};
use crate::donations::views::{
    FUND_DESCRIPTION_MAX as DESCRIPTION_MAX, FUND_TITLE_MAX as TITLE_MAX, FundEditorView,
    FundTextInput, FundTextView,
};
use crate::error::{AppError, FormErrors};
use crate::ssr::entities::{donation, fund, fund_text};
use crate::ssr::state::AppState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use std::collections::BTreeMap;

/// At most this many preset amounts.
pub const PRESETS_MAX: usize = 8;

/// The editor's fields as posted.
#[derive(Debug, Clone, Default)]
pub struct FundForm {
    pub slug: String,
    pub currency: String,
    pub goal: String,
    pub presets: String,
    pub min: String,
    pub max: String,
    pub monthly: bool,
    pub open: bool,
    pub texts: BTreeMap<String, FundTextInput>,
}

async fn has_money(state: &AppState, fund_id: i64) -> Result<bool, AppError> {
    Ok(donation::Entity::find()
        .filter(donation::Column::FundId.eq(fund_id))
        .filter(donation::Column::State.is_in(DonationState::RECEIVED.map(DonationState::as_str)))
        .count(&state.db)
        .await?
        > 0)
}

/// What the editor shows: the fund `slug`'s settings and texts, or blank ones for a new fund.
pub async fn view(
    state: &AppState,
    user: &Authenticated,
    slug: Option<&str>,
) -> Result<FundEditorView, AppError> {
    let existing = match slug {
        Some(s) => Some(
            super::funds::by_slug(&state.db, s)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let texts = match &existing {
        Some(f) => {
            fund_text::Entity::find()
                .filter(fund_text::Column::FundId.eq(f.id))
                .all(&state.db)
                .await?
        }
        None => Vec::new(),
    };
    let amount = |c: &Currency, minor: i64| c.format_plain(minor, "", ".");
    Ok(match existing {
        Some(f) => {
            let c = Currency::parse(&f.currency).ok_or(AppError::Internal)?;
            FundEditorView {
                original: f.slug.clone(),
                slug: f.slug.clone(),
                currency: f.currency.to_uppercase(),
                currency_locked: has_money(state, f.id).await?,
                goal: f.goal_minor.map(|g| amount(&c, g)).unwrap_or_default(),
                presets: f
                    .preset_amounts()
                    .into_iter()
                    .map(|p| amount(&c, p))
                    .collect::<Vec<_>>()
                    .join(", "),
                min: amount(&c, f.min_minor),
                max: amount(&c, f.max_minor),
                monthly: f.monthly,
                open: f.open(),
                texts: Locale::all()
                    .map(|l| {
                        let t = texts.iter().find(|t| t.locale == l.code());
                        FundTextView {
                            locale: l,
                            title: t.map(|t| t.title.clone()).unwrap_or_default(),
                            description: t.map(|t| t.description.clone()).unwrap_or_default(),
                        }
                    })
                    .collect(),
                csrf: user.csrf.clone(),
            }
        }
        None => FundEditorView {
            original: String::new(),
            slug: String::new(),
            currency: "EUR".into(),
            currency_locked: false,
            goal: String::new(),
            presets: "10, 25, 50, 100".into(),
            min: "2.00".into(),
            max: "10000.00".into(),
            monthly: true,
            open: true,
            texts: Locale::all()
                .map(|l| FundTextView {
                    locale: l,
                    title: String::new(),
                    description: String::new(),
                })
                .collect(),
            csrf: user.csrf.clone(),
        },
    })
}

struct Checked {
    slug: Slug,
    currency: Currency,
    goal: Option<i64>,
    presets: Vec<i64>,
    min: i64,
    max: i64,
    texts: Vec<(Locale, String, String)>,
}

fn check(form: &FundForm, errors: &mut FormErrors) -> Option<Checked> {
    // `new` would be the admin's page for a new fund.
    let slug = errors.check(
        "slug",
        Slug::parse(form.slug.trim())
            .map_err(|_| "error-slug-invalid")
            .and_then(|s| {
                if s.as_str() == "new" {
                    Err("error-slug-invalid")
                } else {
                    Ok(s)
                }
            }),
    );
    // The texts first: every mistake is shown at once, whatever else is wrong.
    let mut texts = Vec::new();
    for (code, t) in &form.texts {
        let Some(locale) = Locale::from_code(code).filter(|l| l.code() == code) else {
            errors.add("form", "error-language-invalid");
            continue;
        };
        let (title, description) = (t.title.trim(), t.description.trim());
        if title.is_empty() && description.is_empty() {
            continue;
        }
        let field = |f: &str| format!("texts[{code}][{f}]");
        if title.is_empty() {
            errors.add(&field("title"), "error-text-missing");
        } else if title.chars().count() > TITLE_MAX {
            errors.add(&field("title"), "error-text-too-long");
        }
        if description.chars().count() > DESCRIPTION_MAX {
            errors.add(&field("description"), "error-text-too-long");
        }
        texts.push((locale, title.to_owned(), description.to_owned()));
    }
    if texts.is_empty() {
        errors.add("form", "error-fund-no-text");
    }
    let currency = Currency::parse(form.currency.trim());
    if currency.is_none() {
        errors.add("currency", "error-currency-invalid");
    }
    let currency = currency?;
    let amount = |field: &str, text: &str, errors: &mut FormErrors| {
        let a = currency
            .parse_amount(text)
            .filter(|a| (1..=1_000_000_000_000).contains(a));
        if a.is_none() {
            errors.add(field, "error-disbursement-amount");
        }
        a
    };
    let goal = match form.goal.trim() {
        "" => Some(None),
        g => amount("goal", g, errors).map(Some),
    };
    let min = amount("min", &form.min, errors);
    let max = amount("max", &form.max, errors);
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        errors.add("max", "error-fund-max-below-min");
    }
    let mut presets = Vec::new();
    // Amounts apart by spaces (`10, 25, 50`): a comma right after an amount only ends it.
    for p in form
        .presets
        .split([';', ' ', '\n'])
        .map(|p| p.trim().trim_end_matches(','))
        .filter(|p| !p.is_empty())
    {
        match currency.parse_amount(p) {
            Some(a) if min.is_none_or(|m| a >= m) && max.is_none_or(|m| a <= m) => presets.push(a),
            _ => {
                errors.add("presets", "error-fund-presets");
                break;
            }
        }
    }
    presets.sort_unstable();
    presets.dedup();
    if presets.is_empty() || presets.len() > PRESETS_MAX {
        errors.add("presets", "error-fund-presets");
    }
    Some(Checked {
        slug: slug?,
        currency,
        goal: goal?,
        presets,
        min: min?,
        max: max?,
        texts,
    })
}

/// Creates the fund (`original` empty) or saves fund `original`; returns its slug.
pub async fn save(
    state: &AppState,
    user: &Authenticated,
    original: &str,
    form: FundForm,
) -> Result<String, AppError> {
    let existing = match original.trim() {
        "" => None,
        s => Some(
            super::funds::by_slug(&state.db, s)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    let mut errors = FormErrors::new();
    let checked = check(&form, &mut errors);
    if let (Some(f), Some(c)) = (&existing, &checked)
        && f.currency != c.currency.code()
        && has_money(state, f.id).await?
    {
        errors.add("currency", "error-fund-currency-locked");
    }
    if let Some(c) = &checked {
        let taken = super::funds::by_slug(&state.db, c.slug.as_str())
            .await?
            .is_some_and(|other| existing.as_ref().is_none_or(|f| f.id != other.id));
        if taken {
            errors.add("slug", "error-fund-slug-taken");
        }
    }
    errors.finish()?;
    let c = checked.ok_or(AppError::Internal)?;
    let txn = state.db.begin().await?;
    let mut row: fund::ActiveModel = match &existing {
        Some(f) => f.clone().into(),
        None => fund::ActiveModel {
            created_at: Set(crate::ssr::time::now_ms()),
            ..Default::default()
        },
    };
    row.slug = Set(c.slug.as_str().to_owned());
    row.currency = Set(c.currency.code().to_owned());
    row.goal_minor = Set(c.goal);
    row.presets = Set(c
        .presets
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(","));
    row.min_minor = Set(c.min);
    row.max_minor = Set(c.max);
    row.monthly = Set(form.monthly);
    row.state = Set(if form.open {
        FundState::Open
    } else {
        FundState::Closed
    }
    .as_str()
    .to_owned());
    let saved = row.save(&txn).await?;
    let id = match saved.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id,
        sea_orm::ActiveValue::NotSet => return Err(AppError::Internal),
    };
    for (locale, title, description) in &c.texts {
        let existing_text = fund_text::Entity::find()
            .filter(fund_text::Column::FundId.eq(id))
            .filter(fund_text::Column::Locale.eq(locale.code()))
            .one(&txn)
            .await?;
        let mut t: fund_text::ActiveModel = match existing_text {
            Some(t) => t.into(),
            None => fund_text::ActiveModel {
                fund_id: Set(id),
                locale: Set(locale.code().to_owned()),
                ..Default::default()
            },
        };
        t.title = Set(title.clone());
        t.description = Set(description.clone());
        t.save(&txn).await?;
    }
    crate::accounts::ssr::audit(
        &txn,
        Some(user.user_id),
        if existing.is_some() {
            "fund_update"
        } else {
            "fund_create"
        },
        &format!("fund:{id}"),
        serde_json::json!({ "slug": c.slug.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(c.slug.as_str().to_owned())
}
