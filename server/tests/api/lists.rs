//! Mailing lists as a browser without JavaScript and a mail client use them: the subscribe form,
//! the confirmation email from the SMTP server and the confirm page's button, the welcome with
//! its list headers (parsed with a real mail parser), the one-click unsubscribe POST with no
//! cookie, the preferences page, and joining from a petition's opt-in box.
use crate::helpers::{TestApp, backends, link_in, parse, spawn_app_with_smtp};
use app::ssr::abuse::form_token;
use app::ssr::time::now_ms;
use petrel::demo::{DEMO_LIST, DEMO_SLUG};

fn token(app: &TestApp) -> String {
    form_token::issue_at(&app.app.app.vault, now_ms() - 10_000)
}

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("Accept", "text/html,application/xhtml+xml")
        .form(fields)
        .send()
        .await
        .expect("POST")
}

async fn subscribe(app: &TestApp, email: &str, locale: &str) -> reqwest::Response {
    let token = token(app);
    post_form(
        app,
        "/api/lists/subscribe",
        &[
            ("slug", DEMO_LIST),
            ("locale", locale),
            ("form_token", &token),
            ("email", email),
            ("name", "Anna"),
            ("website", ""),
        ],
    )
    .await
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The token in a path's query (`…?token=X&…`).
fn token_of(path: &str) -> String {
    path.split("token=")
        .nth(1)
        .and_then(|t| t.split('&').next())
        .expect("token")
        .to_owned()
}

async fn subscription_state(app: &TestApp) -> String {
    app.query_text("SELECT state FROM subscriptions ORDER BY id LIMIT 1")
        .await
}

/// Subscribes `email` and confirms through the emailed link; returns the welcome message.
async fn subscribe_and_confirm(app: &TestApp, email: &str, locale: &str) -> Vec<u8> {
    let before = app.smtp().raw_messages().len();
    assert_eq!(subscribe(app, email, locale).await.status(), 303);
    app.run_jobs().await;
    let mail = app.smtp().wait_for(before + 1).await;
    let link = link_in(&mail[before], "/lists/confirm?token=", &app.address);
    let r = post_form(
        app,
        "/api/lists/confirm",
        &[("locale", locale), ("token", &token_of(&link))],
    )
    .await;
    assert_eq!(r.status(), 303);
    app.run_jobs().await;
    let mail = app.smtp().wait_for(before + 2).await;
    assert_eq!(mail.len(), before + 2, "the welcome arrived");
    mail[before + 1].clone()
}

#[tokio::test]
async fn subscribe_confirm_welcome_and_leave_with_one_click() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let r = subscribe(&app, "anna@example.org", "ru").await;
        assert_eq!(r.status(), 303, "{backend:?}");
        assert_eq!(location(&r), format!("/ru/lists/{DEMO_LIST}/check-email"));
        assert_eq!(subscription_state(&app).await, "pending");
        app.run_jobs().await;
        let mail = app.smtp().wait_for(1).await;
        let confirm = parse(&mail[0]);
        assert_eq!(confirm.subject(), Some("Подтвердите подписку"));
        // A confirmation is not a list message: nothing to unsubscribe from yet.
        assert!(confirm.header_raw("List-Unsubscribe").is_none());
        let link = link_in(&mail[0], "/lists/confirm?token=", &app.address);
        assert!(link.starts_with("/ru/lists/confirm?token="), "{link}");
        // Opening the link (as a mail scanner would) confirms nothing.
        let page = app.get(&link).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.expect("page");
        assert!(page.contains("Новости кампании"), "{page}");
        assert_eq!(subscription_state(&app).await, "pending");
        // The button does.
        let r = post_form(
            &app,
            "/api/lists/confirm",
            &[("locale", "ru"), ("token", &token_of(&link))],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), format!("/ru/lists/{DEMO_LIST}/confirmed"));
        assert_eq!(subscription_state(&app).await, "confirmed");
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        assert_eq!(mail.len(), 2);
        let welcome = parse(&mail[1]);
        assert_eq!(
            welcome.subject(),
            Some("Добро пожаловать в «Новости кампании»")
        );
        let list_id = welcome.header_raw("List-Id").expect("List-Id").trim();
        assert_eq!(list_id, format!("<{DEMO_LIST}.lists.127.0.0.1>"));
        assert_eq!(
            welcome
                .header_raw("List-Unsubscribe-Post")
                .expect("List-Unsubscribe-Post")
                .trim(),
            "List-Unsubscribe=One-Click"
        );
        let unsubscribe = welcome
            .header_raw("List-Unsubscribe")
            .expect("List-Unsubscribe")
            .trim()
            .to_owned();
        let url = unsubscribe
            .strip_prefix('<')
            .and_then(|u| u.split('>').next())
            .expect("<url>")
            .to_owned();
        assert!(
            url.starts_with(&format!("{}/ru/lists/unsubscribe?token=", app.address)),
            "{url}"
        );
        assert!(url.ends_with(&format!("&list={DEMO_LIST}")), "{url}");
        // The body has the same link and the preferences link, visibly.
        let text = welcome.body_text(0).expect("text").into_owned();
        assert!(text.contains(&url), "{text}");
        assert!(text.contains("/ru/lists/preferences?token="), "{text}");
        assert!(text.contains("**Новости кампании**") || text.contains("Новости кампании"));
        let html = welcome.body_html(0).expect("html").into_owned();
        assert!(html.contains("<strong>Новости кампании</strong>"), "{html}");
        // A GET is the page with the button: nothing changes.
        let page = app.client.get(&url).send().await.expect("GET");
        assert_eq!(page.status(), 200);
        assert_eq!(subscription_state(&app).await, "confirmed");
        // RFC 8058: the mail client POSTs, with no cookie and nothing else.
        let r = reqwest::Client::new()
            .post(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .expect("one-click POST");
        assert_eq!(r.status(), 200);
        assert_eq!(subscription_state(&app).await, "unsubscribed");
        // Again: harmless. An unknown token gives nothing away.
        let again = reqwest::Client::new()
            .post(&url)
            .send()
            .await
            .expect("POST");
        assert_eq!(again.status(), 200);
        let unknown = reqwest::Client::new()
            .post(app.url("/lists/unsubscribe?token=nope&list=campaign-news"))
            .send()
            .await
            .expect("POST");
        assert_eq!(unknown.status(), 200);
        // The old confirmation link cannot bring them back.
        let r = post_form(
            &app,
            "/api/lists/confirm",
            &[("locale", "ru"), ("token", &token_of(&link))],
        )
        .await;
        assert_eq!(r.status(), 404);
        assert_eq!(subscription_state(&app).await, "unsubscribed");
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn the_form_says_the_same_whatever_the_address_and_cannot_flood_it() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        subscribe_and_confirm(&app, "boris@example.org", "en").await;
        // Already on the list: the same page, and the owner gets a note with their link.
        let r = subscribe(&app, "boris@example.org", "en").await;
        assert_eq!(location(&r), format!("/en/lists/{DEMO_LIST}/check-email"));
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        let note = parse(&mail[2]);
        assert_eq!(note.subject(), Some("You are already subscribed"));
        link_in(&mail[2], "/lists/preferences?token=", &app.address);
        // Three emails about this address and list a day (the confirmation counted), then
        // nothing: the form cannot flood an inbox.
        for _ in 0..4 {
            subscribe(&app, "boris@example.org", "en").await;
        }
        app.run_jobs().await;
        app.smtp().wait_for(4).await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(app.smtp().raw_messages().len(), 4);
        // A suppressed address: the same page, and nothing at all is sent.
        app.query_i64(
            "UPDATE subscribers SET suppressed_at = 1, suppressed_reason = 'hard_bounce' RETURNING id",
        )
        .await;
        let r = subscribe(&app, "boris@example.org", "en").await;
        assert_eq!(location(&r), format!("/en/lists/{DEMO_LIST}/check-email"));
        let r = subscribe(&app, "someone.new@example.org", "en").await;
        assert_eq!(location(&r), format!("/en/lists/{DEMO_LIST}/check-email"));
        app.run_jobs().await;
        app.smtp().wait_for(5).await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(
            app.smtp().raw_messages().len(),
            5,
            "only the new address got mail"
        );
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn bad_input_is_explained_and_nothing_is_stored() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let r = subscribe(&app, "not an address", "en").await;
        assert_eq!(r.status(), 422, "{backend:?}");
        let page = r.text().await.expect("page");
        assert!(page.contains("not an address"), "what was typed stays");
        assert!(page.contains("aria-invalid=\"true\""), "{page}");
        let r = subscribe(&app, "not an address", "ru").await;
        let page = r.text().await.expect("page");
        assert!(
            page.contains("адрес") || page.contains("Адрес"),
            "in Russian"
        );
        // A bot filling the honeypot sees the usual page; nothing is kept or sent.
        let token = token(&app);
        let r = post_form(
            &app,
            "/api/lists/subscribe",
            &[
                ("slug", DEMO_LIST),
                ("locale", "en"),
                ("form_token", &token),
                ("email", "bot@example.org"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
        assert_eq!(location(&r), format!("/en/lists/{DEMO_LIST}/check-email"));
        // A form sent back faster than a person types.
        let fresh = form_token::issue(&app.app.app.vault);
        let r = post_form(
            &app,
            "/api/lists/subscribe",
            &[
                ("slug", DEMO_LIST),
                ("locale", "en"),
                ("form_token", &fresh),
                ("email", "quick@example.org"),
            ],
        )
        .await;
        assert_eq!(r.status(), 422);
        // An unknown list is a 404 page, its form too.
        assert_eq!(app.get("/en/lists/no-such-list").await.status(), 404);
        let r = post_form(
            &app,
            "/api/lists/subscribe",
            &[
                ("slug", "no-such-list"),
                ("locale", "en"),
                ("email", "a@example.org"),
            ],
        )
        .await;
        assert_eq!(r.status(), 404);
        // A made-up confirmation or preferences link: a page saying so, not an error.
        let page = app.get("/en/lists/confirm?token=made-up").await;
        assert_eq!(page.status(), 200);
        assert!(
            page.text()
                .await
                .expect("page")
                .contains("not valid any more")
        );
        let page = app.get("/en/lists/preferences?token=made-up").await;
        assert!(
            page.text()
                .await
                .expect("page")
                .contains("This link is not valid")
        );
        assert_eq!(
            app.get("/lists/preferences/data.json?token=made-up")
                .await
                .status(),
            404
        );
        app.run_jobs().await;
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM subscribers").await, 0);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM subscriptions").await, 0);
        assert!(app.smtp().raw_messages().is_empty());
        app.assert_no_jobs_left().await;
    }
}

