//! Mail leaves through the worker, reaches a real SMTP server as a proper multipart message in
//! the recipient's language, and no address ever reaches the logs.
use crate::helpers::{
    Backend, KillOnDrop, TestSmtp, backends, free_port, fresh_postgres, parse, spawn_app_with_smtp,
};
use app::domain::{Email, Locale};
use app::ssr::outbox::{self, Template};
use sea_orm::ConnectionTrait;
use std::path::Path;
use std::process::{Command, Output, Stdio};

#[tokio::test]
async fn worker_sends_multipart_mail_in_the_recipients_language() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let ru = Locale::from_code("ru").expect("ru");
        for (to, locale) in [
            ("olga@example.org", ru),
            ("john@example.org", Locale::DEFAULT),
        ] {
            outbox::queue(
                &app.db,
                &app.app.app.vault,
                Template::TestMessage,
                locale,
                &Email::parse(to).expect("valid"),
                Default::default(),
            )
            .await
            .expect("queued");
        }
        // Nothing is sent before the worker runs.
        assert!(app.smtp().raw_messages().is_empty());
        let report = app.run_jobs().await;
        let left = app.query_i64("SELECT COUNT(*) FROM jobs").await;
        assert_eq!(
            report.succeeded, 2,
            "{backend:?}: {report:?}, {left} jobs left"
        );
        let raw = app.smtp().wait_for(2).await;
        assert_eq!(raw.len(), 2, "{backend:?}");
        for bytes in &raw {
            let m = parse(bytes);
            let to = m
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned();
            let text = m.body_text(0).expect("text part").into_owned();
            let html = m.body_html(0).expect("html part").into_owned();
            assert_eq!(m.text_body_count(), 1);
            assert_eq!(m.html_body_count(), 1);
            assert!(
                m.from()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .is_some()
            );
            let lang = m
                .header_raw("Content-Language")
                .unwrap_or_default()
                .trim()
                .to_owned();
            if to == "olga@example.org" {
                assert_eq!(m.subject(), Some("Проверочное письмо Petrel"));
                assert!(text.contains("Доставка почты работает"), "{text}");
                assert!(html.contains("lang=\"ru\"") && html.contains("Доставка почты работает"));
                assert!(text.contains("/ru/privacy"));
                assert_eq!(lang, "ru");
            } else {
                assert_eq!(to, "john@example.org");
                assert_eq!(m.subject(), Some("Petrel test message"));
                assert!(text.contains("Mail delivery works"));
                assert_eq!(lang, "en");
            }
        }
        app.assert_no_jobs_left().await;
    }
}

/// Runs the real binary with debug logging through a whole mail flow and reads every line it
/// printed: the address must not be among them.
#[tokio::test]
async fn logs_never_contain_an_email_address() {
    for backend in backends() {
        let smtp = TestSmtp::start();
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let envs = debug_settings(backend, dir.path(), port, smtp.port).await;
        let mut server = KillOnDrop(Some(
            petrel(dir.path(), &envs, &["serve"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("petrel serve"),
        ));
        let client = reqwest::Client::new();
        crate::helpers::wait_until_up(&client, port).await;
        let address = "Secret.Signer+petrel@example.org";
        let queued = petrel(
            dir.path(),
            &envs,
            &["admin", "send-test-email", address, "--lang", "ru"],
        )
        .output()
        .expect("admin");
        assert!(
            queued.status.success(),
            "{}",
            String::from_utf8_lossy(&queued.stderr)
        );
        let received = smtp.wait_for(1).await;
        assert_eq!(received.len(), 1, "{backend:?}: the running worker sent it");
        client
            .get(format!("http://127.0.0.1:{port}/ru/"))
            .send()
            .await
            .expect("page");
        let logs = stop_and_collect_everything_printed(&mut server, &queued);
        assert!(
            logs.contains("email sent"),
            "debug logs were captured: {logs}"
        );
        let lower = logs.to_lowercase();
        for needle in ["secret.signer", "secretsigner", "@example.org"] {
            assert!(
                !lower.contains(needle),
                "{backend:?}: {needle} in logs:\n{logs}"
            );
        }
    }
}

/// The environment for `petrel` in `dir` on `port` with a fresh database: debug logging, mail to
/// the SMTP server on `smtp_port`, and a worker that polls often.
async fn debug_settings(
    backend: Backend,
    dir: &Path,
    port: u16,
    smtp_port: u16,
) -> Vec<(&'static str, String)> {
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", dir.join("petrel.db").display()),
        Backend::Postgres => fresh_postgres().await,
    };
    vec![
        (
            "PETREL_DATA_DIR",
            dir.join("data").to_string_lossy().into_owned(),
        ),
        ("PETREL_LISTEN", format!("127.0.0.1:{port}")),
        ("DATABASE_URL", database_url),
        ("PETREL_LOG_LEVEL", "debug".to_owned()),
        ("PETREL_MAIL__BACKEND", "smtp".to_owned()),
        ("PETREL_MAIL__SMTP_HOST", "127.0.0.1".to_owned()),
        ("PETREL_MAIL__SMTP_PORT", smtp_port.to_string()),
        ("PETREL_MAIL__SMTP_SECURITY", "none".to_owned()),
        ("PETREL_WORKER__POLL_INTERVAL_MS", "100".to_owned()),
    ]
}

/// The `petrel` command with `args`, run in `dir` with `envs`.
fn petrel(dir: &Path, envs: &[(&str, String)], args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_petrel"));
    c.args(args)
        .current_dir(dir)
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())));
    c
}

