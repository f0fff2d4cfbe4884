//! Representatives without an email address: the writer confirms as usual and prints the letter
//! to post; nothing is emailed to them and nothing counts as delivered.
use super::{SLUG, after, confirm, draft, erase, location, page, setup, submit, token_in};
use crate::helpers::{Backend, TestApp, backends, link_in, spawn_app_with_smtp};
use sea_orm::ConnectionTrait;

/// Representatives the directory has no email address for get the letter by post: the writer
/// is told before writing, confirms as usual, and prints the letter — with the postal address
/// where the directory has one — from the page the confirmation leads to. Nothing is emailed
/// but the writer's confirmation, and nothing counts as delivered.
#[tokio::test]
async fn representatives_without_email_get_a_letter_to_print() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let area = the_writer_is_told_it_goes_by_post(&app, backend).await;
        let confirmed = the_letter_is_written_and_confirmed(&app, &area).await;
        only_the_confirmation_is_emailed(&app).await;
        let print = the_confirmed_page_leads_to_the_printable_letter(&app, &confirmed).await;
        only_this_letter_prints_and_none_counts_as_delivered(&app, &print).await;
        once_erased_nothing_is_left_to_print(&app, &confirmed, &print).await;
    }
}

/// Julian Lewis has a postal address and no email: his area's writing page says so, and still
/// shows the letter form. Returns New Forest East's area id.
async fn the_writer_is_told_it_goes_by_post(app: &TestApp, backend: Backend) -> String {
    app.db
        .execute_unprepared(
            "UPDATE representatives SET postal_address = 'House of Commons\nLondon SW1A 0AA' \
             WHERE name = 'Julian Lewis'",
        )
        .await
        .expect("address");
    let area = app
        .query_i64("SELECT id FROM areas WHERE name = 'New Forest East'")
        .await
        .to_string();
    let (status, html) = page(app, &format!("/en/campaigns/{SLUG}/write?area={area}")).await;
    assert_eq!(status, 200, "{backend:?}");
    assert!(html.contains("<strong>Julian Lewis</strong>"), "{html}");
    assert!(html.contains("None of them can be reached by email"));
    assert!(html.contains("London SW1A 0AA"));
    assert!(
        html.contains(r#"id="letter-heading""#),
        "the letter form is shown"
    );
    area
}

/// The preview lists him under "By post"; sent off and confirmed from the email as usual, the
/// letter waits to be printed. Returns the path of the page the confirmation leads to.
async fn the_letter_is_written_and_confirmed(app: &TestApp, area: &str) -> String {
    let res = draft(
        app,
        "en",
        area,
        &[
            ("subject", "Protection for Russian exiles"),
            ("body", "Dear Julian Lewis,\n\nPlease support protection for Russians who fled the war.\n\nYours sincerely"),
            ("name", "Jane Writer"),
            ("email", "jane@example.org"),
            ("town", "Lymington"),
            ("address", "1 Quay Street\nLymington SO41 3AS"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let preview = location(&res);
    let (_, html) = page(app, &preview).await;
    assert!(
        after(&html, "<dt>By post</dt>", 40).contains("Julian Lewis"),
        "{html}"
    );
    let res = submit(app, "en", &token_in(&preview)).await;
    assert_eq!(res.status(), 303);
    app.run_jobs().await;
    let mail = app.smtp().wait_for(1).await;
    let link = link_in(&mail[0], "/letters/confirm?token=", &app.address);
    let res = confirm(app, "en", &token_in(&link)).await;
    assert_eq!(res.status(), 303);
    let confirmed = location(&res);
    assert!(
        confirmed.contains("/letter-confirmed?letter="),
        "{confirmed}"
    );
    assert_eq!(app.query_text("SELECT state FROM letters").await, "print");
    assert_eq!(
        app.query_text("SELECT state || ' ' || channel FROM letter_deliveries")
            .await,
        "print post"
    );
    confirmed
}

/// No job is left to email the letter: only the confirmation went.
async fn only_the_confirmation_is_emailed(app: &TestApp) {
    app.run_jobs().await;
    app.assert_no_jobs_left().await;
    assert_eq!(
        app.smtp().raw_messages().len(),
        1,
        "only the confirmation went"
    );
}

/// The confirmed page links to the printable letter, which has both addresses, the subject and
/// the text. Returns the printable letter's path.
async fn the_confirmed_page_leads_to_the_printable_letter(
    app: &TestApp,
    confirmed: &str,
) -> String {
    let (status, html) = page(app, confirmed).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("by post: print the letter and send it."),
        "{html}"
    );
    let start = html.find("/en/letters/print?token=").expect("print link");
    let print = html[start..]
        .split('"')
        .next()
        .expect("href")
        .replace("&amp;", "&");
    let (status, html) = page(app, &print).await;
    assert_eq!(status, 200);
    for part in [
        "Jane Writer\n1 Quay Street\nLymington SO41 3AS",
        "Julian Lewis\nHouse of Commons\nLondon SW1A 0AA",
        "<strong>Protection for Russian exiles</strong>",
        "Please support protection for Russians who fled the war.",
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
    print
}

/// Not another delivery, not someone else's letter; and a printed letter is not counted as
/// delivered.
async fn only_this_letter_prints_and_none_counts_as_delivered(app: &TestApp, print: &str) {
    let (status, _) = page(app, &print.replace("delivery=", "delivery=9")).await;
    assert_eq!(status, 404);
    let (status, _) = page(app, &print.replace("token=", "token=9")).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.query_i64(
            "SELECT COUNT(*) FROM letter_deliveries WHERE state IN ('sent', 'delivered')"
        )
        .await,
        0,
        "a printed letter is not counted as delivered"
    );
}

/// Once erased (with the token of the confirmed page's link), there is nothing left to print.
async fn once_erased_nothing_is_left_to_print(app: &TestApp, confirmed: &str, print: &str) {
    let manage = confirmed.split("letter=").nth(1).expect("token").to_owned();
    let res = erase(app, &manage).await;
    assert_eq!(res.status(), 303);
    let (status, _) = page(app, print).await;
    assert_eq!(status, 404);
}
