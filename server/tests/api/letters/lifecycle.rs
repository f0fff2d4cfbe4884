//! A letter's life after it is written: unconfirmed ones expire, and writers withdraw and erase
//! theirs from the link in every email.
use super::{
    SLUG, draft, erase, is_to, location, page, send_letter, setup, submit, token_in, windsor,
};
use crate::helpers::{Backend, TestApp, backends, link_in, spawn_app_with_smtp};
use app::ssr::time::now_ms;
use sea_orm::ConnectionTrait;

/// Letters never sent off or never confirmed are deleted after a week (the clock is moved, not
/// waited for); a sent letter is kept.
#[tokio::test]
async fn unconfirmed_letters_expire_after_a_week() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let area = windsor(&app).await;
        let body = "Dear Adam Afriyie,\n\nPlease support protection for Russians who fled the war.\n\n{sender}";
        let mut previews = Vec::new();
        for email in [
            "first@example.org",
            "second@example.org",
            "third@example.org",
        ] {
            let res = draft(
                &app,
                "en",
                &area,
                &[
                    ("subject", "Protection"),
                    ("body", body),
                    ("name", "Jane Writer"),
                    ("email", email),
                    ("town", "Windsor"),
                ],
            )
            .await;
            assert_eq!(res.status(), 303, "{backend:?}");
            previews.push(location(&res));
        }
        // The first is sent off and waits for confirmation, the second was only previewed, the
        // third went out.
        let res = submit(&app, "en", &token_in(&previews[0])).await;
        assert_eq!(res.status(), 303);
        app.db
            .execute_unprepared(
                "UPDATE letters SET state = 'sent' WHERE id = (SELECT MAX(id) FROM letters)",
            )
            .await
            .expect("sent");
        let now = now_ms();
        assert_eq!(
            app::letters::ssr::expire(&app.db, now)
                .await
                .expect("expire"),
            0
        );
        assert_eq!(
            app::letters::ssr::expire(&app.db, now + app::letters::ssr::EXPIRY_MS + 1000)
                .await
                .expect("expire"),
            2
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letters WHERE state = 'sent'")
                .await,
            1,
            "a sent letter stays"
        );
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM letters").await, 1);
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letter_deliveries")
                .await,
            1
        );
        app.run_jobs().await;
    }
}

/// Every email to the writer links to a page that withdraws the letter (if it has not gone) and
/// erases what they wrote; a delivered letter stays counted without them.
#[tokio::test]
async fn writers_withdraw_and_erase_from_the_email_link() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let (manage, confirm) = a_letter_is_sent_off_and_not_confirmed(&app).await;
        a_letter_not_gone_yet_is_withdrawn_and_erased(&app, backend, &manage, &confirm).await;
        a_delivered_letter_is_erased_and_still_counted(&app).await;
    }
}

/// Writes to Windsor's MP as jane@example.org and sends it off without confirming; returns the
/// management and confirmation links from the email.
async fn a_letter_is_sent_off_and_not_confirmed(app: &TestApp) -> (String, String) {
    let area = windsor(app).await;
    let res = draft(
        app,
        "en",
        &area,
        &[
            ("subject", "Protection"),
            (
                "body",
                "Dear Adam Afriyie,\n\nPlease support protection for Russians who fled.\n\n{sender}",
            ),
            ("name", "Jane Writer"),
            ("email", "jane@example.org"),
            ("town", "Windsor"),
        ],
    )
    .await;
    submit(app, "en", &token_in(&location(&res))).await;
    app.run_jobs().await;
    let mail = app.smtp().wait_for(1).await;
    let manage = link_in(&mail[0], "/letters/manage?token=", &app.address);
    let confirm = link_in(&mail[0], "/letters/confirm?token=", &app.address);
    (manage, confirm)
}

