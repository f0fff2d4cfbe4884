//! Writing a petition in the browser and reviewing it, as forms without JavaScript post them:
//! draft → texts in two languages (with a preview of the saved text) → submit → sent back with
//! a reason → edited → submitted again → approved → public. Nobody else's campaign can be
//! touched, and published campaigns cannot be edited.
use crate::helpers::{Backend, TestApp, backends, spawn_app};
use app::accounts::ssr::{ADMIN, ORGANIZER};

async fn user(app: &TestApp, email: &str, role: &str) -> (String, String) {
    app.signed_in(email, role).await
}

async fn post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.post_as(path, Some(cookie), fields).await
}

async fn page(app: &TestApp, path: &str, cookie: &str) -> (u16, String) {
    app.page_as(path, Some(cookie)).await
}

#[allow(clippy::too_many_arguments)]
async fn save_text(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    lang: &str,
    title: &str,
    summary: &str,
    addressee: &str,
    body: &str,
) -> reqwest::Response {
    let field = |f: &str| format!("texts[{lang}][{f}]");
    let (t, s, a, b) = (
        field("title"),
        field("summary"),
        field("addressee"),
        field("body"),
    );
    post(
        app,
        "/api/admin/campaigns/save",
        cookie,
        &[
            ("csrf", csrf),
            ("locale", "en"),
            ("slug", "free-the-students"),
            (&t, title),
            (&s, summary),
            (&a, addressee),
            (&b, body),
        ],
    )
    .await
}

/// Creates the campaign `slug` (a web address) as the signed-in `cookie`; returns the response.
async fn create(app: &TestApp, cookie: &str, csrf: &str, slug: &str) -> reqwest::Response {
    post(
        app,
        "/api/admin/campaigns/create",
        cookie,
        &[
            ("csrf", csrf),
            ("locale", "en"),
            ("slug", slug),
            ("default_locale", "en"),
        ],
    )
    .await
}

/// Submits free-the-students for review (the editor's "Save and submit" with nothing else on
/// the page).
async fn submit(app: &TestApp, cookie: &str, csrf: &str) -> reqwest::Response {
    post(
        app,
        "/api/admin/campaigns/save",
        cookie,
        &[
            ("then", "submit"),
            ("csrf", csrf),
            ("locale", "en"),
            ("slug", "free-the-students"),
        ],
    )
    .await
}

/// Saves free-the-students' settings: a goal of 5,000 and the closing date `closes_on`.
async fn save_settings(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    closes_on: &str,
) -> reqwest::Response {
    post(
        app,
        "/api/admin/campaigns/save",
        cookie,
        &[
            ("settings", "yes"),
            ("csrf", csrf),
            ("locale", "en"),
            ("slug", "free-the-students"),
            ("goal", "5,000"),
            ("closes_on", closes_on),
        ],
    )
    .await
}

/// Reviews free-the-students with `decision` (and its reason and note, if any).
async fn review(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    decision: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = vec![
        ("csrf", csrf),
        ("locale", "en"),
        ("slug", "free-the-students"),
    ];
    fields.extend_from_slice(decision);
    post(app, "/api/admin/campaigns/review", cookie, &fields).await
}

/// A public page's body.
async fn public_page(app: &TestApp, path: &str) -> String {
    app.get(path).await.text().await.expect("body")
}

const EDIT: &str = "/en/admin/campaigns/free-the-students";

#[tokio::test]
async fn draft_review_and_publish() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let org = user(&app, "org@example.org", ORGANIZER).await;
        let other = user(&app, "other@example.org", ORGANIZER).await;
        let admin = user(&app, "admin@example.org", ADMIN).await;
        a_draft_needs_a_good_free_web_address(&app, backend, &org, &other).await;
        nobody_else_sees_or_changes_a_draft(&app, &other).await;
        texts_and_settings_are_checked_when_saved(&app, backend, &org).await;
        the_editor_previews_the_saved_text_sanitised(&app, &org.0).await;
        a_submitted_campaign_waits_for_an_admin(&app, &org, &admin.0).await;
        sent_back_with_a_reason_edited_and_approved(&app, &org, &admin).await;
        published_in_both_languages_and_no_longer_editable(&app, backend, &org).await;
        its_organizer_closes_then_archives_it(&app, backend, &org, &other).await;
    }
}

