//! Signing in with GitHub, which speaks plain OAuth2 rather than OpenID Connect: the
//! authorization code flow with PKCE and `state` (the `oauth2` crate), then the account's
//! addresses from GitHub's API, of which only the primary, verified one counts. The endpoints
//! default to github.com and can be pointed at GitHub Enterprise (or a test double).
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, TokenUrl,
};
use serde::Deserialize;

pub type Client =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

pub const AUTH_URL: &str = "https://github.com/login/oauth/authorize";
pub const TOKEN_URL: &str = "https://github.com/login/oauth/access_token";
pub const API_URL: &str = "https://api.github.com";

pub fn client(
    client_id: &str,
    client_secret: Option<&str>,
    auth_url: &str,
    token_url: &str,
    redirect: &str,
) -> Result<Client, oauth2::url::ParseError> {
    let mut c = BasicClient::new(ClientId::new(client_id.to_owned()))
        .set_auth_uri(AuthUrl::new(auth_url.to_owned())?)
        .set_token_uri(TokenUrl::new(token_url.to_owned())?)
        .set_redirect_uri(RedirectUrl::new(redirect.to_owned())?);
    if let Some(secret) = client_secret {
        c = c.set_client_secret(ClientSecret::new(secret.to_owned()));
    }
    Ok(c)
}

/// Where to send the browser, with the flow's `state` and PKCE verifier to keep.
pub fn authorize(client: &Client, login_hint: Option<String>) -> (String, String, String) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .add_scope(Scope::new("user:email".into()))
        .set_pkce_challenge(challenge);
    if let Some(hint) = login_hint {
        // GitHub's name for a suggested account.
        request = request.add_extra_param("login", hint);
    }
    let (url, state) = request.url();
    (
        url.to_string(),
        state.secret().clone(),
        verifier.secret().clone(),
    )
}

#[derive(Deserialize)]
struct GithubEmail {
    email: String,
    primary: bool,
    verified: bool,
}

/// Why a GitHub sign-in failed, as the sign-in page's reason codes.
pub enum Failure {
    Exchange,
    Unverified,
    Unavailable,
}

/// Exchanges the code and returns the account's primary address if GitHub has verified it.
pub async fn verified_email(
    client: &Client,
    http: &oauth2::reqwest::Client,
    api_url: &str,
    code: String,
    verifier: String,
) -> Result<String, Failure> {
    let token = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(http)
        .await
        .map_err(|e| {
            tracing::info!(error = %e, "GitHub code exchange failed");
            Failure::Exchange
        })?;
    let emails: Vec<GithubEmail> = http
        .get(format!("{}/user/emails", api_url.trim_end_matches('/')))
        .bearer_auth(token.access_token().secret())
        .header("Accept", "application/vnd.github+json")
        .header("User-Agent", "Petrel")
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| {
            tracing::warn!(error = %e, "GitHub's API did not answer");
            Failure::Unavailable
        })?
        .bytes()
        .await
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(Failure::Unavailable)?;
    emails
        .into_iter()
        .find(|e| e.primary && e.verified)
        .map(|e| e.email)
        .ok_or(Failure::Unverified)
}
