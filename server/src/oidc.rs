//! Signing in through OpenID Connect providers (any issuer with discovery: GitLab, Google,
//! Keycloak, Authentik …), configured under `[[auth.providers]]`.
//!
//! The authorization code flow with PKCE, `state` and `nonce`: `/login/oidc/<name>` sends the
//! browser to the provider and keeps the flow's secrets in a short-lived cookie sealed by the
//! vault (so the flow is bound to this browser and nothing waits in the database); the
//! provider sends the browser back to `/login/oidc/<name>/callback`, where the state is
//! compared, the code exchanged with the PKCE verifier, and the ID token checked (signature
//! from the provider's published keys, issuer, audience, expiry, nonce) by the `openidconnect`
//! crate. Only a verified email address of an invited, active account signs in; anything else
//! lands on the sign-in page with a translated explanation.
use crate::config::OidcProviderSettings;
use crate::startup::ServerState;
use app::domain::{Email, Locale};
use app::ssr::accounts;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, LoginHint, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    Scope, TokenResponse,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::OnceCell;

type OidcClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The cookie that carries a flow's secrets between the two redirects.
pub const PENDING_COOKIE: &str = "petrel_oidc";
pub const PENDING_PURPOSE: &str = "oidc.pending";
/// A sign-in at the provider must be finished within this time.
const PENDING_TTL_MS: i64 = 10 * 60 * 1000;

/// The configured providers; each discovers its endpoints and keys at first use.
#[derive(Clone, Default)]
pub struct Providers(Arc<Vec<Provider>>);

struct Provider {
    settings: OidcProviderSettings,
    client: OnceCell<OidcClient>,
}

/// What the browser carries (sealed) while it is at the provider.
#[derive(Serialize, Deserialize)]
struct Pending {
    provider: String,
    state: String,
    nonce: String,
    verifier: String,
    locale: String,
    created_at: i64,
}

#[derive(Deserialize)]
pub struct StartQuery {
    lang: Option<String>,
    login_hint: Option<String>,
}

/// What the provider sends back (it may add more, such as `iss`).
#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

impl Providers {
    pub fn new(settings: &[OidcProviderSettings]) -> Providers {
        Providers(Arc::new(
            settings
                .iter()
                .map(|s| Provider {
                    settings: s.clone(),
                    client: OnceCell::new(),
                })
                .collect(),
        ))
    }

    fn get(&self, name: &str) -> Option<&Provider> {
        self.0.iter().find(|p| p.settings.name == name)
    }
}

/// The HTTP client for talking to providers: no redirects (the crate's advice, against SSRF).
fn http_client() -> Result<openidconnect::reqwest::Client, openidconnect::reqwest::Error> {
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
}

impl Provider {
    async fn client(&self, public_url: &str) -> Result<&OidcClient, String> {
        self.client
            .get_or_try_init(|| async {
                let http = http_client().map_err(|e| e.to_string())?;
                let issuer =
                    IssuerUrl::new(self.settings.issuer.clone()).map_err(|e| e.to_string())?;
                let metadata = CoreProviderMetadata::discover_async(issuer, &http)
                    .await
                    .map_err(|e| format!("discovery: {e}"))?;
                let redirect = RedirectUrl::new(format!(
                    "{}/login/oidc/{}/callback",
                    public_url.trim_end_matches('/'),
                    self.settings.name
                ))
                .map_err(|e| e.to_string())?;
                Ok(CoreClient::from_provider_metadata(
                    metadata,
                    ClientId::new(self.settings.client_id.clone()),
                    self.settings
                        .client_secret
                        .as_ref()
                        .map(|s| ClientSecret::new(s.expose_secret().to_owned())),
                )
                .set_redirect_uri(redirect))
            })
            .await
    }
}

fn pending_cookie(state: &ServerState, value: &str, max_age: u32) -> HeaderValue {
    let secure = if state.app.auth.secure_cookie {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{PENDING_COOKIE}={value}; Path=/login/oidc; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A redirect to the sign-in page explaining why the sign-in failed; clears the pending cookie.
fn refuse(state: &ServerState, locale: Locale, why: &str) -> Response {
    tracing::info!(reason = why, "provider sign-in refused");
    let mut res = (
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            format!("{}/login?error={why}", locale.prefix()),
        )],
    )
        .into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, pending_cookie(state, "", 0));
    res
}