/// A bad web address is refused next to the field; a good one makes a draft, and is then taken
/// for others. `org` and `other` are (cookie, form token).
async fn a_draft_needs_a_good_free_web_address(
    app: &TestApp,
    backend: Backend,
    (org, org_t): &(String, String),
    (other, other_t): &(String, String),
) {
    let res = create(app, org, org_t, "Free Them!").await;
    assert_eq!(res.status(), 422, "{backend:?}");
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("lower-case letters")
    );
    let res = create(app, org, org_t, "free-the-students").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], EDIT);
    let res = create(app, other, other_t, "free-the-students").await;
    assert_eq!(res.status(), 422, "taken");
}

/// Drafts are not public; another organizer can neither see nor change one.
async fn nobody_else_sees_or_changes_a_draft(app: &TestApp, (other, other_t): &(String, String)) {
    assert_eq!(
        app.get("/en/campaigns/free-the-students").await.status(),
        404
    );
    // Another organizer can neither see nor change it.
    assert_eq!(page(app, EDIT, other).await.0, 403);
    let res = save_text(app, other, other_t, "en", "Hijacked", "s", "a", "b").await;
    assert_eq!(res.status(), 403);
}

/// Submitting needs the main language's text first; empty fields are refused and what was typed
/// stays; texts in two languages are saved, and settings with a deadline in the future only.
async fn texts_and_settings_are_checked_when_saved(
    app: &TestApp,
    backend: Backend,
    (org, org_t): &(String, String),
) {
    let res = submit(app, org, org_t).await;
    assert_eq!(res.status(), 422);
    // Empty fields are refused and what was typed stays.
    let res = save_text(
        app,
        org,
        org_t,
        "en",
        "Free the students",
        "",
        "The prosecutor",
        "Body",
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("This cannot be empty."), "{backend:?}");
    assert!(
        html.contains("value=\"Free the students\""),
        "kept what was typed"
    );
    let res = save_text(
        app,
        org,
        org_t,
        "en",
        "Free the students",
        "They protested the war.",
        "The prosecutor general",
        "# Why\n\n<script>alert(1)</script>\n\n</textarea><b>escaped</b>\n\nThey are **innocent**.",
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = save_text(
        app,
        org,
        org_t,
        "ru",
        "Освободите студентов",
        "Они протестовали против войны.",
        "Генеральному прокурору",
        "Они **невиновны**.",
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = save_settings(app, org, org_t, "2001-01-01").await;
    assert_eq!(res.status(), 422, "a deadline in the past");
    let res = save_settings(app, org, org_t, "2099-01-01").await;
    assert_eq!(res.status(), 303);
}

/// The editor previews the saved text as the public page renders it (sanitised).
async fn the_editor_previews_the_saved_text_sanitised(app: &TestApp, org: &str) {
    let (status, html) = page(app, EDIT, org).await;
    assert_eq!(status, 200);
    assert!(html.contains("<strong>innocent</strong>"));
    assert!(!html.contains("<script>alert"), "the preview drops scripts");
    assert!(
        !html.contains("</textarea><b>"),
        "a body cannot end its own text area and inject markup"
    );
    assert!(html.contains("&lt;/textarea&gt;&lt;b&gt;escaped"));
    assert!(html.contains("<strong>невиновны</strong>"));
}

/// Submitted, it waits for review: not editable, not public, in the admin's queue; only admins
/// review.
async fn a_submitted_campaign_waits_for_an_admin(
    app: &TestApp,
    (org, org_t): &(String, String),
    admin: &str,
) {
    let res = submit(app, org, org_t).await;
    assert_eq!(res.status(), 303);
    // Waiting for review: not editable, not public, in the admin's queue.
    let res = save_text(app, org, org_t, "en", "Changed", "s", "a", "b").await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        app.get("/en/campaigns/free-the-students").await.status(),
        404
    );
    let (_, start) = page(app, "/en/admin", admin).await;
    assert!(start.contains("Waiting for review") && start.contains("Free the students"));
    // Only admins review.
    let res = review(app, org, org_t, &[("decision", "approve")]).await;
    assert_eq!(res.status(), 403);
}

/// Sent back with a reason; the organizer sees it, edits and submits again, and it is approved.
async fn sent_back_with_a_reason_edited_and_approved(
    app: &TestApp,
    (org, org_t): &(String, String),
    (admin, admin_t): &(String, String),
) {
    let res = review(
        app,
        admin,
        admin_t,
        &[
            ("decision", "reject"),
            ("reason", "unclear-target"),
            ("note", "Which prosecutor?"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(app, EDIT, org).await;
    assert!(html.contains("It is not clear whom the campaign addresses"));
    assert!(html.contains("Which prosecutor?"));
    let res = save_text(
        app,
        org,
        org_t,
        "en",
        "Free the students",
        "They protested the war.",
        "The Prosecutor General of Russia",
        "They are **innocent**.",
    )
    .await;
    assert_eq!(res.status(), 303);
    submit(app, org, org_t).await;
    let res = review(app, admin, admin_t, &[("decision", "approve")]).await;
    assert_eq!(res.status(), 303);
}

/// Published: on the home page and its own page, in both languages, with its goal; it can no
/// longer be edited, and each step is in the audit log.
async fn published_in_both_languages_and_no_longer_editable(
    app: &TestApp,
    backend: Backend,
    (org, org_t): &(String, String),
) {
    let home = app.get_lang("/en/", "en").await.text().await.expect("body");
    assert!(home.contains("Free the students"), "{backend:?}");
    let public = public_page(app, "/en/campaigns/free-the-students").await;
    assert!(public.contains("The Prosecutor General of Russia"));
    assert!(public.contains("5,000 signatures"));
    let public = public_page(app, "/ru/campaigns/free-the-students").await;
    assert!(public.contains("Освободите студентов"));
    // And it can no longer be edited.
    let res = save_text(app, org, org_t, "en", "Changed", "s", "a", "b").await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action IN ('campaign_create', 'campaign_submit', 'campaign_reject', 'campaign_approve')").await,
        5
    );
}

/// Moves free-the-students to the state `to` as `cookie`.
async fn advance(app: &TestApp, cookie: &str, csrf: &str, to: &str) -> reqwest::Response {
    post(
        app,
        "/api/admin/campaigns/state",
        cookie,
        &[
            ("csrf", csrf),
            ("locale", "en"),
            ("slug", "free-the-students"),
            ("to", to),
        ],
    )
    .await
}

/// The organizer closes it (signing stops, the page says so), then archives it; nobody else
/// can.
async fn its_organizer_closes_then_archives_it(
    app: &TestApp,
    backend: Backend,
    (org, org_t): &(String, String),
    (other, other_t): &(String, String),
) {
    let res = advance(app, org, org_t, "archived").await;
    assert_eq!(
        res.status(),
        422,
        "an open campaign is closed before it is archived"
    );
    let res = advance(app, org, org_t, "closed").await;
    assert_eq!(res.status(), 303);
    let public = public_page(app, "/en/campaigns/free-the-students").await;
    assert!(public.contains("This campaign is closed"), "{backend:?}");
    assert!(!public.contains("name=\"email\""));
    let res = advance(app, other, other_t, "archived").await;
    assert_eq!(res.status(), 403);
    let res = advance(app, org, org_t, "archived").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM campaigns WHERE slug = 'free-the-students' AND state = 'archived' AND closed_at IS NOT NULL").await,
        1
    );
}

/// A campaign's dashboard: signatures by state, per day, by country, suspect ones by rule;
/// only for its organizers and admins.
#[tokio::test]
async fn dashboard_shows_the_campaign_figures() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (org, _) = user(&app, "org@example.org", ORGANIZER).await;
        let (other, _) = user(&app, "other@example.org", ORGANIZER).await;
        let org_id = app
            .query_i64("SELECT id FROM users WHERE role = 'organizer' ORDER BY id LIMIT 1")
            .await;
        sea_orm::ConnectionTrait::execute_unprepared(
            &app.db,
            &format!("UPDATE campaigns SET owner_id = {org_id}"),
        )
        .await
        .expect("owner");
        let token = app::ssr::abuse::form_token::issue_at(
            &app.app.app.vault,
            app::ssr::time::now_ms() - 10_000,
        );
        for (email, country, website) in [
            ("a@example.org", "DE", ""),
            ("b@example.org", "FR", ""),
            ("c@example.org", "DE", ""),
            ("bot@example.org", "DE", "http://spam.example"),
        ] {
            let res = app
                .client
                .post(app.url("/api/petitions/sign"))
                .header("Accept", "text/html")
                .form(&[
                    ("slug", petrel::demo::DEMO_SLUG),
                    ("locale", "en"),
                    ("form_token", &token),
                    ("name", "Test Signer"),
                    ("email", email),
                    ("country", country),
                    ("website", website),
                ])
                .send()
                .await
                .expect("sign");
            assert_eq!(res.status(), 303);
        }
        // Two confirm (by the link in practice; here directly), one does not.
        let now = app::ssr::time::now_ms();
        sea_orm::ConnectionTrait::execute_unprepared(
            &app.db,
            &format!(
                "UPDATE signatures SET state = 'confirmed', confirmed_at = {now} \
                 WHERE suspect = false AND country = 'DE'"
            ),
        )
        .await
        .expect("confirm");

        let path = format!("/en/admin/campaigns/{}/stats", petrel::demo::DEMO_SLUG);
        let (status, html) = page(&app, &path, &org).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(html.contains("<dt>Confirmed</dt><dd>2</dd>"), "{html}");
        assert!(html.contains("<dt>Waiting for confirmation</dt><dd>1</dd>"));
        assert!(html.contains("<dt>Marked suspect (not counted)</dt><dd>1</dd>"));
        assert!(html.contains("Filled the field only bots see"));
        assert!(html.contains("Germany"));
        assert_eq!(
            html.matches("class=\"bar\"").count(),
            1 + 1,
            "today's column and Germany's bar"
        );
        assert!(!html.contains("a@example.org"), "no personal data");
        assert_eq!(page(&app, &path, &other).await.0, 403);
        assert_eq!(app.get(&path).await.status(), 401);
    }
}

