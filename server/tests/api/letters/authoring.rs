//! Letter campaigns written in the browser: the organizer chooses whom the letters go to and
//! suggests the letter, an admin approves it, and writers can use it.
use super::{page, setup, write_page_for};
use crate::helpers::{Backend, TestApp, backends, spawn_app_with_smtp};
use app::accounts::ssr::{ADMIN, ORGANIZER};

/// The campaign written in this test.
const NEW_SLUG: &str = "write-to-parliament";

/// Someone signed in who writes or reviews the campaign.
struct Editor<'a> {
    app: &'a TestApp,
    cookie: String,
    csrf: String,
}

impl<'a> Editor<'a> {
    /// A new account with `role`, signed in.
    async fn new(app: &'a TestApp, email: &str, role: &str) -> Editor<'a> {
        let (cookie, csrf) = app.signed_in(email, role).await;
        Editor { app, cookie, csrf }
    }

    /// Posts a form about the campaign, as the editor's page does: the form token, the
    /// language and the campaign's slug, then `fields`.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all = vec![
            ("csrf", self.csrf.as_str()),
            ("locale", "en"),
            ("slug", NEW_SLUG),
        ];
        all.extend_from_slice(fields);
        self.app.post_as(path, Some(&self.cookie), &all).await
    }

    /// The campaign's editor page.
    async fn editor_page(&self) -> String {
        let editor = format!("/en/admin/campaigns/{NEW_SLUG}");
        self.app.page_as(&editor, Some(&self.cookie)).await.1
    }
}

/// An organizer writes a letter campaign in the browser (forms as without JavaScript): kind,
/// legislature written to, the suggested letter; an admin approves it; writers can use it.
#[tokio::test]
async fn letter_campaigns_are_written_in_the_browser() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        setup(&app).await;
        let org = Editor::new(&app, "org@example.org", ORGANIZER).await;
        let admin = Editor::new(&app, "admin@example.org", ADMIN).await;
        the_editor_offers_what_letters_need(&org, backend).await;
        the_suggested_letter_is_written(&org).await;
        it_needs_a_legislature_to_write_to(&org).await;
        it_is_narrowed_to_one_party(&app, &org).await;
        a_fixed_recipient_is_added(&app, &org).await;
        it_is_submitted_and_approved(&org, &admin).await;
        writers_write_to_whom_it_says(&app).await;
    }
}

