//! Sessions on requests: resolves the session cookie to the signed-in user (an
//! `app::accounts::ssr::auth::Authenticated` in the request's extensions, where `ssr::auth` finds it), and
//! refuses state-changing requests that carry the cookie from another site outright. The
//! SameSite=Lax cookie already keeps cross-site posts anonymous, and every admin form carries
//! the session's anti-forgery token; `Sec-Fetch-Site` adds a third check that costs nothing.
//!
//! Signing in has no session yet to protect it, so the sign-in endpoints refuse other sites'
//! posts whether or not a cookie came with them: otherwise a page elsewhere could post the
//! attacker's own sign-in link and sign a visitor into the attacker's account (login CSRF).
use crate::startup::ServerState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The value of cookie `name`, if the request has it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name && !v.is_empty()).then_some(v)
        })
}

/// The server functions that sign in or out.
const SIGN_IN_PREFIX: &str = "/api/auth/";

pub async fn session(State(state): State<ServerState>, mut req: Request, next: Next) -> Response {
    let auth = &state.app.auth;
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let from_elsewhere = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site" || v == "same-site");
    let raw = cookie(req.headers(), auth.cookie_name()).map(str::to_owned);
    if changes && from_elsewhere && (raw.is_some() || req.uri().path().starts_with(SIGN_IN_PREFIX))
    {
        tracing::warn!("refused a state-changing request from another site");
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(raw) = raw else {
        return next.run(req).await;
    };
    match app::accounts::ssr::resolve_session(&state.app.db, &state.app.vault, &auth.sessions, &raw)
        .await
    {
        Ok(Some(user)) => {
            req.extensions_mut().insert(user);
        }
        Ok(None) => {}
        Err(e) => {
            app::ssr::error::internal("session", &e);
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::cookie;
    use axum::http::{HeaderMap, HeaderValue, header};

    #[test]
    fn finds_the_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("petrel_lang=ru; petrel_session=abc; x=y"),
        );
        assert_eq!(cookie(&h, "petrel_session"), Some("abc"));
        assert_eq!(cookie(&h, "petrel"), None);
        h.insert(header::COOKIE, HeaderValue::from_static("petrel_session="));
        assert_eq!(cookie(&h, "petrel_session"), None);
    }
}
