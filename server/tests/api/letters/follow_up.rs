//! After delivery writers are asked whether the MP replied, reminded once, and answer from the
//! emailed link; the campaign page shows who replies only once enough have answered.
use super::{SLUG, location, page, recipient, send_letter, setup, token_in};
use crate::helpers::{Backend, TestApp, backends, link_in, parse, spawn_app_with_smtp_and};
use app::ssr::time::now_ms;
use sea_orm::ConnectionTrait;

const DAY: i64 = 24 * 3600 * 1000;

/// Two weeks after delivery the writer is asked "did you get a reply?" (once), reminded a week
/// later (once), and answers from the emailed link; the public figures appear only with enough
/// answers. The clock is moved, not waited for.
#[tokio::test]
async fn writers_are_asked_about_replies_and_figures_need_enough_answers() {
    for backend in backends() {
        let app = spawn_app_with_smtp_and(backend, |s| {
            s.letters.min_answers = 2;
        })
        .await;
        setup(&app).await;
        send_letter(&app, "first@example.org").await;
        send_letter(&app, "second@example.org").await;
        app.run_jobs().await;
        app.smtp().wait_for(4).await;
        let link = writers_are_asked_once_after_two_weeks(&app, backend).await;
        the_first_writer_answers_from_the_link(&app, &link).await;
        the_second_writer_is_reminded_once(&app).await;
        figures_show_only_with_enough_answers(&app, backend).await;
        app.assert_no_jobs_left().await;
    }
}

/// As the hourly job does at `at`: letters past the bounce window are delivered, then asked
/// about; returns how many writers were asked and reminded.
async fn follow_up(app: &TestApp, at: i64) -> (u64, u64) {
    app::letters::ssr::settle_deliveries(&app.db, at, 72)
        .await
        .expect("settle");
    app::letters::ssr::follow_up(&app.db, &app.app.app.vault, at)
        .await
        .expect("follow up")
}

/// Nobody is asked before two weeks, both writers are after, and only once; the question names
/// the MP. Returns the first writer's link to answer.
async fn writers_are_asked_once_after_two_weeks(app: &TestApp, backend: Backend) -> String {
    assert_eq!(
        follow_up(app, now_ms() + 13 * DAY).await,
        (0, 0),
        "{backend:?}"
    );
    assert_eq!(follow_up(app, now_ms() + 15 * DAY).await, (2, 0));
    assert_eq!(
        follow_up(app, now_ms() + 16 * DAY).await,
        (0, 0),
        "asked once"
    );
    app.run_jobs().await;
    let mail = app.smtp().wait_for(6).await;
    let question = mail
        .iter()
        .find(|m| {
            let p = parse(m);
            p.subject() == Some("Did you get a reply?")
                && recipient(&p) == Some("first@example.org")
        })
        .expect("the question");
    let text = parse(question).body_text(0).expect("text").into_owned();
    assert!(text.contains("went to Adam Afriyie"), "{text}");
    link_in(question, "/letters/reply?token=", &app.address)
}

/// The first writer opens the link and answers: a made-up answer is refused, "yes" is taken and
/// the page then says so.
async fn the_first_writer_answers_from_the_link(app: &TestApp, link: &str) {
    let (status, html) = page(app, link).await;
    assert_eq!(status, 200);
    assert!(html.contains("Adam Afriyie replied"));
    let token = token_in(link);
    let delivery = app
        .query_i64(
            "SELECT d.id FROM letter_deliveries d JOIN letters l ON l.id = d.letter_id \
             ORDER BY l.id LIMIT 1",
        )
        .await
        .to_string();
    let answer = |reply: &'static str| {
        let (token, delivery) = (token.clone(), delivery.clone());
        async move {
            app.post_as(
                "/api/letters/answer",
                None,
                &[
                    ("locale", "en"),
                    ("token", &token),
                    ("delivery", &delivery),
                    ("reply", reply),
                ],
            )
            .await
        }
    };
    assert_eq!(answer("maybe").await.status(), 422);
    let res = answer("yes").await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/en/letters/reply?token="));
    let (_, html) = page(app, link).await;
    assert!(html.contains("you told us they replied"));
}

/// The second writer, who has not answered, is reminded a week later, once.
async fn the_second_writer_is_reminded_once(app: &TestApp) {
    assert_eq!(
        follow_up(app, now_ms() + 23 * DAY).await,
        (0, 1),
        "only the second writer"
    );
    assert_eq!(
        follow_up(app, now_ms() + 30 * DAY).await,
        (0, 0),
        "reminded once"
    );
    app.run_jobs().await;
    let mail = app.smtp().wait_for(7).await;
    let reminders = mail
        .iter()
        .filter(|m| {
            parse(m)
                .body_text(0)
                .is_some_and(|t| t.contains("A week ago we asked"))
        })
        .count();
    assert_eq!(reminders, 1);
}

/// With one answer, below the minimum of two, the campaign page shows nothing; with a second
/// (the reminded writer says no) it shows who replies by member, party and legislature.
async fn figures_show_only_with_enough_answers(app: &TestApp, backend: Backend) {
    // One answer: below the minimum of two, nothing is shown.
    let (_, html) = page(app, &format!("/en/campaigns/{SLUG}")).await;
    assert!(!html.contains("Who replies"));
    // A second answer (the reminded writer says no): now the figures show.
    let second = app
        .query_i64(
            "SELECT d.id FROM letter_deliveries d JOIN letters l ON l.id = d.letter_id \
             ORDER BY l.id DESC LIMIT 1",
        )
        .await;
    app.db
        .execute_unprepared(&format!(
            "UPDATE letter_deliveries SET reply = 'no', answered_at = 1 WHERE id = {second}"
        ))
        .await
        .expect("answer");
    let (_, html) = page(app, &format!("/en/campaigns/{SLUG}")).await;
    assert!(html.contains("Who replies"), "{backend:?}");
    assert!(
        html.contains(r#"<td>Adam Afriyie</td><td class="num">2</td><td class="num">50%</td>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<td>Conservative</td><td class="num">2</td><td class="num">50%</td>"#)
    );
    assert!(
        html.contains(r#"<td>House of Commons</td><td class="num">2</td><td class="num">50%</td>"#)
    );
}
