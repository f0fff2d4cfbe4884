//! The HTTP surface: pages (rendered by Leptos), server functions, and the routes that are not
//! server functions. Middleware order, outermost first: request metrics, security headers,
//! compression, language detection, session, request timeout and body-size limit (both larger
//! for uploads).
pub mod admin_files;
pub mod count;
pub mod forms;
pub mod health;
pub mod lang;
pub mod ledger;
pub mod lists;
pub mod mail_webhook;
pub mod mailbox;
pub mod metrics;
pub mod middleware;
pub mod page_cache;
pub mod session;
pub mod stripe_webhook;
pub mod widget;

use crate::startup::ServerState;
use app::shell;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use leptos::prelude::provide_context;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub fn router(state: ServerState) -> Router {
    let site_root = state.settings.site_root.clone();
    let pkg = Router::new()
        .fallback_service(ServeDir::new(site_root.join("pkg")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));
    let public = ServeDir::new(&site_root)
        .append_index_html_on_directories(false)
        .fallback(any(page).with_state(state.clone()));

    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/lang/{code}", get(lang::choose))
        .route("/login/provider/{name}", get(crate::providers::start))
        .route(
            "/login/provider/{name}/callback",
            get(crate::providers::callback),
        )
        .route("/campaigns/{slug}/count.json", get(count::count))
        .route("/funds/{slug}/ledger.csv", get(ledger::csv))
        .route("/funds/{slug}/ledger.json", get(ledger::json))
        .route("/campaigns/{slug}/widget", get(widget::widget))
        .route("/{lang}/campaigns/{slug}/widget", get(widget::widget_in))
        .route("/api/{*fn_name}", any(forms::server_fn))
        // The address in every list message's `List-Unsubscribe`: a page when opened, the
        // one-click unsubscribe when a mail client POSTs to it.
        .route("/lists/unsubscribe", get(page).post(lists::one_click))
        .route(
            "/{lang}/lists/unsubscribe",
            get(page).post(lists::one_click_in),
        )
        .route("/lists/preferences/data.json", get(lists::data))
        .route(
            "/admin/campaigns/{slug}/signatures.csv",
            post(admin_files::export_signatures),
        )
        .route(
            "/admin/funds/{slug}/donations.csv",
            post(admin_files::export_donations),
        )
        .route(
            "/admin/lists/{slug}/subscribers.csv",
            post(admin_files::export_subscribers),
        )
        .route("/media/{name}", get(admin_files::media))
        .nest(&format!("/pkg/{}", state.asset_version), pkg);
    if state.mailbox_dir.is_some() {
        router = router
            .route("/dev/mailbox", get(mailbox::index))
            .route("/dev/mailbox/{file}", get(mailbox::show));
    }
    // Uploads get a larger body limit than everything else; the handler reports a file over
    // the image limit on the editor page, and bodies far beyond it are cut off here.
    let upload_limit = app::campaigns::ssr::media::MAX_UPLOAD_BYTES + 256 * 1024;
    let uploads = Router::new()
        .route(
            "/admin/campaigns/{slug}/image",
            post(admin_files::upload_image),
        )
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit))
        .layer(RequestBodyLimitLayer::new(2 * upload_limit));
    // Directory files: a national postcode table runs to tens of megabytes.
    let directory_limit = 80 * 1024 * 1024;
    let uploads = uploads.merge(
        Router::new()
            .route(
                "/admin/directory/import",
                post(admin_files::import_directory),
            )
            .layer(axum::extract::DefaultBodyLimit::max(directory_limit))
            .layer(RequestBodyLimitLayer::new(directory_limit + 1024 * 1024)),
    );
    // Who may upload is settled before a byte of the body is read: anonymous posts of tens of
    // megabytes would otherwise be buffered first (the session middleware runs before this).
    let uploads = uploads.route_layer(axum::middleware::from_fn(admin_files::signed_in_only));

    // A request, body included, is answered within its time or gets 408: a client trickling
    // a body holds a task and its buffer no longer than that. Uploads of tens of megabytes get
    // longer. (Headers have their own, shorter time: see `serve`.)
    let timeouts = &state.settings.timeouts;
    let uploads = uploads.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        Duration::from_secs(timeouts.upload_secs),
    ));
    // Stripe's events are larger than a form (an invoice lists its lines), smaller than uploads,
    // and answered in a request's time.
    let webhooks = Router::new()
        .route("/webhooks/stripe", post(stripe_webhook::receive))
        .route("/webhooks/mail", post(mail_webhook::receive))
        .layer(axum::extract::DefaultBodyLimit::max(
            stripe_webhook::MAX_EVENT_BYTES,
        ))
        .layer(RequestBodyLimitLayer::new(stripe_webhook::MAX_EVENT_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(timeouts.request_secs),
        ));
    router
        .fallback_service(public)
        .layer(RequestBodyLimitLayer::new(state.settings.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(timeouts.request_secs),
        ))
        .merge(uploads)
        .merge(webhooks)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::session,
        ))
        .layer(axum::middleware::from_fn(middleware::locale))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn(middleware::record))
        .with_state(state)
}

