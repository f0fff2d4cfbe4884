//! The mailing-list routes that are not pages: the one-click unsubscribe of RFC 8058 (a POST
//! from the reader's mail client to the `List-Unsubscribe` address: no cookie, no confirmation,
//! body `List-Unsubscribe=One-Click`; a GET of the same address is the page with the button),
//! and the download of what is kept about a subscriber (`data.json`, from the preferences page).
use crate::startup::ServerState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
    #[serde(default)]
    list: String,
}

fn private(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /lists/unsubscribe?token=…&list=…`. Answers 200 whether or not the link is known (a
/// mail client has nothing to do with the difference, and nobody learns whether a link was
/// valid); 500 only when the database failed, so the client may try again.
pub async fn one_click(State(state): State<ServerState>, Query(q): Query<LinkQuery>) -> Response {
    match app::lists::ssr::unsubscribe::unsubscribe(&state.app.db, &q.token, &q.list).await {
        Ok(_) => private((StatusCode::OK, "Unsubscribed.\n").into_response()),
        Err(e) => {
            app::ssr::error::internal("one-click unsubscribe", &e);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The same under a language prefix (`/ru/lists/unsubscribe?…`), the address messages carry.
pub async fn one_click_in(
    state: State<ServerState>,
    Path(lang): Path<String>,
    query: Query<LinkQuery>,
) -> Response {
    if app::domain::Locale::from_code(&lang).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    one_click(state, query).await
}

/// `GET /lists/preferences/data.json?token=…`: everything kept about the link's owner.
pub async fn data(State(state): State<ServerState>, Query(q): Query<LinkQuery>) -> Response {
    match app::lists::ssr::preferences::export(&state.app.db, &state.app.vault, &q.token).await {
        Ok(Some(body)) => {
            let mut response = private(Json(body).into_response());
            response.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"petrel-subscriber.json\""),
            );
            response
        }
        Ok(None) => private(
            (
                StatusCode::NOT_FOUND,
                Json(serde_json::json!({"error": "not found"})),
            )
                .into_response(),
        ),
        Err(e) => {
            app::ssr::error::internal("subscriber data", &e);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
