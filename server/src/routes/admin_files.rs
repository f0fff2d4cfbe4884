//! The two admin actions that move files rather than form fields, as plain HTTP handlers: the
//! signatures CSV download and the campaign image upload. Both are form posts carrying the
//! session's anti-forgery token, authorised by the same function as every server function
//! (`app::accounts::ssr::auth`), and work the same with JavaScript on or off. Failures render the page
//! the form was on with the error next to the form, like any other form post.
use super::forms::page_with_error;
use crate::campaigns::csv_cell;
use crate::startup::ServerState;
use app::accounts::ssr::auth::{Action, Authenticated, authorize_user_change};
use app::domain::Locale;
use app::error::AppError;
use axum::Extension;
use axum::body::Body;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ExportForm {
    csrf: String,
    locale: String,
}

/// The campaign `slug` if `user` may manage it and `csrf` is their session's token.
async fn authorised(
    state: &ServerState,
    user: Option<Authenticated>,
    slug: &str,
    csrf: &str,
) -> Result<(Authenticated, app::ssr::entities::campaign::Model), AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    let c = app::campaigns::ssr::editor::find(&state.app, slug).await?;
    let user = authorize_user_change(
        &state.app.db,
        Some(user),
        Action::ManageCampaign(c.id),
        csrf,
    )
    .await?;
    Ok((user, c))
}

/// `POST /admin/campaigns/{slug}/signatures.csv`: the confirmed signatures as CSV (what
/// `petrel export signatures` writes), written to the audit log.
pub async fn export_signatures(
    State(state): State<ServerState>,
    Path(slug): Path<String>,
    user: Option<Extension<Authenticated>>,
    headers: HeaderMap,
    Form(form): Form<ExportForm>,
) -> Response {
    let user = user.map(|Extension(u)| u);
    let fail = |error: AppError| {
        let state = state.clone();
        let (headers, user, slug, locale) = (
            headers.clone(),
            user.clone(),
            slug.clone(),
            form.locale.clone(),
        );
        async move {
            if error == AppError::Unauthorized {
                return Redirect::to(&format!("{}/login", Locale::prefix_of(&locale)))
                    .into_response();
            }
            let page = format!(
                "{}/admin/campaigns/{slug}/stats",
                Locale::prefix_of(&locale)
            );
            page_with_error(&state, &page, headers, user, Vec::new(), error).await
        }
    };
    let (user, c) = match authorised(&state, user.clone(), &slug, &form.csrf).await {
        Ok(found) => found,
        Err(e) => return fail(e).await,
    };
    let mut csv = Vec::new();
    let rows =
        match crate::campaigns::export(&state.app.db, &state.app.vault, &c.slug, &mut csv).await {
            Ok(rows) => rows,
            Err(e) => {
                app::ssr::error::internal("signatures export", &e);
                return fail(AppError::Internal).await;
            }
        };
    if let Err(e) = app::accounts::ssr::audit(
        &state.app.db,
        Some(user.user_id),
        "signatures_export",
        &format!("campaign:{}", c.id),
        serde_json::json!({ "rows": rows, "via": "browser" }),
    )
    .await
    {
        // No export leaves without its audit entry.
        app::ssr::error::internal("signatures export audit", &e);
        return fail(AppError::Internal).await;
    }
    let filename = format!(
        "{}-signatures-{}.csv",
        c.slug,
        chrono::Utc::now().format("%Y-%m-%d")
    );
    csv_download(&filename, csv, "no-store")
}

/// A CSV file the browser saves as `filename`, with `cache_control`.
pub fn csv_download(filename: &str, csv: impl Into<Body>, cache_control: &'static str) -> Response {
    let mut res = Response::new(csv.into());
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    res
}