/// The management page says the letter has not gone (a tampered link finds nothing); erasing
/// withdraws it and drops what was written, and both links are dead after.
async fn a_letter_not_gone_yet_is_withdrawn_and_erased(
    app: &TestApp,
    backend: Backend,
    manage: &str,
    confirm: &str,
) {
    let (status, html) = page(app, manage).await;
    assert_eq!(status, 200, "{backend:?}");
    assert!(html.contains("It has not gone yet"));
    // A tampered link finds nothing.
    let (status, _) = page(app, &format!("{manage}x")).await;
    assert_eq!(status, 404);
    let res = erase(app, &token_in(manage)).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/en/letters/erased");
    assert_eq!(
        app.query_i64(
            "SELECT COUNT(*) FROM letters WHERE state = 'withdrawn' AND sender_sealed IS NULL \
             AND content_sealed IS NULL"
        )
        .await,
        1
    );
    let (_, html) = page(app, confirm).await;
    assert!(
        html.contains("This link is not valid"),
        "the confirm link is dead"
    );
    let (_, html) = page(app, manage).await;
    assert!(html.contains("has been erased already"));
}

/// A delivered letter: its page says it has gone; erased, it is still counted.
async fn a_delivered_letter_is_erased_and_still_counted(app: &TestApp) {
    send_letter(app, "second@example.org").await;
    app.run_jobs().await;
    app.smtp().wait_for(3).await;
    let mail = app.smtp().raw_messages();
    let second = mail
        .iter()
        .find(|m| is_to(m, "second@example.org"))
        .expect("confirmation");
    let manage = link_in(second, "/letters/manage?token=", &app.address);
    let (_, html) = page(app, &manage).await;
    assert!(html.contains("It has already gone"), "{html}");
    erase(app, &token_in(&manage)).await;
    assert_eq!(
        app.query_i64(
            "SELECT COUNT(*) FROM letters WHERE state = 'sent' AND sender_sealed IS NULL"
        )
        .await,
        1
    );
    let (_, html) = page(app, &format!("/en/campaigns/{SLUG}")).await;
    assert!(html.contains("1 letter sent"));
}

/// Once a letter is sent off, its preview link no longer shows the writer's name, address or
/// text (it would stay a bearer link to them for as long as the letter is kept); it says where
/// the letter stands, and pressing send again is harmless.
#[tokio::test]
async fn the_preview_link_shows_nothing_personal_after_sending() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let area = windsor(&app).await;
        let res = draft(
            &app,
            "en",
            &area,
            &[
                ("subject", "Protection now"),
                (
                    "body",
                    "Dear Adam Afriyie,\n\nPlease help the exiles.\n\n{sender}",
                ),
                ("name", "Olga Previewed"),
                ("email", "olga@example.org"),
                ("town", "Windsor"),
            ],
        )
        .await;
        let preview = location(&res);
        let (_, before) = page(&app, &preview).await;
        assert!(before.contains("Olga Previewed") && before.contains("olga@example.org"));
        let token = token_in(&preview);
        assert_eq!(
            submit(&app, "en", &token).await.status(),
            303,
            "{backend:?}"
        );
        let (status, after) = page(&app, &preview).await;
        assert_eq!(status, 200, "{backend:?}");
        for personal in [
            "Olga Previewed",
            "olga@example.org",
            "Please help the exiles",
            "Windsor",
        ] {
            assert!(
                !after.contains(personal),
                "{backend:?}: {personal} still shown"
            );
        }
        assert_eq!(
            submit(&app, "en", &token).await.status(),
            303,
            "{backend:?}: again"
        );
        app.run_jobs().await;
    }
}

