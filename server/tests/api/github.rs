//! Signing in with GitHub (plain OAuth2). github.com cannot be reached from tests, so a small
//! stand-in answers its three endpoints as GitHub documents them — authorize (redirecting back
//! with a code), the token exchange (checking the PKCE verifier against the challenge, and
//! codes single-use) and `/user/emails` (requiring the bearer token and a User-Agent) — while
//! Petrel uses the real `oauth2` client against it.
use crate::helpers::{Backend, TestApp, backends, free_port, spawn_app_with};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use petrel::config::{ProviderKind, ProviderSettings};
use reqwest::cookie::Jar;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Fake {
    /// code → (login, PKCE challenge)
    codes: Arc<Mutex<HashMap<String, (String, String)>>>,
}

async fn authorize(State(f): State<Fake>, Query(q): Query<HashMap<String, String>>) -> Response {
    let (Some(redirect), Some(state), Some(challenge)) = (
        q.get("redirect_uri"),
        q.get("state"),
        q.get("code_challenge"),
    ) else {
        return (StatusCode::BAD_REQUEST, "missing parameters").into_response();
    };
    let login = q.get("login").cloned().unwrap_or_default();
    let code = format!("code-{}", uuid::Uuid::new_v4().simple());
    f.codes
        .lock()
        .expect("lock")
        .insert(code.clone(), (login, challenge.clone()));
    Redirect::to(&format!("{redirect}?code={code}&state={state}")).into_response()
}

async fn token(
    State(f): State<Fake>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let authorised = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v == format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode("gh-client:gh-secret")
            )
        });
    if !authorised {
        return Json(serde_json::json!({"error": "incorrect_client_credentials"})).into_response();
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let Some((login, challenge)) = f.codes.lock().expect("lock").remove(&code) else {
        // GitHub answers errors with 200 and an error object.
        return Json(serde_json::json!({"error": "bad_verification_code"})).into_response();
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    if computed != challenge {
        return Json(serde_json::json!({"error": "bad_verification_code"})).into_response();
    }
    Json(serde_json::json!({
        "access_token": format!("token-{login}"),
        "token_type": "bearer",
        "scope": "user:email"
    }))
    .into_response()
}

async fn emails(headers: HeaderMap) -> Response {
    if headers.get("user-agent").is_none() {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(login) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer token-"))
    else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let verified = !login.starts_with("unverified");
    Json(serde_json::json!([
        {"email": "old@example.org", "primary": false, "verified": true},
        {"email": login, "primary": true, "verified": verified}
    ]))
    .into_response()
}

async fn start_fake() -> String {
    let app = Router::new()
        .route("/login/oauth/authorize", get(authorize))
        .route("/login/oauth/access_token", post(token))
        .route("/user/emails", get(emails))
        .with_state(Fake::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

async fn spawn(backend: Backend) -> TestApp {
    let fake = start_fake().await;
    let port = free_port();
    spawn_app_with(backend, |s| {
        s.listen = format!("127.0.0.1:{port}");
        s.public_url = format!("http://127.0.0.1:{port}");
        s.auth.providers = vec![ProviderSettings {
            name: "github".into(),
            label: "GitHub".into(),
            kind: ProviderKind::Github,
            issuer: None,
            client_id: "gh-client".into(),
            client_secret: Some("gh-secret".to_owned().into()),
            auth_url: Some(format!("{fake}/login/oauth/authorize")),
            token_url: Some(format!("{fake}/login/oauth/access_token")),
            api_url: Some(fake.clone()),
        }];
    })
    .await
}

/// Follows the sign-in through the stand-in; returns the final answer of Petrel's callback.
async fn sign_in(app: &TestApp, client: &reqwest::Client, login: &str) -> reqwest::Response {
    let res = client
        .get(app.url(&format!(
            "/login/provider/github?lang=en&login_hint={login}"
        )))
        .send()
        .await
        .expect("start");
    assert_eq!(res.status(), 303);
    let at_github = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(at_github.contains("code_challenge="), "PKCE: {at_github}");
    assert!(at_github.contains("scope=user%3Aemail"), "{at_github}");
    let res = client.get(&at_github).send().await.expect("authorize");
    let back = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.starts_with(&app.url("/login/provider/github/callback")));
    client.get(&back).send().await.expect("callback")
}

#[tokio::test]
async fn sign_in_with_github() {
    for backend in backends() {
        let app = spawn(backend).await;
        app.add_user("octo@example.org", "organizer").await;
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");

        let html = app.get("/en/login").await.text().await.expect("body");
        assert!(html.contains("Sign in with GitHub"), "{backend:?}");

        // The primary, verified address of an invited account signs in.
        let res = sign_in(&app, &client, "octo@example.org").await;
        assert_eq!(res.headers()["location"], "/en/admin", "{backend:?}");
        let res = client.get(app.url("/en/admin")).send().await.expect("GET");
        assert_eq!(res.status(), 200);
        let html = client
            .get(app.url("/en/account"))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        assert!(
            html.contains("through GitHub"),
            "the account page names the provider"
        );

        // An address GitHub has not verified does not.
        let res = sign_in(&app, &client, "unverified@example.org").await;
        assert_eq!(res.headers()["location"], "/en/login?error=unverified");
        // Nor does one without an account.
        let res = sign_in(&app, &client, "stranger@example.org").await;
        assert_eq!(res.headers()["location"], "/en/login?error=no-account");
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'login'")
                .await,
            1
        );
    }
}
