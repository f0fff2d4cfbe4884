//! Creating and editing a list in the browser (admins only): its address, whether it has a
//! public subscribe page and takes subscribers, and per language its name, description and
//! welcome message. Saved all or nothing, every mistake shown by its field; audited.
use crate::accounts::ssr::Authenticated;
use crate::domain::{ListState, Locale, Slug};
use crate::error::{AppError, FormErrors};
use crate::lists::views::{
    LIST_DESCRIPTION_MAX, LIST_NAME_MAX, ListEditorView, ListTextInput, ListTextView,
};
use crate::ssr::entities::{list, list_text};
use crate::ssr::state::AppState;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use std::collections::BTreeMap;

/// Addresses the list pages use for themselves (`/lists/confirm`, `/admin/lists/new`).
const RESERVED: [&str; 5] = ["new", "confirm", "unsubscribe", "preferences", "erased"];

/// The editor's fields as posted.
#[derive(Debug, Clone, Default)]
pub struct ListForm {
    pub slug: String,
    pub public: bool,
    pub open: bool,
    pub texts: BTreeMap<String, ListTextInput>,
}

/// What the editor shows for list `slug`, or a blank new list.
pub async fn view(
    state: &AppState,
    user: &Authenticated,
    slug: Option<&str>,
) -> Result<ListEditorView, AppError> {
    let existing = match slug {
        Some(s) => Some(
            super::lists::by_slug(&state.db, s)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let texts = match &existing {
        Some(l) => list_text::of_lists(&state.db, &[l.id]).await?,
        None => Vec::new(),
    };
    Ok(ListEditorView {
        original: existing
            .as_ref()
            .map(|l| l.slug.clone())
            .unwrap_or_default(),
        slug: existing
            .as_ref()
            .map(|l| l.slug.clone())
            .unwrap_or_default(),
        public: existing.as_ref().is_none_or(|l| l.public),
        open: existing.as_ref().is_none_or(|l| l.open()),
        texts: Locale::all()
            .map(|l| {
                let t = texts.iter().find(|t| t.locale == l.code());
                ListTextView {
                    locale: l,
                    name: t.map(|t| t.name.clone()).unwrap_or_default(),
                    description: t.map(|t| t.description.clone()).unwrap_or_default(),
                    welcome_subject: t.map(|t| t.welcome_subject.clone()).unwrap_or_default(),
                    welcome_body: t.map(|t| t.welcome_body.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        csrf: user.csrf.clone(),
    })
}

/// Creates the list (`original` empty) or saves list `original`; returns its slug.
pub async fn save(
    state: &AppState,
    user: &Authenticated,
    original: &str,
    form: ListForm,
) -> Result<String, AppError> {
    let existing = match original.trim() {
        "" => None,
        s => Some(
            super::lists::by_slug(&state.db, s)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    let mut errors = FormErrors::new();
    let slug = errors.check(
        "slug",
        Slug::parse(form.slug.trim())
            .map_err(|_| "error-slug-invalid")
            .and_then(|s| {
                if RESERVED.contains(&s.as_str()) {
                    Err("error-slug-invalid")
                } else {
                    Ok(s)
                }
            }),
    );
    let mut texts = Vec::new();
    for (code, t) in &form.texts {
        let Some(locale) = Locale::from_code(code).filter(|l| l.code() == code) else {
            errors.add("form", "error-language-invalid");
            continue;
        };
        let name = t.name.trim();
        let rest = [&t.description, &t.welcome_subject, &t.welcome_body];
        if name.is_empty() && rest.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let field = |f: &str| format!("texts[{code}][{f}]");
        if name.is_empty() {
            errors.add(&field("name"), "error-text-missing");
        } else if name.chars().count() > LIST_NAME_MAX {
            errors.add(&field("name"), "error-text-too-long");
        }
        if t.description.trim().chars().count() > LIST_DESCRIPTION_MAX {
            errors.add(&field("description"), "error-text-too-long");
        }
        let subject = t.welcome_subject.trim();
        if subject.chars().count() > super::mailings::SUBJECT_MAX || subject.contains(['\r', '\n'])
        {
            errors.add(&field("welcome_subject"), "error-mailing-subject-long");
        }
        if t.welcome_body.trim().chars().count() > super::mailings::BODY_MAX {
            errors.add(&field("welcome_body"), "error-mailing-body-long");
        }
        if subject.is_empty() != t.welcome_body.trim().is_empty() {
            errors.add(&field("welcome_subject"), "error-list-welcome-both");
        }
        texts.push((locale, t.clone()));
    }
    if texts.is_empty() {
        errors.add("form", "error-list-no-text");
    }
    if let Some(s) = &slug {
        let taken = super::lists::by_slug(&state.db, s.as_str())
            .await?
            .is_some_and(|other| existing.as_ref().is_none_or(|l| l.id != other.id));
        if taken {
            errors.add("slug", "error-list-slug-taken");
        }
    }
    errors.finish()?;
    let slug = slug.ok_or(AppError::Internal)?;
    let txn = state.db.begin().await?;
    let mut row: list::ActiveModel = match &existing {
        Some(l) => l.clone().into(),
        None => list::ActiveModel {
            created_at: Set(crate::ssr::time::now_ms()),
            tracking: Set(false),
            archive: Set(false),
            ..Default::default()
        },
    };
    row.slug = Set(slug.as_str().to_owned());
    row.public = Set(form.public);
    row.state = Set(if form.open {
        ListState::Open
    } else {
        ListState::Closed
    }
    .as_str()
    .to_owned());
    let saved = row.save(&txn).await?;
    let id = match saved.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id,
        sea_orm::ActiveValue::NotSet => return Err(AppError::Internal),
    };
    for (locale, t) in texts {
        let existing_text = list_text::Entity::find()
            .filter(list_text::Column::ListId.eq(id))
            .filter(list_text::Column::Locale.eq(locale.code()))
            .one(&txn)
            .await?;
        let mut row: list_text::ActiveModel = match existing_text {
            Some(t) => t.into(),
            None => list_text::ActiveModel {
                list_id: Set(id),
                locale: Set(locale.code().to_owned()),
                ..Default::default()
            },
        };
        row.name = Set(t.name.trim().to_owned());
        row.description = Set(t.description.trim().to_owned());
        row.welcome_subject = Set(t.welcome_subject.trim().to_owned());
        row.welcome_body = Set(t.welcome_body.trim().to_owned());
        row.save(&txn).await?;
    }
    crate::accounts::ssr::audit(
        &txn,
        Some(user.user_id),
        if existing.is_some() {
            "list_update"
        } else {
            "list_create"
        },
        &format!("list:{id}"),
        serde_json::json!({ "slug": slug.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(slug.as_str().to_owned())
}