/// The letter form cannot mail-bomb someone's address: at most five confirmation emails a day
/// go to one address for one campaign, however many letters are sent off with it.
#[tokio::test]
async fn confirmation_emails_to_one_address_are_capped() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let area = windsor(&app).await;
        for i in 0..7 {
            let body = format!(
                "Dear Adam Afriyie,\n\nPlease protect the exiles; this is letter number {i}.\n\n{{sender}}"
            );
            let res = draft(
                &app,
                "en",
                &area,
                &[
                    ("subject", "Protection"),
                    ("body", &body),
                    ("name", "Target Person"),
                    ("email", "target@example.org"),
                    ("town", "Windsor"),
                ],
            )
            .await;
            let res = submit(&app, "en", &token_in(&location(&res))).await;
            assert_eq!(
                res.status(),
                303,
                "{backend:?}: the writer sees the same page"
            );
        }
        app.run_jobs().await;
        let mail = app.smtp().wait_for(5).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let to_target = app
            .smtp()
            .raw_messages()
            .iter()
            .filter(|m| is_to(m, "target@example.org"))
            .count();
        assert_eq!(to_target, 5, "{backend:?}: {} messages", mail.len());
    }
}

/// A form opened more than a day ago has expired: the writer is told so in their language and
/// what they typed comes back; nothing is stored. (One token cannot be replayed for ever.)
#[tokio::test]
async fn a_form_older_than_a_day_is_refused_and_keeps_the_text() {
    use app::ssr::abuse::form_token;
    let app = spawn_app_with_smtp(Backend::Sqlite).await;
    setup(&app).await;
    let area = windsor(&app).await;
    let old = form_token::issue_at(
        &app.app.app.vault,
        now_ms() - form_token::MAX_AGE_MS - 60_000,
    );
    let res = app
        .post_as(
            "/api/letters/draft",
            None,
            &[
                ("slug", SLUG),
                ("locale", "ru"),
                ("legislature", "uk-commons"),
                ("area", &area),
                ("form_token", &old),
                ("website", ""),
                ("subject", "Protection"),
                (
                    "body",
                    "Dear Adam Afriyie,\n\nMy words stay here, asking you to protect the exiles.\n\n{sender}",
                ),
                ("name", "Late Writer"),
                ("email", "late@example.org"),
                ("town", "Windsor"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("page");
    assert!(
        html.contains("Эта форма была открыта больше суток назад"),
        "{html}"
    );
    assert!(
        html.contains("My words stay here, asking"),
        "the text is kept"
    );
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM letters").await, 0);
}

/// A confirmed letter that never left (its delivery job died, say) is not kept forever:
/// retention counts from its confirmation, gives its deliveries up, and forgets its writer and
/// text as it would a sent letter's; one just confirmed is left alone.
#[tokio::test]
async fn a_letter_that_never_left_is_still_forgotten() {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        // Confirmed, but the delivery never runs.
        send_letter(&app, "stuck@example.org").await;
        let sealed = "SELECT COUNT(*) FROM letters WHERE sender_sealed IS NOT NULL \
                      OR content_sealed IS NOT NULL";
        assert_eq!(app.query_i64(sealed).await, 1);
        let forget = |days_later: i64| {
            let db = app.db.clone();
            async move {
                app::letters::ssr::forget(&db, now_ms() + days_later * DAY_MS, 30, 90)
                    .await
                    .expect("forget")
            }
        };
        assert_eq!(forget(1).await, Default::default(), "{backend:?}: too soon");
        assert_eq!(app.query_i64(sealed).await, 1);
        let done = forget(91).await;
        assert_eq!((done.texts, done.writers), (1, 1), "{backend:?}");
        assert_eq!(app.query_i64(sealed).await, 0, "{backend:?}");
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM letter_deliveries WHERE state = 'failed' \
                 AND failure = 'expired'"
            )
            .await,
            1,
            "{backend:?}: its delivery gave up"
        );
        // The delivery job that never ran finds nothing to send.
        app.run_jobs().await;
        app.assert_no_jobs_left().await;
        assert_eq!(
            app.smtp()
                .raw_messages()
                .iter()
                .filter(|m| !is_to(m, "stuck@example.org"))
                .count(),
            0,
            "{backend:?}: nothing reached the MP"
        );
    }
}
