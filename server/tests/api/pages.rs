//! Pages as a browser without JavaScript gets them: language, status codes, headers.
use crate::helpers::{backends, spawn_app};
use petrel::demo::DEMO_SLUG;

#[tokio::test]
async fn home_is_english_at_root_and_russian_under_ru() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let res = app.get_lang("/en/", "en-GB,en;q=0.9").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.expect("body");
        assert!(html.contains("<html lang=\"en\""), "{backend:?}: {html}");
        assert!(html.contains("Protect Russians who fled because they opposed the war"));
        assert!(
            html.contains(&format!("href=\"/en/campaigns/{DEMO_SLUG}\"")),
            "links keep the prefix"
        );

        let html = app.get_lang("/ru/", "en").await.text().await.expect("body");
        assert!(html.contains("<html lang=\"ru\""));
        assert!(html.contains("Защитите россиян, уехавших из-за несогласия с войной"));
        assert!(
            html.contains(&format!("href=\"/ru/campaigns/{DEMO_SLUG}\"")),
            "links keep the prefix"
        );
        app.assert_no_jobs_left().await;
    }
}

/// Every page lives under its language's prefix, so that the address, the browser router's base,
/// the links and the redirects after forms always agree: one asked for without a prefix is sent
/// to the same page under the reader's language (cookie, then `Accept-Language`, then English),
/// query string and all. (Entering at `/` once ended in "Page not found" after signing with
/// JavaScript on: the page was unprefixed, the redirect after the form was not.)
#[tokio::test]
async fn unprefixed_pages_go_under_the_readers_language() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let shared = format!("/campaigns/{DEMO_SLUG}?ref=mail");
    for (path, accept, cookie, expected) in [
        ("/", "en-GB,en;q=0.9", None, "/en/".to_owned()),
        ("/", "ru-RU,ru;q=0.9", None, "/ru/".to_owned()),
        ("/", "de", None, "/en/".to_owned()),
        (shared.as_str(), "en", None, format!("/en{shared}")),
        (
            shared.as_str(),
            "en",
            Some("petrel_lang=ru"),
            format!("/ru{shared}"),
        ),
        ("/privacy", "ru", None, "/ru/privacy".to_owned()),
        ("/no-such-page", "en", None, "/en/no-such-page".to_owned()),
    ] {
        let mut req = app
            .client
            .get(app.url(path))
            .header("Accept-Language", accept);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        let res = req.send().await.expect("GET");
        assert_eq!(res.status(), 302, "{path} {accept} {cookie:?}");
        assert_eq!(
            res.headers()["location"],
            expected.as_str(),
            "{path} {accept}"
        );
        let vary = res.headers()["vary"].to_str().expect("ascii");
        assert!(vary.contains("Accept-Language") && vary.contains("Cookie"));
    }
    // What is not a page is not moved.
    for path in ["/healthz", &format!("/campaigns/{DEMO_SLUG}/count.json")] {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
    // A path that only looks like a scheme stays on this site.
    let res = app.get("//evil.example/x").await;
    let location = res.headers()["location"].to_str().expect("ascii");
    assert!(location.starts_with("/en/"), "{location}");
}

/// Pages do not make a browser without JavaScript download the app: no preload of the script
/// or the wasm (the hydration script asks for both itself), and the markup ends with `</html>`.
#[tokio::test]
async fn pages_preload_nothing_only_the_script_uses() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    for path in ["/en/", &format!("/ru/campaigns/{DEMO_SLUG}"), "/en/privacy"] {
        let html = app.get(path).await.text().await.expect("body");
        assert!(!html.contains("rel=\"preload\""), "{path}");
        assert!(!html.contains("modulepreload"), "{path}");
        assert!(!html.contains("crossorigin"), "{path}");
        assert!(
            html.contains("<script type=\"module\""),
            "the hydration script is there"
        );
        assert!(html.contains("petrel.wasm"), "and names the wasm to fetch");
        assert!(
            html.trim_end().ends_with("</html>"),
            "{path}: nothing after </html>"
        );
    }
}

