//! Signing a petition as a browser without JavaScript does: form posts, the email from the SMTP
//! server, the confirm page and its button, the count after aggregation.
use crate::helpers::{Backend, TestApp, backends, link_in, parse, spawn_app, spawn_app_with_smtp};
use app::ssr::abuse::form_token;
use app::ssr::time::now_ms;
use petrel::demo::DEMO_SLUG;
use sea_orm::ConnectionTrait;

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

async fn sign(app: &TestApp, name: &str, email: &str, locale: &str) -> reqwest::Response {
    sign_with_pow(app, name, email, locale, |_| String::new()).await
}

/// Signs with the proof of work `pow` returns for the form token.
async fn sign_with_pow(
    app: &TestApp,
    name: &str,
    email: &str,
    locale: &str,
    pow: impl FnOnce(&str) -> String,
) -> reqwest::Response {
    let token = token(app);
    let pow = pow(&token);
    post_form(
        app,
        "/api/petitions/sign",
        &[
            ("slug", DEMO_SLUG),
            ("locale", locale),
            ("form_token", &token),
            ("name", name),
            ("email", email),
            ("country", "DE"),
            ("display", "initials"),
            ("website", ""),
            ("pow", &pow),
        ],
    )
    .await
}

/// Presses the button on the confirm page that `link` (a path from an email) leads to.
async fn confirm_link(app: &TestApp, link: &str) -> reqwest::Response {
    let token = link.split("token=").nth(1).expect("token");
    post_form(
        app,
        "/api/petitions/confirm",
        &[("slug", DEMO_SLUG), ("locale", "en"), ("token", token)],
    )
    .await
}

/// Sends the queued emails, waits for `n` of them at the SMTP server, and presses the confirm
/// button behind each one's link.
async fn confirm_all(app: &TestApp, n: usize) {
    app.run_jobs().await;
    let mail = app.smtp().wait_for(n).await;
    for raw in &mail {
        let link = link_in(raw, "/confirm?token=", &app.address);
        assert_eq!(confirm_link(app, &link).await.status(), 303);
    }
}

/// The message sent to `address`.
fn mail_to<'a>(mail: &'a [Vec<u8>], address: &str) -> &'a [u8] {
    mail.iter()
        .find(|m| {
            parse(m)
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                == Some(address)
        })
        .unwrap_or_else(|| panic!("no mail to {address}"))
}

/// The demo campaign's page in English.
async fn campaign_page(app: &TestApp) -> String {
    app.get_lang(&format!("/en/campaigns/{DEMO_SLUG}"), "en")
        .await
        .text()
        .await
        .expect("body")
}

/// Runs the aggregation job now.
async fn aggregate(app: &TestApp) {
    app::ssr::jobs::enqueue(&app.db, &app::petitions::ssr::counts::AggregateCounts {})
        .await
        .expect("enqueue");
    app.run_jobs().await;
}

