//! `POST /webhooks/stripe`: Stripe's events. The signature is checked over the raw body with
//! Stripe's own code (every `v1` signature, 300 s tolerance, constant time); a bad, missing or
//! stale one gets 400 and nothing is stored. A good event is stored once by its id (a repeat
//! is a no-op that still answers 200, so Stripe stops sending it) and applied by a job: the
//! answer is fast, and whatever Stripe sends in whatever order is applied in the worker.
use crate::startup::ServerState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;

/// Events are small; an invoice with many lines is the largest Stripe sends.
pub const MAX_EVENT_BYTES: usize = 512 * 1024;

pub async fn receive(
    State(state): State<ServerState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(secret) = state
        .settings
        .stripe
        .webhook_secret
        .as_ref()
        .filter(|_| state.settings.stripe.enabled())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(signature) = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return (StatusCode::BAD_REQUEST, "missing Stripe-Signature").into_response();
    };
    let Ok(payload) = std::str::from_utf8(&body) else {
        return (StatusCode::BAD_REQUEST, "not UTF-8").into_response();
    };
    let verified = match crate::stripe::verify(payload, signature, secret.expose_secret()) {
        Ok(v) => v,
        Err(crate::stripe::Refused::Signature) => {
            tracing::warn!("a Stripe event with a bad signature was refused");
            return (StatusCode::BAD_REQUEST, "bad signature").into_response();
        }
        Err(crate::stripe::Refused::Unreadable) => {
            tracing::warn!("a signed Stripe event could not be read");
            return (StatusCode::BAD_REQUEST, "unreadable event").into_response();
        }
    };
    match app::donations::ssr::events::record(
        &state.app.db,
        &state.app.vault,
        &verified.id,
        &verified.kind,
        payload,
    )
    .await
    {
        Ok(new) => {
            tracing::info!(event = %verified.id, kind = %verified.kind, new, "Stripe event");
            StatusCode::OK.into_response()
        }
        // Stripe sends it again later.
        Err(e) => {
            app::ssr::error::internal("storing a Stripe event", &e);
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
