//! Mailings end to end: the composer's form as an admin's browser posts it, the audience it
//! reaches (lists, country, language, a campaign's signers) each in their language, the batches
//! the worker sends (headers checked on the raw messages), pause, resume, cancel, an
//! unsubscribe that takes effect mid-send, the SMTP server away for a while, and a worker
//! killed mid-send and started again.
use crate::helpers::{
    Backend, TestApp, TestSmtp, backends, fresh_postgres, parse, spawn_app_with_smtp_and,
};
use app::domain::{Email, Locale};
use app::lists::ssr::join::join_confirmed;
use app::lists::ssr::subscribers::Person;
use app::lists::ssr::subscriptions::Consent;
use petrel::demo::DEMO_LIST;
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

async fn add(app: &TestApp, email: &str, locale: &str, country: &str) {
    let list_id = app
        .query_i64(&format!("SELECT id FROM lists WHERE slug = '{DEMO_LIST}'"))
        .await;
    join_confirmed(
        &app.db,
        &app.app.app.vault,
        list_id,
        &Person {
            email: Email::parse(email).expect("email"),
            name: String::new(),
            locale: Locale::from_code(locale).expect("locale"),
            country: country.into(),
        },
        &Consent::form(),
    )
    .await
    .expect("join");
}

/// Posts the composer as an admin; returns the mailing's id.
async fn compose(app: &TestApp, admin: &(String, String), extra: &[(&str, &str)]) -> i64 {
    let list_field = format!("lists[{DEMO_LIST}]");
    let mut fields = vec![
        ("csrf", admin.1.as_str()),
        ("locale", "en"),
        ("id", "new"),
        (list_field.as_str(), "yes"),
        ("default_locale", "en"),
        ("texts[en][subject]", "Vote on Thursday"),
        (
            "texts[en][body]",
            "The vote is **on Thursday**. [Write now](https://example.org/write).",
        ),
        ("texts[ru][subject]", "Голосование в четверг"),
        ("texts[ru][body]", "Голосование **в четверг**."),
    ];
    fields.extend_from_slice(extra);
    let r = app
        .post_as("/api/admin/mailings/save", Some(&admin.0), &fields)
        .await;
    assert_eq!(r.status(), 303, "{:?}", r.text().await);
    app.query_i64("SELECT MAX(id) FROM mailings").await
}

async fn state(app: &TestApp, id: i64) -> String {
    app.query_text(&format!("SELECT state FROM mailings WHERE id = {id}"))
        .await
}

