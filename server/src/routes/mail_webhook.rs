//! `POST /webhooks/mail`: bounces and complaints from a mail provider that reports them over
//! HTTP instead of mailing the bounce address. A generic shape any provider's events can be
//! mapped to (see docs/mail-webhook.md): one event or a list of them,
//!
//! ```json
//! {"type": "bounce", "email": "ann@example.org", "bounce": "hard"}
//! {"type": "complaint", "email": "ann@example.org"}
//! ```
//!
//! authenticated with `Authorization: Bearer <lists.webhook_token>` (unset: the route is off).
//! Addresses Petrel has no subscriber for are counted and ignored.
use crate::startup::ServerState;
use app::lists::ssr::bounces::{self, Returned};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    kind: String,
    email: String,
    /// `hard` (the default) or `soft`, for a bounce.
    #[serde(default)]
    bounce: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum Events {
    One(Event),
    Many(Vec<Event>),
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

pub async fn receive(
    State(state): State<ServerState>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let Some(token) = state
        .settings
        .lists
        .webhook_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return error(StatusCode::NOT_FOUND, "not found");
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !app::ssr::secret::constant_time_eq(given.as_bytes(), token.as_bytes()) {
        return error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    let events = match serde_json::from_str::<Events>(&body) {
        Ok(Events::One(e)) => vec![e],
        Ok(Events::Many(list)) => list,
        Err(_) => return error(StatusCode::BAD_REQUEST, "not an event or a list of events"),
    };
    let mut what = Vec::with_capacity(events.len());
    for e in &events {
        let kind = match (e.kind.as_str(), e.bounce.as_deref()) {
            ("complaint", _) => Returned::Complaint,
            ("bounce", None | Some("hard")) => Returned::HardBounce,
            ("bounce", Some("soft")) => Returned::SoftBounce,
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "type is bounce (hard or soft) or complaint",
                );
            }
        };
        let Ok(email) = app::domain::Email::parse(&e.email) else {
            return error(StatusCode::BAD_REQUEST, "email is not an address");
        };
        what.push((kind, email));
    }
    let (db, vault) = (&state.app.db, &state.app.vault);
    let limit = state.settings.lists.soft_bounce_limit;
    let (mut recorded, mut unknown) = (0, 0);
    for (kind, email) in what {
        let found = match bounces::by_email(db, vault, &email).await {
            Ok(found) => found,
            Err(e) => {
                app::ssr::error::internal("mail webhook", &e);
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        match found {
            Some(id) => {
                if let Err(e) = bounces::record(db, id, kind, limit).await {
                    app::ssr::error::internal("mail webhook", &e);
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
                recorded += 1;
            }
            None => unknown += 1,
        }
    }
    Json(serde_json::json!({ "recorded": recorded, "unknown": unknown })).into_response()
}
