//! `GET /campaigns/<slug>/count.json`: a campaign's public count, for integrations and other
//! sites. Cached briefly, open to any origin (it holds nothing personal).
use crate::startup::ServerState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize)]
struct CountryCount {
    country: String,
    confirmed: i64,
}

#[derive(Serialize)]
struct CountBody {
    campaign: String,
    state: String,
    confirmed: i64,
    goal: Option<i64>,
    by_country: Vec<CountryCount>,
}

pub async fn count(State(state): State<ServerState>, Path(slug): Path<String>) -> Response {
    let db = &state.app.db;
    let p = match state.app.campaigns.published(db, &slug).await {
        Ok(Some(p)) => p,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                Json(serde_json::json!({"error": "not found"})),
            )
                .into_response();
        }
        Err(e) => {
            app::ssr::error::internal("count.json", &e);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let c = &p.campaign;
    let counts = match state.app.counts.get(db, c.id).await {
        Ok(counts) => counts,
        Err(e) => {
            app::ssr::error::internal("count.json", &e);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut res = Json(CountBody {
        campaign: c.slug.clone(),
        state: c.state.clone(),
        confirmed: counts.total,
        goal: c.goal,
        by_country: counts
            .by_country
            .into_iter()
            .map(|(country, confirmed)| CountryCount { country, confirmed })
            .collect(),
    })
    .into_response();
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=5, stale-while-revalidate=30"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}