#[tokio::test]
async fn sign_confirm_and_count() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let res = sign(&app, "Irina Sokolova", "irina@example.org", "ru").await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let signed = res.headers()["location"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert_eq!(signed, format!("/ru/campaigns/{DEMO_SLUG}/signed"));
        let page = app.get(&signed).await;
        assert_eq!(page.headers()["cache-control"], "no-store");
        assert!(page.text().await.expect("body").contains("Проверьте почту"));

        assert_eq!(app.run_jobs().await.succeeded, 1);
        let mail = app.smtp().wait_for(1).await;
        let m = parse(&mail[0]);
        assert_eq!(m.subject(), Some("Подтвердите, пожалуйста, подпись"));
        let confirm = link_in(&mail[0], "/confirm?token=", &app.address);
        assert!(confirm.starts_with(&format!("/ru/campaigns/{DEMO_SLUG}/confirm?token=")));

        // Opening the link does not confirm: a mail scanner may fetch it.
        let html = app.get(&confirm).await.text().await.expect("body");
        assert!(html.contains("Подтвердить подпись"));
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE state = 'confirmed'")
                .await,
            0
        );
        let token = confirm.split("token=").nth(1).expect("token");
        let res = post_form(
            &app,
            "/api/petitions/confirm",
            &[("slug", DEMO_SLUG), ("locale", "ru"), ("token", token)],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            res.headers()["location"],
            format!("/ru/campaigns/{DEMO_SLUG}/thanks")
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE state = 'confirmed'")
                .await,
            1
        );

        // Not counted until the aggregation job has run.
        let page = campaign_page(&app).await;
        assert!(page.contains("0 people have signed"), "{backend:?}");
        assert!(app.worker.tick_schedules().await.expect("tick") >= 1);
        app.run_jobs().await;
        let page = campaign_page(&app).await;
        assert!(page.contains("1 person has signed"), "{backend:?}");
        assert_eq!(
            app.query_i64("SELECT confirmed FROM campaign_counts WHERE country = 'DE'")
                .await,
            1
        );

        // The link used twice is harmless; an unknown one is refused clearly.
        let html = app.get(&confirm).await.text().await.expect("body");
        assert!(html.contains("уже подтверждена"));
        let html = app
            .get(&format!("/en/campaigns/{DEMO_SLUG}/confirm?token=nonsense"))
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains("not valid any more"));
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn signing_again_looks_the_same_and_emails_the_owner() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let first = sign(&app, "Pavel Orlov", "pavel.orlov@gmail.com", "en").await;
        // Same mailbox written differently: still the same person.
        let again = sign(&app, "Pavel Orlov", "Pavel.Orlov+news@gmail.com", "en").await;
        assert_eq!(first.status(), again.status());
        assert_eq!(first.headers()["location"], again.headers()["location"]);
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures").await,
            1,
            "{backend:?}"
        );
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        assert_eq!(mail.len(), 2);
        // Both are confirmation links while unconfirmed (the second a fresh one).
        let link = link_in(&mail[1], "/confirm?token=", &app.address);
        let token = link.split("token=").nth(1).expect("token").to_owned();
        post_form(
            &app,
            "/api/petitions/confirm",
            &[("slug", DEMO_SLUG), ("locale", "en"), ("token", &token)],
        )
        .await;
        // Once confirmed, signing again sends "you already signed".
        let third = sign(&app, "Pavel Orlov", "pavel.orlov@gmail.com", "en").await;
        assert_eq!(third.headers()["location"], first.headers()["location"]);
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        let subjects: Vec<String> = mail
            .iter()
            .filter_map(|m| parse(m).subject().map(str::to_owned))
            .collect();
        assert_eq!(
            subjects
                .iter()
                .filter(|s| *s == "You have already signed")
                .count(),
            1,
            "{subjects:?}"
        );
        assert_eq!(
            subjects
                .iter()
                .filter(|s| *s == "Please confirm your signature")
                .count(),
            2
        );
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn concurrent_identical_submissions_leave_one_signature() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let mut tasks = Vec::new();
        for _ in 0..64 {
            let client = app.client.clone();
            let url = app.url("/api/petitions/sign");
            let token = token(&app);
            tasks.push(tokio::spawn(async move {
                client
                    .post(url)
                    .header("Accept", "text/html")
                    .form(&[
                        ("slug", DEMO_SLUG),
                        ("locale", "en"),
                        ("form_token", token.as_str()),
                        ("name", "Same Person"),
                        ("email", "same.person@example.org"),
                        ("country", "FR"),
                        ("display", "hidden"),
                    ])
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            }));
        }
        for task in tasks {
            assert_eq!(
                task.await.expect("task").expect("response"),
                303,
                "{backend:?}"
            );
        }
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures").await,
            1,
            "{backend:?}"
        );
        // At most five emails to one address, however often it is submitted.
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM emails").await,
            5,
            "{backend:?}"
        );
        app.run_jobs().await;
        app.assert_no_jobs_left().await;
    }
}

/// Someone who submits a stranger's address again and again uses up its emails for a day, not
/// for good (it used to be until the pending signature expired, 30 days): the next day the
/// owner's own submission is mailed its link.
#[tokio::test]
async fn the_email_cap_holds_an_owner_up_for_a_day_at_most() {
    use app::petitions::ssr::sign::{EMAIL_WINDOW_MS, MAX_EMAILS};
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        for _ in 0..MAX_EMAILS + 2 {
            let res = sign(&app, "Someone Else", "target@example.org", "en").await;
            assert_eq!(res.status(), 303, "{backend:?}");
        }
        let emails = "SELECT COUNT(*) FROM emails";
        assert_eq!(
            app.query_i64(emails).await,
            i64::from(MAX_EMAILS),
            "{backend:?}"
        );
        // The owner, the same day: no more emails to the address.
        sign(&app, "Real Owner", "target@example.org", "en").await;
        assert_eq!(app.query_i64(emails).await, i64::from(MAX_EMAILS));
        // A day later (the clock is moved, not waited for) the owner gets a link again.
        app.db
            .execute_unprepared(&format!(
                "UPDATE signatures SET created_at = created_at - {}",
                EMAIL_WINDOW_MS + 1000
            ))
            .await
            .expect("a day passes");
        sign(&app, "Real Owner", "target@example.org", "en").await;
        assert_eq!(
            app.query_i64(emails).await,
            i64::from(MAX_EMAILS) + 1,
            "{backend:?}"
        );
        // …and the day after that count starts again: still at most five a day.
        for _ in 0..MAX_EMAILS + 2 {
            sign(&app, "Someone Else", "target@example.org", "en").await;
        }
        assert_eq!(
            app.query_i64(emails).await,
            2 * i64::from(MAX_EMAILS),
            "{backend:?}"
        );
        app.run_jobs().await;
        app.assert_no_jobs_left().await;
    }
}

