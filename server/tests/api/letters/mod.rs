//! Writing to one's representatives as a browser without JavaScript does: the campaign page's
//! postcode form, the writing page (by postcode, or by the area list), the letter form, the
//! preview, sending it off, the confirmation email from a real SMTP server, the confirm button,
//! and the letter arriving at the SMTP server addressed to the MP with the writer's Reply-To, in
//! the campaign text's language. Both databases.
//!
//! This module holds what the topics share: the campaign, its directory and the steps of writing.
use crate::helpers::{TestApp, link_in, parse};
use app::directory::ssr::source::{Format, parse as parse_directory};
use app::directory::ssr::{self as directory, LegislatureSpec};
use app::ssr::abuse::form_token;
use app::ssr::time::now_ms;
use mail_parser::Message;

mod authoring;
mod delivery;
mod follow_up;
mod journey;
mod lifecycle;
mod post;
mod reports;

const UK: &[u8] = include_bytes!("../../data/uk-commons-term-57.csv");
const POSTCODES: &[u8] = include_bytes!("../../data/uk-postcodes-sample.csv");
const SLUG: &str = "protect-exiles-write-to-your-mp";

const CAMPAIGN: &str = r#"
slug = "protect-exiles-write-to-your-mp"
kind = "letter"
default_locale = "en"
targets = ["uk-commons"]

[texts.en]
title = "Ask your MP to protect Russian exiles"
summary = "Write to your MP."
addressee = "Members of Parliament"
body = "Russians who fled because they opposed the war need protection."
letter_subject = "Protection for Russians who fled the war"
letter_body = "Dear {representative} {title},\n\nI am writing to ask you to support protection for Russians who fled because they opposed the war.\n\nYours sincerely,\n{sender}, {town}"
letter_guidance = "Say why this matters to you."

[texts.ru]
title = "Попросите депутата защитить российских эмигрантов"
summary = "Напишите своему депутату."
addressee = "Членам парламента"
body = "Россиянам, уехавшим из-за несогласия с войной, нужна защита."
letter_subject = "Protection for Russians who fled the war"
letter_body = "Dear {representative},\n\nAs a Russian speaker in your constituency I ask you to support protection for those who fled the war.\n\n{sender}, {town}"
"#;

async fn setup(app: &TestApp) {
    let spec = LegislatureSpec {
        slug: "uk-commons".into(),
        country: Some("GB".into()),
        name: Some("House of Commons".into()),
        ..Default::default()
    };
    let l = directory::ensure_legislature(&app.db, &spec)
        .await
        .expect("legislature");
    let roster = parse_directory(UK, Format::EveryPoliticianCsv, None).expect("roster");
    directory::import(&app.db, &l, roster, &mut |_, _| {})
        .await
        .expect("import");
    directory::postcodes::import(&app.db, l.id, POSTCODES, &mut |_, _| {})
        .await
        .expect("postcodes");
    petrel::campaigns::create(&app.db, CAMPAIGN, petrel::campaigns::Format::Toml)
        .await
        .expect("campaign");
}

/// A page as a browser without a session gets it: its status and body.
async fn page(app: &TestApp, path: &str) -> (u16, String) {
    app.page_as(path, None).await
}

/// Windsor's area id (Adam Afriyie's constituency, where postcode SL4 1AA is).
async fn windsor(app: &TestApp) -> String {
    app.query_i64("SELECT id FROM areas WHERE name = 'Windsor'")
        .await
        .to_string()
}

/// Writes to the MPs of `area` (an area id) in `locale`; returns the response.
async fn draft(
    app: &TestApp,
    locale: &str,
    area: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = form_token::issue_at(&app.app.app.vault, now_ms() - 10_000);
    let mut all = vec![
        ("slug", SLUG),
        ("locale", locale),
        ("legislature", "uk-commons"),
        ("area", area),
        ("form_token", token.as_str()),
        ("website", ""),
    ];
    all.extend_from_slice(fields);
    app.post_as("/api/letters/draft", None, &all).await
}

/// Sends off the previewed letter whose preview token is `token` (the preview's button).
async fn submit(app: &TestApp, locale: &str, token: &str) -> reqwest::Response {
    app.post_as(
        "/api/letters/submit",
        None,
        &[("locale", locale), ("token", token)],
    )
    .await
}

/// Confirms the letter whose confirmation token is `token` (the button behind the emailed link).
async fn confirm(app: &TestApp, locale: &str, token: &str) -> reqwest::Response {
    app.post_as(
        "/api/letters/confirm",
        None,
        &[("locale", locale), ("token", token)],
    )
    .await
}