/// Uploads need a signed-in organizer (the directory import an admin), checked from the session
/// alone, before the body is read; the handlers then check the campaign and the form's token.
pub async fn signed_in_only(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    match req.extensions().get::<Authenticated>() {
        None => {
            // The form's language is in the body, not read yet: the request's language it is.
            let locale = req
                .extensions()
                .get::<app::ssr::request::RequestLocale>()
                .map(|l| l.locale)
                .unwrap_or_default();
            Redirect::to(&format!("{}/login", locale.prefix())).into_response()
        }
        Some(u) if req.uri().path().starts_with("/admin/directory/") && !u.is_admin() => {
            StatusCode::FORBIDDEN.into_response()
        }
        Some(_) => next.run(req).await,
    }
}

/// `POST /admin/campaigns/{slug}/image` (multipart: `csrf`, `locale`, `image`, or `remove`):
/// sets or removes the campaign's image, then back to the editor.
pub async fn upload_image(
    State(state): State<ServerState>,
    Path(slug): Path<String>,
    user: Option<Extension<Authenticated>>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let user = user.map(|Extension(u)| u);
    let form = read_multipart(multipart, "image").await;
    let (csrf, locale) = (form.text("csrf"), form.text("locale"));
    let remove = !form.text("remove").is_empty();
    let (image, read_error) = match form.file {
        Ok(file) => (file.map(|(_, f)| read_all(f)), None),
        Err(()) => (
            None,
            Some(AppError::field("image", "error-image-too-large")),
        ),
    };
    let editor = format!("{}/admin/campaigns/{slug}", Locale::prefix_of(&locale));
    let fail = |error: AppError| {
        let (state, headers, user, editor) =
            (state.clone(), headers.clone(), user.clone(), editor.clone());
        async move {
            if error == AppError::Unauthorized {
                return Redirect::to(&format!("{}/login", Locale::prefix_of(&locale)))
                    .into_response();
            }
            // A refused file goes back to the editor, which names the reason by the form.
            let refused = match &error {
                AppError::Validation(fields) => fields
                    .values()
                    .flatten()
                    .find(|k| app::domain::upload::IMAGE_ERRORS.contains(&k.as_str())),
                _ => None,
            };
            if let Some(key) = refused {
                return Redirect::to(&format!("{editor}?image_error={key}#image-heading"))
                    .into_response();
            }
            page_with_error(&state, &editor, headers, user, Vec::new(), error).await
        }
    };
    let (user, c) = match authorised(&state, user.clone(), &slug, &csrf).await {
        Ok(found) => found,
        Err(e) => return fail(e).await,
    };
    if let Some(e) = read_error {
        return fail(e).await;
    }
    let done = if remove {
        app::campaigns::ssr::media::remove_campaign_image(&state.app, &user, c).await
    } else {
        let bytes = image.unwrap_or_default();
        app::campaigns::ssr::media::set_campaign_image(&state.app, &user, c, &bytes)
            .await
            .map(|_| ())
    };
    match done {
        Ok(()) => Redirect::to(&editor).into_response(),
        Err(e) => fail(e).await,
    }
}

/// A multipart form: its text fields, and the file in field `file_field` (its name, and its
/// content in a temporary file, which goes when it is dropped); `Err` when the body could not
/// be read (too large, or cut off).
struct Multiparted {
    fields: Vec<(String, String)>,
    file: Result<Option<(String, std::fs::File)>, ()>,
}

/// Streams a multipart field to an anonymous temporary file, chunk by chunk, so that a
/// directory file of tens of megabytes is never held in memory while it arrives.
async fn to_temp_file(
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<Option<std::fs::File>, ()> {
    use std::io::{Seek, Write};
    let mut file = tempfile::tempfile().map_err(|_| ())?;
    let mut len = 0usize;
    while let Some(chunk) = field.chunk().await.map_err(|_| ())? {
        len += chunk.len();
        file.write_all(&chunk).map_err(|_| ())?;
    }
    file.rewind().map_err(|_| ())?;
    Ok((len > 0).then_some(file))
}

/// The whole of a small uploaded file (an image: the decoder wants it in memory).
fn read_all(mut file: std::fs::File) -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    bytes
}

impl Multiparted {
    fn text(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }
}