/// Bad input is explained next to its field, in the reader's language, and nothing is stored or
/// emailed.
#[tokio::test]
async fn bad_input_gets_errors_next_to_fields_and_stores_nothing() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        bad_fields_are_explained_and_kept_escaped(&app, backend).await;
        errors_are_in_the_readers_language(&app).await;
        an_overlong_name_is_refused(&app).await;
        // Unknown campaign.
        let res = post_form(
            &app,
            "/api/petitions/sign",
            &[
                ("slug", "no-such-campaign"),
                ("locale", "en"),
                ("name", "A B"),
                ("email", "x@example.org"),
                ("country", "DE"),
            ],
        )
        .await;
        assert_eq!(res.status(), 404);
        a_form_that_is_not_utf8_is_refused(&app).await;
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM signatures").await, 0);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM emails").await, 0);
    }
}

/// A bad name, address and country are each explained by their field; what was typed stays
/// (escaped), and the page is the campaign page.
async fn bad_fields_are_explained_and_kept_escaped(app: &TestApp, backend: Backend) {
    let token = token(app);
    let res = post_form(
        app,
        "/api/petitions/sign",
        &[
            ("slug", DEMO_SLUG),
            ("locale", "en"),
            ("form_token", &token),
            ("name", "<script>alert(1)</script>"),
            ("email", "not-an-address"),
            ("country", "XX"),
            ("display", "hidden"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422, "{backend:?}");
    let html = res.text().await.expect("body");
    assert!(html.contains("A name can contain letters"), "{html}");
    assert!(html.contains("does not look like an email address"));
    assert!(html.contains("Please choose a country"));
    // What was typed stays (escaped), and the page is the campaign page.
    assert!(html.contains("value=\"not-an-address\""));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("aria-invalid=\"true\""));
}

/// Empty fields on the Russian page are explained in Russian.
async fn errors_are_in_the_readers_language(app: &TestApp) {
    let res = post_form(
        app,
        "/api/petitions/sign",
        &[
            ("slug", DEMO_SLUG),
            ("locale", "ru"),
            ("name", ""),
            ("email", ""),
            ("country", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("Укажите, пожалуйста, своё имя."), "{html}");
}

/// A name of 300 characters is refused with the limit.
async fn an_overlong_name_is_refused(app: &TestApp) {
    let overlong = "a".repeat(300);
    let res = post_form(
        app,
        "/api/petitions/sign",
        &[
            ("slug", DEMO_SLUG),
            ("locale", "en"),
            ("name", &overlong),
            ("email", "x@example.org"),
            ("country", "DE"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("at most 100 characters")
    );
}

/// A form body that is not UTF-8 is a client error.
async fn a_form_that_is_not_utf8_is_refused(app: &TestApp) {
    let res = app
        .client
        .post(app.url("/api/petitions/sign"))
        .header("Accept", "text/html")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(vec![b'n', b'a', b'm', b'e', b'=', 0xff, 0xfe])
        .send()
        .await
        .expect("POST");
    assert!(res.status().is_client_error(), "{}", res.status());
}

#[tokio::test]
async fn bots_are_accepted_but_not_counted_or_mailed() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        // (A form sent back too fast is told so: see a_form_sent_too_fast_says_so_and_stores_nothing.)
        let token = token(&app);
        let res = post_form(
            &app,
            "/api/petitions/sign",
            &[
                ("slug", DEMO_SLUG),
                ("locale", "en"),
                ("form_token", &token),
                ("name", "Honey Bot"),
                ("email", "bot2@example.org"),
                ("country", "DE"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "the honeypot looks like success");
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE suspect = true")
                .await,
            1,
            "{backend:?}"
        );
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM emails").await, 0);
        // Even confirmed, a suspect signature is not counted.
        sea_orm::ConnectionTrait::execute_unprepared(
            &app.db,
            "UPDATE signatures SET state = 'confirmed'",
        )
        .await
        .expect("update");
        app.worker.tick_schedules().await.expect("tick");
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM campaign_counts").await,
            0
        );
    }
}

/// A dump of every table holds no signer's email or name in plain text.
#[tokio::test]
async fn personal_data_is_sealed_in_every_table() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        sign(
            &app,
            "Svetlana Tikhaya",
            "svetlana.tikhaya@example.org",
            "en",
        )
        .await;
        let db = &app.db;
        let tables = [
            "signatures",
            "emails",
            "tokens",
            "jobs",
            "campaign_counts",
            "settings",
            "schedules",
        ];
        for table in tables {
            let backend_kind = sea_orm::ConnectionTrait::get_database_backend(db);
            let rows = sea_orm::ConnectionTrait::query_all_raw(
                db,
                sea_orm::Statement::from_string(backend_kind, format!("SELECT * FROM {table}")),
            )
            .await
            .expect("select");
            let dump = format!("{rows:?}").to_lowercase();
            for needle in ["svetlana", "tikhaya", "example.org"] {
                assert!(!dump.contains(needle), "{backend:?}: {needle} in {table}");
            }
        }
    }
}

/// Every email to a signer carries a link that withdraws the signature and erases the data.
#[tokio::test]
async fn withdraw_and_erase_from_the_email_link() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        sign(&app, "Oleg Tikhonov", "oleg@example.org", "en").await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(1).await;
        let confirm = link_in(&mail[0], "/confirm?token=", &app.address);
        let manage = link_in(&mail[0], "/signatures/manage?token=", &app.address);
        confirm_link(&app, &confirm).await;
        app.worker.tick_schedules().await.expect("tick");
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT confirmed FROM campaign_counts").await,
            1,
            "{backend:?}"
        );

        let html = app.get(&manage).await.text().await.expect("body");
        assert!(html.contains("Withdraw and erase my data"), "{html}");
        let manage_token = manage.split("token=").nth(1).expect("token");
        let res = post_form(
            &app,
            "/api/petitions/erase",
            &[("locale", "en"), ("token", manage_token)],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/en/signatures/erased");
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM signatures").await, 0);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM tokens").await, 0);
        assert_eq!(
            app.query_i64("SELECT confirmed FROM campaign_counts").await,
            0,
            "count went down"
        );
        // The link is spent; using it again says so, and nothing breaks.
        let html = app.get(&manage).await.text().await.expect("body");
        assert!(html.contains("not valid any more"));
        let res = post_form(
            &app,
            "/api/petitions/erase",
            &[("locale", "en"), ("token", manage_token)],
        )
        .await;
        assert_eq!(res.status(), 404);
        // The address can sign again afterwards, as a new signature.
        sign(&app, "Oleg Tikhonov", "oleg@example.org", "en").await;
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM signatures").await, 1);
        app.run_jobs().await;
        app.assert_no_jobs_left().await;
    }
}

