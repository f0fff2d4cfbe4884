//! Letters to representatives. A writer finds the representatives of their area (by postcode,
//! where a table is loaded, or from the list of areas), writes from the campaign's suggested
//! letter, sees exactly what will be sent, sends it off, and confirms it from an emailed link;
//! then each representative reached by email gets it from the worker, with the writer's address
//! as Reply-To.
//!
//! Representatives the directory has no email address for get the letter by post: the writer
//! prints it (with the postal address, where the directory has one) from their letter's page.
//!
//! States: `new` (written and previewed) → `awaiting_confirmation` → `queued` → `sent` →
//! `delivered` or `failed`, or `print` when it goes by post only. Each delivery (one per
//! representative): `pending` → `queued` → `sent` (their mail server took it) → `delivered` (a
//! delivery report or automatic reply came back, or no bounce within the bounce window) or
//! `failed` (bounced); by post `pending` → `print`. Letters not confirmed within a week expire.
//! Everything the writer typed is sealed by the vault.
use crate::api::letters::{ConfirmView, PreviewView, RecipientView, WriteView};
use crate::domain::{Email, Locale, PersonName};
use crate::error::{AppError, FieldErrors};
use crate::ssr::entities::{legislature, letter, letter_delivery, representative};
use crate::ssr::jobs::Job;
use crate::ssr::outbox::{self, Template};
use crate::ssr::secret;
use crate::ssr::sql;
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

/// Unconfirmed letters are deleted after a week.
pub const EXPIRY_MS: i64 = 7 * 24 * 3600 * 1000;
/// The vault purposes of the sealed columns.
const SENDER_PURPOSE: &str = "letters.sender";
const CONTENT_PURPOSE: &str = "letters.content";
const EMAIL_HASH_PURPOSE: &str = "letters.email";
const SHINGLE_PURPOSE: &str = "letters.shingle";
/// The states of a letter its writer confirmed.
const CONFIRMED: [&str; 5] = ["queued", "sent", "delivered", "failed", "print"];
/// Hashes kept per fingerprint.
const SKETCH: usize = 128;
/// Letters compared against when measuring similarity (the latest ones).
const COMPARED: u64 = 1000;

/// The `letters` settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LetterSettings {
    /// Letters delivered to one representative in 24 hours at most; the rest wait their turn
    /// (0: no cap). Keeps a popular campaign from flooding one inbox.
    pub daily_cap_per_representative: u32,
    /// Answers to "did you get a reply?" needed before a representative's, party's or
    /// legislature's figure is shown (fewer would say more about a few writers than about them).
    pub min_answers: u32,
    /// Hours after which a letter their mail server took, and that did not bounce, counts as
    /// delivered (bounces mostly come back within minutes, retries give up within days).
    pub bounce_window_hours: u32,
}

impl Default for LetterSettings {
    fn default() -> Self {
        LetterSettings {
            daily_cap_per_representative: 50,
            min_answers: 10,
            bounce_window_hours: 72,
        }
    }
}

/// Who wrote a letter (sealed as one value).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Sender {
    pub name: String,
    pub email: String,
    pub town: String,
    pub address: String,
    /// The postcode their representatives were found by (none when the area was picked).
    #[serde(default)]
    pub postcode: String,
    /// The language of the writer's pages: the emails Petrel sends *them* are in it, while the
    /// letter itself is in the language it was written in (`letters.locale`). Empty in letters
    /// written before it was kept: those use the letter's.
    #[serde(default)]
    pub locale: String,
}

impl Sender {
    /// The language to write to this writer in.
    pub fn locale_or(&self, letter: Locale) -> Locale {
        Locale::from_code(&self.locale).unwrap_or(letter)
    }
}

/// What they wrote (sealed as one value).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Content {
    pub subject: String,
    pub body: String,
}

/// Delivers one letter to one representative.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliverLetter {
    pub delivery_id: i64,
}

impl Job for DeliverLetter {
    const KIND: &'static str = "deliver_letter";
}

/// `template` with the placeholders filled in. Without a title, `{title}` goes with the space
/// before it ("Dear {representative} {title}," reads "Dear Ann Smith,").
pub fn fill(template: &str, representative: &str, title: &str, sender: &str, town: &str) -> String {
    let template = if title.is_empty() {
        template.replace(" {title}", "").replace("{title}", "")
    } else {
        template.replace("{title}", title)
    };
    template
        .replace("{representative}", representative)
        .replace("{sender}", sender)
        .replace("{town}", town)
}

/// A fingerprint of a text: the smallest keyed hashes of its word triples (a bottom-k sketch).
/// Comparing two tells how much of the wording they share, without keeping the text.
pub fn fingerprint(vault: &crate::ssr::vault::Vault, body: &str) -> Vec<u32> {
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut hashes: Vec<u32> = words
        .windows(3.min(words.len().max(1)))
        .map(|w| {
            let h = vault.lookup_hash(SHINGLE_PURPOSE, &w.join(" "));
            h.bytes().fold(2_166_136_261u32, |acc, b| {
                (acc ^ u32::from(b)).wrapping_mul(16_777_619)
            })
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH);
    hashes
}

/// How alike two fingerprints are, in percent (an estimate of the share of word triples in
/// common).
pub fn similarity(a: &[u32], b: &[u32]) -> i32 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut union: Vec<u32> = a.iter().chain(b).copied().collect();
    union.sort_unstable();
    union.dedup();
    union.truncate(SKETCH);
    let shared = union
        .iter()
        .filter(|h| a.binary_search(h).is_ok() && b.binary_search(h).is_ok())
        .count();
    (shared * 100 / union.len()) as i32
}

fn encode(fp: &[u32]) -> String {
    fp.iter().map(|h| format!("{h:08x}")).collect()
}

fn decode(text: &str) -> Vec<u32> {
    text.as_bytes()
        .chunks(8)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .filter_map(|c| u32::from_str_radix(c, 16).ok())
        .collect()
}

/// An open letter campaign and its text in `locale` (else its main language's).
async fn open_campaign(
    state: &AppState,
    slug: &str,
) -> Result<std::sync::Arc<crate::ssr::campaigns::Published>, AppError> {
    let p = state
        .campaigns
        .published(&state.db, slug)
        .await?
        .filter(|p| p.campaign.campaign_kind() == crate::domain::CampaignKind::Letter)
        .ok_or(AppError::NotFound)?;
    if p.campaign.campaign_state() != crate::domain::CampaignState::Open {
        return Err(AppError::field("form", "error-campaign-closed"));
    }
    Ok(p)
}

/// A target as the writer chooses it: short name, name, country — both empty for a campaign's
/// fixed recipients, which the page names in the reader's language.
pub fn target_choice(l: legislature::Model) -> (String, String, String) {
    if crate::ssr::campaigns::is_recipients_list(&l) {
        (l.slug, String::new(), String::new())
    } else {
        (l.slug, l.name, l.country)
    }
}

