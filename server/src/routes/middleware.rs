//! Middleware: language detection, security headers, and request metrics.
use crate::routes::lang::COOKIE;
use crate::startup::ServerState;
use app::domain::Locale;
use app::ssr::request::RequestLocale;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Decides the page language: URL prefix (`/ru/…`), then the `petrel_lang` cookie, then
/// `Accept-Language`, then English; stores it as a [`RequestLocale`] extension for Leptos.
pub async fn locale(mut req: Request, next: Next) -> Response {
    let detected = detect_locale(req.uri().path(), req.headers());
    let prefixed = detected.base.is_some();
    req.extensions_mut().insert(detected);
    let mut res = next.run(req).await;
    if !prefixed {
        res.headers_mut().append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    res
}

/// The language for a page at `path` requested with `headers`.
pub fn detect_locale(path: &str, headers: &axum::http::HeaderMap) -> RequestLocale {
    let first = path
        .trim_start_matches('/')
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    let prefixed = Locale::all().find(|l| l.code() == first);
    let locale = prefixed
        .or_else(|| {
            super::session::cookie(headers, COOKIE)
                .and_then(|v| Locale::all().find(|l| l.code() == v))
        })
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default();
    RequestLocale {
        locale,
        base: prefixed.map(Locale::prefix),
    }
}

/// Headers every response carries. Pages get their own Content-Security-Policy with the nonce
/// of their hydration script (see `app::pages::shell`); everything else gets the strict default.
pub async fn security_headers(
    State(state): State<ServerState>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Only a page whose own policy allows framing (the widget) may be framed.
    let frameable = h
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("frame-ancestors *"));
    if !frameable {
        set(h, header::X_FRAME_OPTIONS, "DENY");
    }
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
    );
    set(
        h,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if state.https {
        set(
            h,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        );
    }
    res
}

/// Counts requests and their latency by route template (never the raw path, which may carry
/// tokens) and status.
pub async fn record(req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let route = route_label(req.uri().path());
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("petrel_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("petrel_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    res
}

/// A bounded label for a path: the fixed routes by name, registered server functions by
/// endpoint, any other `/api/…` as one value, and every page as `page` (a raw path could carry a
/// token, and client-chosen segments would make new series without bound).
fn route_label(path: &str) -> String {
    static SERVER_FNS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let mut parts = path.trim_start_matches('/').split('/');
    match parts.next().unwrap_or_default() {
        "api" => {
            let known = SERVER_FNS.get_or_init(|| {
                leptos::server_fn::axum::server_fn_paths()
                    .map(|(path, _)| path)
                    .collect()
            });
            match known.get(path) {
                Some(endpoint) => (*endpoint).to_owned(),
                None => "/api/unknown".to_owned(),
            }
        }
        first @ ("healthz" | "readyz" | "metrics" | "lang" | "pkg" | "dev") => format!("/{first}"),
        "campaigns" if path.ends_with("/count.json") => "/campaigns/count.json".to_owned(),
        _ if path.contains("/campaigns/") && path.ends_with("/widget") => {
            "/campaigns/widget".to_owned()
        }
        _ => "page".to_owned(),
    }
}