/// The delivery export: names as chosen, emails only of those who asked for news, and cells a
/// spreadsheet would run as formulas defused.
#[tokio::test]
async fn export_for_delivery_escapes_csv_injection() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let token = token(&app);
        for (name, email, display, subscribe) in [
            ("Anna Petrova", "=HYPERLINK@example.org", "full", "yes"),
            ("Boris Ivanov", "boris@example.org", "hidden", ""),
        ] {
            let res = post_form(
                &app,
                "/api/petitions/sign",
                &[
                    ("slug", DEMO_SLUG),
                    ("locale", "en"),
                    ("form_token", &token),
                    ("name", name),
                    ("email", email),
                    ("country", "GB"),
                    ("display", display),
                    ("subscribe", subscribe),
                ],
            )
            .await;
            assert_eq!(res.status(), 303);
        }
        confirm_all(&app, 2).await;
        let mut out = Vec::new();
        let n = petrel::campaigns::export(&app.db, &app.app.app.vault, DEMO_SLUG, &mut out)
            .await
            .expect("export");
        assert_eq!(n, 2, "{backend:?}");
        let csv = String::from_utf8(out).expect("utf-8");
        assert!(csv.starts_with("name,country,postcode,signed_on,email\n"));
        assert!(csv.contains("\"Anna Petrova\",\"GB\",\"\""), "{csv}");
        assert!(csv.contains("\"'=HYPERLINK@example.org\""), "{csv}");
        assert!(
            !csv.contains("boris@example.org"),
            "no email without consent: {csv}"
        );
        assert!(!csv.contains("Boris"), "hidden names stay hidden: {csv}");

        // Closing: the page shows the final state and no form; signing is refused clearly.
        petrel::campaigns::close(&app.db, DEMO_SLUG)
            .await
            .expect("close");
        // `petrel campaign close` is another process: a server sees it when its campaign cache
        // entry expires (five seconds), which a test need not wait for.
        app.app.app.campaigns.invalidate(DEMO_SLUG);
        let html = campaign_page(&app).await;
        assert!(html.contains("This campaign is closed"));
        assert!(!html.contains("name=\"email\""));
        let res = post_form(
            &app,
            "/api/petitions/sign",
            &[
                ("slug", DEMO_SLUG),
                ("locale", "en"),
                ("form_token", &token),
                ("name", "Late Comer"),
                ("email", "late@example.org"),
                ("country", "GB"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        app.run_jobs().await;
    }
}

/// `petrel campaign create FILE` then the campaign is on the home page; a bad file is refused
/// with one line per problem.
#[tokio::test]
async fn campaigns_from_files() {
    let app = crate::helpers::spawn_app(crate::helpers::Backend::Sqlite).await;
    let file = r#"
        slug = "release-the-political-prisoners"
        default_locale = "en"
        requires_postcode = true
        [texts.en]
        title = "Release the political prisoners"
        summary = "Hundreds are jailed for their words."
        addressee = "The Council of Europe"
        body = "They spoke out against the war."
    "#;
    petrel::campaigns::create(&app.db, file, petrel::campaigns::Format::Toml)
        .await
        .expect("created");
    let html = app.get_lang("/en/", "en").await.text().await.expect("body");
    assert!(html.contains("Release the political prisoners"));
    let page = app
        .get_lang("/en/campaigns/release-the-political-prisoners", "en")
        .await
        .text()
        .await
        .expect("body");
    assert!(
        page.contains("name=\"postcode\""),
        "the postcode field appears when required"
    );
    let again = petrel::campaigns::create(&app.db, file, petrel::campaigns::Format::Toml)
        .await
        .expect_err("duplicate slug");
    assert!(again[0].starts_with("slug:"), "{again:?}");
}

/// Some months after a campaign closes its signers' personal data is gone; the counts stay.
#[tokio::test]
async fn retention_anonymises_signers_and_keeps_counts() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        sign(&app, "Maria Kuznetsova", "maria@example.org", "en").await;
        sign(&app, "Never Confirmed", "never@example.org", "en").await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        let to_maria = mail_to(&mail, "maria@example.org");
        let link = link_in(to_maria, "/confirm?token=", &app.address);
        confirm_link(&app, &link).await;
        app.worker.tick_schedules().await.expect("tick");
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT confirmed FROM campaign_counts").await,
            1
        );

        // Closed 200 days ago; the unconfirmed one signed 40 days ago.
        petrel::campaigns::close(&app.db, DEMO_SLUG)
            .await
            .expect("close");
        let long_ago = chrono::Utc::now() - chrono::Duration::days(200);
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        let c = app::ssr::entities::campaign::Entity::find()
            .one(&app.db)
            .await
            .expect("query")
            .expect("campaign");
        let mut active = c.into_active_model();
        active.closed_at = Set(Some(long_ago));
        active.update(&app.db).await.expect("update");
        let forty_days = app::ssr::time::now_ms() - 40 * 24 * 3600 * 1000;
        sea_orm::ConnectionTrait::execute_unprepared(
            &app.db,
            &format!("UPDATE signatures SET created_at = {forty_days} WHERE state = 'pending'"),
        )
        .await
        .expect("age");
        app::ssr::jobs::enqueue(&app.db, &petrel::worker::ApplyRetention {})
            .await
            .expect("enqueue");
        assert_eq!(app.run_jobs().await.succeeded, 1);

        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures").await,
            1,
            "{backend:?}: unconfirmed deleted"
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE email_sealed IS NULL AND name_sealed IS NULL AND ip_hash IS NULL").await,
            1,
            "{backend:?}: anonymised"
        );
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM tokens").await, 0);
        assert_eq!(
            app.query_i64("SELECT confirmed FROM campaign_counts").await,
            1,
            "counts kept"
        );
        let mut out = Vec::new();
        petrel::campaigns::export(&app.db, &app.app.app.vault, DEMO_SLUG, &mut out)
            .await
            .expect("export");
        assert!(!String::from_utf8_lossy(&out).contains("Maria"));
        app.assert_no_jobs_left().await;
    }
}