/// Withdraws (if it has not gone) and erases the letter whose management token is `token`.
async fn erase(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_as(
        "/api/letters/erase",
        None,
        &[("locale", "en"), ("token", token)],
    )
    .await
}

/// The `Location` a response redirects to (empty if none).
fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The token in a link such as `/en/letters/preview?token=…`.
fn token_in(link: &str) -> String {
    link.split("token=").nth(1).expect("token").to_owned()
}

/// The first address a message is sent to.
fn recipient<'a>(message: &'a Message<'_>) -> Option<&'a str> {
    message
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
}

/// Whether the raw message `raw` is sent to `address`.
fn is_to(raw: &[u8], address: &str) -> bool {
    recipient(&parse(raw)) == Some(address)
}

/// Looks `postcode` up as the campaign page's form does (a post, so that the postcode never
/// appears in a URL) and opens the writing page it leads to; a postcode that finds nothing gives
/// the form's page again, with the error.
async fn write_page_for(app: &TestApp, locale: &str, slug: &str, postcode: &str) -> (u16, String) {
    let res = app
        .post_as(
            "/api/letters/find-area",
            None,
            &[
                ("slug", slug),
                ("locale", locale),
                ("legislature", "uk-commons"),
                ("postcode", postcode),
            ],
        )
        .await;
    if res.status() != 303 {
        let status = res.status().as_u16();
        return (status, res.text().await.expect("body"));
    }
    let to = location(&res);
    let compact = postcode.replace(' ', "").to_uppercase();
    assert!(
        !to.to_uppercase().replace(['+', ' '], "").contains(&compact) && !to.contains("postcode"),
        "the postcode is not in the address: {to}"
    );
    page(app, &to).await
}

/// Writes to Windsor's MP as `email`, sends it off and confirms it from the email read from the
/// SMTP server.
async fn send_letter(app: &TestApp, email: &str) {
    let area = windsor(app).await;
    let body = format!(
        "Dear Adam Afriyie,\n\nPlease support protection for Russians who fled the war. ({email})\n\n{{sender}}"
    );
    let res = draft(
        app,
        "en",
        &area,
        &[
            ("subject", "Protection"),
            ("body", &body),
            ("name", "Jane Writer"),
            ("email", email),
            ("town", "Windsor"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = submit(app, "en", &token_in(&location(&res))).await;
    assert_eq!(res.status(), 303);
    app.run_jobs().await;
    let mut confirmation = None;
    for _ in 0..200 {
        confirmation = app
            .smtp()
            .raw_messages()
            .into_iter()
            .find(|m| is_to(m, email));
        if confirmation.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let link = link_in(
        &confirmation.expect("confirmation email"),
        "/letters/confirm?token=",
        &app.address,
    );
    let res = confirm(app, "en", &token_in(&link)).await;
    assert_eq!(res.status(), 303);
}

/// The `n` characters of `html` after `marker` (empty if it is not there).
fn after(html: &str, marker: &str, n: usize) -> String {
    html.split_once(marker)
        .map(|(_, rest)| rest.chars().take(n).collect())
        .unwrap_or_default()
}

/// The headers of an email as a bounce quotes them.
fn quoted_headers(message: &[u8]) -> String {
    let end = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| message.windows(2).position(|w| w == b"\n\n"))
        .expect("headers");
    String::from_utf8_lossy(&message[..end]).into_owned()
}

/// A delivery status notification (RFC 3464) with `action` about the message whose headers
/// are `quoted`, as a mail server sends it to the bounce address.
fn report(action: &str, quoted: &str) -> String {
    format!(
        "From: MAILER-DAEMON@parliament.uk\r\nTo: bounces@petrel.test\r\n\
         Subject: Delivery Status Notification\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nA report about your message.\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.parliament.uk\r\n\r\n\
         Final-Recipient: rfc822; adam.afriyie.mp@parliament.uk\r\nAction: {action}\r\nStatus: 2.0.0\r\n\
         --b\r\nContent-Type: text/rfc822-headers\r\n\r\n{quoted}\r\n--b--\r\n"
    )
}

/// The letter (to Adam Afriyie) that `send_letter(…, email)` wrote.
fn letter_of<'a>(mail: &'a [Vec<u8>], email: &str) -> &'a [u8] {
    mail.iter()
        .find(|m| {
            let p = parse(m);
            recipient(&p) == Some("adam.afriyie.mp@parliament.uk")
                && p.body_text(0)
                    .is_some_and(|t| t.contains(&format!("({email})")))
        })
        .expect("the letter")
}