/// Stops the server gracefully and returns everything it and the `queued` command printed.
fn stop_and_collect_everything_printed(server: &mut KillOnDrop, queued: &Output) -> String {
    let server = server.0.take().expect("running");
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let out = server.wait_with_output().expect("server output");
    [
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        String::from_utf8_lossy(&queued.stdout).into_owned(),
        String::from_utf8_lossy(&queued.stderr).into_owned(),
    ]
    .join("\n")
}

/// The embedded default keeps mail in a file mailbox, readable at /dev/mailbox.
#[tokio::test]
async fn the_file_mailbox_shows_what_was_sent() {
    let app = crate::helpers::spawn_app_with(Backend::Sqlite, |s| {
        s.mail.backend = petrel::config::MailBackend::File
    })
    .await;
    assert!(
        app.get("/dev/mailbox")
            .await
            .text()
            .await
            .expect("body")
            .contains("No messages yet")
    );
    let ru = Locale::from_code("ru").expect("ru");
    outbox::queue(
        &app.db,
        &app.app.app.vault,
        Template::TestMessage,
        ru,
        &Email::parse("reader@example.org").expect("valid"),
        Default::default(),
    )
    .await
    .expect("queued");
    assert_eq!(app.run_jobs().await.succeeded, 1);
    let files: Vec<_> = std::fs::read_dir(app.data_dir.path().join("mailbox"))
        .expect("mailbox folder")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(files.len(), 1);
    let index = app.get("/dev/mailbox").await.text().await.expect("body");
    assert!(index.contains("Проверочное письмо Petrel"), "{index}");
    let name = files[0].file_name().to_string_lossy().into_owned();
    let page = app
        .get(&format!("/dev/mailbox/{name}"))
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("Доставка почты работает"));
    assert_eq!(app.get("/dev/mailbox/..%2Fpetrel.db").await.status(), 404);
}

#[tokio::test]
async fn no_mailbox_page_unless_the_file_mailbox_is_on() {
    let app = crate::helpers::spawn_app(Backend::Sqlite).await;
    assert_eq!(app.get("/dev/mailbox").await.status(), 404);
    // Nor when the server listens beyond this machine: the mailbox holds personal data.
    let port = crate::helpers::free_port();
    let app = crate::helpers::spawn_app_with(Backend::Sqlite, |s| {
        s.listen = format!("0.0.0.0:{port}");
        s.public_url = format!("http://127.0.0.1:{port}");
        s.mail.backend = petrel::config::MailBackend::File;
    })
    .await;
    assert!(
        app.get("/").await.status().is_redirection(),
        "the app answers"
    );
    assert_eq!(app.get("/dev/mailbox").await.status(), 404);
}

/// A mail server's permanent refusal (550: no such user) is not retried, the error kept with the
/// dead job names no address, and dead jobs and their unsent emails go after the email retention
/// period.
#[tokio::test]
async fn refused_recipients_die_at_once_without_their_address_kept() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        outbox::queue(
            &app.db,
            &app.app.app.vault,
            Template::TestMessage,
            Locale::DEFAULT,
            &Email::parse("nobody-here@example.org").expect("valid"),
            Default::default(),
        )
        .await
        .expect("queued");
        let report = app.run_jobs().await;
        assert_eq!(
            (report.dead, report.retried),
            (1, 0),
            "{backend:?}: {report:?}"
        );
        let error = app
            .query_text("SELECT last_error FROM jobs WHERE state = 'dead'")
            .await;
        assert!(error.contains("550"), "{backend:?}: {error}");
        assert!(!error.contains("nobody-here"), "{backend:?}: {error}");
        // Until then its email keeps the sealed address (an operator may look into it)…
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM emails WHERE sealed IS NOT NULL")
                .await,
            1
        );
        // …and past the retention period the dead job goes, and so does its email, sealed
        // address and all.
        app.db
            .execute_unprepared("UPDATE jobs SET updated_at = 0 WHERE state = 'dead'")
            .await
            .expect("age it");
        app.db
            .execute_unprepared("UPDATE emails SET created_at = '2020-01-01 00:00:00+00:00'")
            .await
            .expect("age it");
        app::ssr::jobs::enqueue(&app.db, &petrel::worker::PurgeEmails {})
            .await
            .expect("purge job");
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM jobs WHERE state = 'dead'")
                .await,
            0
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM emails").await,
            0,
            "{backend:?}: the unsent email is gone too"
        );
    }
}