/// Addresses are hashed under a random salt per day, which the retention job later destroys.
#[tokio::test]
async fn ip_hashes_use_a_daily_salt_that_is_later_destroyed() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        sign(&app, "Salt Tester", "salt@example.org", "en").await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM settings WHERE key LIKE 'ip-salt:%'")
                .await,
            1,
            "{backend:?}"
        );
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM signatures WHERE ip_hash IS NOT NULL AND ip_hash NOT LIKE '%127%'").await, 1);
        // Two days later the salt goes.
        sea_orm::ConnectionTrait::execute_unprepared(&app.db, "DELETE FROM settings")
            .await
            .expect("reset");
        use sea_orm::{ActiveModelTrait, Set};
        app::ssr::entities::setting::ActiveModel {
            key: Set("ip-salt:2020-01-01".into()),
            value: Set("c2FsdA".into()),
            updated_at: Set(chrono::Utc::now() - chrono::Duration::days(2)),
        }
        .insert(&app.db)
        .await
        .expect("old salt");
        app::ssr::jobs::enqueue(&app.db, &petrel::worker::ApplyRetention {})
            .await
            .expect("enqueue");
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM settings WHERE key LIKE 'ip-salt:%'")
                .await,
            0
        );
    }
}

/// Block-listed domains and ranges: accepted in the UI, stored as suspect, never counted.
#[tokio::test]
async fn block_lists_mark_signatures_suspect() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let list = app::petitions::ssr::blocklist::Blocklist {
            email_domains: vec!["spam.example".into()],
            ip_ranges: vec![],
        };
        app::petitions::ssr::blocklist::save(&app.db, &list)
            .await
            .expect("save");
        let res = sign(&app, "Spam Sender", "someone@mail.spam.example", "en").await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE suspect = true AND suspect_reason = 'blocked-domain'").await,
            1,
            "{backend:?}"
        );
        app.run_jobs().await;
    }
}

