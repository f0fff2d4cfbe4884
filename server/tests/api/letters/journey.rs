//! A letter's way from the campaign page to the MP's inbox, signed and in its own language, and
//! what a campaign can ask of it: the writer's address, the members' title, whom it writes to.
use super::{
    SLUG, after, confirm, draft, location, page, recipient, setup, submit, token_in, windsor,
    write_page_for,
};
use crate::helpers::{Backend, TestApp, backends, link_in, parse, spawn_app_with_smtp};
use app::directory::ssr::{self as directory, LegislatureSpec};
use app::ssr::abuse::form_token;
use app::ssr::time::now_ms;
use sea_orm::ConnectionTrait;

/// Jane's letter to Adam Afriyie, as she fills in the form.
const JANES_LETTER: [(&str, &str); 6] = [
    ("subject", "Protection for Russians who fled the war"),
    (
        "body",
        "Dear Adam Afriyie,\n\nMy neighbour fled Moscow after she was arrested at a protest. \
         Please support protection for people like her.\n\n{sender}, {town}",
    ),
    ("name", "Jane Writer"),
    ("email", "jane.writer@example.org"),
    ("town", "Windsor"),
    ("address", "1 High Street\nWindsor SL4 1AA"),
];

/// A writer finds their MP by postcode (or the area list), writes, previews, sends off, confirms
/// from the emailed link, and the letter reaches the MP once, with the writer's Reply-To.
#[tokio::test]
async fn a_letter_goes_from_postcode_to_the_mps_inbox() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        the_campaign_page_asks_for_a_postcode(&app, backend).await;
        let area = the_postcode_or_the_area_list_finds_the_mp(&app).await;
        bad_input_is_explained_and_nothing_stored(&app, &area).await;
        let preview = a_good_letter_is_saved_and_previewed(&app, backend, &area).await;
        what_she_typed_is_sealed(&app).await;
        let link = sending_it_off_emails_a_confirmation(&app, &preview).await;
        the_emailed_link_confirms(&app, &link).await;
        the_mp_gets_the_letter_once(&app).await;
        the_same_letter_again_is_nearly_identical(&app, &area).await;
        app.assert_no_jobs_left().await;
    }
}