/// Shares shared-petition with `email` (or stops sharing it, with `remove`) as `cookie`.
async fn share(
    app: &TestApp,
    (cookie, csrf): &(String, String),
    email: &str,
    remove: bool,
) -> reqwest::Response {
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("locale", "en"),
        ("slug", "shared-petition"),
        ("email", email),
    ];
    if remove {
        fields.push(("remove", "yes"));
    }
    post(app, "/api/admin/campaigns/share", cookie, &fields).await
}

const SHARED: &str = "/en/admin/campaigns/shared-petition";

/// An organizer shares a campaign with another, who can then run it, until it is unshared.
#[tokio::test]
async fn sharing_a_campaign() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let a = user(&app, "a@example.org", ORGANIZER).await;
        let b = user(&app, "b@example.org", ORGANIZER).await;
        create(&app, &a.0, &a.1, "shared-petition").await;
        assert_eq!(page(&app, SHARED, &b.0).await.0, 403, "{backend:?}");
        only_its_organizer_shares_it_with_an_account(&app, &a, &b).await;
        the_other_organizer_can_run_it_once_shared(&app, &a, &b).await;
        // Unshared: B is out again.
        let res = share(&app, &a, "b@example.org", true).await;
        assert_eq!(res.status(), 303);
        assert_eq!(page(&app, SHARED, &b.0).await.0, 403, "unshared");
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action IN ('campaign_share', 'campaign_unshare')").await,
            2
        );
    }
}