/// The daily recount rebuilds the counts from the signatures: drift is corrected, signatures
/// marked suspect after counting leave the count, and confirmations the aggregation has not
/// reached yet are left to it.
#[tokio::test]
async fn recount_corrects_drift() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        for (name, email) in [
            ("Anna Petrova", "anna@example.org"),
            ("Boris Ivanov", "boris@example.org"),
            ("Vera Orlova", "vera@example.org"),
        ] {
            assert_eq!(sign(&app, name, email, "en").await.status(), 303);
        }
        confirm_all(&app, 3).await;
        aggregate(&app).await;
        let total = "SELECT CAST(SUM(confirmed) AS BIGINT) FROM campaign_counts";
        assert_eq!(app.query_i64(total).await, 3, "{backend:?}");

        // Drift, a signature found to be fraudulent after it was counted, and a new
        // confirmation not aggregated yet.
        sea_orm::ConnectionTrait::execute_unprepared(
            &app.db,
            "UPDATE campaign_counts SET confirmed = confirmed + 4",
        )
        .await
        .expect("drift");
        sea_orm::ConnectionTrait::execute_unprepared(
            &app.db,
            "UPDATE signatures SET suspect = true, suspect_reason = 'review' \
             WHERE id = (SELECT MAX(id) FROM signatures)",
        )
        .await
        .expect("mark");
        sign(&app, "Gleb Sorokin", "gleb@example.org", "en").await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(4).await;
        let link = link_in(
            mail_to(&mail, "gleb@example.org"),
            "/confirm?token=",
            &app.address,
        );
        confirm_link(&app, &link).await;

        let campaign = app.query_i64("SELECT id FROM campaigns").await;
        let r = app::petitions::ssr::counts::recount_all(&app.db, &app.app.app.counts)
            .await
            .expect("recount");
        assert_eq!(r.corrected, vec![(campaign, 7, 2)], "{backend:?}");
        assert_eq!(r.uncounted, 1);
        assert_eq!(app.query_i64(total).await, 2);
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE counted = false")
                .await,
            2,
            "the suspect one and the new one"
        );
        aggregate(&app).await;
        assert_eq!(app.query_i64(total).await, 3, "the new one, counted once");
        let page = campaign_page(&app).await;
        assert!(page.contains("3 people have signed"), "{backend:?}");

        // Run as the scheduled job, it finds nothing more to correct.
        app::ssr::jobs::enqueue(&app.db, &app::petitions::ssr::counts::RecountAll {})
            .await
            .expect("enqueue");
        assert_eq!(app.run_jobs().await.succeeded, 1);
        assert_eq!(app.query_i64(total).await, 3);
        app.assert_no_jobs_left().await;
    }
}

