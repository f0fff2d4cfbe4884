//! Plain HTML form posts to server functions (JavaScript off). Leptos would answer a failed one
//! with a redirect to the Referer, which our `no-referrer` policy never sends, and without the
//! values typed. Here a failed post renders the page it came from again, at once, with the
//! values and the error (see `app::form_echo::FormEcho`); a successful one follows the server
//! function's redirect. Requests from the hydrated app (which ask for JSON) pass straight through.
use super::page_response;
use crate::startup::ServerState;
use app::error::AppError;
use app::form_echo::FormEcho;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

/// The page a form was on, from its `slug`/`locale` fields: server functions name their pages
/// by these, so no `return_to` field a visitor could point elsewhere is needed.
fn page_of(path: &str, values: &[(String, String)]) -> String {
    let get = |k: &str| {
        values
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let prefix = app::domain::Locale::prefix_of(&get("locale"));
    let slug = get("slug");
    let slug_ok = app::domain::Slug::parse(&slug).is_ok();
    match path {
        "/api/petitions/confirm" if slug_ok => {
            format!(
                "{prefix}/campaigns/{slug}/confirm?token={}",
                get("token").replace(['&', '#'], "")
            )
        }
        "/api/letters/draft" if slug_ok => format!(
            "{prefix}/campaigns/{slug}/write?legislature={}&area={}",
            get("legislature").replace(['&', '#'], ""),
            get("area").replace(['&', '#'], "")
        ),
        "/api/donations/donate" if slug_ok => format!("{prefix}/funds/{slug}"),
        "/api/letters/find-area" if slug_ok => format!(
            "{prefix}/campaigns/{slug}/write?legislature={}",
            get("legislature").replace(['&', '#'], "")
        ),
        "/api/letters/submit" => format!(
            "{prefix}/letters/preview?token={}",
            get("token").replace(['&', '#'], "")
        ),
        "/api/letters/erase" => format!(
            "{prefix}/letters/manage?token={}",
            get("token").replace(['&', '#'], "")
        ),
        "/api/letters/answer" => format!(
            "{prefix}/letters/reply?token={}",
            get("token").replace(['&', '#'], "")
        ),
        "/api/letters/confirm" => format!(
            "{prefix}/letters/confirm?token={}",
            get("token").replace(['&', '#'], "")
        ),
        "/api/auth/request-link" => format!("{prefix}/login"),
        "/api/auth/complete-link" => {
            format!(
                "{prefix}/login/link?token={}",
                get("token").replace(['&', '#'], "")
            )
        }
        "/api/auth/sign-out" => format!("{prefix}/account"),
        p if p.starts_with("/api/admin/users/") => format!("{prefix}/admin/users"),
        "/api/admin/campaigns/create" => format!("{prefix}/admin/campaigns/new"),
        "/api/admin/campaigns/invalidate" | "/api/admin/campaigns/restore" if slug_ok => {
            format!("{prefix}/admin/campaigns/{slug}/stats")
        }
        p if p.starts_with("/api/admin/campaigns/") && slug_ok => {
            format!("{prefix}/admin/campaigns/{slug}")
        }
        "/api/donations/cancel" | "/api/donations/portal" | "/api/donations/erase" => format!(
            "{prefix}/donations/manage?token={}",
            get("token").replace(['&', '#'], "")
        ),
        "/api/admin/funds/save" => match get("original") {
            o if app::domain::Slug::parse(&o).is_ok() => format!("{prefix}/admin/funds/{o}/edit"),
            _ => format!("{prefix}/admin/funds/new"),
        },
        p if p.starts_with("/api/admin/funds/") && slug_ok => {
            format!("{prefix}/admin/funds/{slug}")
        }
        "/api/lists/subscribe" if slug_ok => format!("{prefix}/lists/{slug}"),
        "/api/lists/confirm" => format!(
            "{prefix}/lists/confirm?token={}",
            get("token").replace(['&', '#'], "")
        ),
        "/api/lists/unsubscribe" => format!(
            "{prefix}/lists/unsubscribe?token={}&list={}",
            get("token").replace(['&', '#'], ""),
            get("list").replace(['&', '#'], "")
        ),
        "/api/lists/choose"
        | "/api/lists/language"
        | "/api/lists/leave-all"
        | "/api/lists/erase" => {
            format!(
                "{prefix}/lists/preferences?token={}",
                get("token").replace(['&', '#'], "")
            )
        }
        "/api/admin/lists/save" => match get("original") {
            o if app::domain::Slug::parse(&o).is_ok() => format!("{prefix}/admin/lists/{o}/edit"),
            _ => format!("{prefix}/admin/lists/new"),
        },
        "/api/admin/mailings/save" | "/api/admin/mailings/control" => {
            match get("id").parse::<i64>() {
                Ok(id) => format!("{prefix}/admin/mailings/{id}"),
                Err(_) => format!("{prefix}/admin/mailings/new"),
            }
        }
        "/api/petitions/erase" => {
            format!(
                "{prefix}/signatures/manage?token={}",
                get("token").replace(['&', '#'], "")
            )
        }
        _ if slug_ok => format!("{prefix}/campaigns/{slug}"),
        _ => format!("{prefix}/"),
    }
}

pub async fn server_fn(State(state): State<ServerState>, req: Request<Body>) -> Response {
    let plain_form = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let app_state = state.app.clone();
    let run = |req: Request<Body>| {
        let app_state = app_state.clone();
        async move {
            leptos_axum::handle_server_fns_with_context(
                move || provide_context(app_state.clone()),
                req,
            )
            .await
            .into_response()
        }
    };
    if !plain_form {
        return with_error_status(run(req).await).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, state.settings.max_body_bytes).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let values: Vec<(String, String)> = form_urlencoded_pairs(&bytes);
    let path = parts.uri.path().to_owned();
    let page_headers = parts.headers.clone();
    let signed_in = parts
        .extensions
        .get::<app::accounts::ssr::auth::Authenticated>()
        .cloned();
    let res = run(Request::from_parts(parts, Body::from(bytes))).await;
    // A failed server function answers with its error in the body (and, for form posts, a
    // redirect to "/" that we replace); a successful one with its own redirect.
    let (res_parts, body) = res.into_parts();
    let body = to_bytes(body, 1 << 20).await.unwrap_or_default();
    let error: Option<AppError> = serde_json::from_slice(&body).ok();
    let Some(error) = error else {
        let mut res = Response::from_parts(res_parts, Body::from(body));
        if res.headers().contains_key(header::LOCATION) {
            // 303: the browser GETs the next page.
            *res.status_mut() = StatusCode::SEE_OTHER;
        }
        return res;
    };
    let page = page_of(&path, &values);
    page_with_error(&state, &page, page_headers, signed_in, values, error).await
}

/// Renders `page` again as the answer to a failed form post, with the values sent and the
/// error (the status is the error's): the form's own page shows both.
pub async fn page_with_error(
    state: &ServerState,
    page: &str,
    headers: axum::http::HeaderMap,
    signed_in: Option<app::accounts::ssr::auth::Authenticated>,
    values: Vec<(String, String)>,
    error: AppError,
) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let echo = FormEcho {
        values: values.into_iter().collect(),
        error: Some(error),
    };
    let mut req = Request::get(page).body(Body::empty()).unwrap_or_default();
    *req.headers_mut() = headers;
    req.headers_mut().remove(header::CONTENT_TYPE);
    req.headers_mut().remove(header::CONTENT_LENGTH);
    let detected = super::middleware::detect_locale(page, req.headers());
    req.extensions_mut().insert(detected);
    if let Some(user) = signed_in {
        req.extensions_mut().insert(user);
    }
    let mut res = page_response(state, req, Some(echo)).await;
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Leptos answers every failed server function with 500; the hydrated app reads the error from
/// the body whatever the status, so give it the error's own (422 for a person's mistake, 404,
/// 429 …), as a form post without JavaScript gets. A 500 then means what it says.
async fn with_error_status(res: Response) -> Response {
    if !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let body = to_bytes(body, 1 << 20).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&body)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(body))
}

fn form_urlencoded_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
