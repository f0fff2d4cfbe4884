//! Signing in through a real OpenID Connect provider (panva's oidc-provider on 127.0.0.1, PKCE
//! required, tests/oidc/provider.js): the whole flow with redirects and a cookie jar, and the
//! refusals — an unknown address, a wrong state, a replayed code, a wrong nonce.
use crate::helpers::{Backend, KillOnDrop, TestApp, backends, free_port, spawn_app_with};
use petrel::config::{ProviderKind, ProviderSettings};
use reqwest::cookie::{CookieStore, Jar};
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::Arc;

/// The provider, started for an app that will listen on `app_port`.
fn start_provider(app_port: u16) -> (KillOnDrop, u16) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc");
    assert!(
        std::path::Path::new(dir)
            .join("node_modules/oidc-provider")
            .exists(),
        "the OpenID Connect test provider is not installed: run ./petrel.sh test"
    );
    let mut child = Command::new("node")
        .arg("provider.js")
        .arg("0")
        .current_dir(dir)
        .env(
            "OIDC_REDIRECT_URIS",
            format!("http://127.0.0.1:{app_port}/login/provider/test/callback"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("port line");
    let port = line.trim().parse().expect("the provider prints its port");
    (KillOnDrop(Some(child)), port)
}

async fn spawn(backend: Backend) -> (TestApp, KillOnDrop) {
    let port = free_port();
    let (provider, provider_port) = start_provider(port);
    let app = spawn_app_with(backend, |s| {
        s.listen = format!("127.0.0.1:{port}");
        s.public_url = format!("http://127.0.0.1:{port}");
        s.auth.providers = vec![ProviderSettings {
            name: "test".into(),
            label: "Test ID".into(),
            kind: ProviderKind::Oidc,
            issuer: Some(format!("http://127.0.0.1:{provider_port}")),
            client_id: "petrel".into(),
            client_secret: Some("petrel-secret".to_owned().into()),
            auth_url: None,
            token_url: None,
            api_url: None,
        }];
    })
    .await;
    (app, provider)
}

fn browser(jar: &Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Starts a sign-in and follows the provider's redirects; returns the callback URL it sends
/// the browser back to (not yet opened).
async fn to_callback(app: &TestApp, client: &reqwest::Client, email: &str) -> String {
    let mut url = app.url(&format!("/login/provider/test?lang=en&login_hint={email}"));
    for _ in 0..10 {
        let res = client.get(&url).send().await.expect("GET");
        assert!(
            res.status().is_redirection(),
            "{url}: {} {}",
            res.status(),
            res.text().await.unwrap_or_default()
        );
        let next = res.headers()["location"]
            .to_str()
            .expect("ascii")
            .to_owned();
        url = reqwest::Url::parse(&url)
            .and_then(|base| base.join(&next))
            .expect("url")
            .to_string();
        if url.starts_with(&app.url("/login/provider/test/callback")) {
            return url;
        }
    }
    panic!("the provider never sent the browser back");
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

fn param(url: &str, name: &str) -> String {
    reqwest::Url::parse(url)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .expect("param")
}

fn with_param(url: &str, name: &str, value: &str) -> String {
    let mut u = reqwest::Url::parse(url).expect("url");
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    u.to_string()
}

/// The whole flow signs an invited person in; a spent answer, a replayed code, a wrong state,
/// a wrong nonce and an address without an account are all refused.
#[tokio::test]
async fn sign_in_through_an_openid_connect_provider() {
    for backend in backends() {
        let (app, _provider) = spawn(backend).await;
        app.add_user("alice@example.org", "admin").await;
        the_sign_in_page_offers_the_provider(&app, backend).await;
        let jar = Arc::new(Jar::default());
        let client = browser(&jar);
        let callback = an_invited_person_signs_in(&app, &client, backend).await;
        // The same answer again: the flow's cookie is spent, so it is refused.
        let res = client.get(&callback).send().await.expect("GET");
        assert_eq!(location(&res), "/en/login?error=expired");
        a_replayed_code_is_refused(&app, &client, backend, &callback).await;
        a_wrong_state_is_refused_and_explained(&app, &client).await;
        a_wrong_nonce_is_refused(&app, &client, &jar, backend).await;
        // Nobody without an invitation gets in.
        let fresh = to_callback(&app, &client, "mallory@example.org").await;
        let res = client.get(&fresh).send().await.expect("GET");
        assert_eq!(location(&res), "/en/login?error=no-account");
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'login'")
                .await,
            1,
            "no other sign-in happened"
        );
    }
}

/// The sign-in page offers the provider as a plain link.
async fn the_sign_in_page_offers_the_provider(app: &TestApp, backend: Backend) {
    let html = app.get("/en/login").await.text().await.expect("body");
    assert!(html.contains("Sign in with Test ID"), "{backend:?}");
    assert!(html.contains("href=\"/login/provider/test?lang=en\""));
}

/// Alice goes through the provider and comes back signed in, which the audit log records with
/// the provider. Returns the callback URL she came back by.
async fn an_invited_person_signs_in(
    app: &TestApp,
    client: &reqwest::Client,
    backend: Backend,
) -> String {
    let callback = to_callback(app, client, "alice@example.org").await;
    let res = client.get(&callback).send().await.expect("GET");
    assert_eq!(res.status(), 303, "{backend:?}");
    assert_eq!(location(&res), "/en/admin");
    let html = client
        .get(app.url("/en/admin"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Protect Russians who fled"), "signed in");
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND detail LIKE '%provider:Test ID%'")
            .await,
        1
    );
    callback
}

/// A replayed code (from `callback`) under a fresh flow's state: the provider refuses the
/// exchange.
async fn a_replayed_code_is_refused(
    app: &TestApp,
    client: &reqwest::Client,
    backend: Backend,
    callback: &str,
) {
    let fresh = to_callback(app, client, "alice@example.org").await;
    let replay = with_param(&fresh, "code", &param(callback, "code"));
    let res = client.get(&replay).send().await.expect("GET");
    assert_eq!(location(&res), "/en/login?error=exchange", "{backend:?}");
}

/// A wrong state is refused, and the page says the answer did not match this browser's sign-in.
async fn a_wrong_state_is_refused_and_explained(app: &TestApp, client: &reqwest::Client) {
    let fresh = to_callback(app, client, "alice@example.org").await;
    let res = client
        .get(with_param(&fresh, "state", "forged"))
        .send()
        .await
        .expect("GET");
    assert_eq!(location(&res), "/en/login?error=state");
    let html = client
        .get(app.url("/en/login?error=state"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(html.contains("did not match the sign-in this browser started"));
}

/// A wrong nonce: the ID token names the flow's real nonce, the browser's cookie another.
async fn a_wrong_nonce_is_refused(
    app: &TestApp,
    client: &reqwest::Client,
    jar: &Jar,
    backend: Backend,
) {
    let fresh = to_callback(app, client, "alice@example.org").await;
    let base = reqwest::Url::parse(&app.url("/login/provider/test/callback")).expect("url");
    let cookies = jar.cookies(&base).expect("cookies");
    let sealed = cookies
        .to_str()
        .expect("ascii")
        .split("; ")
        .find_map(|c| c.strip_prefix("petrel_oidc="))
        .expect("flow cookie")
        .to_owned();
    let vault = &app.app.app.vault;
    let mut pending: serde_json::Value = serde_json::from_str(
        &vault
            .open_str(petrel::providers::PENDING_PURPOSE, &sealed)
            .expect("open"),
    )
    .expect("json");
    pending["nonce"] = "not-the-nonce".into();
    let forged = vault.seal_str(petrel::providers::PENDING_PURPOSE, &pending.to_string());
    jar.add_cookie_str(
        &format!("petrel_oidc={forged}; Path=/login/provider"),
        &base,
    );
    let res = client.get(&fresh).send().await.expect("GET");
    assert_eq!(location(&res), "/en/login?error=token", "{backend:?}");
}
