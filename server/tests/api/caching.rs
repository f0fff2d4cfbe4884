//! The page cache: a public page is reused for anonymous readers, each reuse with its own
//! script nonce and form token; personalised or parameterised requests are never served from it.
use crate::helpers::{Backend, TestApp, spawn_app_with};
use app::ssr::abuse::form_token;
use app::ssr::time::now_ms;
use petrel::demo::DEMO_SLUG;

/// The nonce in the Content-Security-Policy header, the nonce on the page's scripts, the form
/// token and the body.
async fn fetch(app: &TestApp, req: reqwest::RequestBuilder) -> (String, String, String, String) {
    let res = req.send().await.expect("GET");
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let header_nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce in CSP")
        .to_owned();
    let body = res.text().await.expect("body");
    let body_nonce = body
        .split("nonce=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("nonce on a script")
        .to_owned();
    let token = body
        .split("name=\"form_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("form token")
        .to_owned();
    assert!(
        form_token::age_ms(&app.app.app.vault, &token).is_some(),
        "a genuine token"
    );
    (header_nonce, body_nonce, token, body)
}

fn issued_at(token: &str) -> i64 {
    token
        .split('.')
        .next()
        .and_then(|t| t.parse().ok())
        .expect("time")
}

#[tokio::test]
async fn public_pages_are_reused_with_their_own_nonce_and_form_token() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.page_cache_ms = 60_000).await;
    let path = format!("/en/campaigns/{DEMO_SLUG}");
    let (n1, b1, t1, body) = fetch(&app, app.client.get(app.url(&path))).await;
    assert_eq!(n1, b1, "the script carries the nonce the policy allows");
    assert!(body.contains("0 people have signed"));

    // The count changes behind the cache's back.
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        "INSERT INTO campaign_counts (campaign_id, country, confirmed) \
         SELECT id, 'DE', 42 FROM campaigns",
    )
    .await
    .expect("insert");
    let id = app.query_i64("SELECT id FROM campaigns").await;
    app.app.app.counts.invalidate(id);

    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let before = now_ms();
    let (n2, b2, t2, body) = fetch(&app, app.client.get(app.url(&path))).await;
    assert!(
        body.contains("0 people have signed"),
        "an anonymous reader gets the kept page"
    );
    assert_eq!(n2, b2, "a reused page's policy and scripts agree");
    assert_ne!(n1, n2, "every response has its own nonce");
    assert_ne!(t1, t2);
    assert!(
        issued_at(&t2) >= before,
        "the reused form's token says when this reader got it"
    );

    // Not from the cache: a query string, a cookie other than the language's, another language.
    let (_, _, _, body) = fetch(&app, app.client.get(app.url(&format!("{path}?ref=mail")))).await;
    assert!(
        body.contains("42 people have signed"),
        "query strings bypass"
    );
    let (_, _, _, body) = fetch(
        &app,
        app.client
            .get(app.url(&path))
            .header("Cookie", "petrel_lang=en; session=abc"),
    )
    .await;
    assert!(
        body.contains("42 people have signed"),
        "other cookies bypass"
    );
    let (_, _, _, body) = fetch(
        &app,
        app.client
            .get(app.url(&path))
            .header("Cookie", "petrel_lang=en"),
    )
    .await;
    assert!(
        body.contains("0 people have signed"),
        "the language cookie alone is still anonymous"
    );
    let (_, _, _, body) = fetch(
        &app,
        app.client
            .get(app.url(&format!("/ru/campaigns/{DEMO_SLUG}"))),
    )
    .await;
    assert!(
        body.contains("Подписали 42 человека"),
        "each language is its own page"
    );

    // Pages that are not public (a form's result page) are never kept.
    let res = app.get(&format!("/en/campaigns/{DEMO_SLUG}/signed")).await;
    assert_eq!(res.headers()["cache-control"], "no-store");
}