/// A letter campaign is created; its editor asks who receives the letters (not the petition's
/// postcode setting) and for the suggested letter.
async fn the_editor_offers_what_letters_need(org: &Editor<'_>, backend: Backend) {
    let res = org
        .post(
            "/api/admin/campaigns/create",
            &[("default_locale", "en"), ("kind", "letter")],
        )
        .await;
    assert_eq!(res.status(), 303, "{backend:?}");
    let html = org.editor_page().await;
    assert!(html.contains("Who receives the letters"));
    assert!(html.contains("House of Commons (GB)"));
    assert!(html.contains("Suggested letter"));
    assert!(
        !html.contains(r#"id="edit-postcode""#),
        "the petition's postcode setting is not offered"
    );
}

/// The texts and the suggested letter are saved.
async fn the_suggested_letter_is_written(org: &Editor<'_>) {
    let text = [
        ("texts[en][title]", "Write to your MP"),
        ("texts[en][summary]", "It takes five minutes."),
        ("texts[en][addressee]", "Members of Parliament"),
        ("texts[en][body]", "Why it matters."),
        ("texts[en][letter_subject]", "Protection for Russian exiles"),
        (
            "texts[en][letter_body]",
            "Dear {representative},\n\nPlease protect them.\n\n{sender}",
        ),
        ("texts[en][letter_guidance]", "Say why it matters to you."),
    ];
    assert_eq!(
        org.post("/api/admin/campaigns/save", &text).await.status(),
        303
    );
}

/// Submitting without a legislature to write to is refused with a reason; the House of
/// Commons is then added.
async fn it_needs_a_legislature_to_write_to(org: &Editor<'_>) {
    let res = org
        .post("/api/admin/campaigns/save", &[("then", "submit")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Choose at least one legislature to write to.")
    );
    assert_eq!(
        org.post(
            "/api/admin/campaigns/target",
            &[("legislature", "uk-commons")]
        )
        .await
        .status(),
        303
    );
    let html = org.editor_page().await;
    assert!(html.contains("Stop writing to them"));
}

/// Only Conservative members; an unknown party is refused and nothing changes.
async fn it_is_narrowed_to_one_party(app: &TestApp, org: &Editor<'_>) {
    let conservative = app
        .query_text("SELECT external_id FROM parties WHERE name = 'Conservative'")
        .await;
    let res = narrow_to_party(org, "no-such-party").await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("There is no such party or area")
    );
    assert_eq!(narrow_to_party(org, &conservative).await.status(), 303);
    assert_eq!(
        app.query_text(
            "SELECT parties FROM campaign_targets t JOIN campaigns c \
                        ON c.id = t.campaign_id WHERE c.slug = 'write-to-parliament'"
        )
        .await,
        format!("[\"{conservative}\"]")
    );
    let html = org.editor_page().await;
    assert!(html.contains("Stop narrowing to them"), "{html}");
}

/// Narrows the letters to the House of Commons' members of the party `value` (its id).
async fn narrow_to_party(org: &Editor<'_>, value: &str) -> reqwest::Response {
    org.post(
        "/api/admin/campaigns/target-filter",
        &[
            ("legislature", "uk-commons"),
            ("kind", "party"),
            ("value", value),
        ],
    )
    .await
}

/// A fixed recipient besides: a bad address or a missing name is refused and nothing stored, a
/// good one is added (and not offered as a legislature).
async fn a_fixed_recipient_is_added(app: &TestApp, org: &Editor<'_>) {
    let recipient = |name: &'static str, email: &'static str| async move {
        org.post(
            "/api/admin/campaigns/recipient",
            &[("recipient_name", name), ("recipient_email", email)],
        )
        .await
    };
    let res = recipient("Home Office", "nope").await;
    assert_eq!(res.status(), 422);
    let res = recipient("", "a@b.example").await;
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
        recipient("Home Office", "public.enquiries@homeoffice.gov.uk")
            .await
            .status(),
        303
    );
    let html = org.editor_page().await;
    assert!(
        html.contains("Home Office &lt;public.enquiries@homeoffice.gov.uk&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("(ZZ)"),
        "a list of recipients is not offered as a legislature"
    );
}

/// The organizer submits it and the admin approves it.
async fn it_is_submitted_and_approved(org: &Editor<'_>, admin: &Editor<'_>) {
    assert_eq!(
        org.post("/api/admin/campaigns/save", &[("then", "submit")])
            .await
            .status(),
        303
    );
    assert_eq!(
        admin
            .post("/api/admin/campaigns/review", &[("decision", "approve")])
            .await
            .status(),
        303
    );
}

/// Writers get the suggested letter for a Conservative MP, are told a Labour member's area is
/// not written to, and reach the fixed recipient whatever their area.
async fn writers_write_to_whom_it_says(app: &TestApp) {
    let slug = NEW_SLUG;
    let (_, html) = write_page_for(app, "en", slug, "SL4 1AA").await;
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
        app,
        &format!("/en/campaigns/{slug}/write?legislature=uk-commons&area={labour}"),
    )
    .await;
    assert!(
        html.contains("writes to the representatives of some areas only"),
        "{html}"
    );
    // The fixed recipient, whatever the area.
    let (_, html) = page(
        app,
        &format!("/en/campaigns/{slug}/write?legislature={slug}-recipients"),
    )
    .await;
    assert!(html.contains("<strong>Home Office</strong>"), "{html}");
}