/// Any page: Leptos renders it completely (all data loaded) before the response is sent, so
/// what arrives works without JavaScript. Public pages come from the page cache when they can.
async fn page(State(state): State<ServerState>, req: Request<Body>) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let detected = req
        .extensions()
        .get::<app::ssr::request::RequestLocale>()
        .cloned();
    let locale = detected.as_ref().map(|l| l.locale).unwrap_or_default();
    if detected.is_some_and(|l| l.base.is_none()) {
        // Addresses under the other services' own prefixes are never pages: a plain 404.
        let first = req.uri().path().trim_start_matches('/').split('/').next();
        if matches!(first, Some("api" | "pkg" | "media" | "dev" | "lang")) {
            return StatusCode::NOT_FOUND.into_response();
        }
        return to_language_prefix(&req, locale);
    }
    let Some(key) = state.pages.key(&req, locale) else {
        return page_response(&state, req, None).await;
    };
    if let Some(res) = state.pages.get(&key, &state.app.vault) {
        return res;
    }
    let issued = app::ssr::abuse::form_token::Issued::default();
    let res = render(&state, req, None, Some(issued.clone())).await;
    state.pages.store(key, res, issued.tokens()).await
}

/// Every page lives under its language's prefix (`/en/…`, `/ru/…`), so the address, the
/// router's base in the browser, the links and the redirects after forms always agree. A page
/// asked for without one (`/`, a shared `/campaigns/<slug>`) is sent to the same address under
/// the reader's language: their cookie, else their browser's `Accept-Language`, else English.
/// Not permanent, since it depends on who asks (the locale middleware adds `Vary`).
fn to_language_prefix(req: &Request<Body>, locale: app::domain::Locale) -> Response {
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = format!("{}{}", locale.prefix(), path_and_query);
    let mut res = StatusCode::FOUND.into_response();
    if let Ok(location) = HeaderValue::from_str(&target) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    res
}

/// Renders the page for `req`; `echo` carries a failed form post's values and error.
pub async fn page_response(
    state: &ServerState,
    req: Request<Body>,
    echo: Option<app::form_echo::FormEcho>,
) -> Response {
    render(state, req, echo, None).await
}

async fn render(
    state: &ServerState,
    req: Request<Body>,
    echo: Option<app::form_echo::FormEcho>,
    issued: Option<app::ssr::abuse::form_token::Issued>,
) -> Response {
    let app_state = state.app.clone();
    let options = state.app.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(app_state.clone());
            if let Some(echo) = echo.clone() {
                provide_context(echo);
            }
            if let Some(issued) = issued.clone() {
                provide_context(issued);
            }
        },
        move || shell(options.clone()),
    );
    let res = handler(req).await;
    let (mut parts, body) = res.into_parts();
    parts
        .headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    // The whole page is ready at once (every route renders completely), so reading it costs
    // nothing but lets the document end where it should.
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => Body::from(close_document(bytes)),
        Err(e) => {
            tracing::error!(error = %e, "page could not be read");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    Response::from_parts(parts, body)
}

/// The largest page Petrel renders (a directory page lists a legislature's areas).
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Leptos writes the data the page was rendered with as `<script>`s after `</html>`, which is
/// not valid HTML (the Nu checker says so; browsers move them into the body). They belong at the
/// end of the body: still before the hydration module runs, which waits for the document. (The
/// hydration markers Leptos leaves between `</body>` and `</html>` stay where they are.)
fn close_document(page: axum::body::Bytes) -> axum::body::Bytes {
    let find = |needle: &[u8]| page.windows(needle.len()).rposition(|w| w == needle);
    let (Some(body_end), Some(html_end)) = (find(b"</body>"), find(b"</html>")) else {
        return page;
    };
    let tail_start = html_end + b"</html>".len();
    if html_end < body_end || tail_start == page.len() {
        return page;
    }
    let mut out = Vec::with_capacity(page.len());
    out.extend_from_slice(&page[..body_end]);
    out.extend_from_slice(&page[tail_start..]);
    out.extend_from_slice(&page[body_end..tail_start]);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::close_document;

    #[test]
    fn the_page_data_moves_inside_the_body() {
        let page = |s: &str| close_document(s.as_bytes().to_vec().into());
        assert_eq!(
            &page("<html><body><p>x</p></body><!></html><!><script>d</script>")[..],
            b"<html><body><p>x</p><!><script>d</script></body><!></html>"
        );
        assert_eq!(
            &page("<html><body></body></html>")[..],
            b"<html><body></body></html>"
        );
        assert_eq!(&page("no document")[..], b"no document");
    }
}