/// Sends the petition form with the mailing-list box ticked (or not).
async fn sign(app: &TestApp, email: &str, subscribe: bool) {
    let token = token(app);
    let mut fields = vec![
        ("slug", DEMO_SLUG),
        ("locale", "en"),
        ("form_token", token.as_str()),
        ("name", "Pavel Ivanov"),
        ("email", email),
        ("country", "FR"),
        ("display", "hidden"),
        ("website", ""),
        ("pow", ""),
    ];
    if subscribe {
        fields.push(("subscribe", "yes"));
    }
    let r = post_form(app, "/api/petitions/sign", &fields).await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn the_petitions_box_joins_the_campaigns_list_once_the_signature_is_confirmed() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        // The demo petition's form offers the demo list by name, with a link to its page.
        let page = app
            .get_lang(&format!("/en/campaigns/{DEMO_SLUG}"), "en")
            .await
            .text()
            .await
            .expect("page");
        assert!(page.contains("Email me “Campaign news”"), "{backend:?}");
        assert!(page.contains(&format!("href=\"/en/lists/{DEMO_LIST}\"")));
        sign(&app, "pavel@example.org", true).await;
        sign(&app, "olga@example.org", false).await;
        app.run_jobs().await;
        // Nothing joins before the signature is confirmed.
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM subscriptions").await, 0);
        let mail = app.smtp().wait_for(2).await;
        for raw in &mail {
            let link = link_in(raw, "/confirm?token=", &app.address);
            let r = post_form(
                &app,
                "/api/petitions/confirm",
                &[
                    ("slug", DEMO_SLUG),
                    ("locale", "en"),
                    ("token", &token_of(&link)),
                ],
            )
            .await;
            assert_eq!(r.status(), 303);
        }
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        assert_eq!(
            mail.len(),
            3,
            "{backend:?}: one welcome, to the one who ticked"
        );
        let welcome = parse(&mail[2]);
        assert_eq!(welcome.subject(), Some("Welcome to Campaign news"));
        assert_eq!(
            welcome
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some("pavel@example.org")
        );
        assert!(welcome.header_raw("List-Unsubscribe-Post").is_some());
        // The consent record says where and how.
        assert_eq!(
            app.query_text(
                "SELECT state || ' ' || source || ' ' || wording || ' ' || \
                 CAST(campaign_id IS NOT NULL AS TEXT) FROM subscriptions"
            )
            .await
            .replace("true", "1"),
            "confirmed petition sign-subscribe@1 1"
        );
        assert_eq!(
            app.query_text("SELECT country FROM subscribers").await,
            "FR"
        );
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn preferences_from_the_link_in_every_message() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let raw = subscribe_and_confirm(&app, "vera@example.org", "en").await;
        let prefs = link_in(&raw, "/lists/preferences?token=", &app.address);
        let token = token_of(&prefs);
        let page = app.get(&prefs).await.text().await.expect("page");
        assert!(page.contains("v•••@example.org"), "{backend:?}: {page}");
        assert!(
            !page.contains("vera@example.org"),
            "the address is shown only in part"
        );
        assert!(page.contains("Leave “Campaign news”"));
        // Leave, then join again (no new confirmation: the link proves the address).
        let r = post_form(
            &app,
            "/api/lists/choose",
            &[("locale", "en"), ("token", &token), ("list", DEMO_LIST)],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(subscription_state(&app).await, "unsubscribed");
        let r = post_form(
            &app,
            "/api/lists/choose",
            &[
                ("locale", "en"),
                ("token", &token),
                ("list", DEMO_LIST),
                ("join", "yes"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(subscription_state(&app).await, "confirmed");
        // The language of the messages.
        let r = post_form(
            &app,
            "/api/lists/language",
            &[("locale", "en"), ("token", &token), ("language", "ru")],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(app.query_text("SELECT locale FROM subscribers").await, "ru");
        let r = post_form(
            &app,
            "/api/lists/language",
            &[("locale", "en"), ("token", &token), ("language", "xx")],
        )
        .await;
        assert_eq!(r.status(), 422);
        // The welcome for joining again comes in the new language.
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        assert_eq!(
            parse(&mail[2]).subject(),
            Some("Добро пожаловать в «Новости кампании»")
        );
        // What is kept, as JSON, with the consent record.
        let r = app
            .get(&format!("/lists/preferences/data.json?token={token}"))
            .await;
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        let data: serde_json::Value = r.json().await.expect("json");
        assert_eq!(data["email"], "vera@example.org");
        assert_eq!(data["name"], "Anna");
        assert_eq!(data["language"], "ru");
        assert_eq!(data["subscriptions"][0]["list"], DEMO_LIST);
        assert_eq!(data["subscriptions"][0]["consent"]["source"], "preferences");
        // Leave everything, then erase everything.
        let r = post_form(
            &app,
            "/api/lists/leave-all",
            &[("locale", "en"), ("token", &token)],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(subscription_state(&app).await, "unsubscribed");
        let r = post_form(
            &app,
            "/api/lists/erase",
            &[("locale", "en"), ("token", &token)],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/en/lists/erased");
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM subscribers").await, 0);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM subscriptions").await, 0);
        assert_eq!(
            app.get(&format!("/lists/preferences/data.json?token={token}"))
                .await
                .status(),
            404
        );
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn no_subscriber_address_is_stored_in_plaintext() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        subscribe_and_confirm(&app, "secret.person@example.org", "en").await;
        let dump = app.all_text().await.to_lowercase();
        for needle in ["secret.person", "example.org", "anna"] {
            assert!(
                !dump.contains(needle),
                "{backend:?}: {needle} in the database"
            );
        }
    }
}

/// A delivery status notification (RFC 3464) returning a message whose headers it quotes.
fn dsn(action: &str, quoted: &str) -> String {
    format!(
        "From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; x@example.org\r\n\
         Action: {action}\r\nStatus: 5.1.1\r\n\r\n--b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
         {quoted}\r\n--b--\r\n"
    )
}

async fn suppressed(app: &TestApp) -> Option<String> {
    let reason = app
        .query_text("SELECT COALESCE(suppressed_reason, '') FROM subscribers ORDER BY id LIMIT 1")
        .await;
    (!reason.is_empty()).then_some(reason)
}

#[tokio::test]
async fn bounces_and_complaints_suppress_the_address_on_every_list() {
    for backend in backends() {
        let app = crate::helpers::spawn_app_with_smtp_and(backend, |s| {
            s.lists.webhook_token = Some("hook-secret".into());
            s.lists.soft_bounce_limit = 2;
        })
        .await;
        let raw = subscribe_and_confirm(&app, "gone@example.org", "en").await;
        let welcome = parse(&raw);
        let tag = welcome
            .header_raw("X-Petrel-Subscriber")
            .expect("the subscriber's tag")
            .trim()
            .to_owned();
        let quoted = format!("To: gone@example.org\r\nX-Petrel-Subscriber: {tag}");
        let take = |message: String| {
            let app = &app;
            async move {
                petrel::returns::take(&app.db, &app.app.app.vault, 2, message.as_bytes())
                    .await
                    .expect("read")
            }
        };
        // Delayed, an automatic reply, a forged tag: nothing changes.
        assert!(
            take(dsn("delayed", &quoted))
                .await
                .contains("nothing to do")
        );
        let auto =
            format!("Subject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\n> {quoted}\r\n");
        assert!(take(auto).await.contains("nothing to do"));
        let forged = dsn("failed", "X-Petrel-Subscriber: 1.aaaaaaaaaaaaaaaaaaaa");
        assert_eq!(take(forged).await, "no Petrel message in this");
        assert_eq!(suppressed(&app).await, None, "{backend:?}");
        // A hard bounce suppresses it.
        assert!(take(dsn("failed", &quoted)).await.contains("suppressed"));
        assert_eq!(suppressed(&app).await.as_deref(), Some("hard_bounce"));
        // And nothing is sent to it any more: the form, asked again, sends nothing.
        let before = app.smtp().raw_messages().len();
        subscribe(&app, "gone@example.org", "en").await;
        app.run_jobs().await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(app.smtp().raw_messages().len(), before);

        // The provider's webhook: authenticated, soft bounces counted, complaints at once.
        let hook = |body: &'static str, auth: Option<&'static str>| {
            let app = &app;
            async move {
                let mut req = reqwest::Client::new()
                    .post(app.url("/webhooks/mail"))
                    .header("Content-Type", "application/json")
                    .body(body);
                if let Some(a) = auth {
                    req = req.header("Authorization", a);
                }
                req.send().await.expect("POST")
            }
        };
        subscribe_and_confirm(&app, "soft@example.org", "en").await;
        subscribe_and_confirm(&app, "angry@example.org", "en").await;
        let soft = r#"{"type": "bounce", "bounce": "soft", "email": "Soft@Example.org"}"#;
        assert_eq!(hook(soft, None).await.status(), 401);
        assert_eq!(hook(soft, Some("Bearer wrong")).await.status(), 401);
        assert_eq!(
            hook("{not json", Some("Bearer hook-secret")).await.status(),
            400
        );
        assert_eq!(
            hook(
                r#"{"type": "opened", "email": "soft@example.org"}"#,
                Some("Bearer hook-secret")
            )
            .await
            .status(),
            400
        );
        let r = hook(soft, Some("Bearer hook-secret")).await;
        assert_eq!(r.status(), 200);
        let state = |email: &'static str| {
            let app = &app;
            async move {
                let id = bounces_id(app, email).await;
                app.query_text(&format!(
                    "SELECT soft_bounces || ' ' || COALESCE(suppressed_reason, '-') FROM subscribers WHERE id = {id}"
                ))
                .await
            }
        };
        assert_eq!(state("soft@example.org").await, "1 -");
        let r = hook(
            r#"[{"type": "bounce", "bounce": "soft", "email": "soft@example.org"},
                {"type": "complaint", "email": "angry@example.org"},
                {"type": "complaint", "email": "stranger@example.org"}]"#,
            Some("Bearer hook-secret"),
        )
        .await;
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().await.expect("json");
        assert_eq!(body["recorded"], 2);
        assert_eq!(body["unknown"], 1);
        assert_eq!(state("soft@example.org").await, "2 soft_bounces");
        assert_eq!(state("angry@example.org").await, "0 complaint");
        app.assert_no_jobs_left().await;
    }
}

/// The subscriber id of `email`.
async fn bounces_id(app: &TestApp, email: &str) -> i64 {
    app::lists::ssr::bounces::by_email(
        &app.db,
        &app.app.app.vault,
        &app::domain::Email::parse(email).expect("email"),
    )
    .await
    .expect("query")
    .expect("a subscriber")
}

#[tokio::test]
async fn csv_import_of_mailchimp_and_listmonk_exports_and_the_audited_export() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        subscribe_and_confirm(&app, "old@example.org", "en").await;
        subscribe_and_confirm(&app, "supp@example.org", "en").await;
        let supp = bounces_id(&app, "supp@example.org").await;
        app.query_i64(&format!(
            "UPDATE subscribers SET suppressed_at = 1 WHERE id = {supp} RETURNING id"
        ))
        .await;
        app.query_i64(&format!(
            "UPDATE subscriptions SET state = 'unsubscribed' WHERE subscriber_id = {supp} RETURNING id"
        ))
        .await;
        let before = app.smtp().raw_messages().len();
        // Mailchimp's columns; without --consented each new person is sent a link.
        let mailchimp = "Email Address,First Name,Last Name,MEMBER_RATING\r\n\
                         new1@example.org,Ann,Lee,2\r\n\
                         not-an-email,Bob,,1\r\n\
                         OLD@example.org,Old,,1\r\n\
                         new1@example.org,Ann,Lee,2\r\n\
                         supp@example.org,,,1\r\n";
        let summary = app::lists::ssr::import::import(
            &app.db,
            &app.app.app.vault,
            DEMO_LIST,
            mailchimp.as_bytes(),
            false,
            app::domain::Locale::DEFAULT,
            &mut |_, _| {},
        )
        .await
        .expect("import");
        assert_eq!(summary.rows, 5, "{backend:?}");
        assert_eq!(summary.invited, 1);
        assert_eq!(summary.already, 1);
        assert_eq!(summary.suppressed, 1);
        assert_eq!(summary.repeated, 1);
        assert_eq!(summary.malformed.len(), 1);
        assert_eq!(summary.malformed[0].0, 3, "line numbers count the header");
        app.run_jobs().await;
        let mail = app.smtp().wait_for(before + 1).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(app.smtp().raw_messages().len(), before + 1);
        let confirm = parse(&mail[before]);
        assert_eq!(confirm.subject(), Some("Confirm your subscription"));
        // listmonk's columns, with the operator's attestation: subscribed at once.
        let listmonk =
            "email,name,attributes\nnew2@example.org,Two People,\"{\"\"city\"\": \"\"Riga\"\"}\"\n";
        let summary = app::lists::ssr::import::import(
            &app.db,
            &app.app.app.vault,
            DEMO_LIST,
            listmonk.as_bytes(),
            true,
            app::domain::Locale::DEFAULT,
            &mut |_, _| {},
        )
        .await
        .expect("import");
        assert_eq!(summary.subscribed, 1);
        // A file without an email column is refused whole.
        let err = app::lists::ssr::import::import(
            &app.db,
            &app.app.app.vault,
            DEMO_LIST,
            b"name\nAnn\n",
            true,
            app::domain::Locale::DEFAULT,
            &mut |_, _| {},
        )
        .await;
        assert!(err.is_err());
        // The organizer's export: admins only, audited, the consent records with each.
        let admin = app.signed_in("admin@petrel.test", "admin").await;
        let path = format!("/admin/lists/{DEMO_LIST}/subscribers.csv");
        let r = app
            .post_as(
                &path,
                Some(&admin.0),
                &[("csrf", admin.1.as_str()), ("locale", "en")],
            )
            .await;
        assert_eq!(r.status(), 200);
        let csv = r.text().await.expect("csv");
        assert!(csv.starts_with("email,name,language,country,state,source,consent_at"));
        assert!(csv.contains(
            r#""new2@example.org","Two People","en","","confirmed","import-consented","#
        ));
        assert!(csv.contains(r#""new1@example.org","Ann Lee","en","","pending","import","#));
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'subscribers_export'")
                .await,
            1
        );
        let organizer = app.signed_in("organizer@petrel.test", "organizer").await;
        let r = app
            .post_as(
                &path,
                Some(&organizer.0),
                &[("csrf", organizer.1.as_str()), ("locale", "en")],
            )
            .await;
        assert_eq!(r.status(), 403);
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn the_embeddable_form_works_from_another_site() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        // The admin page gives the code to paste.
        let admin = app.signed_in("admin@petrel.test", "admin").await;
        let (_, page) = app.page_as("/en/admin/lists", Some(&admin.0)).await;
        assert!(
            page.contains(&format!("action=\"{}/api/lists/subscribe\"", app.address)),
            "{backend:?}: {page}"
        );
        // A browser posts that form from another site: no cookie, no form token.
        let r = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
            .post(app.url("/api/lists/subscribe"))
            .header("Accept", "text/html")
            .header("Origin", "https://allies.example")
            .header("Sec-Fetch-Site", "cross-site")
            .form(&[
                ("slug", DEMO_LIST),
                ("locale", "en"),
                ("email", "ally@example.org"),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), format!("/en/lists/{DEMO_LIST}/check-email"));
        app.run_jobs().await;
        let mail = app.smtp().wait_for(1).await;
        assert_eq!(parse(&mail[0]).subject(), Some("Confirm your subscription"));
        assert_eq!(subscription_state(&app).await, "pending");
    }
}
