//! `/lang/<code>?next=/path`: remembers the chosen language in a cookie and redirects to the same
//! page under that language's prefix. A plain link, so it works without JavaScript.
use app::domain::Locale;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub const COOKIE: &str = "petrel_lang";

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn choose(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let Some(locale) = Locale::all().find(|l| l.code() == code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let next = q.next.unwrap_or_else(|| "/".to_owned());
    // Only a path on this site: no scheme, no `//host`, no backslash tricks.
    let next = if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/".to_owned()
    };
    let target = if next == "/" {
        format!("{}/", locale.prefix())
    } else {
        format!("{}{}", locale.prefix(), next)
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        locale.code()
    );
    let mut res = StatusCode::SEE_OTHER.into_response();
    let headers = res.headers_mut();
    if let (Ok(location), Ok(cookie)) = (
        HeaderValue::from_str(&target),
        HeaderValue::from_str(&cookie),
    ) {
        headers.insert(header::LOCATION, location);
        headers.insert(header::SET_COOKIE, cookie);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
