//! Writing to one's representatives as a browser without JavaScript does: the campaign page's
//! postcode form, the writing page (by postcode, or by the area list), the letter form, the
//! preview, sending it off, the confirmation email from a real SMTP server, the confirm button,
//! and the letter arriving at the SMTP server addressed to the MP with the writer's Reply-To, in
//! the campaign text's language. Both databases.
use crate::helpers::{TestApp, backends, link_in, parse, spawn_app_with_smtp};
use app::letters::ssr::{Report, read_report, record_report, settle_deliveries};
use app::ssr::abuse::form_token;
use app::ssr::directory::source::{Format, parse as parse_directory};
use app::ssr::directory::{self, LegislatureSpec};
use app::ssr::time::now_ms;
use sea_orm::ConnectionTrait;

const UK: &[u8] = include_bytes!("../data/uk-commons-term-57.csv");
const POSTCODES: &[u8] = include_bytes!("../data/uk-postcodes-sample.csv");
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

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    app.page_as(path, None).await
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

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_letter_goes_from_postcode_to_the_mps_inbox() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;

        // The campaign page asks for a postcode.
        let (status, html) = page(&app, &format!("/en/campaigns/{SLUG}")).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(html.contains("Write to your representatives"));
        assert!(html.contains(r#"name="postcode""#));
        assert!(html.contains("0 letters sent"));

        // By postcode: Windsor's MP, and the suggested letter addressed to him.
        let (status, html) = page(
            &app,
            &format!("/en/campaigns/{SLUG}/write?legislature=uk-commons&postcode=sl4+1aa"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(html.contains("Who represents Windsor"), "{html}");
        assert!(html.contains("Adam Afriyie"));
        assert!(html.contains("Dear Adam Afriyie,"));
        assert!(html.contains("Say why this matters to you."));
        // Petrel signs the letter itself: the suggested text shows no sign-off to type over.
        assert!(
            !html.contains("{sender}") && !html.contains("{town}"),
            "{html}"
        );
        let windsor = app
            .query_i64("SELECT id FROM areas WHERE name = 'Windsor'")
            .await;

        // An unknown postcode: said so, and the list of areas to choose from.
        let (_, html) = page(
            &app,
            &format!("/en/campaigns/{SLUG}/write?legislature=uk-commons&postcode=EC1A+1BB"),
        )
        .await;
        assert!(html.contains("We could not find this postcode."));
        assert!(html.contains(&format!(r#"<option value="{windsor}">Windsor</option>"#)));
        // Picking the area from the list leads to the same page.
        let (_, html) = page(
            &app,
            &format!("/en/campaigns/{SLUG}/write?legislature=uk-commons&area={windsor}"),
        )
        .await;
        assert!(html.contains("Dear Adam Afriyie,"));

        // Bad input: explained by the fields, nothing stored.
        let area = windsor.to_string();
        let res = draft(
            &app,
            "en",
            &area,
            &[
                ("subject", ""),
                ("body", "Too short."),
                ("name", "Jane Writer"),
                ("email", "not-an-address"),
                ("town", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("body");
        for message in [
            "Enter a subject",
            "Write at least 50 characters",
            "Enter your town or city.",
        ] {
            assert!(html.contains(message), "{message}");
        }
        assert!(html.contains("Too short."), "what was typed stays");
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM letters").await, 0);

        // A good letter: saved, not sent, and previewed exactly.
        let body = "Dear Adam Afriyie,\n\nMy neighbour fled Moscow after she was arrested at a protest. \
                    Please support protection for people like her.\n\n{sender}, {town}";
        let good = [
            ("subject", "Protection for Russians who fled the war"),
            ("body", body),
            ("name", "Jane Writer"),
            ("email", "jane.writer@example.org"),
            ("town", "Windsor"),
            ("address", "1 High Street\nWindsor SL4 1AA"),
        ];
        let res = draft(&app, "en", &area, &good).await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let preview = location(&res);
        assert!(
            preview.starts_with("/en/letters/preview?token="),
            "{preview}"
        );
        let (status, html) = page(&app, &preview).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Adam Afriyie &lt;adam.afriyie.mp@parliament.uk&gt;"),
            "{html}"
        );
        assert!(html.contains("Jane Writer &lt;jane.writer@example.org&gt;"));
        assert!(
            html.contains("Please support protection for people like her.\n\nJane Writer, Windsor")
        );
        // The signature block and the footer, exactly as the MP will get them.
        assert!(
            html.contains("Jane Writer\n1 High Street\nWindsor SL4 1AA\njane.writer@example.org"),
            "{html}"
        );
        assert!(html.contains("Sent by Jane Writer through Petrel"));
        assert!(
            html.contains(r#"value="0""#),
            "no letter sent yet to compare with"
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letters WHERE state = 'new'")
                .await,
            1
        );
        // Sealed: none of what she typed is in the table as text.
        let raw: String = sea_orm::ConnectionTrait::query_one_raw(
            &app.db,
            sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COALESCE(sender_sealed, '') || COALESCE(content_sealed, '') || fingerprint AS all_text FROM letters",
            ),
        )
        .await
        .expect("query")
        .expect("row")
        .try_get("", "all_text")
        .expect("text");
        for plain in ["Jane", "jane.writer", "Windsor", "neighbour", "High Street"] {
            assert!(!raw.contains(plain), "{plain} stored in the clear");
        }

        // Sent off: a confirmation email, nothing to the MP yet.
        let token = preview.split("token=").nth(1).expect("token").to_owned();
        let submit = || async {
            app.post_as(
                "/api/letters/submit",
                None,
                &[("locale", "en"), ("token", &token)],
            )
            .await
        };
        let res = submit().await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), format!("/en/campaigns/{SLUG}/letter-sent"));
        assert_eq!(submit().await.status(), 303, "pressing twice is harmless");
        app.run_jobs().await;
        let mail = app.smtp().wait_for(1).await;
        assert_eq!(mail.len(), 1, "one confirmation email");
        let confirmation = parse(&mail[0]);
        assert_eq!(
            confirmation
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some("jane.writer@example.org")
        );
        assert_eq!(confirmation.subject(), Some("Please confirm your letter"));
        let link = link_in(&mail[0], "/letters/confirm?token=", &app.address);

        // The link opens a page; its button confirms.
        let (status, html) = page(&app, &link).await;
        assert_eq!(status, 200);
        assert!(html.contains("Send my letter"));
        let confirm_token = link.split("token=").nth(1).expect("token").to_owned();
        let confirm = || async {
            app.post_as(
                "/api/letters/confirm",
                None,
                &[("locale", "en"), ("token", &confirm_token)],
            )
            .await
        };
        let res = confirm().await;
        assert_eq!(res.status(), 303);
        let confirmed = location(&res);
        assert!(
            confirmed.starts_with(&format!("/en/campaigns/{SLUG}/letter-confirmed?letter=")),
            "{confirmed}"
        );
        assert_eq!(
            confirm().await.status(),
            303,
            "confirming twice is harmless"
        );
        // The page says where the letter goes, and links to the letter's own page.
        let (status, html) = page(&app, &confirmed).await;
        assert_eq!(status, 200);
        assert!(
            after(&html, "<strong>Adam Afriyie</strong>", 40).contains("on its way."),
            "{html}"
        );
        assert!(html.contains("/en/letters/manage?token="));
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        let letters: Vec<_> = mail
            .iter()
            .filter(|m| {
                parse(m)
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    == Some("adam.afriyie.mp@parliament.uk")
            })
            .collect();
        assert_eq!(letters.len(), 1, "delivered once");
        let delivered = parse(letters[0]);
        assert_eq!(
            delivered
                .reply_to()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some("jane.writer@example.org")
        );
        assert_eq!(
            delivered.subject(),
            Some("Protection for Russians who fled the war")
        );
        let text = delivered.body_text(0).expect("text").into_owned();
        assert!(text.contains("My neighbour fled Moscow"), "{text}");
        assert!(
            text.contains(
                "Jane Writer, Windsor\n\nJane Writer\n1 High Street\nWindsor SL4 1AA\njane.writer@example.org\n"
            ),
            "{text}"
        );
        assert!(text.contains("Reply to this message to answer Jane Writer directly."));
        assert_eq!(
            delivered.header_raw("Content-Language").map(str::trim),
            Some("en")
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letters WHERE state = 'sent'")
                .await,
            1
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letter_deliveries WHERE state = 'sent'")
                .await,
            1
        );
        let (_, html) = page(&app, &format!("/en/campaigns/{SLUG}")).await;
        assert!(html.contains("1 letter sent"));
        assert!(
            html.contains(r#"<td>Adam Afriyie</td><td>Windsor</td><td class="num">1</td>"#),
            "delivered letters per representative"
        );

        // The same letter again is called nearly identical before it is sent.
        let res = draft(&app, "ru", &area, &good).await;
        assert_eq!(res.status(), 303);
        let (_, html) = page(&app, &location(&res)).await;
        assert!(html.contains(r#"value="100""#), "{html}");
        assert!(html.contains("почти совпадает"));
        // Written from the Russian page, an English letter is still an English letter.
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letters WHERE locale = 'en'")
                .await,
            2
        );
        app.assert_no_jobs_left().await;
    }
}

/// Whatever the writer deletes from the text, the MP can tell a constituent: Petrel adds the
/// signature block (name, town, the postcode that found the area, email). And a Russian writer's
/// English letter reaches a UK MP in English all round — the footer and `Content-Language` —
/// while Petrel's own emails to the writer stay in Russian.
#[tokio::test]
async fn the_letter_is_signed_and_goes_out_in_its_own_language() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let (_, html) = page(
            &app,
            &format!("/ru/campaigns/{SLUG}/write?legislature=uk-commons&postcode=sl4+1aa"),
        )
        .await;
        assert!(
            html.contains(r#"name="postcode" value="SL4 1AA""#),
            "{html}"
        );
        let area = app
            .query_i64("SELECT id FROM areas WHERE name = 'Windsor'")
            .await
            .to_string();
        // Sent back faster than anyone writes: told so (it used to say "expired"), nothing kept.
        let fresh = form_token::issue_at(&app.app.app.vault, now_ms());
        let res = app
            .post_as(
                "/api/letters/draft",
                None,
                &[
                    ("slug", SLUG),
                    ("locale", "en"),
                    ("legislature", "uk-commons"),
                    ("area", area.as_str()),
                    ("form_token", fresh.as_str()),
                    ("website", ""),
                    ("subject", "Protection"),
                    (
                        "body",
                        &"Please protect the people who fled the war. ".repeat(3),
                    ),
                    ("name", "Quick Writer"),
                    ("email", "quick@example.org"),
                    ("town", "Windsor"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("body");
        assert!(html.contains("quicker than a person usually fills in this form"));
        assert!(!html.contains("has expired"));
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM letters").await, 0);
        // Written in English on the Russian page, with no town or name in the text at all.
        let body = "Dear Adam Afriyie,\n\nI fled Moscow in 2022 because I opposed the war, and I \
                    now live in your constituency. Please support protection for people like me.";
        let res = draft(
            &app,
            "ru",
            &area,
            &[
                ("subject", "Protection for Russians who fled the war"),
                ("body", body),
                ("name", "Ivan Petrov"),
                ("email", "ivan@example.org"),
                ("town", "Windsor"),
                ("postcode", "SL4 1AA"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let preview = location(&res);
        assert!(
            preview.starts_with("/ru/letters/preview?token="),
            "{preview}"
        );
        let (_, html) = page(&app, &preview).await;
        assert!(
            html.contains("Ivan Petrov\nWindsor SL4 1AA\nivan@example.org"),
            "the preview shows the signature: {html}"
        );
        assert!(
            html.contains("Sent by Ivan Petrov through Petrel"),
            "and the footer in the letter's language"
        );
        assert_eq!(
            app.query_text("SELECT locale FROM letters").await,
            "en",
            "{backend:?}"
        );
        let token = preview.split("token=").nth(1).expect("token").to_owned();
        let res = app
            .post_as(
                "/api/letters/submit",
                None,
                &[("locale", "ru"), ("token", &token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        app.run_jobs().await;
        let mail = app.smtp().wait_for(1).await;
        let confirmation = parse(&mail[0]);
        assert_eq!(
            confirmation.subject(),
            Some("Пожалуйста, подтвердите письмо"),
            "the writer hears in Russian"
        );
        let link = link_in(&mail[0], "/letters/confirm?token=", &app.address);
        assert!(link.starts_with("/ru/"), "{link}");
        let confirm_token = link.split("token=").nth(1).expect("token");
        let res = app
            .post_as(
                "/api/letters/confirm",
                None,
                &[("locale", "ru"), ("token", confirm_token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        app.run_jobs().await;
        let mail = app.smtp().wait_for(2).await;
        let letter = mail
            .iter()
            .map(|m| parse(m))
            .find(|m| {
                m.to().and_then(|a| a.first()).and_then(|a| a.address())
                    == Some("adam.afriyie.mp@parliament.uk")
            })
            .expect("the letter");
        let text = letter.body_text(0).expect("text").into_owned();
        assert!(
            text.contains("people like me.\n\nIvan Petrov\nWindsor SL4 1AA\nivan@example.org\n"),
            "{text}"
        );
        assert!(
            text.contains("Sent by Ivan Petrov through Petrel"),
            "an English footer: {text}"
        );
        assert!(!text.contains("Отправлено"), "{text}");
        assert_eq!(
            letter.header_raw("Content-Language").map(str::trim),
            Some("en")
        );
        app.assert_no_jobs_left().await;
    }
}

/// Letters never sent off or never confirmed are deleted after a week (the clock is moved, not
/// waited for); a sent letter is kept.
#[tokio::test]
async fn unconfirmed_letters_expire_after_a_week() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let area = app
            .query_i64("SELECT id FROM areas WHERE name = 'Windsor'")
            .await
            .to_string();
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
        let token = previews[0].split("token=").nth(1).expect("token");
        let res = app
            .post_as(
                "/api/letters/submit",
                None,
                &[("locale", "en"), ("token", token)],
            )
            .await;
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

/// Writes to Windsor's MP as `email`, sends it off and confirms it from the email read from the
/// SMTP server.
async fn send_letter(app: &TestApp, email: &str) {
    let area = app
        .query_i64("SELECT id FROM areas WHERE name = 'Windsor'")
        .await
        .to_string();
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
    let preview = location(&res);
    let token = preview.split("token=").nth(1).expect("token");
    let res = app
        .post_as(
            "/api/letters/submit",
            None,
            &[("locale", "en"), ("token", token)],
        )
        .await;
    assert_eq!(res.status(), 303);
    app.run_jobs().await;
    let mut confirmation = None;
    for _ in 0..200 {
        confirmation = app.smtp().raw_messages().into_iter().find(|m| {
            parse(m)
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                == Some(email)
        });
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
    let token = link.split("token=").nth(1).expect("token");
    let res = app
        .post_as(
            "/api/letters/confirm",
            None,
            &[("locale", "en"), ("token", token)],
        )
        .await;
    assert_eq!(res.status(), 303);
}

/// At most `daily_cap_per_representative` letters reach one representative in 24 hours; the
/// next waits until the oldest of them is a day old (the clock is moved by ageing the delivery).
#[tokio::test]
async fn a_representative_gets_at_most_the_daily_cap() {
    for backend in backends() {
        let app = crate::helpers::spawn_app_with_smtp_and(backend, |s| {
            s.letters.daily_cap_per_representative = 1;
        })
        .await;
        setup(&app).await;
        send_letter(&app, "first@example.org").await;
        send_letter(&app, "second@example.org").await;
        app.run_jobs().await;
        let to_mp = |mail: &[Vec<u8>]| {
            mail.iter()
                .filter(|m| {
                    parse(m)
                        .to()
                        .and_then(|a| a.first())
                        .and_then(|a| a.address())
                        == Some("adam.afriyie.mp@parliament.uk")
                })
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
        let app = crate::helpers::spawn_app_with_smtp_and(backend, |s| {
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

/// Two weeks after delivery the writer is asked "did you get a reply?" (once), reminded a week
/// later (once), and answers from the emailed link; the public figures appear only with enough
/// answers. The clock is moved, not waited for.
#[tokio::test]
async fn writers_are_asked_about_replies_and_figures_need_enough_answers() {
    for backend in backends() {
        let app = crate::helpers::spawn_app_with_smtp_and(backend, |s| {
            s.letters.min_answers = 2;
        })
        .await;
        setup(&app).await;
        send_letter(&app, "first@example.org").await;
        send_letter(&app, "second@example.org").await;
        app.run_jobs().await;
        app.smtp().wait_for(4).await;
        let day = 24 * 3600 * 1000;
        // As the hourly job does: letters past the bounce window are delivered, then asked about.
        let follow_up = |at: i64| {
            let app = &app;
            async move {
                app::letters::ssr::settle_deliveries(&app.db, at, 72)
                    .await
                    .expect("settle");
                app::letters::ssr::follow_up(&app.db, &app.app.app.vault, at)
                    .await
                    .expect("follow up")
            }
        };
        assert_eq!(follow_up(now_ms() + 13 * day).await, (0, 0), "{backend:?}");
        assert_eq!(follow_up(now_ms() + 15 * day).await, (2, 0));
        assert_eq!(follow_up(now_ms() + 16 * day).await, (0, 0), "asked once");
        app.run_jobs().await;
        let mail = app.smtp().wait_for(6).await;
        let question = mail
            .iter()
            .find(|m| {
                let p = parse(m);
                p.subject() == Some("Did you get a reply?")
                    && p.to().and_then(|a| a.first()).and_then(|a| a.address())
                        == Some("first@example.org")
            })
            .expect("the question");
        let text = parse(question).body_text(0).expect("text").into_owned();
        assert!(text.contains("went to Adam Afriyie"), "{text}");
        let link = link_in(question, "/letters/reply?token=", &app.address);

        // The first writer answers; the second does not and is reminded a week later, once.
        let (status, html) = page(&app, &link).await;
        assert_eq!(status, 200);
        assert!(html.contains("Adam Afriyie replied"));
        let token = link.split("token=").nth(1).expect("token").to_owned();
        let delivery = app
            .query_i64(
                "SELECT d.id FROM letter_deliveries d JOIN letters l ON l.id = d.letter_id \
                 ORDER BY l.id LIMIT 1",
            )
            .await
            .to_string();
        let answer = |reply: &'static str| {
            let (token, delivery) = (token.clone(), delivery.clone());
            let app = &app;
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
        let (_, html) = page(&app, &link).await;
        assert!(html.contains("you told us they replied"));
        assert_eq!(
            follow_up(now_ms() + 23 * day).await,
            (0, 1),
            "only the second writer"
        );
        assert_eq!(
            follow_up(now_ms() + 30 * day).await,
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

        // One answer: below the minimum of two, nothing is shown.
        let (_, html) = page(&app, &format!("/en/campaigns/{SLUG}")).await;
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
        let (_, html) = page(&app, &format!("/en/campaigns/{SLUG}")).await;
        assert!(html.contains("Who replies"), "{backend:?}");
        assert!(
            html.contains(r#"<td>Adam Afriyie</td><td class="num">2</td><td class="num">50%</td>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<td>Conservative</td><td class="num">2</td><td class="num">50%</td>"#)
        );
        assert!(html.contains(
            r#"<td>House of Commons</td><td class="num">2</td><td class="num">50%</td>"#
        ));
        app.assert_no_jobs_left().await;
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
            .find(|m| {
                m.to().and_then(|a| a.first()).and_then(|a| a.address())
                    == Some("adam.afriyie.mp@parliament.uk")
            })
            .expect("the digest");
        assert_eq!(
            digest
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some("adam.afriyie.mp@parliament.uk")
        );
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
            .find(|m| {
                parse(m)
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    == Some("adam.afriyie.mp@parliament.uk")
            })
            .expect("the letter");
        let quoted = quoted_headers(original);
        assert!(quoted.contains("X-Petrel-Letter: "), "{quoted}");
        let dsn = report("failed", &quoted);
        let vault = &app.app.app.vault;
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
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        let told = mail
            .iter()
            .map(|m| parse(m))
            .find(|m| m.subject() == Some("Your letter could not be delivered"))
            .expect("the writer is told");
        assert_eq!(
            told.to().and_then(|a| a.first()).and_then(|a| a.address()),
            Some("first@example.org")
        );
        assert_eq!(told.subject(), Some("Your letter could not be delivered"));
        assert!(
            told.body_text(0)
                .is_some_and(|t| t.contains("Adam Afriyie"))
        );
        app.assert_no_jobs_left().await;
    }
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
            p.to().and_then(|a| a.first()).and_then(|a| a.address())
                == Some("adam.afriyie.mp@parliament.uk")
                && p.body_text(0)
                    .is_some_and(|t| t.contains(&format!("({email})")))
        })
        .expect("the letter")
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
        let vault = &app.app.app.vault;
        let state_of = |email: &'static str| {
            let app = &app;
            async move {
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
        };
        let sent = ("sent".to_owned(), "sent".to_owned());
        let delivered = ("delivered".to_owned(), "delivered".to_owned());
        assert_eq!(state_of("first@example.org").await, sent, "{backend:?}");

        // An out-of-office reply quoting the letter comes only from a mailbox that got it.
        let auto_reply = format!(
            "From: Adam Afriyie <adam.afriyie.mp@parliament.uk>\r\nTo: bounces@petrel.test\r\n\
             Auto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\n\
             I am away until Monday.\r\n\r\n> {}\r\n",
            quoted_headers(letter_of(&mail, "second@example.org")).replace("\n", "\n> ")
        );
        let (id, verdict) = read_report(vault, auto_reply.as_bytes()).expect("the letter");
        assert_eq!(verdict, Report::Delivered);
        assert!(
            record_report(&app.db, vault, id, verdict)
                .await
                .expect("report")
        );
        assert_eq!(state_of("second@example.org").await, delivered);

        // "Delayed" says nothing yet; "delivered" does.
        let quoted = quoted_headers(letter_of(&mail, "first@example.org"));
        let (id, verdict) =
            read_report(vault, report("delayed", &quoted).as_bytes()).expect("letter");
        assert_eq!(verdict, Report::Pending);
        assert!(
            !record_report(&app.db, vault, id, verdict)
                .await
                .expect("report")
        );
        assert_eq!(state_of("first@example.org").await, sent);
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
        assert_eq!(state_of("first@example.org").await, delivered);

        // The third hears nothing: delivered once the window has passed, not before.
        let hour = 3600 * 1000;
        assert_eq!(
            settle_deliveries(&app.db, now_ms() + 71 * hour, 72)
                .await
                .expect("settle"),
            0
        );
        assert_eq!(state_of("third@example.org").await, sent);
        assert_eq!(
            settle_deliveries(&app.db, now_ms() + 73 * hour, 72)
                .await
                .expect("settle"),
            1
        );
        assert_eq!(state_of("third@example.org").await, delivered);

        // The writer sees it on their letter's page.
        let letter = app
            .query_i64(&format!(
                "SELECT id FROM letters WHERE email_hash = '{}'",
                vault.lookup_hash("letters.email", "third@example.org")
            ))
            .await;
        let token = app::letters::ssr::manage_token(vault, letter);
        let (status, html) = page(&app, &format!("/en/letters/manage?token={token}")).await;
        assert_eq!(status, 200);
        assert!(
            after(&html, "<strong>Adam Afriyie</strong>", 40).contains("delivered."),
            "{html}"
        );

        // A bounce that comes late still counts: failed, and the writer is told.
        let quoted = quoted_headers(letter_of(&mail, "third@example.org"));
        let (id, verdict) =
            read_report(vault, report("failed", &quoted).as_bytes()).expect("letter");
        assert_eq!(verdict, Report::Failed);
        assert!(
            record_report(&app.db, vault, id, verdict)
                .await
                .expect("report")
        );
        assert_eq!(
            state_of("third@example.org").await,
            ("failed".to_owned(), "failed".to_owned())
        );
        app.run_jobs().await;
        let mail = app.smtp().wait_for(7).await;
        assert!(mail.iter().any(|m| {
            let p = parse(m);
            p.subject() == Some("Your letter could not be delivered")
                && p.to().and_then(|a| a.first()).and_then(|a| a.address())
                    == Some("third@example.org")
        }));
        // Delivered letters count on the campaign page; the failed one does not.
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM letter_deliveries WHERE state = 'delivered'")
                .await,
            2
        );
        app.assert_no_jobs_left().await;
    }
}

/// Representatives the directory has no email address for get the letter by post: the writer
/// is told before writing, confirms as usual, and prints the letter — with the postal address
/// where the directory has one — from the page the confirmation leads to. Nothing is emailed
/// but the writer's confirmation, and nothing counts as delivered.
#[tokio::test]
async fn representatives_without_email_get_a_letter_to_print() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
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
        let (status, html) = page(&app, &format!("/en/campaigns/{SLUG}/write?area={area}")).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(html.contains("<strong>Julian Lewis</strong>"), "{html}");
        assert!(html.contains("None of them can be reached by email"));
        assert!(html.contains("London SW1A 0AA"));
        assert!(
            html.contains(r#"id="letter-heading""#),
            "the letter form is shown"
        );

        let res = draft(
            &app,
            "en",
            &area,
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
        let (_, html) = page(&app, &preview).await;
        assert!(
            after(&html, "<dt>By post</dt>", 40).contains("Julian Lewis"),
            "{html}"
        );
        let token = preview.split("token=").nth(1).expect("token").to_owned();
        let res = app
            .post_as(
                "/api/letters/submit",
                None,
                &[("locale", "en"), ("token", &token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        app.run_jobs().await;
        let mail = app.smtp().wait_for(1).await;
        let link = link_in(&mail[0], "/letters/confirm?token=", &app.address);
        let confirm = link.split("token=").nth(1).expect("token").to_owned();
        let res = app
            .post_as(
                "/api/letters/confirm",
                None,
                &[("locale", "en"), ("token", &confirm)],
            )
            .await;
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
        app.run_jobs().await;
        app.assert_no_jobs_left().await;
        assert_eq!(
            app.smtp().raw_messages().len(),
            1,
            "only the confirmation went"
        );

        // The confirmed page links to the printable letter.
        let (status, html) = page(&app, &confirmed).await;
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
        let (status, html) = page(&app, &print).await;
        assert_eq!(status, 200);
        for part in [
            "Jane Writer\n1 Quay Street\nLymington SO41 3AS",
            "Julian Lewis\nHouse of Commons\nLondon SW1A 0AA",
            "<strong>Protection for Russian exiles</strong>",
            "Please support protection for Russians who fled the war.",
        ] {
            assert!(html.contains(part), "{part}: {html}");
        }
        // Not another delivery, not someone else's letter.
        let (status, _) = page(&app, &print.replace("delivery=", "delivery=9")).await;
        assert_eq!(status, 404);
        let (status, _) = page(&app, &print.replace("token=", "token=9")).await;
        assert_eq!(status, 404);
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM letter_deliveries WHERE state IN ('sent', 'delivered')"
            )
            .await,
            0,
            "a printed letter is not counted as delivered"
        );
        // Once erased, there is nothing left to print.
        let manage = confirmed.split("letter=").nth(1).expect("token").to_owned();
        let res = app
            .post_as(
                "/api/letters/erase",
                None,
                &[("locale", "en"), ("token", &manage)],
            )
            .await;
        assert_eq!(res.status(), 303);
        let (status, _) = page(&app, &print).await;
        assert_eq!(status, 404);
    }
}

/// A campaign can require the writer's postal address: the form says so, a letter without it is
/// refused with the reason and nothing is saved, and with it the letter goes on.
#[tokio::test]
async fn a_campaign_can_require_the_writers_address() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        app.db
            .execute_unprepared(
                "UPDATE campaigns SET letter_requires_address = true WHERE kind = 'letter'",
            )
            .await
            .expect("setting");
        app.app.app.campaigns.invalidate(SLUG);
        let area = app
            .query_i64("SELECT id FROM areas WHERE name = 'Windsor'")
            .await
            .to_string();
        let (_, html) = page(&app, &format!("/en/campaigns/{SLUG}/write?area={area}")).await;
        assert!(
            html.contains("answer only constituents whose address they can check"),
            "{backend:?}"
        );
        let letter = |address: &'static str| {
            let (app, area) = (&app, area.clone());
            async move {
                draft(
                    app,
                    "en",
                    &area,
                    &[
                        ("subject", "Protection"),
                        ("body", "Dear Adam Afriyie,\n\nPlease support protection for Russians who fled the war."),
                        ("name", "Jane Writer"),
                        ("email", "jane@example.org"),
                        ("town", "Windsor"),
                        ("address", address),
                    ],
                )
                .await
            }
        };
        let res = letter("  ").await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("Enter your postal address")
        );
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM letters").await, 0);
        assert_eq!(letter("1 High Street\nWindsor SL4 1AA").await.status(), 303);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM letters").await, 1);
    }
}

/// `{title}` is what the legislature's members are called, given on import ("MP"); without one
/// it goes with the space before it.
#[tokio::test]
async fn the_title_placeholder_is_the_members_title() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let path = format!("/en/campaigns/{SLUG}/write?legislature=uk-commons&postcode=SL4+1AA");
        let (_, html) = page(&app, &path).await;
        assert!(html.contains("Dear Adam Afriyie,"), "{backend:?}: {html}");
        // Imported again with the title (as `--title MP` does); nothing else changes.
        let spec = LegislatureSpec {
            slug: "uk-commons".into(),
            title: Some("MP".into()),
            ..Default::default()
        };
        directory::ensure_legislature(&app.db, &spec)
            .await
            .expect("legislature");
        let (_, html) = page(&app, &path).await;
        assert!(html.contains("Dear Adam Afriyie MP,"), "{html}");
        assert_eq!(
            app.query_text("SELECT name FROM legislatures WHERE slug = 'uk-commons'")
                .await,
            "House of Commons"
        );
    }
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
    assert!(String::from_utf8_lossy(&out.stdout).contains("no Petrel letter in this message"));
}

/// Every email to the writer links to a page that withdraws the letter (if it has not gone) and
/// erases what they wrote; a delivered letter stays counted without them.
#[tokio::test]
async fn writers_withdraw_and_erase_from_the_email_link() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let area = app
            .query_i64("SELECT id FROM areas WHERE name = 'Windsor'")
            .await
            .to_string();
        let res = draft(
            &app,
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
        let token = location(&res)
            .split("token=")
            .nth(1)
            .expect("token")
            .to_owned();
        app.post_as(
            "/api/letters/submit",
            None,
            &[("locale", "en"), ("token", &token)],
        )
        .await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(1).await;
        let manage = link_in(&mail[0], "/letters/manage?token=", &app.address);
        let confirm = link_in(&mail[0], "/letters/confirm?token=", &app.address);
        let (status, html) = page(&app, &manage).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(html.contains("It has not gone yet"));
        // A tampered link finds nothing.
        let (status, _) = page(&app, &format!("{manage}x")).await;
        assert_eq!(status, 404);
        let manage_token = manage.split("token=").nth(1).expect("token").to_owned();
        let res = app
            .post_as(
                "/api/letters/erase",
                None,
                &[("locale", "en"), ("token", &manage_token)],
            )
            .await;
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
        let (_, html) = page(&app, &confirm).await;
        assert!(
            html.contains("This link is not valid"),
            "the confirm link is dead"
        );
        let (_, html) = page(&app, &manage).await;
        assert!(html.contains("has been erased already"));

        // A delivered letter: erased, still counted.
        send_letter(&app, "second@example.org").await;
        app.run_jobs().await;
        app.smtp().wait_for(3).await;
        let mail = app.smtp().raw_messages();
        let second = mail
            .iter()
            .find(|m| {
                parse(m)
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    == Some("second@example.org")
            })
            .expect("confirmation");
        let manage = link_in(second, "/letters/manage?token=", &app.address);
        let (_, html) = page(&app, &manage).await;
        assert!(html.contains("It has already gone"), "{html}");
        let manage_token = manage.split("token=").nth(1).expect("token").to_owned();
        app.post_as(
            "/api/letters/erase",
            None,
            &[("locale", "en"), ("token", &manage_token)],
        )
        .await;
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM letters WHERE state = 'sent' AND sender_sealed IS NULL"
            )
            .await,
            1
        );
        let (_, html) = page(&app, &format!("/en/campaigns/{SLUG}")).await;
        assert!(html.contains("1 letter sent"));
    }
}

/// Targets can be narrowed to some parties or areas, and a campaign can write to a fixed list of
/// recipients (a ministry) whatever the writer's area.
#[tokio::test]
async fn filtered_targets_and_fixed_recipients() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let campaign = |slug: &str, targets: &str| {
            format!(
                "slug = \"{slug}\"\nkind = \"letter\"\ndefault_locale = \"en\"\n{targets}\n\
                 [texts.en]\ntitle = \"T\"\nsummary = \"S\"\naddressee = \"A\"\nbody = \"B\"\n\
                 letter_subject = \"Subject\"\nletter_body = \"Dear {{representative}},\\n\\nPlease help.\"\n"
            )
        };
        for (slug, targets) in [
            (
                "labour-only",
                "[[targets]]\nlegislature = \"uk-commons\"\nparties = [\"labour\"]",
            ),
            (
                "gravesham-only",
                "[[targets]]\nlegislature = \"uk-commons\"\nareas = [\"uk.org.publicwhip/cons/257\"]",
            ),
            (
                "to-the-home-office",
                "[[recipients]]\nname = \"Home Office\"\nemail = \"public.enquiries@homeoffice.example\"",
            ),
        ] {
            petrel::campaigns::create(
                &app.db,
                &campaign(slug, targets),
                petrel::campaigns::Format::Toml,
            )
            .await
            .unwrap_or_else(|e| panic!("{slug}: {e:?}"));
        }
        let outside = "This campaign writes to the representatives of some areas only";
        // Windsor's MP is a Conservative: nobody to write to for a Labour-only campaign.
        let (_, html) = page(
            &app,
            "/en/campaigns/labour-only/write?legislature=uk-commons&postcode=SL4+1AA",
        )
        .await;
        assert!(html.contains(outside), "{backend:?}");
        // West Bromwich West's MP is Labour (Co-operative is another group): still nobody.
        let (_, html) = page(
            &app,
            "/en/campaigns/labour-only/write?legislature=uk-commons&postcode=B70+6AA",
        )
        .await;
        assert!(html.contains(outside));
        // An area filter: Windsor is outside; the list offers Gravesham only.
        let (_, html) = page(
            &app,
            "/en/campaigns/gravesham-only/write?legislature=uk-commons&postcode=SL4+1AA",
        )
        .await;
        assert!(html.contains(outside));
        assert!(html.contains(">Gravesham</option>"));
        assert!(!html.contains(">Windsor</option>"));
        let (_, html) = page(
            &app,
            "/en/campaigns/gravesham-only/write?legislature=uk-commons&postcode=DA11+0XY",
        )
        .await;
        assert!(html.contains("Dear Adam Holloway,"));
        // Fixed recipients: no postcode asked, straight to the letter.
        let (_, html) = page(&app, "/en/campaigns/to-the-home-office").await;
        assert!(html.contains("Write to your representatives"));
        let (status, html) = page(&app, "/en/campaigns/to-the-home-office/write").await;
        assert_eq!(status, 200);
        assert!(html.contains("Dear Home Office,"), "{html}");
        assert!(!html.contains(r#"name="postcode""#));
    }
}

/// An organizer writes a letter campaign in the browser (forms as without JavaScript): kind,
/// legislature written to, the suggested letter; an admin approves it; writers can use it.
#[tokio::test]
async fn letter_campaigns_are_written_in_the_browser() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let (org, csrf) = app
            .signed_in("org@example.org", app::ssr::accounts::ORGANIZER)
            .await;
        let (admin, admin_csrf) = app
            .signed_in("admin@example.org", app::ssr::accounts::ADMIN)
            .await;
        let post = |path: &'static str, cookie: String, fields: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_as(path, Some(&cookie), &pairs).await
            }
        };
        let slug = "write-to-parliament";
        let common = |token: &str| {
            vec![
                ("csrf", token.to_owned()),
                ("locale", "en".to_owned()),
                ("slug", slug.to_owned()),
            ]
        };
        let submitting = |token: &str| {
            let mut fields = common(token);
            fields.push(("then", "submit".to_owned()));
            fields
        };
        let mut create = common(&csrf);
        create.extend([("default_locale", "en".into()), ("kind", "letter".into())]);
        let res = post("/api/admin/campaigns/create", org.clone(), create).await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let editor = format!("/en/admin/campaigns/{slug}");
        let (_, html) = app.page_as(&editor, Some(&org)).await;
        assert!(html.contains("Who receives the letters"));
        assert!(html.contains("House of Commons (GB)"));
        assert!(html.contains("Suggested letter"));
        assert!(
            !html.contains(r#"id="edit-postcode""#),
            "the petition's postcode setting is not offered"
        );

        let mut text = common(&csrf);
        text.extend([
            ("texts[en][title]", "Write to your MP".into()),
            ("texts[en][summary]", "It takes five minutes.".into()),
            ("texts[en][addressee]", "Members of Parliament".into()),
            ("texts[en][body]", "Why it matters.".into()),
            (
                "texts[en][letter_subject]",
                "Protection for Russian exiles".into(),
            ),
            (
                "texts[en][letter_body]",
                "Dear {representative},\n\nPlease protect them.\n\n{sender}".into(),
            ),
            (
                "texts[en][letter_guidance]",
                "Say why it matters to you.".into(),
            ),
        ]);
        assert_eq!(
            post("/api/admin/campaigns/save", org.clone(), text)
                .await
                .status(),
            303
        );
        // Submitting without a legislature to write to is refused with a reason.
        let res = post("/api/admin/campaigns/save", org.clone(), submitting(&csrf)).await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("Choose at least one legislature to write to.")
        );
        let mut target = common(&csrf);
        target.push(("legislature", "uk-commons".into()));
        assert_eq!(
            post("/api/admin/campaigns/target", org.clone(), target)
                .await
                .status(),
            303
        );
        let (_, html) = app.page_as(&editor, Some(&org)).await;
        assert!(html.contains("Stop writing to them"));

        // Only Conservative members; an unknown party is refused and nothing changes.
        let conservative = app
            .query_text("SELECT external_id FROM parties WHERE name = 'Conservative'")
            .await;
        let filter = |value: &str| {
            let mut f = common(&csrf);
            f.extend([
                ("legislature", "uk-commons".into()),
                ("kind", "party".into()),
                ("value", value.to_owned()),
            ]);
            f
        };
        let res = post(
            "/api/admin/campaigns/target-filter",
            org.clone(),
            filter("no-such-party"),
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("There is no such party or area")
        );
        assert_eq!(
            post(
                "/api/admin/campaigns/target-filter",
                org.clone(),
                filter(&conservative)
            )
            .await
            .status(),
            303
        );
        assert_eq!(
            app.query_text(
                "SELECT parties FROM campaign_targets t JOIN campaigns c \
                            ON c.id = t.campaign_id WHERE c.slug = 'write-to-parliament'"
            )
            .await,
            format!("[\"{conservative}\"]")
        );
        let (_, html) = app.page_as(&editor, Some(&org)).await;
        assert!(html.contains("Stop narrowing to them"), "{html}");

        // A fixed recipient besides: a bad address is refused, a good one added.
        let recipient = |name: &str, email: &str| {
            let mut f = common(&csrf);
            f.extend([
                ("recipient_name", name.to_owned()),
                ("recipient_email", email.to_owned()),
            ]);
            f
        };
        let res = post(
            "/api/admin/campaigns/recipient",
            org.clone(),
            recipient("Home Office", "nope"),
        )
        .await;
        assert_eq!(res.status(), 422);
        let res = post(
            "/api/admin/campaigns/recipient",
            org.clone(),
            recipient("", "a@b.example"),
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("Enter the recipient")
        );
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM legislatures WHERE slug = 'write-to-parliament-recipients'"
            )
            .await,
            0,
            "nothing stored for refused forms"
        );
        assert_eq!(
            post(
                "/api/admin/campaigns/recipient",
                org.clone(),
                recipient("Home Office", "public.enquiries@homeoffice.gov.uk")
            )
            .await
            .status(),
            303
        );
        let (_, html) = app.page_as(&editor, Some(&org)).await;
        assert!(
            html.contains("Home Office &lt;public.enquiries@homeoffice.gov.uk&gt;"),
            "{html}"
        );
        assert!(
            !html.contains("(ZZ)"),
            "a list of recipients is not offered as a legislature"
        );
        assert_eq!(
            post("/api/admin/campaigns/save", org.clone(), submitting(&csrf))
                .await
                .status(),
            303
        );
        let mut approve = common(&admin_csrf);
        approve.push(("decision", "approve".into()));
        assert_eq!(
            post("/api/admin/campaigns/review", admin.clone(), approve)
                .await
                .status(),
            303
        );
        let (_, html) = page(
            &app,
            &format!("/en/campaigns/{slug}/write?legislature=uk-commons&postcode=SL4+1AA"),
        )
        .await;
        assert!(html.contains("Dear Adam Afriyie,"), "{html}");
        assert!(html.contains("Say why it matters to you."));
        // A Labour member's area is not written to.
        let labour = app
            .query_i64(
                "SELECT r.area_id FROM representatives r JOIN parties p ON p.id = r.party_id \
                 WHERE p.name = 'Labour' AND r.serving = true ORDER BY r.id LIMIT 1",
            )
            .await;
        let (_, html) = page(
            &app,
            &format!("/en/campaigns/{slug}/write?legislature=uk-commons&area={labour}"),
        )
        .await;
        assert!(
            html.contains("writes to the representatives of some areas only"),
            "{html}"
        );
        // The fixed recipient, whatever the area.
        let (_, html) = page(
            &app,
            &format!("/en/campaigns/{slug}/write?legislature={slug}-recipients"),
        )
        .await;
        assert!(html.contains("<strong>Home Office</strong>"), "{html}");
    }
}
