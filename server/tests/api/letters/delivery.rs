//! How fast letters reach a representative: at most the daily cap, also with two workers at
//! once, and in digest mode one email a day listing them all.
use super::{is_to, recipient, send_letter, setup};
use crate::helpers::{backends, parse, spawn_app_with_smtp, spawn_app_with_smtp_and};
use app::ssr::time::now_ms;
use sea_orm::ConnectionTrait;

/// At most `daily_cap_per_representative` letters reach one representative in 24 hours; the
/// next waits until the oldest of them is a day old (the clock is moved by ageing the delivery).
#[tokio::test]
async fn a_representative_gets_at_most_the_daily_cap() {
    for backend in backends() {
        let app = spawn_app_with_smtp_and(backend, |s| {
            s.letters.daily_cap_per_representative = 1;
        })
        .await;
        setup(&app).await;
        send_letter(&app, "first@example.org").await;
        send_letter(&app, "second@example.org").await;
        app.run_jobs().await;
        let to_mp = |mail: &[Vec<u8>]| {
            mail.iter()
                .filter(|m| is_to(m, "adam.afriyie.mp@parliament.uk"))
                .count()
        };
        // Two confirmations and one letter.
        let mail = app.smtp().wait_for(3).await;
        assert_eq!(to_mp(&mail), 1, "{backend:?}: one today");
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letter_deliveries WHERE state = 'queued'")
                .await,
            1,
            "the other waits"
        );
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM jobs WHERE kind = 'deliver_letter' AND state = 'pending'"
            )
            .await,
            1
        );
        // A day later (the sent letter aged, the waiting job due), it goes.
        app.db
            .execute_unprepared(
                "UPDATE letter_deliveries SET sent_at = sent_at - 90000000 WHERE state = 'sent'",
            )
            .await
            .expect("age");
        app.db
            .execute_unprepared(
                "UPDATE jobs SET run_after = 0 WHERE kind = 'deliver_letter' AND state = 'pending'",
            )
            .await
            .expect("due");
        app.run_jobs().await;
        let mail = app.smtp().wait_for(4).await;
        assert_eq!(to_mp(&mail), 2);
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letters WHERE state = 'sent'")
                .await,
            2
        );
        app.assert_no_jobs_left().await;
    }
}

/// Two workers delivering to the same representative at once cannot both take the last place
/// of the day: they take turns, and the one left out is told when a place frees up. A delivery
/// that is retried keeps the place it took.
#[tokio::test]
async fn the_daily_cap_holds_under_concurrent_workers() {
    use app::letters::ssr::reserve;
    for backend in backends() {
        let app = spawn_app_with_smtp_and(backend, |s| {
            s.letters.daily_cap_per_representative = 1;
        })
        .await;
        setup(&app).await;
        // In digest mode confirming queues the deliveries without a job to send them.
        app.db
            .execute_unprepared("UPDATE campaigns SET letter_digest = true WHERE kind = 'letter'")
            .await
            .expect("digest");
        send_letter(&app, "first@example.org").await;
        send_letter(&app, "second@example.org").await;
        let (a, b) = (
            app.query_i64("SELECT MIN(id) FROM letter_deliveries WHERE state = 'queued'")
                .await,
            app.query_i64("SELECT MAX(id) FROM letter_deliveries WHERE state = 'queued'")
                .await,
        );
        assert_ne!(a, b, "{backend:?}");
        let now = now_ms();
        let (ra, rb) = tokio::join!(reserve(&app.db, a, 1, now), reserve(&app.db, b, 1, now));
        let (ra, rb) = (ra.expect("reserve"), rb.expect("reserve"));
        let day = 24 * 3600 * 1000;
        let (winner, refused) = match (ra, rb) {
            (None, Some(at)) => (a, at),
            (Some(at), None) => (b, at),
            other => panic!("{backend:?}: exactly one may go, got {other:?}"),
        };
        assert_eq!(refused, now + day);
        assert_eq!(
            reserve(&app.db, winner, 1, now + 1000)
                .await
                .expect("again"),
            None
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letter_deliveries WHERE sent_at IS NOT NULL")
                .await,
            1
        );
    }
}

/// In digest mode no letter goes on its own: each morning every representative gets one email
/// listing the campaign's letters to them, each with its writer's address to answer.
#[tokio::test]
async fn digest_mode_sends_one_email_a_day() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        app.db
            .execute_unprepared("UPDATE campaigns SET letter_digest = true WHERE kind = 'letter'")
            .await
            .expect("digest");
        send_letter(&app, "first@example.org").await;
        send_letter(&app, "second@example.org").await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        assert_eq!(mail.len(), 2, "{backend:?}: only the two confirmations");
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letter_deliveries WHERE state = 'queued'")
                .await,
            2
        );
        app::ssr::jobs::enqueue(&app.db, &app::letters::ssr::SendLetterDigests {})
            .await
            .expect("enqueue");
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        assert_eq!(mail.len(), 3);
        let digest = mail
            .iter()
            .map(|m| parse(m))
            .find(|m| recipient(m) == Some("adam.afriyie.mp@parliament.uk"))
            .expect("the digest");
        assert_eq!(recipient(&digest), Some("adam.afriyie.mp@parliament.uk"));
        assert_eq!(
            digest.subject(),
            Some("2 letters from constituents: Ask your MP to protect Russian exiles")
        );
        let text = digest.body_text(0).expect("text").into_owned();
        for expected in [
            "From: Jane Writer <first@example.org>",
            "From: Jane Writer <second@example.org>",
            "(first@example.org)",
            "(second@example.org)",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letters WHERE state = 'sent'")
                .await,
            2
        );
        // Nothing left for tomorrow's digest.
        app::ssr::jobs::enqueue(&app.db, &app::letters::ssr::SendLetterDigests {})
            .await
            .expect("enqueue");
        app.run_jobs().await;
        // (The test SMTP server writes a message before it accepts it.)
        assert_eq!(app.smtp().raw_messages().len(), 3);
        app.assert_no_jobs_left().await;
    }
}