/// The campaign page asks for a postcode, and no letter is sent yet.
async fn the_campaign_page_asks_for_a_postcode(app: &TestApp, backend: Backend) {
    let (status, html) = page(app, &format!("/en/campaigns/{SLUG}")).await;
    assert_eq!(status, 200, "{backend:?}");
    assert!(html.contains("Write to your representatives"));
    assert!(html.contains(r#"name="postcode""#));
    // Posted, so that the postcode never goes into an address (and from there into logs,
    // histories and Referer headers).
    assert!(
        html.contains(r#"method="post" action="/api/letters/find-area""#)
            || html.contains(r#"action="/api/letters/find-area" method="post""#),
        "{html}"
    );
    assert!(html.contains("0 letters sent"));
}

/// By postcode: Windsor's MP, and the suggested letter addressed to him; an unknown postcode is
/// said so with the list of areas, and picking the area leads to the same page. Returns
/// Windsor's area id.
async fn the_postcode_or_the_area_list_finds_the_mp(app: &TestApp) -> String {
    let (status, html) = write_page_for(app, "en", SLUG, "sl4 1aa").await;
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
    let windsor = windsor(app).await;

    // An unknown postcode: said so, and the list of areas to choose from.
    let (status, html) = write_page_for(app, "en", SLUG, "EC1A 1BB").await;
    assert_eq!(status, 422);
    assert!(
        html.contains(r#"id="write-postcode-error" class="field-error">We could not find"#),
        "said by the field: {html}"
    );
    assert!(html.contains(r#"value="EC1A 1BB""#), "what was typed stays");
    assert!(html.contains(&format!(r#"<option value="{windsor}">Windsor</option>"#)));
    // An address with a postcode in it (as the old form made) looks nothing up.
    let (_, html) = page(
        app,
        &format!("/en/campaigns/{SLUG}/write?legislature=uk-commons&postcode=SL4+1AA"),
    )
    .await;
    assert!(!html.contains("Who represents Windsor"));
    // Picking the area from the list leads to the same page.
    let (_, html) = page(
        app,
        &format!("/en/campaigns/{SLUG}/write?legislature=uk-commons&area={windsor}"),
    )
    .await;
    assert!(html.contains("Dear Adam Afriyie,"));
    windsor
}

/// Bad input: explained by the fields, what was typed stays, nothing stored.
async fn bad_input_is_explained_and_nothing_stored(app: &TestApp, area: &str) {
    let res = draft(
        app,
        "en",
        area,
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
}

/// A good letter: saved, not sent, and previewed exactly as the MP will get it, signature block
/// and footer included. Returns the preview's path.
async fn a_good_letter_is_saved_and_previewed(
    app: &TestApp,
    backend: Backend,
    area: &str,
) -> String {
    let res = draft(app, "en", area, &JANES_LETTER).await;
    assert_eq!(res.status(), 303, "{backend:?}");
    let preview = location(&res);
    assert!(
        preview.starts_with("/en/letters/preview?token="),
        "{preview}"
    );
    let (status, html) = page(app, &preview).await;
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
    preview
}

/// Sealed: none of what she typed is in the table as text.
async fn what_she_typed_is_sealed(app: &TestApp) {
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
}

/// Sent off (pressing twice is harmless): a confirmation email, nothing to the MP yet. Returns
/// the emailed confirmation link.
async fn sending_it_off_emails_a_confirmation(app: &TestApp, preview: &str) -> String {
    let token = token_in(preview);
    let res = submit(app, "en", &token).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/en/campaigns/{SLUG}/letter-sent"));
    assert_eq!(
        submit(app, "en", &token).await.status(),
        303,
        "pressing twice is harmless"
    );
    app.run_jobs().await;
    let mail = app.smtp().wait_for(1).await;
    assert_eq!(mail.len(), 1, "one confirmation email");
    let confirmation = parse(&mail[0]);
    assert_eq!(recipient(&confirmation), Some("jane.writer@example.org"));
    assert_eq!(confirmation.subject(), Some("Please confirm your letter"));
    link_in(&mail[0], "/letters/confirm?token=", &app.address)
}

/// The link opens a page; its button confirms (twice is harmless), and the page it leads to says
/// where the letter goes and links to the letter's own page.
async fn the_emailed_link_confirms(app: &TestApp, link: &str) {
    let (status, html) = page(app, link).await;
    assert_eq!(status, 200);
    assert!(html.contains("Send my letter"));
    let confirm_token = token_in(link);
    let res = confirm(app, "en", &confirm_token).await;
    assert_eq!(res.status(), 303);
    let confirmed = location(&res);
    assert!(
        confirmed.starts_with(&format!("/en/campaigns/{SLUG}/letter-confirmed?letter=")),
        "{confirmed}"
    );
    assert_eq!(
        confirm(app, "en", &confirm_token).await.status(),
        303,
        "confirming twice is harmless"
    );
    // The page says where the letter goes, and links to the letter's own page.
    let (status, html) = page(app, &confirmed).await;
    assert_eq!(status, 200);
    assert!(
        after(&html, "<strong>Adam Afriyie</strong>", 40).contains("on its way."),
        "{html}"
    );
    assert!(html.contains("/en/letters/manage?token="));
}

/// The letter reaches the MP once, with her Reply-To, her text, the signature block and the
/// footer, in English; it counts as sent on the campaign page.
async fn the_mp_gets_the_letter_once(app: &TestApp) {
    app.run_jobs().await;
    let mail = app.smtp().wait_for(2).await;
    let letters: Vec<_> = mail
        .iter()
        .filter(|m| recipient(&parse(m)) == Some("adam.afriyie.mp@parliament.uk"))
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
    let (_, html) = page(app, &format!("/en/campaigns/{SLUG}")).await;
    assert!(html.contains("1 letter sent"));
    assert!(
        html.contains(r#"<td>Adam Afriyie</td><td>Windsor</td><td class="num">1</td>"#),
        "delivered letters per representative"
    );
}

/// The same letter again is called nearly identical before it is sent; written from the Russian
/// page, an English letter is still an English letter.
async fn the_same_letter_again_is_nearly_identical(app: &TestApp, area: &str) {
    let res = draft(app, "ru", area, &JANES_LETTER).await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(app, &location(&res)).await;
    assert!(html.contains(r#"value="100""#), "{html}");
    assert!(html.contains("почти совпадает"));
    // Written from the Russian page, an English letter is still an English letter.
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM letters WHERE locale = 'en'")
            .await,
        2
    );
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
        let (_, html) = write_page_for(&app, "ru", SLUG, "sl4 1aa").await;
        assert!(
            html.contains(r#"name="postcode" value="SL4 1AA""#),
            "{html}"
        );
        let area = windsor(&app).await;
        a_form_sent_back_too_fast_is_told_so(&app, &area).await;
        let preview = the_preview_shows_the_signature_and_footer(&app, backend, &area).await;
        the_writer_confirms_in_russian(&app, &preview).await;
        the_mp_gets_it_signed_and_in_english(&app).await;
        app.assert_no_jobs_left().await;
    }
}

/// Sent back faster than anyone writes: told so (it used to say "expired"), nothing kept.
async fn a_form_sent_back_too_fast_is_told_so(app: &TestApp, area: &str) {
    let fresh = form_token::issue_at(&app.app.app.vault, now_ms());
    let res = app
        .post_as(
            "/api/letters/draft",
            None,
            &[
                ("slug", SLUG),
                ("locale", "en"),
                ("legislature", "uk-commons"),
                ("area", area),
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
}

/// Written in English on the Russian page, with no town or name in the text at all: the
/// preview shows the signature and the footer in the letter's language, and the letter is
/// English. Returns the preview's path.
async fn the_preview_shows_the_signature_and_footer(
    app: &TestApp,
    backend: Backend,
    area: &str,
) -> String {
    let body = "Dear Adam Afriyie,\n\nI fled Moscow in 2022 because I opposed the war, and I \
                now live in your constituency. Please support protection for people like me.";
    let res = draft(
        app,
        "ru",
        area,
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
    let (_, html) = page(app, &preview).await;
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
    preview
}

/// Sent off from the Russian page: the confirmation email and its link are in Russian, and the
/// link's button confirms.
async fn the_writer_confirms_in_russian(app: &TestApp, preview: &str) {
    let res = submit(app, "ru", &token_in(preview)).await;
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
    let res = confirm(app, "ru", &token_in(&link)).await;
    assert_eq!(res.status(), 303);
}

/// The MP gets the letter with Petrel's signature block, an English footer and
/// `Content-Language: en`.
async fn the_mp_gets_it_signed_and_in_english(app: &TestApp) {
    app.run_jobs().await;
    let mail = app.smtp().wait_for(2).await;
    let letter = mail
        .iter()
        .map(|m| parse(m))
        .find(|m| recipient(m) == Some("adam.afriyie.mp@parliament.uk"))
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
        let area = windsor(&app).await;
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
        let path = format!(
            "/en/campaigns/{SLUG}/write?legislature=uk-commons&area={}",
            windsor(&app).await
        );
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
        let (_, html) = write_page_for(&app, "en", "labour-only", "SL4 1AA").await;
        assert!(html.contains(outside), "{backend:?}");
        // West Bromwich West's MP is Labour (Co-operative is another group): still nobody.
        let (_, html) = write_page_for(&app, "en", "labour-only", "B70 6AA").await;
        assert!(html.contains(outside));
        // An area filter: Windsor is outside; the list offers Gravesham only.
        let (_, html) = write_page_for(&app, "en", "gravesham-only", "SL4 1AA").await;
        assert!(html.contains(outside));
        assert!(html.contains(">Gravesham</option>"));
        assert!(!html.contains(">Windsor</option>"));
        let (_, html) = write_page_for(&app, "en", "gravesham-only", "DA11 0XY").await;
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
