//! What comes back from the MP's mail server: bounces, delivery reports and automatic replies,
//! the bounce window, and the `petrel letters bounce` command that reads them.
use super::{after, is_to, letter_of, page, quoted_headers, recipient, report, send_letter, setup};
use crate::helpers::{Backend, TestApp, backends, parse, spawn_app_with_smtp};
use app::letters::ssr::{Report, read_report, record_report, settle_deliveries};
use app::ssr::time::now_ms;
use app::ssr::vault::Vault;

/// A bounce quoting the letter's headers marks its delivery failed and tells the writer; a forged
/// or unrelated message changes nothing.
#[tokio::test]
async fn bounces_mark_the_letter_failed_and_tell_the_writer() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        send_letter(&app, "first@example.org").await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        let original = mail
            .iter()
            .find(|m| is_to(m, "adam.afriyie.mp@parliament.uk"))
            .expect("the letter");
        let quoted = quoted_headers(original);
        assert!(quoted.contains("X-Petrel-Letter: "), "{quoted}");
        let dsn = report("failed", &quoted);
        let delivery = only_the_bounce_names_the_delivery(&app.app.app.vault, &quoted, &dsn);
        the_bounce_fails_the_letter_once(&app, backend, delivery).await;
        the_writer_is_told(&app).await;
        app.assert_no_jobs_left().await;
    }
}

/// Unrelated and forged messages find nothing; the bounce `dsn` (quoting `quoted`) names the
/// delivery, failed. Returns the delivery's id.
fn only_the_bounce_names_the_delivery(vault: &Vault, quoted: &str, dsn: &str) -> i64 {
    // Unrelated and forged messages find nothing.
    assert_eq!(read_report(vault, b"Subject: hello\r\n\r\nhi"), None);
    let tag = quoted
        .lines()
        .find_map(|l| l.strip_prefix("X-Petrel-Letter: "))
        .expect("tag")
        .trim()
        .to_owned();
    let (id, _) = tag.split_once('.').expect("id.check");
    let other = (id.parse::<i64>().expect("id") + 1).to_string();
    let forged = dsn.replace(&tag, &tag.replacen(id, &other, 1));
    assert_eq!(read_report(vault, forged.as_bytes()), None);
    let (delivery, verdict) =
        read_report(vault, dsn.as_bytes()).expect("the delivery in the bounce");
    assert_eq!(verdict, Report::Failed);
    delivery
}

/// The bounce marks the delivery (bounced) and the letter failed, the first time only.
async fn the_bounce_fails_the_letter_once(app: &TestApp, backend: Backend, delivery: i64) {
    let vault = &app.app.app.vault;
    assert!(
        app::letters::ssr::bounce(&app.db, vault, delivery)
            .await
            .expect("bounce"),
        "{backend:?}"
    );
    assert!(
        !app::letters::ssr::bounce(&app.db, vault, delivery)
            .await
            .expect("bounce"),
        "once"
    );
    assert_eq!(
        app.query_i64(
            "SELECT COUNT(*) FROM letter_deliveries WHERE state = 'failed' AND failure = 'bounced'"
        )
        .await,
        1
    );
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM letters WHERE state = 'failed'")
            .await,
        1
    );
}

/// The writer gets an email saying the letter to Adam Afriyie could not be delivered.
async fn the_writer_is_told(app: &TestApp) {
    app.run_jobs().await;
    let mail = app.smtp().wait_for(3).await;
    let told = mail
        .iter()
        .map(|m| parse(m))
        .find(|m| m.subject() == Some("Your letter could not be delivered"))
        .expect("the writer is told");
    assert_eq!(recipient(&told), Some("first@example.org"));
    assert_eq!(told.subject(), Some("Your letter could not be delivered"));
    assert!(
        told.body_text(0)
            .is_some_and(|t| t.contains("Adam Afriyie"))
    );
}

/// A letter their mail server took is delivered once a delivery report or an automatic reply
/// says so, or once the bounce window passes without a bounce; a bounce that comes later still
/// marks it failed and tells the writer. A report without a verdict changes nothing.
#[tokio::test]
async fn letters_are_delivered_by_report_auto_reply_or_the_bounce_window() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        for email in [
            "first@example.org",
            "second@example.org",
            "third@example.org",
        ] {
            send_letter(&app, email).await;
        }
        app.run_jobs().await;
        let mail = app.smtp().wait_for(6).await;
        assert_eq!(
            states_of(&app, "first@example.org").await,
            both("sent"),
            "{backend:?}"
        );
        an_auto_reply_means_delivered(&app, &mail).await;
        a_delivery_report_means_delivered(&app, &mail).await;
        silence_means_delivered_once_the_window_passes(&app).await;
        the_writer_sees_it_delivered(&app).await;
        a_late_bounce_still_fails_it_and_tells_the_writer(&app, &mail).await;
        // Delivered letters count on the campaign page; the failed one does not.
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letter_deliveries WHERE state = 'delivered'")
                .await,
            2
        );
        app.assert_no_jobs_left().await;
    }
}