#[tokio::test]
async fn campaign_page_renders_markdown_and_facts() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let res = app
            .get_lang(&format!("/en/campaigns/{DEMO_SLUG}"), "en")
            .await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.expect("body");
        assert!(html.contains("<h2>What we ask</h2>"), "markdown rendered");
        assert!(
            html.contains("100,000 signatures"),
            "goal formatted: {html}"
        );
        let ru = app
            .get(&format!("/ru/campaigns/{DEMO_SLUG}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(
            ru.contains("100\u{a0}000 подписей"),
            "Russian plural and grouping"
        );
        assert!(ru.contains("<h2>Чего мы просим</h2>"));
    }
}

#[tokio::test]
async fn missing_pages_are_404_in_the_right_language() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for path in [
            "/en/no-such-page",
            "/en/campaigns/no-such-campaign",
            "/en/campaigns/..%2Fetc",
        ] {
            let res = app.get_lang(path, "en").await;
            assert_eq!(res.status(), 404, "{path}");
            let html = res.text().await.expect("body");
            assert!(html.contains("Page not found"), "{path}");
        }
        let res = app.get("/ru/nothing-here").await;
        assert_eq!(res.status(), 404);
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("Страница не найдена")
        );
        // A page cannot be POSTed to.
        let res = app.client.post(app.url("/en/")).send().await.expect("POST");
        assert_eq!(res.status(), 405);
    }
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_redirects_under_the_prefix() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let res = app.get("/lang/ru?next=/privacy").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/ru/privacy");
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cookie.starts_with("petrel_lang=ru;") && cookie.contains("HttpOnly"));
    // The cookie then chooses the language of unprefixed addresses.
    let res = app
        .client
        .get(app.url("/"))
        .header("Cookie", "petrel_lang=ru")
        .header("Accept-Language", "en")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.headers()["location"], "/ru/");
    // Redirects stay on this site.
    for evil in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let res = app.get(&format!("/lang/en?next={evil}")).await;
        assert_eq!(res.headers()["location"], "/en/", "{evil}");
    }
    assert_eq!(app.get("/lang/xx").await.status(), 404);
}

#[tokio::test]
async fn privacy_and_contact_pages() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let html = app
        .get_lang("/en/privacy", "en")
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("<h1>Privacy</h1>"));
    assert!(
        html.contains("mailto:contact@petrel.test"),
        "contact from configuration"
    );
    let res = app.get("/ru/contact").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("body");
    assert!(html.contains("Контакты и выходные данные"));
    assert!(html.contains("Petrel Test Association"));
}

#[tokio::test]
async fn security_headers_and_no_other_origins() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let res = app.get("/en/").await;
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().expect("ascii");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(
        csp.contains("'nonce-"),
        "hydration script allowed by nonce: {csp}"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(
        h.get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    let html = res.text().await.expect("body");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce");
    // Every inline script carries this response's nonce.
    assert_eq!(
        html.matches("<script").count(),
        html.matches(&format!("nonce=\"{nonce}\"")).count()
    );
    // Nothing the page loads comes from another origin.
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            let url = part.split('"').next().unwrap_or_default();
            assert!(
                url.starts_with('/') || url.starts_with('#') || url.starts_with("mailto:"),
                "{attr}{url} points elsewhere"
            );
        }
    }
    // Other responses get the strict default policy.
    let h = app.get("/healthz").await.headers().clone();
    assert!(
        h["content-security-policy"]
            .to_str()
            .expect("ascii")
            .contains("default-src 'self'")
    );
}

#[tokio::test]
async fn hsts_when_served_over_https() {
    let app = crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, |s| {
        s.public_url = "https://petrel.example.org".into()
    })
    .await;
    let res = app.get("/healthz").await;
    assert!(
        res.headers()["strict-transport-security"]
            .to_str()
            .expect("ascii")
            .contains("max-age=")
    );
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(app.get("/healthz").await.status(), 200);
        let res = app.get("/readyz").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.expect("body"), "ready");
        app.get("/").await;
        let metrics = app.get("/metrics").await.text().await.expect("body");
        assert!(
            metrics.contains("petrel_jobs_queued{state=\"pending\"} 0"),
            "{metrics}"
        );
        assert!(metrics.contains("petrel_jobs_dead 0"));
        assert!(metrics.contains("petrel_http_requests_total"));
    }
}