/// Per-address limits: over them, signatures are flagged for review but still count once
/// confirmed — many people share one address (a Tor exit), and the email is the real check. A
/// browser that did the proof of work gets the higher limit, a form without it the lower.
#[tokio::test]
async fn busy_addresses_are_flagged_for_review_and_still_counted() {
    for backend in backends() {
        let app = crate::helpers::spawn_app_with_smtp_and(backend, |s| {
            s.abuse.pow_bits = 8;
            s.abuse.ip_per_minute = 3;
            s.abuse.ip_per_minute_without_pow = 1;
        })
        .await;
        let solved = |email: &'static str| {
            move |token: &str| app::domain::pow::solve(token, email, 8).to_string()
        };
        let no_pow = |_: &str| String::new();
        let wrong = |_: &str| "12345".to_owned();
        sign_with_pow(&app, "A A", "a@example.org", "en", no_pow).await;
        sign_with_pow(&app, "B B", "b@example.org", "en", no_pow).await;
        sign_with_pow(&app, "C C", "c@example.org", "en", solved("c@example.org")).await;
        // The solution is for another address: worth nothing here.
        sign_with_pow(&app, "D D", "d@example.org", "en", solved("c@example.org")).await;
        sign_with_pow(&app, "E E", "e@example.org", "en", solved("e@example.org")).await;
        sign_with_pow(&app, "F F", "f@example.org", "en", wrong).await;
        sign_with_pow(&app, "G G", "g@example.org", "en", solved("g@example.org")).await;
        let flagged = app
            .query_i64("SELECT COUNT(*) FROM signatures WHERE suspect = false AND suspect_reason = 'ip-rate'")
            .await;
        // A: first (0 < 1). B: 1 >= 1. C: 2 < 3. D: no valid work, 3 >= 1. E: 4 >= 3.
        // F: 5 >= 1. G: 6 >= 3. A and C are not flagged.
        assert_eq!(flagged, 5, "{backend:?}");
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE suspect = true")
                .await,
            0,
            "{backend:?}: a busy address alone excludes nobody"
        );
        // Everyone got the same answer and their email; once confirmed, all count.
        confirm_all(&app, 7).await;
        aggregate(&app).await;
        assert_eq!(
            app.query_i64("SELECT CAST(SUM(confirmed) AS BIGINT) FROM campaign_counts")
                .await,
            7,
            "{backend:?}: flagged signatures are counted"
        );
        app.assert_no_jobs_left().await;
    }
}

/// A form sent back faster than a person fills it in is told so, and nothing is stored (it used
/// to say "check your email" and send none).
#[tokio::test]
async fn a_form_sent_too_fast_says_so_and_stores_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let fresh = form_token::issue_at(&app.app.app.vault, now_ms());
        let res = post_form(
            &app,
            "/api/petitions/sign",
            &[
                ("slug", DEMO_SLUG),
                ("locale", "en"),
                ("form_token", &fresh),
                ("name", "Quick Person"),
                ("email", "quick@example.org"),
                ("country", "DE"),
                ("display", "hidden"),
                ("website", ""),
                ("pow", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let html = res.text().await.expect("body");
        assert!(
            html.contains("quicker than a person usually fills in this form"),
            "{backend:?}"
        );
        assert!(
            html.contains("value=\"Quick Person\""),
            "what was typed is kept"
        );
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM signatures").await, 0);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM jobs").await, 0);
    }
}

/// The hydrated app's request (it asks for JSON) gets the error's own status, as a form post
/// without JavaScript does: 422 for a person's mistake, never 500.
#[tokio::test]
async fn errors_for_the_hydrated_app_carry_their_status() {
    let app = spawn_app(crate::helpers::Backend::Sqlite).await;
    let token = token(&app);
    let res = app
        .client
        .post(app.url("/api/petitions/sign"))
        .header("Accept", "application/json")
        .form(&[
            ("slug", DEMO_SLUG),
            ("locale", "en"),
            ("form_token", token.as_str()),
            ("name", "Keep Me"),
            ("email", "not-an-email"),
            ("country", "DE"),
            ("display", "hidden"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("error-email"),
        "the field error in the body: {body}"
    );
    let res = app
        .client
        .post(app.url("/api/petitions/sign"))
        .header("Accept", "application/json")
        .form(&[("slug", "no-such-campaign"), ("locale", "en")])
        .send()
        .await
        .expect("POST");
    assert!(res.status().is_client_error(), "{}", res.status());
}

/// A deadline is a deadline: past it the page says the campaign is closed, signing is refused
/// with a translated message and nothing is stored, the home page stops listing it, and the
/// scheduled job records it as closed at its deadline (so retention starts on its own).
#[tokio::test]
async fn campaigns_close_at_their_deadline() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let yesterday = chrono::Utc::now().date_naive() - chrono::Days::new(1);
        let file = format!(
            "slug = \"past-deadline\"\ndefault_locale = \"en\"\ncloses_on = \"{yesterday}\"\n\
             [texts.en]\ntitle = \"Too late\"\nsummary = \"S\"\naddressee = \"A\"\nbody = \"B\"\n"
        );
        petrel::campaigns::create(&app.db, &file, petrel::campaigns::Format::Toml)
            .await
            .expect("campaign");
        let html = app
            .get("/en/campaigns/past-deadline")
            .await
            .text()
            .await
            .expect("page");
        assert!(html.contains("This campaign is closed"), "{backend:?}");
        assert!(
            !html.contains("name=\"email\""),
            "{backend:?}: no signing form"
        );
        let home = app.get("/en").await.text().await.expect("home");
        assert!(
            !home.contains("Too late"),
            "{backend:?}: not listed as open"
        );

        signing_after_the_deadline_is_refused(&app, backend).await;

        the_job_closes_it_as_of_its_deadline(&app, backend).await;
    }
}