/// The states of the delivery and of the letter that `email` wrote.
async fn states_of(app: &TestApp, email: &str) -> (String, String) {
    let id = app
        .query_i64(&format!(
            "SELECT id FROM letters WHERE email_hash = '{}'",
            app.app.app.vault.lookup_hash("letters.email", email)
        ))
        .await;
    let delivery = app
        .query_text(&format!(
            "SELECT state FROM letter_deliveries WHERE letter_id = {id}"
        ))
        .await;
    let letter = app
        .query_text(&format!("SELECT state FROM letters WHERE id = {id}"))
        .await;
    (delivery, letter)
}

/// A delivery and its letter both in `state`.
fn both(state: &str) -> (String, String) {
    (state.to_owned(), state.to_owned())
}

/// An out-of-office reply quoting the letter comes only from a mailbox that got it: the second
/// writer's letter is delivered.
async fn an_auto_reply_means_delivered(app: &TestApp, mail: &[Vec<u8>]) {
    let vault = &app.app.app.vault;
    let auto_reply = format!(
        "From: Adam Afriyie <adam.afriyie.mp@parliament.uk>\r\nTo: bounces@petrel.test\r\n\
         Auto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\n\
         I am away until Monday.\r\n\r\n> {}\r\n",
        quoted_headers(letter_of(mail, "second@example.org")).replace("\n", "\n> ")
    );
    let (id, verdict) = read_report(vault, auto_reply.as_bytes()).expect("the letter");
    assert_eq!(verdict, Report::Delivered);
    assert!(
        record_report(&app.db, vault, id, verdict)
            .await
            .expect("report")
    );
    assert_eq!(
        states_of(app, "second@example.org").await,
        both("delivered")
    );
}

/// "Delayed" says nothing yet; "delivered" does, once: the first writer's letter is delivered.
async fn a_delivery_report_means_delivered(app: &TestApp, mail: &[Vec<u8>]) {
    let vault = &app.app.app.vault;
    let quoted = quoted_headers(letter_of(mail, "first@example.org"));
    let (id, verdict) = read_report(vault, report("delayed", &quoted).as_bytes()).expect("letter");
    assert_eq!(verdict, Report::Pending);
    assert!(
        !record_report(&app.db, vault, id, verdict)
            .await
            .expect("report")
    );
    assert_eq!(states_of(app, "first@example.org").await, both("sent"));
    let (id, verdict) =
        read_report(vault, report("delivered", &quoted).as_bytes()).expect("letter");
    assert_eq!(verdict, Report::Delivered);
    assert!(
        record_report(&app.db, vault, id, verdict)
            .await
            .expect("report")
    );
    assert!(
        !record_report(&app.db, vault, id, verdict)
            .await
            .expect("report"),
        "once"
    );
    assert_eq!(states_of(app, "first@example.org").await, both("delivered"));
}

/// The third hears nothing: delivered once the 72-hour window has passed, not before.
async fn silence_means_delivered_once_the_window_passes(app: &TestApp) {
    let hour = 3600 * 1000;
    assert_eq!(
        settle_deliveries(&app.db, now_ms() + 71 * hour, 72)
            .await
            .expect("settle"),
        0
    );
    assert_eq!(states_of(app, "third@example.org").await, both("sent"));
    assert_eq!(
        settle_deliveries(&app.db, now_ms() + 73 * hour, 72)
            .await
            .expect("settle"),
        1
    );
    assert_eq!(states_of(app, "third@example.org").await, both("delivered"));
}

/// The third writer sees it delivered on their letter's page.
async fn the_writer_sees_it_delivered(app: &TestApp) {
    let vault = &app.app.app.vault;
    let letter = app
        .query_i64(&format!(
            "SELECT id FROM letters WHERE email_hash = '{}'",
            vault.lookup_hash("letters.email", "third@example.org")
        ))
        .await;
    let token = app::letters::ssr::manage_token(vault, letter);
    let (status, html) = page(app, &format!("/en/letters/manage?token={token}")).await;
    assert_eq!(status, 200);
    assert!(
        after(&html, "<strong>Adam Afriyie</strong>", 40).contains("delivered."),
        "{html}"
    );
}

/// A bounce that comes late still counts: the third letter fails, and its writer is told.
async fn a_late_bounce_still_fails_it_and_tells_the_writer(app: &TestApp, mail: &[Vec<u8>]) {
    let vault = &app.app.app.vault;
    let quoted = quoted_headers(letter_of(mail, "third@example.org"));
    let (id, verdict) = read_report(vault, report("failed", &quoted).as_bytes()).expect("letter");
    assert_eq!(verdict, Report::Failed);
    assert!(
        record_report(&app.db, vault, id, verdict)
            .await
            .expect("report")
    );
    assert_eq!(states_of(app, "third@example.org").await, both("failed"));
    app.run_jobs().await;
    let mail = app.smtp().wait_for(7).await;
    assert!(mail.iter().any(|m| {
        let p = parse(m);
        p.subject() == Some("Your letter could not be delivered")
            && recipient(&p) == Some("third@example.org")
    }));
}

/// `petrel letters bounce` reads the message on standard input.
#[test]
fn the_bounce_command_reads_standard_input() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(["letters", "bounce"])
        .env("PETREL_DATA_DIR", dir.path())
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("petrel runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"Subject: out of office\r\n\r\nBack on Monday.\r\n")
        .expect("write");
    let out = child.wait_with_output().expect("output");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("no Petrel message in this"));
}