async fn read_multipart(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
    file_field: &str,
) -> Multiparted {
    let mut out = Multiparted {
        fields: Vec::new(),
        file: Ok(None),
    };
    let Ok(mut multipart) = multipart else {
        return out;
    };
    loop {
        match multipart.next_field().await {
            Ok(Some(mut field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                if name == file_field {
                    let filename = field.file_name().unwrap_or_default().to_owned();
                    match to_temp_file(&mut field).await {
                        Ok(file) => out.file = Ok(file.map(|f| (filename, f))),
                        Err(()) => {
                            out.file = Err(());
                            return out;
                        }
                    }
                } else if out.fields.len() < 32 {
                    let value = field.text().await.unwrap_or_default();
                    out.fields.push((name, value.chars().take(1000).collect()));
                }
            }
            Ok(None) => return out,
            Err(_) => {
                out.file = Err(());
                return out;
            }
        }
    }
}

/// `POST /admin/directory/import` (multipart: `csrf`, `locale`, `kind` = members|postcodes,
/// `legislature` and its details, `file`): admins only. The result goes to the audit log, which
/// the directory page shows; a refused upload comes back as `?import_error=<reason>`.
pub async fn import_directory(
    State(state): State<ServerState>,
    user: Option<Extension<Authenticated>>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    use app::directory::ssr::{self as directory, LegislatureSpec};
    let user = user.map(|Extension(u)| u);
    let form = read_multipart(multipart, "file").await;
    let locale = form.text("locale");
    let page = format!("{}/admin/directory", Locale::prefix_of(&locale));
    let user = match app::accounts::ssr::auth::authorize_user_change(
        &state.app.db,
        user.clone(),
        Action::Administer,
        &form.text("csrf"),
    )
    .await
    {
        Ok(u) => u,
        Err(AppError::Unauthorized) => {
            return Redirect::to(&format!("{}/login", Locale::prefix_of(&locale))).into_response();
        }
        Err(e) => return page_with_error(&state, &page, headers, user, Vec::new(), e).await,
    };
    let refuse = |key: &str| {
        Redirect::to(&format!("{page}?import_error={key}#upload-heading")).into_response()
    };
    let mut form = form;
    let (filename, file) = match std::mem::replace(&mut form.file, Ok(None)) {
        Ok(Some((name, file))) => (name, file),
        _ => return refuse("error-directory-file"),
    };
    let optional = |k: &str| Some(form.text(k)).filter(|v| !v.is_empty());
    let slug = form.text("legislature");
    let kind = if form.text("kind") == "postcodes" {
        "postcodes"
    } else {
        "members"
    };
    let imported = if kind == "members" {
        let spec = LegislatureSpec {
            slug: slug.clone(),
            country: optional("country"),
            name: optional("name"),
            term: optional("term"),
            source: optional("source"),
            as_of: optional("as_of"),
            title: optional("title"),
        };
        // A member list is parsed whole (JSON and YAML are read as one document).
        import_members(&state, &spec, &filename, &read_all(file)).await
    } else {
        // A postcode table is read row by row from the temporary file.
        import_postcodes(&state, &slug, std::io::BufReader::new(file)).await
    };
    let (figures, problems) = match imported {
        Ok(done) => done,
        Err(Refused::Because(key)) => return refuse(key),
        Err(Refused::Internal(e)) => {
            app::ssr::error::internal("directory import", &std::io::Error::other(e));
            let error = AppError::Internal;
            return page_with_error(&state, &page, headers, Some(user), Vec::new(), error).await;
        }
    };
    let detail = directory::import_detail(&slug, kind, &figures, &problems);
    if let Err(e) = app::accounts::ssr::audit(
        &state.app.db,
        Some(user.user_id),
        directory::IMPORT_ACTION,
        &format!("legislature:{slug}"),
        detail,
    )
    .await
    {
        app::ssr::error::internal("directory import audit", &e);
    }
    Redirect::to(&format!("{page}#last-import")).into_response()
}

/// Why an upload did not import: a reason for the form (a translation key), or a failure of ours.
enum Refused {
    Because(&'static str),
    Internal(String),
}

type Imported = (
    Vec<(&'static str, usize)>,
    Vec<app::directory::ssr::source::Problem>,
);

async fn import_members(
    state: &ServerState,
    spec: &app::directory::ssr::LegislatureSpec,
    filename: &str,
    bytes: &[u8],
) -> Result<Imported, Refused> {
    use app::directory::ssr::{self as directory, source::Format};
    // Parsing a large export takes seconds of CPU: off the async workers.
    let (owned, format, term) = (
        bytes.to_vec(),
        Format::detect(filename, bytes),
        spec.term.clone(),
    );
    let roster = tokio::task::spawn_blocking(move || {
        directory::source::parse(&owned, format, term.as_deref())
    })
    .await
    .map_err(|e| Refused::Internal(e.to_string()))?
    .map_err(|_| Refused::Because("error-directory-unreadable"))?;
    let l = directory::ensure_legislature(&state.app.db, spec)
        .await
        .map_err(|e| match e {
            directory::SpecError::Db(e) => Refused::Internal(e.to_string()),
            e => Refused::Because(e.field().1),
        })?;
    let summary = directory::import(&state.app.db, &l, roster, &mut |_, _| {})
        .await
        .map_err(|e| Refused::Internal(e.to_string()))?;
    Ok((summary.figures().to_vec(), summary.problems))
}

async fn import_postcodes(
    state: &ServerState,
    slug: &str,
    rows: impl std::io::Read + Send,
) -> Result<Imported, Refused> {
    use app::directory::ssr as directory;
    let l = directory::legislature(&state.app.db, slug)
        .await
        .map_err(|e| Refused::Internal(e.to_string()))?
        .ok_or(Refused::Because("error-legislature-unknown"))?;
    let summary = directory::postcodes::import(&state.app.db, l.id, rows, &mut |_, _| {})
        .await
        .map_err(|e| Refused::Internal(e.to_string()))?;
    Ok((vec![("imported", summary.imported)], summary.problems))
}

/// `GET /media/{name}`: an uploaded image, cached for good (the name is its content's hash).
pub async fn media(State(state): State<ServerState>, Path(name): Path<String>) -> Response {
    let plausible = name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '.' || c.is_ascii_lowercase());
    if !plausible {
        return StatusCode::NOT_FOUND.into_response();
    }
    match app::campaigns::ssr::images::load(&state.app.db, &name).await {
        Ok(Some((content_type, bytes))) => {
            let mut res = Response::new(Body::from(bytes));
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            res
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            app::ssr::error::internal("media", &e);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DonationsExportForm {
    csrf: String,
    locale: String,
    kind: String,
    state: String,
    #[serde(rename = "ref")]
    ref_code: String,
    month: String,
}

/// `POST /admin/funds/{slug}/donations.csv`: a fund's donations that match the page's filters,
/// as CSV (admins only; written to the audit log). Amounts in the currency's major unit; the
/// donor only as the public sees them; every text cell guarded against spreadsheet formulas.
pub async fn export_donations(
    State(state): State<ServerState>,
    Path(slug): Path<String>,
    user: Option<Extension<Authenticated>>,
    headers: HeaderMap,
    Form(form): Form<DonationsExportForm>,
) -> Response {
    use app::donations::views::DonationFilter;
    let user = user.map(|Extension(u)| u);
    let page = format!("{}/admin/funds/{slug}", Locale::prefix_of(&form.locale));
    let fail = |error: AppError| {
        let (state, headers, user, page, locale) = (
            state.clone(),
            headers.clone(),
            user.clone(),
            page.clone(),
            form.locale.clone(),
        );
        async move {
            if error == AppError::Unauthorized {
                return Redirect::to(&format!("{}/login", Locale::prefix_of(&locale)))
                    .into_response();
            }
            page_with_error(&state, &page, headers, user, Vec::new(), error).await
        }
    };
    let me =
        match authorize_user_change(&state.app.db, user.clone(), Action::Administer, &form.csrf)
            .await
        {
            Ok(me) => me,
            Err(e) => return fail(e).await,
        };
    let filter = DonationFilter {
        kind: form.kind.clone(),
        state: form.state.clone(),
        ref_code: form.ref_code.clone(),
        month: form.month.clone(),
    };
    let (currency, rows) =
        match app::donations::ssr::admin::export(&state.app, &slug, &filter).await {
            Ok(found) => found,
            Err(e) => return fail(e).await,
        };
    let amount = |minor: i64| currency.format_plain(minor, "", ".");
    let mut csv = String::from(
        "id,date,kind,state,amount,refunded,disputed,fee,currency,campaign,ref,shown_as\r\n",
    );
    for r in &rows {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            r.id,
            r.date,
            csv_cell(&r.kind),
            csv_cell(&r.state),
            amount(r.amount_minor),
            amount(r.refunded_minor),
            amount(r.disputed_minor),
            r.fee_minor.map(amount).unwrap_or_default(),
            currency.code().to_uppercase(),
            csv_cell(&r.campaign),
            csv_cell(&r.ref_code),
            csv_cell(&r.shown_as),
        ));
    }
    if let Err(e) = app::accounts::ssr::audit(
        &state.app.db,
        Some(me.user_id),
        "donations_export",
        &format!("fund:{slug}"),
        serde_json::json!({ "rows": rows.len(), "filter": [filter.kind, filter.state, filter.ref_code, filter.month] }),
    )
    .await
    {
        // No export leaves without its audit entry.
        app::ssr::error::internal("donations export audit", &e);
        return fail(AppError::Internal).await;
    }
    let filename = format!(
        "{slug}-donations-{}.csv",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    csv_download(&filename, csv, "no-store")
}

#[derive(serde::Deserialize)]
pub struct ListExportForm {
    csrf: String,
    locale: String,
}

/// `POST /admin/lists/{slug}/subscribers.csv`: a list's subscribers with their consent records
/// (admins only, audited; the columns `petrel lists import` reads back).
pub async fn export_subscribers(
    State(state): State<ServerState>,
    Path(slug): Path<String>,
    user: Option<Extension<Authenticated>>,
    headers: HeaderMap,
    Form(form): Form<ListExportForm>,
) -> Response {
    let user = user.map(|Extension(u)| u);
    let page = format!("{}/admin/lists", Locale::prefix_of(&form.locale));
    let fail = |error: AppError| {
        let (state, headers, user, page, locale) = (
            state.clone(),
            headers.clone(),
            user.clone(),
            page.clone(),
            form.locale.clone(),
        );
        async move {
            if error == AppError::Unauthorized {
                return Redirect::to(&format!("{}/login", Locale::prefix_of(&locale)))
                    .into_response();
            }
            page_with_error(&state, &page, headers, user, Vec::new(), error).await
        }
    };
    let me =
        match authorize_user_change(&state.app.db, user.clone(), Action::Administer, &form.csrf)
            .await
        {
            Ok(me) => me,
            Err(e) => return fail(e).await,
        };
    let rows = match app::lists::ssr::import::export(&state.app.db, &state.app.vault, &slug).await {
        Ok(Some(rows)) => rows,
        Ok(None) => return fail(AppError::NotFound).await,
        Err(e) => {
            app::ssr::error::internal("subscribers export", &e);
            return fail(AppError::Internal).await;
        }
    };
    let mut csv = String::from("email,name,language,country,state,source,consent_at\r\n");
    for r in &rows {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            csv_cell(&r.email),
            csv_cell(&r.name),
            csv_cell(&r.language),
            csv_cell(&r.country),
            csv_cell(&r.state),
            csv_cell(&r.source),
            csv_cell(&r.consent_at),
        ));
    }
    if let Err(e) = app::accounts::ssr::audit(
        &state.app.db,
        Some(me.user_id),
        "subscribers_export",
        &format!("list:{slug}"),
        serde_json::json!({ "rows": rows.len() }),
    )
    .await
    {
        // No export leaves without its audit entry.
        app::ssr::error::internal("subscribers export audit", &e);
        return fail(AppError::Internal).await;
    }
    let filename = format!(
        "{slug}-subscribers-{}.csv",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    csv_download(&filename, csv, "no-store")
}
