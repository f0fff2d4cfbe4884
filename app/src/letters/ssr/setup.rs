//! Setting up a letter campaign created from a campaign file: the legislatures it writes to
//! (with their party and area filters) and its fixed recipients, who are kept as a directory
//! list of their own (a "legislature" in country `ZZ` with one area everybody serves).
use sea_orm::{ConnectionTrait, DbErr};

/// A legislature a letter campaign writes to, by its short name, with optional filters: only
/// members of these parties or groups, only members for these areas (the source's ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub legislature: String,
    pub parties: Vec<String>,
    pub areas: Vec<String>,
}

/// Someone a letter campaign writes to whatever the writer's area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedRecipient {
    pub name: String,
    pub email: String,
}

/// What a campaign file says of a letter campaign beyond its texts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterSetup {
    /// The legislatures whose members are written to.
    pub targets: Vec<Target>,
    /// People written to whatever the writer's area (a ministry, a committee).
    pub recipients: Vec<FixedRecipient>,
}

/// Stores `setup` for new campaign `campaign_id` (`slug`, titled `title` in its main language),
/// inside the transaction that created it.
pub async fn apply<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    slug: &str,
    title: &str,
    setup: &LetterSetup,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let list = |v: &[String]| (!v.is_empty()).then(|| serde_json::json!(v).to_string());
    for target in &setup.targets {
        let legislature = crate::directory::ssr::legislature(db, &target.legislature)
            .await?
            .ok_or_else(|| DbErr::Custom(format!("no legislature {:?}", target.legislature)))?;
        db.execute_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO campaign_targets (campaign_id, legislature_id, parties, areas) \
             VALUES ($1, $2, $3, $4)",
            [
                campaign_id.into(),
                legislature.id.into(),
                list(&target.parties).into(),
                list(&target.areas).into(),
            ],
        ))
        .await?;
    }
    if !setup.recipients.is_empty() {
        let (legislature, area) = recipients_directory(db, campaign_id, slug, title).await?;
        for r in &setup.recipients {
            put_recipient(db, legislature, area, &r.name, &r.email, true).await?;
        }
    }
    Ok(())
}

/// The short name of the directory of campaign `slug`'s fixed recipients.
pub fn recipients_slug(slug: &str) -> String {
    format!("{slug}-recipients")
}

/// Whether legislature `l` is some campaign's list of fixed recipients (not a parliament).
pub fn is_recipients_list(l: &crate::ssr::entities::legislature::Model) -> bool {
    l.country == "ZZ" && l.slug.ends_with("-recipients")
}

/// The directory of a letter campaign's fixed recipients (a ministry, a committee: written to
/// whatever the writer's area): a legislature of its own with one area that everybody serves,
/// written to by the campaign. Made the first time; returns its legislature's and area's ids.
pub async fn recipients_directory<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    slug: &str,
    title: &str,
) -> Result<(i64, i64), DbErr> {
    let backend = db.get_database_backend();
    let short = recipients_slug(slug);
    let found = db
        .query_one_raw(crate::ssr::sql::stmt(
            backend,
            "SELECT l.id AS legislature, a.id AS area FROM legislatures l \
             JOIN areas a ON a.legislature_id = l.id AND a.external_id = 'all' WHERE l.slug = $1",
            [short.clone().into()],
        ))
        .await?;
    if let Some(r) = found {
        return Ok((r.try_get("", "legislature")?, r.try_get("", "area")?));
    }
    let now = crate::ssr::time::now_ms();
    let legislature: i64 = db
        .query_one_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO legislatures (slug, country, name, created_at, imported_at) \
             VALUES ($1, 'ZZ', $2, $3, $3) RETURNING id",
            [short.into(), title.to_owned().into(), now.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no legislature id".into()))?
        .try_get("", "id")?;
    let area: i64 = db
        .query_one_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO areas (legislature_id, external_id, name) VALUES ($1, 'all', $2) \
             RETURNING id",
            [legislature.into(), slug.to_owned().into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no area id".into()))?
        .try_get("", "id")?;
    db.execute_raw(crate::ssr::sql::stmt(
        backend,
        "INSERT INTO campaign_targets (campaign_id, legislature_id) VALUES ($1, $2)",
        [campaign_id.into(), legislature.into()],
    ))
    .await?;
    Ok((legislature, area))
}

/// Adds a fixed recipient (by email address, which is their id) or changes their name;
/// `serving = false` stops writing to them (they stay, for the letters already sent).
pub async fn put_recipient<C: ConnectionTrait>(
    db: &C,
    legislature: i64,
    area: i64,
    name: &str,
    email: &str,
    serving: bool,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let now = crate::ssr::time::now_ms();
    let changed = db
        .execute_raw(crate::ssr::sql::stmt(
            backend,
            "UPDATE representatives SET serving = $1, updated_at = $2, \
             name = CASE WHEN $3 = '' THEN name ELSE $3 END, \
             sort_name = CASE WHEN $3 = '' THEN sort_name ELSE $3 END \
             WHERE legislature_id = $4 AND external_id = $5",
            [
                serving.into(),
                now.into(),
                name.to_owned().into(),
                legislature.into(),
                email.to_owned().into(),
            ],
        ))
        .await?
        .rows_affected();
    if changed == 0 && serving {
        db.execute_raw(crate::ssr::sql::stmt(
            backend,
            "INSERT INTO representatives (legislature_id, external_id, name, sort_name, email, \
             area_id, serving, updated_at) VALUES ($1, $2, $3, $3, $2, $4, $5, $6)",
            [
                legislature.into(),
                email.to_owned().into(),
                name.to_owned().into(),
                area.into(),
                true.into(),
                now.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}
