//! `/campaigns/<slug>/widget`: a small page for other sites to embed in an `<iframe>`: title,
//! count and a link. The only page that may be framed; it runs no script and loads only our
//! stylesheet.
use crate::startup::ServerState;
use app::domain::Locale;
use app::html::escape;
use app::i18n::{Arg, t, t_with};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct WidgetQuery {
    lang: Option<String>,
}

/// `/campaigns/<slug>/widget[?lang=ru]`: in the language asked for, else the reader's.
pub async fn widget(
    State(state): State<ServerState>,
    Path(slug): Path<String>,
    Query(q): Query<WidgetQuery>,
    headers: HeaderMap,
) -> Response {
    let locale = q
        .lang
        .as_deref()
        .and_then(Locale::from_code)
        .unwrap_or_else(|| super::middleware::detect_locale("/", &headers).locale);
    render(&state, &slug, locale).await
}

/// `/<lang>/campaigns/<slug>/widget`: the same under a language prefix, like every page.
pub async fn widget_in(
    State(state): State<ServerState>,
    Path((lang, slug)): Path<(String, String)>,
) -> Response {
    match Locale::all().find(|l| l.code() == lang) {
        Some(locale) => render(&state, &slug, locale).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn render(state: &ServerState, slug: &str, locale: Locale) -> Response {
    let db = &state.app.db;
    let p = match state.app.campaigns.published(db, slug).await {
        Ok(Some(p)) => p,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            app::ssr::error::internal("widget", &e);
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let (c, title) = (&p.campaign, p.title(locale));
    let Ok(counts) = state.app.counts.get(db, c.id).await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let url = format!(
        "{}{}/campaigns/{}",
        state.settings.public_url.trim_end_matches('/'),
        locale.prefix(),
        c.slug
    );
    let count = t_with(
        locale,
        "campaign-signed-count",
        &[("count", Arg::Num(counts.total))],
    );
    let action = if c.campaign_state() == app::domain::CampaignState::Open {
        t(locale, "campaign-sign-jump")
    } else {
        t(locale, "back-to-campaign")
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/{version}/petrel.css\"></head>\
         <body class=\"widget\"><main><p class=\"card-kind\">{kind}</p><h1>{title}</h1>\
         <p class=\"count\">{count}</p><p><a class=\"button\" href=\"{url}\" target=\"_blank\" \
         rel=\"noopener\">{action}</a></p></main></body></html>",
        lang = locale.code(),
        title = escape(&title),
        version = state.asset_version,
        kind = escape(&t(locale, &format!("campaign-kind-{}", c.kind))),
        count = escape(&count),
        url = escape(&url),
        action = escape(&action),
    );
    let mut res = Html(html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'none'",
        ),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=30, stale-while-revalidate=300"),
    );
    res
}