/// B cannot share A's campaign with themself, and A cannot share it with an unknown address
/// (refused next to the field).
async fn only_its_organizer_shares_it_with_an_account(
    app: &TestApp,
    a: &(String, String),
    b: &(String, String),
) {
    let res = share(app, b, "b@example.org", false).await;
    assert_eq!(res.status(), 403);
    // Unknown addresses are refused next to the field.
    let res = share(app, a, "nobody@example.org", false).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("No active account has this address.")
    );
}

/// Shared with B (the address written differently): B sees it with both organizers, on their
/// start page too, and can write it.
async fn the_other_organizer_can_run_it_once_shared(
    app: &TestApp,
    a: &(String, String),
    (b, b_t): &(String, String),
) {
    let res = share(app, a, "B@example.org", false).await;
    assert_eq!(res.status(), 303);
    let (status, html) = page(app, SHARED, b).await;
    assert_eq!(status, 200);
    assert!(html.contains("a@example.org") && html.contains("b@example.org"));
    let (_, start) = page(app, "/en/admin", b).await;
    assert!(start.contains("shared-petition"), "on B's start page");
    let res = post(
        app,
        "/api/admin/campaigns/save",
        b,
        &[
            ("csrf", b_t),
            ("locale", "en"),
            ("slug", "shared-petition"),
            ("texts[en][title]", "Written by B"),
            ("texts[en][summary]", "s"),
            ("texts[en][addressee]", "x"),
            ("texts[en][body]", "b"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303, "B can write it");
}

/// The editor's whole page as the browser posts it: settings with `goal`, the English text, and
/// a Russian text with only its title.
fn page_fields<'a>(csrf: &'a str, goal: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("locale", "en"),
        ("slug", "one-form"),
        ("settings", "yes"),
        ("goal", goal),
        ("closes_on", ""),
        ("texts[en][title]", "Typed, never saved separately"),
        ("texts[en][summary]", "Summary"),
        ("texts[en][addressee]", "Parliament"),
        ("texts[en][body]", "The body."),
        ("texts[ru][title]", "Русский заголовок"),
        ("texts[ru][summary]", ""),
        ("texts[ru][addressee]", ""),
        ("texts[ru][body]", ""),
    ]
}