/// `GET /login/oidc/<name>`: off to the provider.
pub async fn start(
    State(state): State<ServerState>,
    Path(name): Path<String>,
    Query(q): Query<StartQuery>,
) -> Response {
    let locale = q
        .lang
        .as_deref()
        .and_then(Locale::from_code)
        .unwrap_or_default();
    let Some(provider) = state.providers.get(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let client = match provider.client(&state.settings.public_url).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(provider = name, error = %e, "provider unavailable");
            return refuse(&state, locale, "unavailable");
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge);
    if let Some(hint) = q
        .login_hint
        .filter(|h| !h.trim().is_empty() && h.len() <= 254)
    {
        request = request.set_login_hint(LoginHint::new(hint));
    }
    let (url, csrf, nonce) = request.url();
    let pending = Pending {
        provider: name,
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        locale: locale.code().to_owned(),
        created_at: app::ssr::time::now_ms(),
    };
    let Ok(json) = serde_json::to_string(&pending) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let sealed = state.app.vault.seal_str(PENDING_PURPOSE, &json);
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, url.to_string())]).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        pending_cookie(&state, &sealed, (PENDING_TTL_MS / 1000) as u32),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /login/oidc/<name>/callback`: back from the provider.
pub async fn callback(
    State(state): State<ServerState>,
    Path(name): Path<String>,
    Query(q): Query<CallbackQuery>,
    signed_in: Option<axum::Extension<app::ssr::auth::Authenticated>>,
    headers: HeaderMap,
) -> Response {
    let pending = crate::routes::session::cookie(&headers, PENDING_COOKIE)
        .and_then(|v| state.app.vault.open_str(PENDING_PURPOSE, v).ok())
        .and_then(|json| serde_json::from_str::<Pending>(&json).ok());
    let Some(pending) = pending else {
        return refuse(&state, Locale::default(), "expired");
    };
    let locale = Locale::from_code(&pending.locale).unwrap_or_default();
    if app::ssr::time::now_ms() - pending.created_at > PENDING_TTL_MS {
        return refuse(&state, locale, "expired");
    }
    if q.error.is_some() {
        return refuse(&state, locale, "provider");
    }
    let same_state = q
        .state
        .as_deref()
        .is_some_and(|s| app::ssr::auth::constant_time_eq(s.as_bytes(), pending.state.as_bytes()));
    if pending.provider != name || !same_state {
        return refuse(&state, locale, "state");
    }
    let (Some(provider), Some(code)) = (state.providers.get(&name), q.code) else {
        return refuse(&state, locale, "state");
    };
    let Ok(client) = provider.client(&state.settings.public_url).await else {
        return refuse(&state, locale, "unavailable");
    };
    let Ok(http) = http_client() else {
        return refuse(&state, locale, "unavailable");
    };
    let token = match client.exchange_code(AuthorizationCode::new(code)) {
        Ok(request) => {
            request
                .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
                .request_async(&http)
                .await
        }
        Err(e) => {
            tracing::warn!(provider = name, error = %e, "provider has no token endpoint");
            return refuse(&state, locale, "unavailable");
        }
    };
    let token = match token {
        Ok(t) => t,
        Err(e) => {
            tracing::info!(provider = name, error = %e, "code exchange failed");
            return refuse(&state, locale, "exchange");
        }
    };
    let Some(id_token) = token.id_token() else {
        return refuse(&state, locale, "token");
    };
    let claims = match id_token.claims(&client.id_token_verifier(), &Nonce::new(pending.nonce)) {
        Ok(c) => c,
        Err(e) => {
            tracing::info!(provider = name, error = %e, "ID token refused");
            return refuse(&state, locale, "token");
        }
    };
    if claims.email_verified() != Some(true) {
        return refuse(&state, locale, "unverified");
    }
    let Some(email) = claims.email().and_then(|e| Email::parse(e.as_str()).ok()) else {
        return refuse(&state, locale, "unverified");
    };
    let db = &state.app.db;
    let user = match accounts::find_active(db, &state.app.vault, &email).await {
        Ok(Some(u)) => u,
        Ok(None) => return refuse(&state, locale, "no-account"),
        Err(e) => {
            app::ssr::error::internal("oidc callback", &e);
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let previous = signed_in.map(|a| a.session_id);
    let agent = accounts::describe_agent(
        headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    );
    let method = format!("oidc:{name}");
    let raw = match accounts::sign_in(db, &state.app.auth, user.id, &method, &agent, previous).await
    {
        Ok(raw) => raw,
        Err(e) => {
            app::ssr::error::internal("oidc sign-in", &e);
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let mut res = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("{}/admin", locale.prefix()))],
    )
        .into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&state.app.auth.set_cookie(&raw)) {
        h.append(header::SET_COOKIE, v);
    }
    h.append(header::SET_COOKIE, pending_cookie(&state, "", 0));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
