//! Micro-caching of public pages. A campaign page in a viral moment is read thousands of times
//! a second and is the same for every anonymous reader in a language, so this process reuses
//! a rendered page for a short time (`page_cache_ms`, one second by default), which is how
//! busy sites put a cache in front of their renderer.
//!
//! Only what the page itself declares shareable is kept: a `GET` without a query string, from a
//! reader with no cookie but the language one, answered `200` with `Cache-Control: public`
//! (which shared caches in front may also honour). Two values in such a page belong to one
//! response and are replaced in every reuse, so a reused page is what a fresh render would
//! have sent, apart from data at most the cache time old:
//! - the nonce of the inline hydration script, in the body and the Content-Security-Policy;
//! - the signing form's token, which records when the form was served (its minimum fill time
//!   must count from the reader's load, not from the first render).
use crate::routes::lang::COOKIE;
use app::domain::Locale;
use app::ssr::cache::TtlCache;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use rand::RngCore;
use std::sync::Arc;
use std::time::Duration;

/// The largest page kept (bigger ones are rendered every time).
const MAX_PAGE_BYTES: usize = 512 * 1024;

#[derive(Clone)]
pub struct PageCache(Option<TtlCache<(String, Locale), Arc<Cached>>>);

pub struct Cached {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    nonce: Option<String>,
    form_tokens: Vec<String>,
}

impl PageCache {
    /// A cache keeping pages for `ttl`; `None` (a zero setting) keeps nothing.
    pub fn new(ttl: Option<Duration>) -> Self {
        Self(ttl.map(|ttl| TtlCache::new(ttl, 2_000)))
    }

    /// The key for `req` if it may be answered from the cache.
    pub fn key(&self, req: &Request<Body>, locale: Locale) -> Option<(String, Locale)> {
        self.0.as_ref()?;
        let anonymous = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter(|kv| !kv.trim().is_empty())
            .all(|kv| kv.trim().split('=').next() == Some(COOKIE));
        (req.method() == Method::GET && req.uri().query().is_none() && anonymous)
            .then(|| (req.uri().path().to_owned(), locale))
    }

    /// A fresh copy of the cached page, with this response's own nonce and form token.
    pub fn get(&self, key: &(String, Locale), vault: &app::ssr::vault::Vault) -> Option<Response> {
        let cached = self.0.as_ref()?.get(key)?;
        let mut body = cached.body.clone();
        let mut headers = cached.headers.clone();
        if let Some(old) = &cached.nonce {
            let new = new_nonce();
            body = body.replace(old.as_str(), &new);
            let csp = headers
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.replace(old.as_str(), &new))
                .and_then(|v| HeaderValue::from_str(&v).ok());
            if let Some(csp) = csp {
                headers.insert(header::CONTENT_SECURITY_POLICY, csp);
            }
        }
        if !cached.form_tokens.is_empty() {
            let token = app::ssr::abuse::form_token::issue(vault);
            for old in &cached.form_tokens {
                body = body.replace(old.as_str(), &token);
            }
        }
        headers.remove(header::CONTENT_LENGTH);
        let mut res = Response::new(Body::from(body));
        *res.status_mut() = cached.status;
        *res.headers_mut() = headers;
        Some(res)
    }

    /// Keeps `res` if the page declared itself public; returns it either way.
    pub async fn store(
        &self,
        key: (String, Locale),
        res: Response,
        form_tokens: Vec<String>,
    ) -> Response {
        let Some(cache) = &self.0 else {
            return res;
        };
        let public = res
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("public"));
        if res.status() != StatusCode::OK || !public {
            return res;
        }
        let (parts, body) = res.into_parts();
        // The page was rendered completely in memory (async rendering), so collecting it
        // costs nothing more; only the size decides whether it is kept.
        let bytes = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::error!(error = %e, "a page body failed");
                let mut res = Response::new(Body::empty());
                *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                return res;
            }
        };
        if let Ok(body) = std::str::from_utf8(&bytes)
            && bytes.len() <= MAX_PAGE_BYTES
        {
            let nonce = parts
                .headers
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .and_then(nonce_of);
            cache.insert(
                key,
                Arc::new(Cached {
                    status: parts.status,
                    headers: parts.headers.clone(),
                    body: body.to_owned(),
                    nonce,
                    form_tokens,
                }),
            );
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

/// The nonce in a Content-Security-Policy (`'nonce-…'`).
fn nonce_of(csp: &str) -> Option<String> {
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(csp[start..start + len].to_owned()).filter(|n| n.len() >= 16)
}

/// A nonce as Leptos makes them: 16 random bytes, base64.
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nonce() {
        assert_eq!(
            nonce_of("script-src 'self' 'nonce-AbCdEfGhIjKlMnOpQrStUv=='; style-src 'self'")
                .as_deref(),
            Some("AbCdEfGhIjKlMnOpQrStUv==")
        );
        assert_eq!(nonce_of("script-src 'self'"), None);
        assert_eq!(
            nonce_of("script-src 'nonce-x'"),
            None,
            "too short to replace safely"
        );
        assert_ne!(new_nonce(), new_nonce());
    }
}