/// Paths a client makes up do not become metric series: a server function's endpoint is its
/// label, anything else under `/api/` is one label.
#[tokio::test]
async fn made_up_paths_do_not_grow_the_metrics() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    for i in 0..30 {
        app.get(&format!("/api/made{i}/up{i}")).await;
    }
    app.get("/api/campaigns/open").await;
    let metrics = app.get("/metrics").await.text().await.expect("body");
    assert!(!metrics.contains("route=\"/api/made"), "{metrics}");
    assert!(metrics.contains("route=\"/api/unknown\""), "{metrics}");
    assert!(
        metrics.contains("route=\"/api/campaigns/open\""),
        "{metrics}"
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let body = vec![b'a'; 10 * 1024 * 1024];
    let res = app
        .client
        .post(app.url("/api/campaigns/open"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn pages_are_compressed() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let res = app
        .client
        .get(app.url("/en/"))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn a_server_failure_is_a_500_page_in_the_readers_language() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Break the database under the running application.
        sea_orm::ConnectionTrait::execute_unprepared(&app.db, "DROP TABLE campaign_translations")
            .await
            .expect("drop");
        let res = app.get("/ru/").await;
        assert_eq!(res.status(), 500, "{backend:?}");
        let html = res.text().await.expect("body");
        assert!(html.contains("Что-то пошло не так"), "{html}");
        assert!(
            !html.contains("campaign_translations"),
            "no internals shown"
        );
    }
}

#[tokio::test]
async fn the_widget_is_the_only_frameable_page() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let res = app
        .get(&format!("/campaigns/{DEMO_SLUG}/widget?lang=ru"))
        .await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert!(
        h["content-security-policy"]
            .to_str()
            .expect("ascii")
            .contains("frame-ancestors *")
    );
    assert!(h.get("x-frame-options").is_none());
    let html = res.text().await.expect("body");
    assert!(html.contains("<html lang=\"ru\""));
    assert!(html.contains("Защитите россиян"));
    assert!(html.contains("Подписали 0 человек"), "{html}");
    assert!(!html.contains("<script"));
    assert_eq!(app.get("/campaigns/nope-nope/widget").await.status(), 404);
    // Under a language prefix too, like every page.
    let html = app
        .get(&format!("/ru/campaigns/{DEMO_SLUG}/widget"))
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("<html lang=\"ru\""), "{html}");
    assert_eq!(
        app.get(&format!("/xx/campaigns/{DEMO_SLUG}/widget"))
            .await
            .status(),
        404
    );
    let page = app.get("/en/").await;
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    assert!(
        page.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .contains("frame-ancestors 'none'")
    );
}

/// A campaign without a text in the reader's language shows its main language's text, and says
/// so in the reader's language.
#[tokio::test]
async fn missing_translations_fall_back_clearly() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        petrel::campaigns::create(
            &app.db,
            "slug = \"english-only\"\ndefault_locale = \"en\"\n[texts.en]\ntitle = \"Only in English\"\n\
             summary = \"S\"\naddressee = \"A\"\nbody = \"B\"\n",
            petrel::campaigns::Format::Toml,
        )
        .await
        .expect("campaign");
        let html = app
            .get("/ru/campaigns/english-only")
            .await
            .text()
            .await
            .expect("page");
        assert!(html.contains("Only in English"), "{backend:?}");
        assert!(html.contains("У этой кампании пока нет текста на русском"));
        assert!(html.contains(r#"<article lang="en""#));
        let html = app
            .get("/en/campaigns/english-only")
            .await
            .text()
            .await
            .expect("page");
        assert!(!html.contains("has no text in English"));
    }
}