/// The editor is one form: settings and every language's text are saved together, all or
/// nothing, and "Save and submit for review" saves what is on the screen before submitting. A
/// mistake anywhere saves nothing and shows the page again with everything typed still there.
#[tokio::test]
async fn the_editor_saves_everything_on_the_page_or_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (org, org_t) = user(&app, "org@example.org", ORGANIZER).await;
        let res = create(&app, &org, &org_t, "one-form").await;
        assert_eq!(res.status(), 303, "{backend:?}");
        a_mistake_anywhere_saves_nothing_and_keeps_everything(&app, backend, &org, &org_t).await;
        corrected_it_is_saved_and_submitted_in_one_go(&app, backend, &org, &org_t).await;
    }
}

/// A bad goal and an incomplete Russian text: nothing saved, all of it shown again with the
/// errors by their fields.
async fn a_mistake_anywhere_saves_nothing_and_keeps_everything(
    app: &TestApp,
    backend: Backend,
    org: &str,
    org_t: &str,
) {
    let mut fields = page_fields(org_t, "lots");
    fields.push(("then", "submit"));
    let res = post(app, "/api/admin/campaigns/save", org, &fields).await;
    assert_eq!(res.status(), 422, "{backend:?}");
    let html = res.text().await.expect("body");
    assert!(
        html.contains(r#"value="Typed, never saved separately""#),
        "kept"
    );
    assert!(html.contains(r#"value="Русский заголовок""#), "kept");
    assert!(
        html.contains(r#"value="lots""#),
        "the bad goal is kept to correct"
    );
    assert!(
        html.contains(r#"id="edit-goal-error" class="field-error">Enter"#),
        "the goal's error shows"
    );
    assert!(
        html.contains(r#"id="text-ru-summary-error" class="field-error">This"#),
        "so do the text's"
    );
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM campaign_translations WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = 'one-form')")
            .await,
        0
    );
}

/// Corrected, with the Russian text left entirely empty: saved and submitted in one go, and the
/// empty language is not saved.
async fn corrected_it_is_saved_and_submitted_in_one_go(
    app: &TestApp,
    backend: Backend,
    org: &str,
    org_t: &str,
) {
    let mut fields: Vec<(&str, &str)> = page_fields(org_t, "5,000")
        .into_iter()
        .filter(|(k, _)| !k.starts_with("texts[ru]"))
        .collect();
    fields.extend([
        ("texts[ru][title]", ""),
        ("texts[ru][summary]", ""),
        ("texts[ru][addressee]", ""),
        ("texts[ru][body]", ""),
        ("then", "submit"),
    ]);
    let res = post(app, "/api/admin/campaigns/save", org, &fields).await;
    assert_eq!(res.status(), 303, "{backend:?}");
    assert_eq!(
        app.query_text("SELECT state FROM campaigns WHERE slug = 'one-form'")
            .await,
        "submitted"
    );
    assert_eq!(
        app.query_i64("SELECT goal FROM campaigns WHERE slug = 'one-form'")
            .await,
        5000
    );
    let (_, html) = page(app, "/en/admin/campaigns/one-form", org).await;
    assert!(html.contains("Typed, never saved separately"));
    assert_eq!(
        app.query_i64(
            "SELECT COUNT(*) FROM campaign_translations WHERE locale = 'ru' \
             AND campaign_id = (SELECT id FROM campaigns WHERE slug = 'one-form')"
        )
        .await,
        0,
        "an empty language is not saved"
    );
}
