//! Signing in through providers configured under `[[auth.providers]]`: OpenID Connect (any
//! issuer with discovery: GitLab, Google, Keycloak, Authentik …) and GitHub (plain OAuth2, see
//! `github.rs`).
//!
//! The authorization code flow with PKCE, `state` and (OpenID Connect) `nonce`:
//! `/login/provider/<name>` sends the browser to the provider and keeps the flow's secrets in a short-lived cookie sealed by the
//! vault (so the flow is bound to this browser and nothing waits in the database); the
//! provider sends the browser back to `/login/provider/<name>/callback`, where the state is
//! compared, the code exchanged with the PKCE verifier, and the ID token checked (signature
//! from the provider's published keys, issuer, audience, expiry, nonce) by the `openidconnect`
//! crate. Only a verified email address of an invited, active account signs in; anything else
//! lands on the sign-in page with a translated explanation.
use crate::config::{ProviderKind, ProviderSettings};
use crate::startup::ServerState;
use app::accounts::ssr as accounts;
use app::domain::{Email, Locale};
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
    settings: ProviderSettings,
    /// OpenID Connect: discovered at first use.
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
    pub fn new(settings: &[ProviderSettings]) -> Providers {
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
/// Why a sign-in provider could not be set up or reached.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("a configured address is not a URL: {0}")]
    Url(String),
    #[error("http client: {0}")]
    Http(#[from] openidconnect::reqwest::Error),
    #[error("discovery: {0}")]
    Discovery(String),
}

fn http_client() -> Result<openidconnect::reqwest::Client, openidconnect::reqwest::Error> {
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
}

impl Provider {
    fn redirect_uri(&self, public_url: &str) -> String {
        format!(
            "{}/login/provider/{}/callback",
            public_url.trim_end_matches('/'),
            self.settings.name
        )
    }

    fn secret(&self) -> Option<String> {
        self.settings
            .client_secret
            .as_ref()
            .map(|s| s.expose_secret().to_owned())
    }

    fn github(&self, public_url: &str) -> Result<crate::github::Client, ProviderError> {
        let s = &self.settings;
        crate::github::client(
            &s.client_id,
            self.secret().as_deref(),
            s.auth_url.as_deref().unwrap_or(crate::github::AUTH_URL),
            s.token_url.as_deref().unwrap_or(crate::github::TOKEN_URL),
            &self.redirect_uri(public_url),
        )
        .map_err(|e| ProviderError::Url(e.to_string()))
    }

    async fn client(&self, public_url: &str) -> Result<&OidcClient, ProviderError> {
        self.client
            .get_or_try_init(|| async {
                let url = |e: openidconnect::url::ParseError| ProviderError::Url(e.to_string());
                let http = http_client()?;
                let issuer = IssuerUrl::new(self.settings.issuer.clone().unwrap_or_default())
                    .map_err(url)?;
                let metadata = CoreProviderMetadata::discover_async(issuer, &http)
                    .await
                    .map_err(|e| ProviderError::Discovery(e.to_string()))?;
                let redirect = RedirectUrl::new(self.redirect_uri(public_url)).map_err(url)?;
                Ok(CoreClient::from_provider_metadata(
                    metadata,
                    ClientId::new(self.settings.client_id.clone()),
                    self.secret().map(ClientSecret::new),
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
        "{PENDING_COOKIE}={value}; Path=/login/provider; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
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

/// `GET /login/provider/<name>`: off to the provider.
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
    let hint = q
        .login_hint
        .filter(|h| !h.trim().is_empty() && h.len() <= 254);
    let started = match provider.settings.kind {
        ProviderKind::Oidc => provider
            .client(&state.settings.public_url)
            .await
            .map(|client| {
                let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
                let mut request = client
                    .authorize_url(
                        CoreAuthenticationFlow::AuthorizationCode,
                        CsrfToken::new_random,
                        Nonce::new_random,
                    )
                    .add_scope(Scope::new("email".into()))
                    .set_pkce_challenge(challenge);
                if let Some(hint) = hint {
                    request = request.set_login_hint(LoginHint::new(hint));
                }
                let (url, csrf, nonce) = request.url();
                (
                    url.to_string(),
                    csrf.secret().clone(),
                    nonce.secret().clone(),
                    verifier.secret().clone(),
                )
            }),
        ProviderKind::Github => provider.github(&state.settings.public_url).map(|client| {
            let (url, csrf, verifier) = crate::github::authorize(&client, hint);
            (url, csrf, String::new(), verifier)
        }),
    };
    let (url, csrf, nonce, verifier) = match started {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(provider = name, error = %e, "provider unavailable");
            return refuse(&state, locale, "unavailable");
        }
    };
    let pending = Pending {
        provider: name,
        state: csrf,
        nonce,
        verifier,
        locale: locale.code().to_owned(),
        created_at: app::ssr::time::now_ms(),
    };
    let Ok(json) = serde_json::to_string(&pending) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let sealed = state.app.vault.seal_str(PENDING_PURPOSE, &json);
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, url)]).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        pending_cookie(&state, &sealed, (PENDING_TTL_MS / 1000) as u32),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /login/provider/<name>/callback`: back from the provider.
pub async fn callback(
    State(state): State<ServerState>,
    Path(name): Path<String>,
    Query(q): Query<CallbackQuery>,
    signed_in: Option<axum::Extension<app::accounts::ssr::auth::Authenticated>>,
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
    let same_state = q.state.as_deref().is_some_and(|s| {
        app::accounts::ssr::auth::constant_time_eq(s.as_bytes(), pending.state.as_bytes())
    });
    if pending.provider != name || !same_state {
        return refuse(&state, locale, "state");
    }
    let (Some(provider), Some(code)) = (state.providers.get(&name), q.code) else {
        return refuse(&state, locale, "state");
    };
    let email = match provider.settings.kind {
        ProviderKind::Oidc => {
            oidc_email(
                provider,
                &state.settings.public_url,
                &name,
                code,
                pending.verifier,
                pending.nonce,
            )
            .await
        }
        ProviderKind::Github => match provider.github(&state.settings.public_url) {
            Ok(client) => match http_client() {
                Ok(http) => {
                    let api = provider
                        .settings
                        .api_url
                        .as_deref()
                        .unwrap_or(crate::github::API_URL);
                    crate::github::verified_email(&client, &http, api, code, pending.verifier)
                        .await
                        .map_err(|f| match f {
                            crate::github::Failure::Exchange => "exchange",
                            crate::github::Failure::Unverified => "unverified",
                            crate::github::Failure::Unavailable => "unavailable",
                        })
                }
                Err(_) => Err("unavailable"),
            },
            Err(_) => Err("unavailable"),
        },
    };
    let email = match email.and_then(|e| Email::parse(&e).map_err(|_| "unverified")) {
        Ok(email) => email,
        Err(why) => return refuse(&state, locale, why),
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
    let method = format!("provider:{}", provider.settings.label);
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

/// OpenID Connect: exchanges the code and returns the ID token's address, if the provider
/// verified it; otherwise the reason code for the sign-in page.
async fn oidc_email(
    provider: &Provider,
    public_url: &str,
    name: &str,
    code: String,
    verifier: String,
    nonce: String,
) -> Result<String, &'static str> {
    let client = provider
        .client(public_url)
        .await
        .map_err(|_| "unavailable")?;
    let http = http_client().map_err(|_| "unavailable")?;
    let request = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| {
            tracing::warn!(provider = name, error = %e, "provider has no token endpoint");
            "unavailable"
        })?;
    let token = request
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&http)
        .await
        .map_err(|e| {
            tracing::info!(provider = name, error = %e, "code exchange failed");
            "exchange"
        })?;
    let id_token = token.id_token().ok_or("token")?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(nonce))
        .map_err(|e| {
            tracing::info!(provider = name, error = %e, "ID token refused");
            "token"
        })?;
    if claims.email_verified() != Some(true) {
        return Err("unverified");
    }
    claims
        .email()
        .map(|e| e.as_str().to_owned())
        .ok_or("unverified")
}