/// An organizer's text is text wherever the page's head carries it: the title (which
/// leptos_meta writes verbatim), the description and the Open Graph tags. A title that closes
/// `<title>` and adds a refresh to another site must stay one harmless title.
#[tokio::test]
async fn hostile_campaign_text_stays_text_in_the_head() {
    const HOSTILE: &str =
        r#"X</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><title>'"&"#;
    for backend in backends() {
        let app = spawn_app(backend).await;
        let file = format!(
            "slug = \"hostile\"\ndefault_locale = \"en\"\n[texts.en]\ntitle = '''{HOSTILE}'''\n\
             summary = '''{HOSTILE}'''\naddressee = '''{HOSTILE}'''\nbody = \"B\"\n"
        );
        petrel::campaigns::create(&app.db, &file, petrel::campaigns::Format::Toml)
            .await
            .expect("campaign");
        for path in ["/en/campaigns/hostile", "/en/campaigns/hostile/write"] {
            let html = app.get(path).await.text().await.expect("page");
            let head = html.split("</head>").next().unwrap_or_default();
            assert!(
                !head.contains("<meta http-equiv"),
                "{backend:?} {path}: {head}"
            );
            assert!(!html.contains("evil.example/\">"), "{backend:?} {path}");
            assert_eq!(
                head.matches("<title>").count(),
                1,
                "{backend:?} {path}: {head}"
            );
            assert_eq!(
                head.matches("</title>").count(),
                1,
                "{backend:?} {path}: {head}"
            );
        }
        let html = app
            .get("/en/campaigns/hostile")
            .await
            .text()
            .await
            .expect("page");
        assert!(
            html.contains("<title>X&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot;"),
            "{backend:?}: the title is shown as the organizer typed it"
        );
    }
}

/// What holds personal data on disk is its user's alone: the data folder 0700, the SQLite
/// database, its WAL, the keys and the development mailbox's messages 0600.
#[tokio::test]
async fn data_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let holder = tempfile::tempdir().expect("temp dir");
    let data = holder.path().join("data");
    let app = crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, |s| {
        s.data_dir = data.clone();
        s.database_url = Some(format!(
            "sqlite://{}?mode=rwc",
            data.join("petrel.db").display()
        ));
        s.mail.backend = petrel::config::MailBackend::File;
    })
    .await;
    // Something that writes the database and a message to the mailbox.
    app.post_as(
        "/api/auth/request-link",
        None,
        &[("email", "nobody@example.org"), ("locale", "en")],
    )
    .await;
    app.add_user("someone@example.org", app::accounts::ssr::ADMIN)
        .await;
    app.post_as(
        "/api/auth/request-link",
        None,
        &[("email", "someone@example.org"), ("locale", "en")],
    )
    .await;
    app.run_jobs().await;
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    let mut files = 0;
    for dir in [data.clone(), data.join("keys"), data.join("mailbox")] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
        for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
            if entry.path().is_file() {
                assert_eq!(mode(&entry.path()), 0o600, "{}", entry.path().display());
                files += 1;
            }
        }
    }
    assert!(
        files >= 5,
        "database, WAL, keys and a message were looked at ({files})"
    );
    drop(holder);
}

/// No server function answers 500 to what a visitor can send: every registered one, posted
/// empty or with nonsense in the usual fields, as the hydrated app (JSON) and as a plain form,
/// answers with a client error (or does its harmless thing). A 500 means our fault, and is
/// logged and alerted on as such.
#[tokio::test]
async fn no_server_function_answers_500_to_a_visitors_mistake() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    assert!(paths.len() > 20, "server functions found: {paths:?}");
    let nonsense = [
        ("slug", "no such campaign"),
        ("locale", "xx"),
        ("token", "not-a-token"),
        ("area", "not a number"),
        ("legislature", "nowhere"),
        ("postcode", "ZZZZZZZZZZZZZZZZZZZZ"),
        ("email", "not an address"),
        ("name", ""),
        ("csrf", "forged"),
    ];
    for path in &paths {
        for accept in ["application/json", "text/html"] {
            for fields in [&[][..], &nonsense[..]] {
                let res = app
                    .client
                    .post(app.url(path))
                    .header("Accept", accept)
                    .header("Sec-Fetch-Site", "same-origin")
                    .form(fields)
                    .send()
                    .await
                    .expect("POST");
                assert!(
                    res.status().as_u16() < 500,
                    "{path} ({accept}, {} fields): {}",
                    fields.len(),
                    res.status()
                );
            }
        }
    }
}