/// The legislatures a letter campaign writes to, by name.
pub async fn targets<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<Vec<legislature::Model>, sea_orm::DbErr> {
    let ids = db
        .query_all_raw(sql::stmt(
            db.get_database_backend(),
            "SELECT legislature_id FROM campaign_targets WHERE campaign_id = $1",
            [campaign_id.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get::<i64>("", "legislature_id"))
        .collect::<Result<Vec<_>, _>>()?;
    legislature::Entity::find()
        .filter(legislature::Column::Id.is_in(ids))
        .order_by_asc(legislature::Column::Name)
        .all(db)
        .await
}

/// A target's filters: only members of these parties, only members for these areas (the
/// source's ids; empty means all).
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    pub parties: Vec<String>,
    pub areas: Vec<String>,
}

pub(crate) async fn filters<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    legislature_id: i64,
) -> Result<Filters, sea_orm::DbErr> {
    let row = db
        .query_one_raw(sql::stmt(
            db.get_database_backend(),
            "SELECT parties, areas FROM campaign_targets WHERE campaign_id = $1 AND legislature_id = $2",
            [campaign_id.into(), legislature_id.into()],
        ))
        .await?;
    let list = |column: &str| -> Vec<String> {
        row.as_ref()
            .and_then(|r| r.try_get::<Option<String>>("", column).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    };
    Ok(Filters {
        parties: list("parties"),
        areas: list("areas"),
    })
}

/// Who serves an area and is written to, as the writer sees them (with their party's name).
async fn recipients(
    state: &AppState,
    area_id: i64,
    filters: &Filters,
) -> Result<Vec<(representative::Model, Option<String>)>, AppError> {
    Ok(crate::ssr::directory::serving_in(&state.db, area_id)
        .await?
        .into_iter()
        .filter(|(_, p)| {
            filters.parties.is_empty()
                || p.as_ref()
                    .is_some_and(|p| filters.parties.contains(&p.external_id))
        })
        .map(|(r, p)| (r, p.map(|p| p.name)))
        .collect())
}

fn names(reps: &[(representative::Model, Option<String>)]) -> String {
    reps.iter()
        .map(|(r, _)| r.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
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
        form_token: crate::ssr::petitions::form_token::issue(&state.vault),
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
        crate::ssr::directory::areas(&state.db, l.id)
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
            let a = crate::ssr::directory::postcodes::area_for(&state.db, l.id, code).await?;
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

/// The writing form as submitted.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub slug: String,
    /// The page's language: the letter is in the campaign text shown in it.
    pub locale: String,
    pub legislature: String,
    pub area: i64,
    pub subject: String,
    pub body: String,
    pub name: String,
    pub email: String,
    pub town: String,
    pub address: String,
    /// The postcode the page found the representatives by, if it did.
    pub postcode: String,
    pub website: String,
    pub form_token: String,
}

/// Checks and saves a letter (state `new`) with a delivery row per representative, by email or
/// (for those without an address) by post; returns the raw token of its preview link.
pub async fn draft(state: &AppState, form: Draft) -> Result<String, AppError> {
    let p = open_campaign(state, &form.slug).await?;
    let l = targets(&state.db, p.campaign.id)
        .await?
        .into_iter()
        .find(|l| l.slug == form.legislature)
        .ok_or(AppError::NotFound)?;
    let area = crate::ssr::entities::area::Entity::find_by_id(form.area)
        .filter(crate::ssr::entities::area::Column::LegislatureId.eq(l.id))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::field("form", "error-letter-area"))?;
    let mut errors = FieldErrors::new();
    let mut add = |field: &str, key: &str| {
        errors
            .entry(field.to_owned())
            .or_default()
            .push(key.to_owned());
    };
    let name = PersonName::parse(&form.name)
        .map_err(|e| add("name", e.message_key()))
        .ok();
    let email = Email::parse(&form.email)
        .map_err(|e| add("email", e.message_key()))
        .ok();
    let town = form.town.trim();
    if town.is_empty() || town.chars().count() > 100 {
        add("town", "error-letter-town");
    }
    let address = form.address.trim();
    if address.chars().count() > 500 {
        add("address", "error-text-too-long");
    } else if address.is_empty() && p.campaign.letter_requires_address {
        add("address", "error-letter-address");
    }
    let subject = form.subject.trim();
    if subject.is_empty() || subject.chars().count() > 200 {
        add("subject", "error-letter-subject");
    }
    let body_len = form.body.trim().chars().count();
    if !(50..=10_000).contains(&body_len) {
        add("body", "error-letter-body");
    }
    // Nothing is saved for a bot. A form sent back faster than a person writes is told so
    // (a person sends it again); one whose token is not ours, or the honeypot, is "expired".
    let age = crate::ssr::petitions::form_token::age_ms(&state.vault, &form.form_token);
    let too_fast = age.is_some_and(|age| age < crate::ssr::petitions::sign::MIN_FILL_MS);
    let bot = !form.website.trim().is_empty() || age.is_none();
    let (Some(name), Some(email)) = (name, email) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let f = filters(&state.db, p.campaign.id, l.id).await?;
    if !f.areas.is_empty() && !f.areas.contains(&area.external_id) {
        return Err(AppError::field("form", "error-letter-area"));
    }
    let reps: Vec<representative::Model> = recipients(state, area.id, &f)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    if reps.is_empty() {
        return Err(AppError::field("form", "error-letter-no-recipient"));
    }
    if bot {
        return Err(AppError::field("form", "error-letter-form-expired"));
    }
    if too_fast {
        return Err(AppError::field("form", "error-form-too-fast"));
    }
    let body = fill(
        form.body.trim(),
        "",
        l.member_title.as_deref().unwrap_or_default(),
        name.as_str(),
        town,
    );
    let page_locale = Locale::from_code(&form.locale).unwrap_or_default();
    // The language it is written in; failing that, that of the text it started from.
    let language = crate::domain::language::detect(&body)
        .map(|l| l.code().to_owned())
        .or_else(|| p.text(page_locale).map(|(t, _)| t.locale.clone()))
        .unwrap_or_else(|| p.campaign.default_locale.clone());
    let fp = fingerprint(&state.vault, &body);
    let similar = letter::Entity::find()
        .filter(letter::Column::CampaignId.eq(p.campaign.id))
        .filter(letter::Column::State.is_in(CONFIRMED))
        .order_by_desc(letter::Column::Id)
        .select_only()
        .column(letter::Column::Fingerprint)
        .limit(COMPARED)
        .into_tuple::<String>()
        .all(&state.db)
        .await?
        .iter()
        .map(|other| similarity(&fp, &decode(other)))
        .max()
        .unwrap_or(0);
    // Only a postcode that finds this very area goes under the letter: anything else is not
    // what the page sent.
    let postcode = form.postcode.trim().to_uppercase();
    let postcode = if !postcode.is_empty()
        && postcode.len() <= 12
        && crate::ssr::directory::postcodes::area_for(&state.db, l.id, &postcode)
            .await?
            .is_some_and(|a| a.id == area.id)
    {
        postcode
    } else {
        String::new()
    };
    let sender = Sender {
        name: name.as_str().to_owned(),
        email: email.as_str().to_owned(),
        town: town.to_owned(),
        address: address.to_owned(),
        postcode,
        locale: page_locale.code().to_owned(),
    };
    let content = Content {
        subject: subject.to_owned(),
        body,
    };
    let (raw, hash) = secret::generate();
    let now = now_ms();
    let txn = state.db.begin().await?;
    let row = letter::ActiveModel {
        campaign_id: Set(p.campaign.id),
        legislature_id: Set(l.id),
        area_id: Set(Some(area.id)),
        state: Set("new".into()),
        locale: Set(language),
        email_hash: Set(state
            .vault
            .lookup_hash(EMAIL_HASH_PURPOSE, &email.normalised())),
        sender_sealed: Set(Some(seal(&state.vault, SENDER_PURPOSE, &sender)?)),
        content_sealed: Set(Some(seal(&state.vault, CONTENT_PURPOSE, &content)?)),
        fingerprint: Set(encode(&fp)),
        similarity: Set(similar),
        preview_token_hash: Set(Some(hash)),
        confirm_token_hash: Set(None),
        created_at: Set(now),
        expires_at: Set(now + EXPIRY_MS),
        confirmed_at: Set(None),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for r in &reps {
        letter_delivery::ActiveModel {
            letter_id: Set(row.id),
            representative_id: Set(r.id),
            state: Set("pending".into()),
            channel: Set(if r.email.is_some() { "email" } else { "post" }.into()),
            sent_at: Set(None),
            failure: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(raw)
}

/// `value` as JSON, sealed by the vault for `purpose`.
fn seal<T: Serialize>(
    vault: &crate::ssr::vault::Vault,
    purpose: &str,
    value: &T,
) -> Result<String, AppError> {
    let json = serde_json::to_vec(value).map_err(|e| crate::ssr::error::internal("seal", &e))?;
    Ok(vault.seal(purpose, &json))
}

fn open<T: for<'de> Deserialize<'de>>(
    vault: &crate::ssr::vault::Vault,
    purpose: &str,
    sealed: &Option<String>,
) -> Result<T, AppError> {
    let bytes = sealed
        .as_deref()
        .and_then(|s| vault.open(purpose, s).ok())
        .ok_or(AppError::NotFound)?;
    // Not the parser's message: it can quote the (personal) value it could not read.
    serde_json::from_slice(&bytes).map_err(|e| {
        tracing::error!(
            purpose,
            line = e.line(),
            column = e.column(),
            "a sealed value does not read"
        );
        AppError::Internal
    })
}

async fn by_preview_token(state: &AppState, raw: &str) -> Result<letter::Model, AppError> {
    letter::Entity::find()
        .filter(letter::Column::PreviewTokenHash.eq(secret::hash(raw)))
        .one(&state.db)
        .await?
        .filter(|l| l.expires_at > now_ms() || l.state != "new")
        .ok_or(AppError::NotFound)
}

/// A letter's deliveries, by representative name.
async fn deliveries_of(
    state: &AppState,
    letter_id: i64,
) -> Result<Vec<crate::api::letters::DeliveryView>, AppError> {
    let rows = state
        .db
        .query_all_raw(sql::stmt(
            state.db.get_database_backend(),
            "SELECT d.id, d.state, d.channel, r.name, r.email, r.postal_address \
             FROM letter_deliveries d JOIN representatives r ON r.id = d.representative_id \
             WHERE d.letter_id = $1 ORDER BY r.sort_name, d.id",
            [letter_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let by_post = r.try_get::<String>("", "channel")? == "post";
            Ok(crate::api::letters::DeliveryView {
                id: r.try_get("", "id")?,
                name: r.try_get("", "name")?,
                state: r.try_get("", "state")?,
                by_post,
                // The address it goes to: email, or post (if the directory has one).
                address: if by_post {
                    r.try_get("", "postal_address")?
                } else {
                    r.try_get("", "email")?
                },
            })
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(Into::into)
}

/// The writer's signature block, which Petrel puts under every letter whatever its text says,
/// so that a representative can always tell a constituent: their name, postal address (if
/// given), town and postcode (unless the address already says them), and their email for
/// replies. Not editable: the text box holds only the letter.
pub fn signature(sender: &Sender) -> Vec<String> {
    let address: Vec<String> = sender
        .address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let said = |v: &str| {
        let v = v.trim().to_lowercase();
        v.is_empty() || address.iter().any(|l| l.to_lowercase().contains(&v))
    };
    let place = [sender.town.trim(), sender.postcode.trim()]
        .into_iter()
        .filter(|v| !said(v))
        .collect::<Vec<_>>()
        .join(" ");
    std::iter::once(sender.name.trim().to_owned())
        .chain(address.iter().cloned())
        .chain((!place.is_empty()).then_some(place))
        .chain(std::iter::once(sender.email.trim().to_owned()))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The line under a letter saying where it came from, in the letter's language (the
/// representative's, not necessarily the writer's pages').
pub fn footer(locale: Locale, campaign: &str, sender: &str) -> String {
    crate::i18n::t_with(
        locale,
        "email-letter-footer",
        &[
            (
                "site",
                crate::i18n::Arg::Str(&crate::i18n::t(locale, "site-name")),
            ),
            ("campaign", crate::i18n::Arg::Str(campaign)),
            ("sender", crate::i18n::Arg::Str(sender)),
        ],
    )
}

/// A suggested letter as the writer sees it in the text box: sign-off lines made only of
/// `{sender}` and `{town}` go, since Petrel adds the signature block itself. (Inside a sentence
/// they stay, and are filled in from the form when the letter is saved.)
pub fn without_sign_off(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let rest = line.replace("{sender}", "").replace("{town}", "");
            line.trim().is_empty() || rest.chars().any(char::is_alphanumeric)
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

pub async fn preview(state: &AppState, raw: &str) -> Result<PreviewView, AppError> {
    let l = by_preview_token(state, raw).await?;
    let sender: Sender = open(&state.vault, SENDER_PURPOSE, &l.sender_sealed)?;
    let content: Content = open(&state.vault, CONTENT_PURPOSE, &l.content_sealed)?;
    let c = crate::ssr::campaigns::by_id(&state.db, l.campaign_id).await?;
    let locale = Locale::from_code(&l.locale).unwrap_or_default();
    let campaign = crate::ssr::campaigns::title(&state.db, &c, locale).await?;
    Ok(PreviewView {
        slug: c.slug.clone(),
        campaign: campaign.clone(),
        state: l.state.clone(),
        to: deliveries_of(state, l.id).await?,
        reply_to: format!("{} <{}>", sender.name, sender.email),
        signature: signature(&sender),
        footer: footer(locale, &campaign, &sender.name),
        language: locale,
        subject: content.subject,
        body: content.body,
        similarity: l.similarity,
        token: raw.to_owned(),
    })
}

/// Sends the letter off: it waits for the writer to confirm from the emailed link.
pub async fn submit(state: &AppState, raw: &str, locale: Locale) -> Result<String, AppError> {
    let l = by_preview_token(state, raw).await?;
    let c = crate::ssr::campaigns::by_id(&state.db, l.campaign_id).await?;
    if l.state != "new" {
        // Pressed twice: the email went the first time.
        return Ok(c.slug);
    }
    let sender: Sender = open(&state.vault, SENDER_PURPOSE, &l.sender_sealed)?;
    let to = Email::parse(&sender.email)
        .map_err(|e| crate::ssr::error::internal("writer address", &e))?;
    let (confirm_raw, confirm_hash) = secret::generate();
    let txn = state.db.begin().await?;
    let changed = txn
        .execute_raw(sql::stmt(
            txn.get_database_backend(),
            "UPDATE letters SET state = 'awaiting_confirmation', confirm_token_hash = $1 \
             WHERE id = $2 AND state = 'new'",
            [confirm_hash.into(), l.id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 1 {
        let mut params = serde_json::Map::new();
        params.insert(
            "campaign".into(),
            crate::ssr::campaigns::title(&txn, &c, locale).await?.into(),
        );
        params.insert(
            "confirm_path".into(),
            format!("/letters/confirm?token={confirm_raw}").into(),
        );
        params.insert("manage_path".into(), manage_path(&state.vault, l.id).into());
        outbox::queue(
            &txn,
            &state.vault,
            Template::ConfirmLetter,
            locale,
            &to,
            params,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(c.slug)
}

async fn by_confirm_token(state: &AppState, raw: &str) -> Result<Option<letter::Model>, AppError> {
    Ok(letter::Entity::find()
        .filter(letter::Column::ConfirmTokenHash.eq(secret::hash(raw)))
        .one(&state.db)
        .await?)
}

pub async fn check_link(
    state: &AppState,
    raw: &str,
    locale: Locale,
) -> Result<ConfirmView, AppError> {
    let Some(l) = by_confirm_token(state, raw).await? else {
        return Ok(ConfirmView {
            slug: String::new(),
            campaign: String::new(),
            link: "invalid".into(),
        });
    };
    let c = crate::ssr::campaigns::by_id(&state.db, l.campaign_id).await?;
    let link = match l.state.as_str() {
        "awaiting_confirmation" if l.expires_at > now_ms() => "valid",
        s if CONFIRMED.contains(&s) => "done",
        _ => "invalid",
    };
    Ok(ConfirmView {
        campaign: crate::ssr::campaigns::title(&state.db, &c, locale).await?,
        slug: c.slug,
        link: link.into(),
    })
}

/// Confirms the letter: its deliveries by email are queued, each as a job, those by post wait
/// for the writer to print them. Returns the campaign's slug and the letter's id.
pub async fn confirm(state: &AppState, raw: &str) -> Result<(String, i64), AppError> {
    let l = by_confirm_token(state, raw)
        .await?
        .ok_or_else(|| AppError::field("form", "error-letter-link"))?;
    let c = crate::ssr::campaigns::by_id(&state.db, l.campaign_id).await?;
    if CONFIRMED.contains(&l.state.as_str()) {
        return Ok((c.slug, l.id));
    }
    if l.state != "awaiting_confirmation" || l.expires_at <= now_ms() {
        return Err(AppError::field("form", "error-letter-link"));
    }
    let txn = state.db.begin().await?;
    let backend = txn.get_database_backend();
    let changed = txn
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letters SET state = 'queued', confirmed_at = $1 \
             WHERE id = $2 AND state = 'awaiting_confirmation'",
            [now_ms().into(), l.id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 1 {
        let ids: Vec<i64> = letter_delivery::Entity::find()
            .filter(letter_delivery::Column::LetterId.eq(l.id))
            .filter(letter_delivery::Column::Channel.eq("email"))
            .select_only()
            .column(letter_delivery::Column::Id)
            .into_tuple()
            .all(&txn)
            .await?;
        txn.execute_raw(sql::stmt(
            backend,
            "UPDATE letter_deliveries \
             SET state = CASE WHEN channel = 'post' THEN 'print' ELSE 'queued' END \
             WHERE letter_id = $1",
            [l.id.into()],
        ))
        .await?;
        if ids.is_empty() {
            // By post only: the writer prints it now (the clock of retention starts).
            txn.execute_raw(sql::stmt(
                backend,
                "UPDATE letters SET state = 'print', sent_at = $1 WHERE id = $2",
                [now_ms().into(), l.id.into()],
            ))
            .await?;
        }
        // In digest mode the daily digest takes them; otherwise each goes now.
        if !c.letter_digest {
            for id in ids {
                crate::ssr::jobs::enqueue(&txn, &DeliverLetter { delivery_id: id }).await?;
            }
        }
    }
    txn.commit().await?;
    Ok((c.slug, l.id))
}

/// What the worker needs to send one delivery; `None` when it is not (or no longer) due.
pub struct Outgoing {
    pub to_name: String,
    pub to_email: String,
    pub sender: Sender,
    pub content: Content,
    pub locale: Locale,
    pub campaign: String,
}

pub async fn outgoing(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    delivery_id: i64,
) -> Result<Option<Outgoing>, AppError> {
    let Some(d) = letter_delivery::Entity::find_by_id(delivery_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if d.state != "queued" {
        return Ok(None);
    }
    let l = letter::Entity::find_by_id(d.letter_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = representative::Entity::find_by_id(d.representative_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(to_email) = r.email.clone() else {
        return Ok(None);
    };
    let c = crate::ssr::campaigns::by_id(db, l.campaign_id).await?;
    let locale = Locale::from_code(&l.locale).unwrap_or_default();
    Ok(Some(Outgoing {
        to_name: r.name,
        to_email,
        sender: open(vault, SENDER_PURPOSE, &l.sender_sealed)?,
        content: open(vault, CONTENT_PURPOSE, &l.content_sealed)?,
        campaign: crate::ssr::campaigns::title(db, &c, locale).await?,
        locale,
    }))
}

/// Records a delivery as sent (once); the letter is sent when all its deliveries are.
pub async fn mark_sent<C: ConnectionTrait>(db: &C, delivery_id: i64) -> Result<(), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let now = now_ms();
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE letter_deliveries SET state = 'sent', sent_at = $1 WHERE id = $2 AND state = 'queued'",
        [now.into(), delivery_id.into()],
    ))
    .await?;
    db.execute_raw(sql::stmt(
        backend,
        "UPDATE letters SET state = 'sent', sent_at = $1 \
         WHERE id = (SELECT letter_id FROM letter_deliveries WHERE id = $2) AND state = 'queued' \
         AND NOT EXISTS (SELECT 1 FROM letter_deliveries d WHERE d.letter_id = letters.id \
                         AND d.state IN ('pending', 'queued'))",
        [now.into(), delivery_id.into()],
    ))
    .await?;
    Ok(())
}

/// Letters sent off (confirmed) in a campaign by email (those only printed are not known to
/// have gone).
pub async fn sent_count<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<i64, sea_orm::DbErr> {
    db.query_one_raw(sql::stmt(
        db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM letters WHERE campaign_id = $1 \
         AND state IN ('queued', 'sent', 'delivered')",
        [campaign_id.into()],
    ))
    .await?
    .map(|r| r.try_get::<i64>("", "n"))
    .transpose()
    .map(Option::unwrap_or_default)
}

/// Takes one of the representative's `cap` letters a day for delivery `delivery_id` (marking
/// it with the moment, `now_ms`), or says when one frees up — the moment the oldest of the last
/// 24 hours' letters is a day old. Workers delivering at once to the same representative take
/// turns on the representative's row, so the cap holds under any number of them. A delivery
/// that is retried keeps its place. `None`: it may go now.
pub async fn reserve(
    db: &sea_orm::DatabaseConnection,
    delivery_id: i64,
    cap: u32,
    now_ms: i64,
) -> Result<Option<i64>, sea_orm::DbErr> {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    if cap == 0 {
        return Ok(None);
    }
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    // The first statement writes: it locks the representative's row (PostgreSQL) or the
    // database (SQLite) until this transaction ends.
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE representatives SET id = id \
         WHERE id = (SELECT representative_id FROM letter_deliveries WHERE id = $1)",
        [delivery_id.into()],
    ))
    .await?;
    let rows = txn
        .query_all_raw(sql::stmt(
            backend,
            "SELECT sent_at FROM letter_deliveries WHERE sent_at > $1 AND id <> $2 \
             AND representative_id = (SELECT representative_id FROM letter_deliveries WHERE id = $2) \
             ORDER BY sent_at DESC LIMIT $3",
            [(now_ms - DAY_MS).into(), delivery_id.into(), i64::from(cap).into()],
        ))
        .await?;
    if rows.len() >= cap as usize {
        txn.rollback().await?;
        let oldest: i64 = rows
            .last()
            .map(|r| r.try_get("", "sent_at"))
            .transpose()?
            .unwrap_or(now_ms);
        return Ok(Some(oldest + DAY_MS));
    }
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letter_deliveries SET sent_at = $1 WHERE id = $2 AND state = 'queued'",
        [now_ms.into(), delivery_id.into()],
    ))
    .await?;
    txn.commit().await?;
    Ok(None)
}

/// Gives back the place [`reserve`] took when the email could not go (it is tried again).
pub async fn release<C: ConnectionTrait>(db: &C, delivery_id: i64) -> Result<(), sea_orm::DbErr> {
    db.execute_raw(sql::stmt(
        db.get_database_backend(),
        "UPDATE letter_deliveries SET sent_at = NULL WHERE id = $1 AND state = 'queued'",
        [delivery_id.into()],
    ))
    .await?;
    Ok(())
}

/// Sends the day's digests (the worker runs it every morning).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendLetterDigests {}

impl Job for SendLetterDigests {
    const KIND: &'static str = "send_letter_digests";
}

/// One representative's letters from one digest campaign.
pub struct Digest {
    pub to_name: String,
    pub to_email: String,
    pub campaign: String,
    pub locale: Locale,
    pub letters: Vec<(Sender, Content)>,
    pub deliveries: Vec<i64>,
}

/// The digests due: every queued delivery of a digest campaign, grouped by representative and
/// campaign.
pub async fn digests(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
) -> Result<Vec<Digest>, AppError> {
    let rows = db
        .query_all_raw(sql::stmt(
            db.get_database_backend(),
            "SELECT d.id AS delivery, d.representative_id AS rep, l.campaign_id AS campaign, \
             l.id AS letter FROM letter_deliveries d JOIN letters l ON l.id = d.letter_id \
             JOIN campaigns c ON c.id = l.campaign_id \
             WHERE d.state = 'queued' AND c.letter_digest = $1 \
             ORDER BY d.representative_id, l.campaign_id, l.id",
            [true.into()],
        ))
        .await?;
    let mut out: Vec<Digest> = Vec::new();
    let mut key = None;
    for r in &rows {
        let (delivery, rep, campaign, letter_id): (i64, i64, i64, i64) = (
            r.try_get("", "delivery")?,
            r.try_get("", "rep")?,
            r.try_get("", "campaign")?,
            r.try_get("", "letter")?,
        );
        if key != Some((rep, campaign)) {
            key = Some((rep, campaign));
            let (Some(representative), Some(c)) = (
                representative::Entity::find_by_id(rep).one(db).await?,
                crate::ssr::entities::campaign::Entity::find_by_id(campaign)
                    .one(db)
                    .await?,
            ) else {
                continue;
            };
            let locale = Locale::from_code(&c.default_locale).unwrap_or_default();
            out.push(Digest {
                to_name: representative.name,
                to_email: representative.email.unwrap_or_default(),
                campaign: crate::ssr::campaigns::title(db, &c, locale).await?,
                locale,
                letters: Vec::new(),
                deliveries: Vec::new(),
            });
        }
        let Some(digest) = out.last_mut() else {
            continue;
        };
        let Some(l) = letter::Entity::find_by_id(letter_id).one(db).await? else {
            continue;
        };
        digest.letters.push((
            open(vault, SENDER_PURPOSE, &l.sender_sealed)?,
            open(vault, CONTENT_PURPOSE, &l.content_sealed)?,
        ));
        digest.deliveries.push(delivery);
    }
    out.retain(|d| !d.to_email.is_empty());
    Ok(out)
}

/// A link or tag naming row `id`: the id and a keyed check of it, `len` characters long
/// (`{id}.{check}`), so there is nothing to store and nothing to guess.
fn id_token(vault: &crate::ssr::vault::Vault, purpose: &str, id: i64, len: usize) -> String {
    let check: String = vault
        .lookup_hash(purpose, &id.to_string())
        .chars()
        .take(len)
        .collect();
    format!("{id}.{check}")
}

/// The id an [`id_token`] names, if its check holds.
fn id_of_token(
    vault: &crate::ssr::vault::Vault,
    purpose: &str,
    raw: &str,
    len: usize,
) -> Option<i64> {
    let (id, _) = raw.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    crate::ssr::auth::constant_time_eq(id_token(vault, purpose, id, len).as_bytes(), raw.as_bytes())
        .then_some(id)
}

const MANAGE_PURPOSE: &str = "letters.manage";
const MANAGE_CHECK: usize = 22;
const DELIVERY_PURPOSE: &str = "letters.delivery";
const DELIVERY_CHECK: usize = 16;

/// The link that lets a writer withdraw their letter and erase what they typed.
pub fn manage_token(vault: &crate::ssr::vault::Vault, letter_id: i64) -> String {
    id_token(vault, MANAGE_PURPOSE, letter_id, MANAGE_CHECK)
}

fn letter_of_manage_token(vault: &crate::ssr::vault::Vault, raw: &str) -> Option<i64> {
    id_of_token(vault, MANAGE_PURPOSE, raw, MANAGE_CHECK)
}

/// The letter a manage link names.
async fn by_manage_token(state: &AppState, raw: &str) -> Result<letter::Model, AppError> {
    let id = letter_of_manage_token(&state.vault, raw).ok_or(AppError::NotFound)?;
    letter::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The path of the manage page, for emails to the writer.
pub fn manage_path(vault: &crate::ssr::vault::Vault, letter_id: i64) -> String {
    format!("/letters/manage?token={}", manage_token(vault, letter_id))
}

/// What the letter's page shows: the campaign, the letter's state and where it went.
pub async fn manage_view(
    state: &AppState,
    raw: &str,
    locale: Locale,
) -> Result<crate::api::letters::ManageView, AppError> {
    let l = by_manage_token(state, raw).await?;
    let c = crate::ssr::campaigns::by_id(&state.db, l.campaign_id).await?;
    Ok(crate::api::letters::ManageView {
        campaign: crate::ssr::campaigns::title(&state.db, &c, locale).await?,
        slug: c.slug,
        state: l.state,
        erased: l.sender_sealed.is_none(),
        printable: l.content_sealed.is_some() && l.sender_sealed.is_some(),
        deliveries: deliveries_of(state, l.id).await?,
        token: raw.to_owned(),
    })
}

/// The letter to one representative by post, laid out for printing: the writer's address, the
/// date, the representative's name and postal address (where the directory has one), the text.
pub async fn print_view(
    state: &AppState,
    raw: &str,
    delivery: i64,
    locale: Locale,
) -> Result<crate::api::letters::PrintView, AppError> {
    let l = by_manage_token(state, raw).await?;
    let to = deliveries_of(state, l.id)
        .await?
        .into_iter()
        .find(|d| d.id == delivery && d.state == "print")
        .ok_or(AppError::NotFound)?;
    let c = crate::ssr::campaigns::by_id(&state.db, l.campaign_id).await?;
    // Erased by the writer or past retention: there is nothing left to print.
    let (Ok(sender), Ok(content)) = (
        open::<Sender>(&state.vault, SENDER_PURPOSE, &l.sender_sealed),
        open::<Content>(&state.vault, CONTENT_PURPOSE, &l.content_sealed),
    ) else {
        return Err(AppError::NotFound);
    };
    let date = chrono::DateTime::from_timestamp_millis(l.confirmed_at.unwrap_or(l.created_at))
        .map(|d| crate::i18n::format_date(locale, d.date_naive()))
        .unwrap_or_default();
    let from = std::iter::once(sender.name.clone())
        .chain(if sender.address.trim().is_empty() {
            vec![sender.town.clone()]
        } else {
            sender.address.lines().map(str::to_owned).collect()
        })
        .filter(|l| !l.trim().is_empty())
        .collect();
    Ok(crate::api::letters::PrintView {
        campaign: crate::ssr::campaigns::title(&state.db, &c, locale).await?,
        slug: c.slug,
        from,
        date,
        to_name: to.name,
        to_address: to
            .address
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.trim().is_empty())
            .collect(),
        signature: (!content.body.contains(&sender.name))
            .then(|| sender.name.clone())
            .into_iter()
            .collect(),
        subject: content.subject,
        body: content.body,
        token: raw.to_owned(),
    })
}

/// Withdraws a letter that has not gone yet (deliveries not sent are cancelled) and erases what
/// its writer typed, whatever its state; a letter already sent stays counted.
pub async fn erase(state: &AppState, raw: &str) -> Result<(), AppError> {
    let id = letter_of_manage_token(&state.vault, raw).ok_or(AppError::NotFound)?;
    let backend = state.db.get_database_backend();
    let txn = state.db.begin().await?;
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letters SET sender_sealed = NULL, content_sealed = NULL, fingerprint = '', \
         email_hash = 'erased', preview_token_hash = NULL, confirm_token_hash = NULL, \
         followup_token_hash = NULL, \
         state = CASE WHEN state IN ('sent', 'delivered', 'failed', 'print') THEN state \
                 ELSE 'withdrawn' END \
         WHERE id = $1",
        [id.into()],
    ))
    .await?;
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letter_deliveries SET state = 'withdrawn' \
         WHERE letter_id = $1 AND state IN ('pending', 'queued')",
        [id.into()],
    ))
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The header that marks a letter's email, so that a bounce naming it finds the delivery.
pub const DELIVERY_HEADER: &str = "X-Petrel-Letter";

/// The value of [`DELIVERY_HEADER`] for a delivery: its id and a keyed check of it, so a bounce
/// cannot be forged for another delivery.
pub fn delivery_tag(vault: &crate::ssr::vault::Vault, delivery_id: i64) -> String {
    id_token(vault, DELIVERY_PURPOSE, delivery_id, DELIVERY_CHECK)
}

/// What a message to the bounce address says about a letter's delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// It bounced.
    Failed,
    /// A delivery report says it arrived, or the representative's mailbox answered
    /// automatically (an out-of-office reply comes only from a mailbox that got it).
    Delivered,
    /// A report without a verdict yet (delayed, relayed): nothing changes.
    Pending,
}

/// The delivery a message to the bounce address is about — the first [`DELIVERY_HEADER`] in it
/// whose check holds (a report quotes the original message or its headers) — and what it says:
/// the `Action` fields of a delivery status notification (RFC 3464), which come before the
/// quoted original; without them, an automatic reply (`Auto-Submitted`, RFC 3834) shows
/// delivery and anything else is taken for a bounce.
pub fn read_report(vault: &crate::ssr::vault::Vault, message: &[u8]) -> Option<(i64, Report)> {
    let text = String::from_utf8_lossy(message);
    let prefix = format!("{}:", DELIVERY_HEADER.to_ascii_lowercase());
    let mut actions = Vec::new();
    let mut auto_reply = false;
    let mut in_headers = true;
    for line in text.lines() {
        let trimmed = line.trim_start_matches(['>', ' ']);
        let lower = trimmed.to_ascii_lowercase();
        if let Some(tag) = lower
            .starts_with(&prefix)
            .then(|| trimmed[prefix.len()..].trim())
            && let Some(id) = id_of_token(vault, DELIVERY_PURPOSE, tag, DELIVERY_CHECK)
        {
            let report = if actions.iter().any(|a: &String| a.starts_with("failed")) {
                Report::Failed
            } else if actions.iter().any(|a| a.starts_with("delivered")) {
                Report::Delivered
            } else if !actions.is_empty() {
                Report::Pending
            } else if auto_reply {
                Report::Delivered
            } else {
                Report::Failed
            };
            return Some((id, report));
        }
        if line.trim().is_empty() {
            in_headers = false;
        }
        if let Some(value) = lower.strip_prefix("action:") {
            actions.push(value.trim().to_owned());
        }
        if in_headers {
            auto_reply |= auto_reply_header(&lower);
        }
    }
    None
}

/// Whether a (lower-cased) header line marks an automatic reply: RFC 3834's `Auto-Submitted`
/// (anything but `no`), or what common responders send instead (`X-Autoreply`,
/// `X-Autorespond`, `Precedence: auto_reply`).
fn auto_reply_header(line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else {
        return false;
    };
    let value = value.trim();
    match name.trim() {
        "auto-submitted" => value != "no",
        "x-autoreply" | "x-autorespond" => !value.is_empty() && value != "no",
        "precedence" => value == "auto_reply",
        _ => false,
    }
}

/// Records a delivery report about delivery `delivery_id` (see [`read_report`]); returns whether
/// anything changed.
pub async fn record_report(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    delivery_id: i64,
    report: Report,
) -> Result<bool, AppError> {
    match report {
        Report::Failed => bounce(db, vault, delivery_id).await,
        Report::Delivered => {
            let backend = db.get_database_backend();
            let txn = db.begin().await?;
            let changed = txn
                .execute_raw(sql::stmt(
                    backend,
                    "UPDATE letter_deliveries SET state = 'delivered' WHERE id = $1 AND state = 'sent'",
                    [delivery_id.into()],
                ))
                .await?
                .rows_affected();
            settle_letters(
                &txn,
                "id = (SELECT letter_id FROM letter_deliveries WHERE id = $1)",
                delivery_id,
            )
            .await?;
            txn.commit().await?;
            Ok(changed > 0)
        }
        Report::Pending => Ok(false),
    }
}

/// Letters matching `which` (an SQL condition on `letters` with one parameter, `arg`) whose
/// deliveries by email have all arrived or failed, with at least one arrived: delivered.
async fn settle_letters<C: ConnectionTrait>(
    db: &C,
    which: &str,
    arg: i64,
) -> Result<u64, sea_orm::DbErr> {
    Ok(db
        .execute_raw(sql::stmt(
            db.get_database_backend(),
            &format!(
                "UPDATE letters SET state = 'delivered' WHERE {which} AND state = 'sent' \
                 AND NOT EXISTS (SELECT 1 FROM letter_deliveries d WHERE d.letter_id = letters.id \
                                 AND d.state IN ('pending', 'queued', 'sent')) \
                 AND EXISTS (SELECT 1 FROM letter_deliveries d WHERE d.letter_id = letters.id \
                             AND d.state = 'delivered')"
            ),
            [arg.into()],
        ))
        .await?
        .rows_affected())
}

/// Deliveries sent more than `window_hours` before `now_ms` that did not bounce: delivered
/// (the worker runs it every hour). Returns how many.
pub async fn settle_deliveries<C: ConnectionTrait>(
    db: &C,
    now_ms: i64,
    window_hours: u32,
) -> Result<u64, sea_orm::DbErr> {
    let before = now_ms - i64::from(window_hours) * 3600 * 1000;
    let settled = db
        .execute_raw(sql::stmt(
            db.get_database_backend(),
            "UPDATE letter_deliveries SET state = 'delivered' WHERE state = 'sent' AND sent_at <= $1",
            [before.into()],
        ))
        .await?
        .rows_affected();
    if settled > 0 {
        settle_letters(db, "sent_at <= $1", before).await?;
    }
    Ok(settled)
}

/// Records that delivery `delivery_id` bounced: it failed, the letter failed if none of its
/// deliveries went through, and the writer is told. Returns whether anything changed.
pub async fn bounce(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    delivery_id: i64,
) -> Result<bool, AppError> {
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    let changed = txn
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letter_deliveries SET state = 'failed', failure = 'bounced' \
             WHERE id = $1 AND state IN ('queued', 'sent', 'delivered')",
            [delivery_id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    let Some(d) = letter_delivery::Entity::find_by_id(delivery_id)
        .one(&txn)
        .await?
    else {
        txn.rollback().await?;
        return Ok(false);
    };
    txn.execute_raw(sql::stmt(
        backend,
        "UPDATE letters SET state = 'failed' WHERE id = $1 AND NOT EXISTS \
         (SELECT 1 FROM letter_deliveries x WHERE x.letter_id = letters.id AND x.state <> 'failed')",
        [d.letter_id.into()],
    ))
    .await?;
    // A late bounce can leave the rest delivered.
    settle_letters(&txn, "id = $1", d.letter_id).await?;
    let l = letter::Entity::find_by_id(d.letter_id).one(&txn).await?;
    let r = representative::Entity::find_by_id(d.representative_id)
        .one(&txn)
        .await?;
    if let (Some(l), Some(r)) = (l, r)
        && let Ok(sender) = open::<Sender>(vault, SENDER_PURPOSE, &l.sender_sealed)
        && let Ok(to) = Email::parse(&sender.email)
        && let Some(c) = crate::ssr::entities::campaign::Entity::find_by_id(l.campaign_id)
            .one(&txn)
            .await?
    {
        let locale = sender.locale_or(Locale::from_code(&l.locale).unwrap_or_default());
        let mut params = serde_json::Map::new();
        params.insert(
            "campaign".into(),
            crate::ssr::campaigns::title(&txn, &c, locale).await?.into(),
        );
        params.insert("representative".into(), r.name.into());
        params.insert(
            "campaign_path".into(),
            format!("/campaigns/{}", c.slug).into(),
        );
        outbox::queue(&txn, vault, Template::LetterBounced, locale, &to, params).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Letters delivered in a campaign, per legislature and per representative (most first, the
/// first 20): public figures about public offices, nothing about the writers.
pub async fn public_counts<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<(Vec<(String, i64)>, Vec<(String, String, i64)>), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let by_legislature = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT g.name AS name, COUNT(*) AS n FROM letter_deliveries d \
             JOIN letters l ON l.id = d.letter_id JOIN legislatures g ON g.id = l.legislature_id \
             WHERE l.campaign_id = $1 AND d.state IN ('sent', 'delivered') GROUP BY g.name ORDER BY n DESC, g.name",
            [campaign_id.into()],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "name")?, r.try_get("", "n")?)))
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    let by_representative = db
        .query_all_raw(sql::stmt(
            backend,
            "SELECT r.name AS name, COALESCE(a.name, '') AS area, COUNT(*) AS n \
             FROM letter_deliveries d JOIN letters l ON l.id = d.letter_id \
             JOIN representatives r ON r.id = d.representative_id \
             LEFT JOIN areas a ON a.id = r.area_id \
             WHERE l.campaign_id = $1 AND d.state IN ('sent', 'delivered') \
             GROUP BY r.id, r.name, a.name ORDER BY n DESC, r.name LIMIT 20",
            [campaign_id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("", "name")?,
                r.try_get("", "area")?,
                r.try_get("", "n")?,
            ))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    Ok((by_legislature, by_representative))
}

/// Writers are asked whether they got a reply this long after delivery…
pub const ASK_AFTER_MS: i64 = 14 * 24 * 3600 * 1000;
/// …and reminded once, this long after that, if they have not answered.
pub const REMIND_AFTER_MS: i64 = 7 * 24 * 3600 * 1000;

/// Asks about replies now and then (the worker runs it hourly).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LetterFollowUps {}

impl Job for LetterFollowUps {
    const KIND: &'static str = "letter_follow_ups";
}

/// The link that answers "did you get a reply?" for a letter: derived from the letter's id with
/// the vault's key, so the question and its reminder carry the same link and nothing secret is
/// stored (the database keeps its hash, to find the letter).
fn followup_token(vault: &crate::ssr::vault::Vault, letter_id: i64) -> String {
    vault.lookup_hash("letters.followup", &letter_id.to_string())
}

/// Emails "did you get a reply?" to writers whose letters were delivered `ASK_AFTER_MS` before
/// `now_ms`, and the one reminder `REMIND_AFTER_MS` later to those who have not answered;
/// returns how many were asked and reminded.
pub async fn follow_up(
    db: &sea_orm::DatabaseConnection,
    vault: &crate::ssr::vault::Vault,
    now_ms: i64,
) -> Result<(u64, u64), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let mut counts = (0, 0);
    for reminder in [false, true] {
        let due = if reminder {
            "SELECT DISTINCT d.letter_id AS id FROM letter_deliveries d \
             JOIN letters l ON l.id = d.letter_id \
             WHERE d.asked_at <= $1 AND d.reminded_at IS NULL AND d.reply IS NULL \
             AND l.sender_sealed IS NOT NULL LIMIT 500"
        } else {
            "SELECT DISTINCT d.letter_id AS id FROM letter_deliveries d \
             JOIN letters l ON l.id = d.letter_id \
             WHERE d.state = 'delivered' AND d.sent_at <= $1 AND d.asked_at IS NULL \
             AND l.sender_sealed IS NOT NULL LIMIT 500"
        };
        let before = now_ms
            - if reminder {
                REMIND_AFTER_MS
            } else {
                ASK_AFTER_MS
            };
        let ids: Vec<i64> = db
            .query_all_raw(sql::stmt(backend, due, [before.into()]))
            .await?
            .iter()
            .map(|r| r.try_get("", "id"))
            .collect::<Result<_, _>>()?;
        for id in ids {
            let Some(l) = letter::Entity::find_by_id(id).one(db).await? else {
                continue;
            };
            let Ok(sender) = open::<Sender>(vault, SENDER_PURPOSE, &l.sender_sealed) else {
                continue;
            };
            let Ok(to) = Email::parse(&sender.email) else {
                continue;
            };
            let Some(c) = crate::ssr::entities::campaign::Entity::find_by_id(l.campaign_id)
                .one(db)
                .await?
            else {
                continue;
            };
            let locale = sender.locale_or(Locale::from_code(&l.locale).unwrap_or_default());
            let raw = followup_token(vault, l.id);
            let names: Vec<String> = db
                .query_all_raw(sql::stmt(
                    backend,
                    "SELECT r.name FROM letter_deliveries d \
                     JOIN representatives r ON r.id = d.representative_id \
                     WHERE d.letter_id = $1 AND d.state = 'delivered' ORDER BY r.sort_name",
                    [l.id.into()],
                ))
                .await?
                .iter()
                .map(|r| r.try_get("", "name"))
                .collect::<Result<_, _>>()?;
            let txn = db.begin().await?;
            let stamp = if reminder {
                "UPDATE letter_deliveries SET reminded_at = $1 \
                 WHERE letter_id = $2 AND asked_at IS NOT NULL AND reminded_at IS NULL"
            } else {
                "UPDATE letter_deliveries SET asked_at = $1 \
                 WHERE letter_id = $2 AND state = 'delivered' AND asked_at IS NULL"
            };
            // The first statement writes, and decides: another worker that got here first
            // leaves nothing to stamp, and no second email goes.
            let stamped = txn
                .execute_raw(sql::stmt(backend, stamp, [now_ms.into(), l.id.into()]))
                .await?
                .rows_affected();
            if stamped == 0 {
                txn.rollback().await?;
                continue;
            }
            txn.execute_raw(sql::stmt(
                backend,
                "UPDATE letters SET followup_token_hash = $1 WHERE id = $2",
                [secret::hash(&raw).into(), l.id.into()],
            ))
            .await?;
            let mut params = serde_json::Map::new();
            params.insert(
                "campaign".into(),
                crate::ssr::campaigns::title(&txn, &c, locale).await?.into(),
            );
            params.insert("representatives".into(), names.join(", ").into());
            params.insert(
                "reply_path".into(),
                format!("/letters/reply?token={raw}").into(),
            );
            params.insert("reminder".into(), reminder.into());
            params.insert("manage_path".into(), manage_path(vault, l.id).into());
            outbox::queue(&txn, vault, Template::LetterFollowUp, locale, &to, params).await?;
            txn.commit().await?;
            if reminder {
                counts.1 += 1;
            } else {
                counts.0 += 1;
            }
        }
    }
    Ok(counts)
}

async fn by_followup_token(state: &AppState, raw: &str) -> Result<letter::Model, AppError> {
    letter::Entity::find()
        .filter(letter::Column::FollowupTokenHash.eq(secret::hash(raw)))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The "did you get a reply?" page: each representative the letter went to, and the answer
/// given so far.
pub async fn reply_view(
    state: &AppState,
    raw: &str,
    locale: Locale,
) -> Result<crate::api::letters::ReplyView, AppError> {
    let l = by_followup_token(state, raw).await?;
    let c = crate::ssr::campaigns::by_id(&state.db, l.campaign_id).await?;
    let rows = state
        .db
        .query_all_raw(sql::stmt(
            state.db.get_database_backend(),
            "SELECT d.id, r.name, d.reply FROM letter_deliveries d \
             JOIN representatives r ON r.id = d.representative_id \
             WHERE d.letter_id = $1 AND d.state = 'delivered' ORDER BY r.sort_name",
            [l.id.into()],
        ))
        .await?;
    Ok(crate::api::letters::ReplyView {
        campaign: crate::ssr::campaigns::title(&state.db, &c, locale).await?,
        slug: c.slug,
        token: raw.to_owned(),
        representatives: rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("", "id")?,
                    r.try_get("", "name")?,
                    r.try_get("", "reply")?,
                ))
            })
            .collect::<Result<_, sea_orm::DbErr>>()?,
    })
}

/// Records the writer's answer for one representative (it can be changed).
pub async fn answer(
    state: &AppState,
    raw: &str,
    delivery: i64,
    reply: &str,
) -> Result<(), AppError> {
    if reply != "yes" && reply != "no" {
        return Err(AppError::field("form", "error-reply-invalid"));
    }
    let l = by_followup_token(state, raw).await?;
    let changed = state
        .db
        .execute_raw(sql::stmt(
            state.db.get_database_backend(),
            "UPDATE letter_deliveries SET reply = $1, answered_at = $2 \
             WHERE id = $3 AND letter_id = $4 AND state = 'delivered'",
            [reply.into(), now_ms().into(), delivery.into(), l.id.into()],
        ))
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// How often representatives answered letters, as their writers told us: per legislature, party
/// and representative, each only when at least `min_answers` writers answered (name, answers,
/// replies), for the legislatures `legislature_ids`.
pub async fn responsiveness<C: ConnectionTrait>(
    db: &C,
    legislature_ids: &[i64],
    min_answers: u32,
) -> Result<crate::api::letters::Responsiveness, sea_orm::DbErr> {
    let mut out = crate::api::letters::Responsiveness::default();
    if legislature_ids.is_empty() {
        return Ok(out);
    }
    let backend = db.get_database_backend();
    let list = legislature_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let query = |group: &str, name: &str, join: &str| {
        format!(
            "SELECT {name} AS name, COUNT(*) AS answers, \
             SUM(CASE WHEN d.reply = 'yes' THEN 1 ELSE 0 END) AS replies \
             FROM letter_deliveries d JOIN representatives r ON r.id = d.representative_id {join} \
             WHERE d.reply IS NOT NULL AND r.legislature_id IN ({list}) \
             GROUP BY {group} HAVING COUNT(*) >= $1 ORDER BY name"
        )
    };
    for (target, sql_text) in [
        (
            0,
            query(
                "g.id, g.name",
                "g.name",
                "JOIN legislatures g ON g.id = r.legislature_id",
            ),
        ),
        (
            1,
            query(
                "p.id, p.name",
                "p.name",
                "JOIN parties p ON p.id = r.party_id",
            ),
        ),
        (2, query("r.id, r.name", "r.name", "")),
    ] {
        let rows = db
            .query_all_raw(sql::stmt(
                backend,
                &sql_text,
                [i64::from(min_answers.max(1)).into()],
            ))
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<String>("", "name")?,
                    r.try_get::<i64>("", "answers")?,
                    r.try_get::<i64>("", "replies")?,
                ))
            })
            .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
        match target {
            0 => out.legislatures = rows,
            1 => out.parties = rows,
            _ => out.representatives = rows,
        }
    }
    Ok(out)
}