/// Past its deadline, a signature is refused with the closed page, in the signer's language.
async fn signing_after_the_deadline_is_refused(app: &TestApp, backend: Backend) {
    let token = token(app);
    let res = post_form(
        app,
        "/api/petitions/sign",
        &[
            ("slug", "past-deadline"),
            ("locale", "ru"),
            ("form_token", &token),
            ("name", "Late Comer"),
            ("email", "late@example.org"),
            ("country", "DE"),
            ("display", "hidden"),
            ("website", ""),
            ("pow", ""),
        ],
    )
    .await;
    assert_eq!(
        res.status(),
        422,
        "{backend:?}: the page again, with the reason"
    );
    let page = res.text().await.expect("page");
    assert!(page.contains("Кампания завершена"), "{backend:?}: {page}");
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM signatures").await, 0);
}

/// The scheduled job records the campaign as closed as of its deadline; others stay open.
async fn the_job_closes_it_as_of_its_deadline(app: &TestApp, backend: Backend) {
    assert_eq!(
        app.query_text("SELECT state FROM campaigns WHERE slug = 'past-deadline'")
            .await,
        "open",
        "{backend:?}: not yet recorded"
    );
    app.worker.tick_schedules().await.expect("schedules");
    app.run_jobs().await;
    assert_eq!(
        app.query_text("SELECT state FROM campaigns WHERE slug = 'past-deadline'")
            .await,
        "closed",
        "{backend:?}"
    );
    assert_eq!(
        app.query_i64(
            "SELECT COUNT(*) FROM campaigns WHERE slug = 'past-deadline' \
             AND closed_at = closes_at"
        )
        .await,
        1,
        "{backend:?}: closed as of its deadline"
    );
    assert_eq!(
        app.query_text(
            "SELECT state FROM campaigns WHERE slug = '{DEMO_SLUG}'"
                .replace("{DEMO_SLUG}", DEMO_SLUG)
                .as_str()
        )
        .await,
        "open",
        "{backend:?}: campaigns without a passed deadline stay open"
    );
}

/// Submits the signing form for `email` with these choices, as a browser without JavaScript.
async fn sign_as(app: &TestApp, name: &str, email: &str, display: &str, subscribe: bool) {
    let token = token(app);
    let mut fields = vec![
        ("slug", DEMO_SLUG),
        ("locale", "en"),
        ("form_token", token.as_str()),
        ("name", name),
        ("email", email),
        ("country", "DE"),
        ("display", display),
        ("website", ""),
        ("pow", ""),
    ];
    if subscribe {
        fields.push(("subscribe", "on"));
    }
    assert_eq!(
        post_form(app, "/api/petitions/sign", &fields)
            .await
            .status(),
        303
    );
}

/// Someone who knows an address signs with it first, choosing a real name shown in full and
/// the mailing list. The owner then signs hidden and confirms from their own email: what is
/// published is the owner's choice, the confirm page said so before the button, and nothing
/// was public while the signature waited.
#[tokio::test]
async fn pre_signing_with_someones_address_publishes_nothing_of_theirs() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        sign_as(&app, "Anna Target", "anna@example.org", "full", true).await;
        sign_as(&app, "Anna T", "anna@example.org", "hidden", false).await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE public_name IS NOT NULL")
                .await,
            0,
            "{backend:?}: nothing public while pending"
        );
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        let links: Vec<String> = mail
            .iter()
            .map(|m| link_in(m, "/confirm?token=", &app.address))
            .collect();
        // The attacker's link would say what it publishes; the owner's says what they chose.
        let first = app.get(&links[0]).await.text().await.expect("page");
        let second = app.get(&links[1]).await.text().await.expect("page");
        let (attacker, owner) = if first.contains("Anna Target") {
            (first, second)
        } else {
            (second, first)
        };
        assert!(
            attacker.contains("Your name will be shown as “Anna Target”"),
            "{backend:?}"
        );
        assert!(
            owner.contains("Your name will not be shown"),
            "{backend:?}: {owner}"
        );
        assert!(
            owner.contains("You will not get news of this campaign"),
            "{backend:?}"
        );
        // Confirm the owner's link (the one whose page does not show the attacker's name).
        let mut confirmed = false;
        for link in &links {
            let page = app.get(link).await.text().await.expect("page");
            if !page.contains("Anna Target") {
                assert_eq!(confirm_link(&app, link).await.status(), 303);
                confirmed = true;
            }
        }
        assert!(confirmed, "{backend:?}");
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM signatures WHERE state = 'confirmed' \
                 AND public_name IS NULL AND display = 'hidden' AND subscribe = false"
            )
            .await,
            1,
            "{backend:?}: the owner's choices are what is stored"
        );
    }
}