fn to(raw: &[u8]) -> String {
    parse(raw)
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_mailing_reaches_exactly_its_audience_each_in_their_language() {
    for backend in backends() {
        let app = spawn_app_with_smtp_and(backend, |_| {}).await;
        let admin = app.signed_in("admin@petrel.test", "admin").await;
        add(&app, "de-en@example.org", "en", "DE").await;
        add(&app, "fr-ru@example.org", "ru", "FR").await;
        add(&app, "fr-en@example.org", "en", "FR").await;
        add(&app, "left@example.org", "en", "FR").await;
        add(&app, "bounced@example.org", "ru", "FR").await;
        app.run_jobs().await; // the welcomes
        let welcomes = app.smtp().wait_for(5).await.len();
        assert_eq!(welcomes, 5);
        app.query_i64(
            "UPDATE subscriptions SET state = 'unsubscribed' WHERE subscriber_id = \
             (SELECT MIN(id) + 3 FROM subscribers) RETURNING id",
        )
        .await;
        app.query_i64(
            "UPDATE subscribers SET suppressed_at = 1 WHERE id = (SELECT MAX(id) FROM subscribers) \
             RETURNING id",
        )
        .await;
        // A draft narrowed to France: the composer says whom it reaches, and shows the HTML.
        let id = compose(&app, &admin, &[("country", "FR"), ("then", "save")]).await;
        assert_eq!(state(&app, id).await, "draft", "{backend:?}");
        let (_, page) = app
            .page_as(&format!("/en/admin/mailings/{id}"), Some(&admin.0))
            .await;
        assert!(page.contains("Reaches 2 people now."), "{page}");
        assert!(page.contains("<strong>on Thursday</strong>"));
        // Not for organizers, nor for anyone signed out.
        let organizer = app.signed_in("organizer@petrel.test", "organizer").await;
        let (status, _) = app
            .page_as(&format!("/en/admin/mailings/{id}"), Some(&organizer.0))
            .await;
        assert_eq!(status, 403);
        // A test to oneself first.
        let id2 = {
            let r = app
                .post_as(
                    "/api/admin/mailings/save",
                    Some(&admin.0),
                    &[
                        ("csrf", admin.1.as_str()),
                        ("locale", "en"),
                        ("id", &id.to_string()),
                        (&format!("lists[{DEMO_LIST}]"), "yes"),
                        ("country", "FR"),
                        ("default_locale", "en"),
                        ("texts[en][subject]", "Vote on Thursday"),
                        ("texts[en][body]", "The vote is **on Thursday**."),
                        ("texts[ru][subject]", "Голосование в четверг"),
                        ("texts[ru][body]", "Голосование **в четверг**."),
                        ("then", "test"),
                    ],
                )
                .await;
            assert_eq!(r.status(), 303);
            id
        };
        app.run_jobs().await;
        let mail = app.smtp().wait_for(welcomes + 2).await;
        let tests: Vec<_> = mail[welcomes..]
            .iter()
            .map(|m| parse(m).subject().unwrap_or_default().to_owned())
            .collect();
        assert!(
            tests.contains(&"[Test] Vote on Thursday".to_owned()),
            "{tests:?}"
        );
        assert!(tests.contains(&"[Test] Голосование в четверг".to_owned()));
        assert!(
            mail[welcomes..]
                .iter()
                .all(|m| to(m) == "admin@petrel.test")
        );
        let before = mail.len();
        // Send now.
        let r = app
            .post_as(
                "/api/admin/mailings/save",
                Some(&admin.0),
                &[
                    ("csrf", admin.1.as_str()),
                    ("locale", "en"),
                    ("id", &id2.to_string()),
                    (&format!("lists[{DEMO_LIST}]"), "yes"),
                    ("country", "FR"),
                    ("default_locale", "en"),
                    ("texts[en][subject]", "Vote on Thursday"),
                    ("texts[en][body]", "The vote is **on Thursday**."),
                    ("texts[ru][subject]", "Голосование в четверг"),
                    ("texts[ru][body]", "Голосование **в четверг**."),
                    ("then", "send"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        app.run_jobs().await;
        let mail = app.smtp().wait_for(before + 2).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let sent = &app.smtp().raw_messages()[before..];
        assert_eq!(sent.len(), 2, "{backend:?}");
        let by_to: BTreeMap<String, &Vec<u8>> = sent.iter().map(|m| (to(m), m)).collect();
        assert_eq!(
            by_to.keys().cloned().collect::<Vec<_>>(),
            vec!["fr-en@example.org", "fr-ru@example.org"]
        );
        let ru = parse(by_to["fr-ru@example.org"]);
        assert_eq!(ru.subject(), Some("Голосование в четверг"));
        assert_eq!(
            ru.header_raw("List-Unsubscribe-Post").map(str::trim),
            Some("List-Unsubscribe=One-Click")
        );
        assert!(
            ru.header_raw("List-Unsubscribe")
                .is_some_and(|h| h.contains("/ru/lists/unsubscribe?token="))
        );
        assert!(
            ru.message_id()
                .is_some_and(|m| m.starts_with(&format!("mailing-{id}-")))
        );
        let en = parse(by_to["fr-en@example.org"]);
        assert_eq!(en.subject(), Some("Vote on Thursday"));
        assert!(
            en.body_html(0)
                .is_some_and(|h| h.contains("<strong>on Thursday</strong>"))
        );
        assert_eq!(state(&app, id).await, "sent");
        let _ = mail;
        // Sent is sent: the composer no longer changes it.
        let r = app
            .post_as(
                "/api/admin/mailings/save",
                Some(&admin.0),
                &[
                    ("csrf", admin.1.as_str()),
                    ("locale", "en"),
                    ("id", &id.to_string()),
                    (&format!("lists[{DEMO_LIST}]"), "yes"),
                    ("default_locale", "en"),
                    ("texts[en][subject]", "Again"),
                    ("texts[en][body]", "Again"),
                    ("then", "send"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn bad_composer_input_is_explained_and_nothing_is_sent() {
    for backend in backends() {
        let app = spawn_app_with_smtp_and(backend, |_| {}).await;
        let admin = app.signed_in("admin@petrel.test", "admin").await;
        let r = app
            .post_as(
                "/api/admin/mailings/save",
                Some(&admin.0),
                &[
                    ("csrf", admin.1.as_str()),
                    ("locale", "en"),
                    ("id", "new"),
                    ("default_locale", "ru"),
                    ("country", "XX"),
                    ("texts[en][subject]", "Only a subject"),
                    ("texts[en][body]", ""),
                    ("at", "yesterday"),
                    ("then", "send"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "{backend:?}");
        let page = r.text().await.expect("page");
        for text in [
            "Choose at least one list.",
            "Please choose a country from the list.",
            "Write the message for this language",
            "Write the text in the language for everyone else.",
        ] {
            assert!(page.contains(text), "{text} in {page}");
        }
        assert!(page.contains("Only a subject"), "what was typed stays");
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM mailings").await, 0);
        // Without the session's anti-forgery token, nothing.
        let r = app
            .post_as(
                "/api/admin/mailings/save",
                Some(&admin.0),
                &[("csrf", "forged"), ("locale", "en"), ("id", "new")],
            )
            .await;
        assert_eq!(r.status(), 403);
        // A date in the past for the schedule.
        add(&app, "someone@example.org", "en", "DE").await;
        let id = compose(&app, &admin, &[("then", "save")]).await;
        let r = app
            .post_as(
                "/api/admin/mailings/save",
                Some(&admin.0),
                &[
                    ("csrf", admin.1.as_str()),
                    ("locale", "en"),
                    ("id", &id.to_string()),
                    (&format!("lists[{DEMO_LIST}]"), "yes"),
                    ("default_locale", "en"),
                    ("texts[en][subject]", "S"),
                    ("texts[en][body]", "B"),
                    ("at", "2001-01-01T10:00"),
                    ("then", "send"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert_eq!(state(&app, id).await, "draft");
    }
}

#[tokio::test]
async fn pause_resume_cancel_schedule_and_unsubscribe_mid_send() {
    for backend in backends() {
        let app = spawn_app_with_smtp_and(backend, |s| {
            // One a second, so there is time to act between batches.
            s.lists.send_per_second = 1;
        })
        .await;
        let admin = app.signed_in("admin@petrel.test", "admin").await;
        for i in 0..6 {
            add(&app, &format!("p{i}@example.org"), "en", "DE").await;
        }
        app.run_jobs().await;
        let welcomes = app.smtp().wait_for(6).await.len();
        let id = compose(&app, &admin, &[("then", "send")]).await;
        let worker = app.worker.clone();
        let running = tokio::spawn(async move { worker.run_due().await });
        // After two messages: p5 leaves with one click, and the mailing is paused.
        let deadline = Instant::now() + Duration::from_secs(30);
        while app.smtp().raw_messages().len() < welcomes + 2 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        app.query_i64(
            "UPDATE subscriptions SET state = 'unsubscribed' WHERE subscriber_id = \
             (SELECT MAX(id) FROM subscribers) RETURNING id",
        )
        .await;
        let control = |what: &'static str| {
            let admin = admin.clone();
            let app = &app;
            async move {
                app.post_as(
                    "/api/admin/mailings/control",
                    Some(&admin.0),
                    &[
                        ("csrf", admin.1.as_str()),
                        ("locale", "en"),
                        ("id", &id.to_string()),
                        ("what", what),
                    ],
                )
                .await
                .status()
            }
        };
        assert_eq!(control("pause").await, 303);
        running.await.expect("join").expect("jobs");
        assert_eq!(state(&app, id).await, "paused", "{backend:?}");
        let paused_at = app.smtp().raw_messages().len();
        assert!(paused_at < welcomes + 5, "paused before the end");
        // Resuming twice does not send anyone two copies.
        assert_eq!(control("resume").await, 303);
        assert_eq!(control("resume").await, 422);
        app.run_jobs().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mail = app.smtp().raw_messages();
        let got: Vec<String> = mail[welcomes..].iter().map(|m| to(m)).collect();
        let unique: BTreeSet<&String> = got.iter().collect();
        assert_eq!(got.len(), unique.len(), "no one twice: {got:?}");
        assert_eq!(
            unique.into_iter().cloned().collect::<Vec<_>>(),
            (0..5)
                .map(|i| format!("p{i}@example.org"))
                .collect::<Vec<_>>(),
            "everyone but the one who left"
        );
        assert_eq!(state(&app, id).await, "sent");
        let skipped = app
            .query_i64(&format!(
                "SELECT COUNT(*) FROM mailing_recipients WHERE mailing_id = {id} AND state = 'skipped'"
            ))
            .await;
        assert_eq!(skipped, 1);
        // Cancelled before its first batch: nobody gets it.
        let before = app.smtp().raw_messages().len();
        let id = compose(&app, &admin, &[("then", "send")]).await;
        let control_cancel = app
            .post_as(
                "/api/admin/mailings/control",
                Some(&admin.0),
                &[
                    ("csrf", admin.1.as_str()),
                    ("locale", "en"),
                    ("id", &id.to_string()),
                    ("what", "cancel"),
                ],
            )
            .await;
        assert_eq!(control_cancel.status(), 303);
        app.run_jobs().await;
        assert_eq!(state(&app, id).await, "cancelled");
        assert_eq!(app.smtp().raw_messages().len(), before);
        // Scheduled: nothing until its time, then the scheduler starts it.
        let id = compose(
            &app,
            &admin,
            &[("at", "2099-01-01T09:00"), ("then", "send")],
        )
        .await;
        assert_eq!(state(&app, id).await, "scheduled");
        app::ssr::jobs::enqueue(&app.db, &app::lists::ssr::StartScheduledMailings {})
            .await
            .expect("enqueue");
        app.run_jobs().await;
        assert_eq!(state(&app, id).await, "scheduled");
        app.query_i64(&format!(
            "UPDATE mailings SET scheduled_at = 1 WHERE id = {id} RETURNING id"
        ))
        .await;
        app::ssr::jobs::enqueue(&app.db, &app::lists::ssr::StartScheduledMailings {})
            .await
            .expect("enqueue");
        app.run_jobs().await;
        assert_eq!(state(&app, id).await, "sent");
        assert_eq!(app.smtp().raw_messages().len(), before + 5);
        app.assert_no_jobs_left().await;
    }
}

#[tokio::test]
async fn the_mail_server_away_for_a_while_delays_but_loses_nothing() {
    for backend in backends() {
        // The mail server's port, with nothing listening yet.
        let port = crate::helpers::free_port();
        let app = spawn_app_with_smtp_and(backend, |s| {
            s.mail.smtp_port = port;
        })
        .await;
        let admin = app.signed_in("admin@petrel.test", "admin").await;
        for i in 0..3 {
            add(&app, &format!("d{i}@example.org"), "en", "DE").await;
        }
        let id = compose(&app, &admin, &[("then", "send")]).await;
        let report = app.run_jobs().await;
        assert!(report.retried > 0, "{backend:?}: {report:?}");
        let pending = app
            .query_i64(&format!(
                "SELECT COUNT(*) FROM mailing_recipients WHERE mailing_id = {id} AND state = 'pending'"
            ))
            .await;
        assert_eq!(pending, 3, "given back, not lost");
        // The server comes up on that port; the retries (due now) go through.
        let smtp = TestSmtp::start_on(port);
        app.query_i64("UPDATE jobs SET run_after = 0 WHERE state = 'pending' RETURNING id")
            .await;
        app.run_jobs().await;
        // The three welcomes waited too; the mailing's copies are the ones with its subject.
        let got: BTreeSet<String> = smtp
            .wait_for(6)
            .await
            .iter()
            .filter(|m| parse(m).subject() == Some("Vote on Thursday"))
            .map(|m| to(m))
            .collect();
        for i in 0..3 {
            assert!(got.contains(&format!("d{i}@example.org")), "{got:?}");
        }
        assert_eq!(state(&app, id).await, "sent");
    }
}

#[tokio::test]
async fn a_worker_killed_mid_send_resumes_without_gaps() {
    for backend in backends() {
        let smtp = TestSmtp::start();
        let app = spawn_app_with_smtp_and(backend, |_| {}).await;
        let admin = app.signed_in("admin@petrel.test", "admin").await;
        let n = 300;
        for i in 0..n {
            add(&app, &format!("k{i}@example.org"), "en", "DE").await;
        }
        // The welcomes are not part of this: drop them.
        app.query_i64("DELETE FROM jobs WHERE kind = 'send_list_welcome' RETURNING id")
            .await;
        let id = compose(&app, &admin, &[("then", "send")]).await;
        let start = || {
            Command::new(env!("CARGO_BIN_EXE_petrel"))
                .arg("worker")
                .current_dir(app.data_dir.path())
                .env("PETREL_DATA_DIR", app.data_dir.path())
                .env("DATABASE_URL", &app.database_url)
                .env("PETREL_PUBLIC_URL", &app.address)
                .env("PETREL_MAIL__BACKEND", "smtp")
                .env("PETREL_MAIL__SMTP_HOST", "127.0.0.1")
                .env("PETREL_MAIL__SMTP_PORT", smtp.port.to_string())
                .env("PETREL_MAIL__SMTP_SECURITY", "none")
                .env("PETREL_LISTS__SEND_PER_SECOND", "60")
                .env("PETREL_LISTS__CLAIM_LEASE_SECS", "2")
                .env("PETREL_WORKER__LEASE_SECS", "3")
                .env("PETREL_LOG_LEVEL", "error")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("petrel worker")
        };
        let mut worker = crate::helpers::KillOnDrop(Some(start()));
        let deadline = Instant::now() + Duration::from_secs(60);
        while smtp.raw_messages().len() < 60 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if let Some(child) = worker.0.as_mut() {
            child.kill().expect("kill -9");
            let _ = child.wait();
        }
        let at_kill = smtp.raw_messages().len();
        assert!(at_kill < n, "{backend:?}: killed mid-send ({at_kill})");
        let _again = crate::helpers::KillOnDrop(Some(start()));
        let deadline = Instant::now() + Duration::from_secs(120);
        while state(&app, id).await != "sent" && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(state(&app, id).await, "sent", "{backend:?}");
        let mail = smtp.raw_messages();
        let mut copies: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in &mail {
            let p = parse(m);
            copies
                .entry(to(m))
                .or_default()
                .push(p.message_id().unwrap_or_default().to_owned());
        }
        // No gap: every subscriber got it.
        let expected: BTreeSet<String> = (0..n).map(|i| format!("k{i}@example.org")).collect();
        assert_eq!(copies.keys().cloned().collect::<BTreeSet<_>>(), expected);
        // A copy sent twice can only be one that was on the wire when the worker died (at most
        // the batch in flight), and it carries the same Message-ID, so it reads as one message.
        let twice: Vec<_> = copies.iter().filter(|(_, ids)| ids.len() > 1).collect();
        assert!(twice.len() <= 8, "{backend:?}: {} sent twice", twice.len());
        for (address, ids) in twice {
            assert!(ids.windows(2).all(|w| w[0] == w[1]), "{address}: {ids:?}");
        }
        let _ = fresh_postgres;
        let _ = Backend::Sqlite;
    }
}