/// What the retention rules removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    pub texts: u64,
    pub writers: u64,
}

/// Forgets what letters delivered long enough ago no longer need: their text (and its
/// fingerprint) `body_days` after delivery, their writer `writer_days` after. The letter row
/// stays, for the counts. `now_ms` is the clock.
pub async fn forget<C: ConnectionTrait>(
    db: &C,
    now_ms: i64,
    body_days: u32,
    writer_days: u32,
) -> Result<Forgotten, sea_orm::DbErr> {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    let backend = db.get_database_backend();
    let texts = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letters SET content_sealed = NULL, fingerprint = '' \
             WHERE sent_at < $1 AND content_sealed IS NOT NULL",
            [(now_ms - i64::from(body_days) * DAY_MS).into()],
        ))
        .await?
        .rows_affected();
    let writers = db
        .execute_raw(sql::stmt(
            backend,
            "UPDATE letters SET sender_sealed = NULL, email_hash = 'forgotten' \
             WHERE sent_at < $1 AND sender_sealed IS NOT NULL",
            [(now_ms - i64::from(writer_days) * DAY_MS).into()],
        ))
        .await?
        .rows_affected();
    Ok(Forgotten { texts, writers })
}

/// Deletes letters the writer never sent off or never confirmed, once past their expiry
/// (`now_ms` is the clock, so tests can move it); returns how many.
pub async fn expire<C: ConnectionTrait>(db: &C, now_ms: i64) -> Result<u64, sea_orm::DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(sql::stmt(
        backend,
        "DELETE FROM letter_deliveries WHERE letter_id IN (SELECT id FROM letters \
         WHERE state IN ('new', 'awaiting_confirmation') AND expires_at < $1)",
        [now_ms.into()],
    ))
    .await?;
    Ok(db
        .execute_raw(sql::stmt(
            backend,
            "DELETE FROM letters WHERE state IN ('new', 'awaiting_confirmation') AND expires_at < $1",
            [now_ms.into()],
        ))
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(
                "Dear {representative},\n…\n{sender}, {town}",
                "Ann Smith",
                "",
                "Bo",
                "Leeds"
            ),
            "Dear Ann Smith,\n…\nBo, Leeds"
        );
        let letter = "Dear {representative} {title},\n…";
        assert_eq!(
            fill(letter, "Ann Smith", "MP", "", ""),
            "Dear Ann Smith MP,\n…"
        );
        assert_eq!(fill(letter, "Ann Smith", "", "", ""), "Dear Ann Smith,\n…");
    }

    #[test]
    fn reports_are_read_by_their_action_or_as_automatic_replies() {
        let vault = crate::ssr::vault::Vault::generate();
        let tag = format!("{DELIVERY_HEADER}: {}", delivery_tag(&vault, 7));
        let read = |m: String| read_report(&vault, m.as_bytes());
        let dsn = |action: &str| {
            format!(
                "From: MAILER-DAEMON@x\r\nContent-Type: multipart/report; report-type=delivery-status\r\n\r\n\
                 Final-Recipient: rfc822; mp@x\r\nAction: {action}\r\n\r\n{tag}\r\n"
            )
        };
        assert_eq!(read(dsn("failed")), Some((7, Report::Failed)));
        assert_eq!(read(dsn("delivered")), Some((7, Report::Delivered)));
        assert_eq!(read(dsn("delayed")), Some((7, Report::Pending)));
        // The letter's own words, quoted after the tag, decide nothing.
        assert_eq!(
            read(format!(
                "Subject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\n> {tag}\r\n> Action: failed\r\n"
            )),
            Some((7, Report::Delivered))
        );
        for header in [
            "X-Autoreply: yes",
            "X-Autorespond: on",
            "Precedence: auto_reply",
        ] {
            assert_eq!(
                read(format!("Subject: Away\r\n{header}\r\n\r\n> {tag}\r\n")),
                Some((7, Report::Delivered)),
                "{header}"
            );
        }
        // Said in the body, it is not a header; and "no" says it is not automatic.
        for not_auto in [
            "Subject: Away\r\n\r\nAuto-Submitted: auto-replied",
            "Auto-Submitted: no\r\n",
        ] {
            assert_eq!(
                read(format!("{not_auto}\r\n\r\n{tag}\r\n")),
                Some((7, Report::Failed))
            );
        }
        // A plain bounce without a report is a failure; a forged tag nothing.
        assert_eq!(
            read(format!("Subject: Undeliverable\r\n\r\n{tag}\r\n")),
            Some((7, Report::Failed))
        );
        assert_eq!(read(tag.replace(": 7.", ": 8.")), None);
    }

    #[test]
    fn the_signature_always_says_who_wrote_and_where_they_live() {
        let mut sender = Sender {
            name: "Jane Writer".into(),
            email: "jane@example.org".into(),
            town: "Windsor".into(),
            address: "1 High Street\n\nWindsor SL4 1AA".into(),
            postcode: "SL4 1AA".into(),
            locale: "ru".into(),
        };
        // The address already names the town and postcode.
        assert_eq!(
            signature(&sender),
            [
                "Jane Writer",
                "1 High Street",
                "Windsor SL4 1AA",
                "jane@example.org"
            ]
        );
        sender.address.clear();
        assert_eq!(
            signature(&sender),
            ["Jane Writer", "Windsor SL4 1AA", "jane@example.org"]
        );
        sender.postcode.clear();
        assert_eq!(
            signature(&sender),
            ["Jane Writer", "Windsor", "jane@example.org"]
        );
    }

    #[test]
    fn the_text_box_shows_no_sign_off_placeholders() {
        assert_eq!(
            without_sign_off(
                "Dear {representative},\n\nPlease help.\n\nYours sincerely,\n{sender}, {town}\n"
            ),
            "Dear {representative},\n\nPlease help.\n\nYours sincerely,"
        );
        assert_eq!(
            without_sign_off("I live in {town} and ask you.\n{sender}"),
            "I live in {town} and ask you."
        );
    }

    #[test]
    fn the_footer_is_in_the_letters_language() {
        let en = Locale::from_code("en").expect("en");
        let ru = Locale::from_code("ru").expect("ru");
        assert!(footer(en, "Protect exiles", "Jane").starts_with("Sent by Jane"));
        assert!(footer(ru, "Защитите", "Jane").starts_with("Отправлено"));
    }

    #[test]
    fn similarity_sees_shared_wording() {
        let vault = crate::ssr::vault::Vault::generate();
        let base = "Please extend temporary protection to Russians who fled because they \
                    opposed the war, as you did for people fleeing Ukraine.";
        let same = fingerprint(&vault, base);
        assert_eq!(similarity(&same, &fingerprint(&vault, base)), 100);
        let edited = format!("{base} My neighbour is one of them; she fears being sent back.");
        let s = similarity(&same, &fingerprint(&vault, &edited));
        assert!((40..100).contains(&s), "{s}");
        let other = fingerprint(
            &vault,
            "The library on Elm Street should open on Sundays for students.",
        );
        assert_eq!(similarity(&same, &other), 0);
        assert_eq!(decode(&encode(&same)), same);
    }
}
