//! The organizers' dashboard beyond its figures: referral codes from share links, the hourly
//! chart, bulk invalidation by rule (preview, apply, undo, with the counts following), the CSV
//! export from the browser (audited), campaign images (uploaded, re-encoded, served by Petrel),
//! and who may do each of these.
use crate::helpers::{Backend, TestApp, backends, spawn_app, spawn_app_with};
use app::accounts::ssr::{ADMIN, ORGANIZER};
use app::ssr::abuse::form_token;
use app::ssr::time::now_ms;
use petrel::demo::DEMO_SLUG;
use sea_orm::ConnectionTrait;

/// Signs the demo petition as a browser without JavaScript would, with extra form fields.
async fn sign(app: &TestApp, email: &str, extra: &[(&str, &str)]) {
    let token = form_token::issue_at(&app.app.app.vault, now_ms() - 10_000);
    let mut fields = vec![
        ("slug", DEMO_SLUG),
        ("locale", "en"),
        ("form_token", token.as_str()),
        ("name", "Test Signer"),
        ("email", email),
        ("country", "DE"),
        ("website", ""),
    ];
    fields.extend_from_slice(extra);
    let res = app.post_as("/api/petitions/sign", None, &fields).await;
    assert_eq!(res.status(), 303, "signing {email}");
}

/// Confirms every pending signature now, and counts them: through the link in each
/// confirmation email (which carries what the signer chose to publish), then any left without an
/// email (flagged ones) directly.
async fn confirm_and_count(app: &TestApp) {
    app.run_jobs().await;
    for message in app.worker.context().mailer.sent_in_memory() {
        let raw = message.formatted();
        let text = crate::helpers::parse(&raw)
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default();
        if text.contains("/confirm?token=") {
            let link = crate::helpers::link_in(&raw, "/confirm?token=", &app.address);
            let token = link.split("token=").nth(1).expect("token");
            app::petitions::ssr::confirm::confirm(&app.db, &app.app.app.vault, token)
                .await
                .expect("confirm");
        }
    }
    let now = now_ms();
    app.db
        .execute_unprepared(&format!(
            "UPDATE signatures SET state = 'confirmed', confirmed_at = {now} WHERE state = 'pending'"
        ))
        .await
        .expect("confirm");
    app::ssr::jobs::enqueue(&app.db, &app::petitions::ssr::counts::AggregateCounts {})
        .await
        .expect("enqueue");
    app.run_jobs().await;
}

/// The public count, as the count endpoint gives it (no cache in between: it is invalidated).
async fn public_count(app: &TestApp) -> i64 {
    let body: serde_json::Value = app
        .get(&format!("/campaigns/{DEMO_SLUG}/count.json"))
        .await
        .json()
        .await
        .expect("json");
    body["confirmed"].as_i64().expect("count")
}

/// The demo campaign, owned by a new organizer: their cookie and form token.
async fn owner(app: &TestApp) -> (String, String) {
    let id = app.add_user("owner@example.org", ORGANIZER).await;
    app.db
        .execute_unprepared(&format!("UPDATE campaigns SET owner_id = {id}"))
        .await
        .expect("owner");
    app.session_for(id).await
}

fn stats_path() -> String {
    format!("/en/admin/campaigns/{DEMO_SLUG}/stats")
}

#[tokio::test]
async fn referral_codes_and_the_hourly_chart() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (org, _) = owner(&app).await;
        // The campaign page passes `?ref=` on to its form.
        let html = app
            .get(&format!("/en/campaigns/{DEMO_SLUG}?ref=Newsletter"))
            .await
            .text()
            .await
            .expect("page");
        assert!(
            html.contains(r#"name="ref_code" value="Newsletter""#),
            "{html}"
        );
        assert!(
            html.contains("ref%3Dtelegram"),
            "share links carry their code"
        );
        sign(&app, "a@example.org", &[("ref_code", "Newsletter")]).await;
        sign(&app, "b@example.org", &[("ref_code", "newsletter")]).await;
        sign(&app, "c@example.org", &[("ref_code", "tg_channel")]).await;
        sign(&app, "d@example.org", &[("ref_code", "<b>bad code</b>")]).await;
        sign(&app, "e@example.org", &[]).await;
        confirm_and_count(&app).await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE ref_code = 'newsletter'")
                .await,
            2
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM signatures WHERE ref_code IS NULL")
                .await,
            2,
            "a malformed code is dropped, the signature kept"
        );

        let (status, html) = app.page_as(&stats_path(), Some(&org)).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(
            html.contains(r#"<td>newsletter</td><td class="num">2</td>"#),
            "{html}"
        );
        assert!(html.contains(r#"<td>tg_channel</td><td class="num">1</td>"#));
        assert!(html.contains(r#"<td>(no code)</td><td class="num">2</td>"#));
        assert!(html.contains("Confirmations per day"));

        let (status, html) = app
            .page_as(&format!("{}?view=hours", stats_path()), Some(&org))
            .await;
        assert_eq!(status, 200);
        assert!(html.contains("Confirmations per hour, last 48 hours"));
        let confirmed_at = app
            .query_i64("SELECT MAX(confirmed_at) FROM signatures")
            .await;
        let hour = chrono::DateTime::from_timestamp_millis(confirmed_at)
            .expect("time")
            .format("%H:00")
            .to_string();
        assert!(
            html.contains(&format!(r#"{hour}</td><td class="num">5</td>"#)),
            "all five in their hour's row: {html}"
        );
        assert_eq!(
            html.matches(r#":00</td><td class="num">"#).count(),
            48,
            "a row per hour"
        );
    }
}

/// Organizers mark signatures matching a rule (email domain, time window) as suspect after a
/// preview that changes nothing; the count follows at once, and the rule can be undone once.
#[tokio::test]
async fn bulk_invalidation_previews_applies_and_undoes() {
    for backend in backends() {
        // Six signatures from one test client: above the per-minute limit for forms without
        // the proof of work, which would flag them for review (harmless here, but not the point).
        let app = spawn_app_with(backend, |s| {
            s.abuse.ip_per_minute_without_pow = 50;
            s.abuse.ip_per_5_minutes_without_pow = 50;
        })
        .await;
        let (org, csrf) = owner(&app).await;
        five_confirmed_and_one_late_signature(&app).await;
        the_preview_counts_and_changes_nothing(&app, backend, &org).await;
        bad_rules_are_explained_not_applied(&app, &org).await;
        applying_marks_them_and_the_count_drops(&app, backend, &org, &csrf).await;
        rules_matching_nothing_are_refused(&app, &org, &csrf).await;
        undoing_counts_them_again_once(&app, &org, &csrf).await;
        // Everything is in the audit log.
        for action in ["signatures_invalidate", "signatures_restore"] {
            assert_eq!(
                app.query_i64(&format!(
                    "SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"
                ))
                .await,
                1,
                "{action}"
            );
        }
        // A time window in the future matches nothing.
        let res = apply(&app, &org, &csrf, "", "2099-01-01T00:00").await;
        assert_eq!(res.status(), 422);
    }
}

/// Five confirmed and counted signatures, three from throwaway.test; then one more from the
/// throwaway domain that is not confirmed.
async fn five_confirmed_and_one_late_signature(app: &TestApp) {
    for email in [
        "one@throwaway.test",
        "two@Throwaway.test",
        "three@throwaway.test",
        "real@example.org",
        "other@example.org",
    ] {
        sign(app, email, &[]).await;
    }
    // One more from the throwaway domain that is not confirmed.
    confirm_and_count(app).await;
    sign(app, "late@throwaway.test", &[]).await;
    assert_eq!(public_count(app).await, 5);
}

/// Preview (a GET): how many, and nothing changes.
async fn the_preview_counts_and_changes_nothing(app: &TestApp, backend: Backend, org: &str) {
    let stats = stats_path();
    let (status, html) = app
        .page_as(&format!("{stats}?domain=throwaway.test"), Some(org))
        .await;
    assert_eq!(status, 200, "{backend:?}");
    assert!(
        html.contains("This rule matches 4 signatures: 3 confirmed, 1 waiting for confirmation."),
        "{}",
        html.split("invalidate-heading").nth(2).unwrap_or(&html)
    );
    assert!(html.contains("Mark these 4 signatures as suspect"));
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM signatures WHERE suspect = true")
            .await,
        0
    );
}

/// Bad rules (not a domain, a window that ends before it starts) are explained, not applied.
async fn bad_rules_are_explained_not_applied(app: &TestApp, org: &str) {
    let stats = stats_path();
    let (_, html) = app
        .page_as(&format!("{stats}?domain=not+a+domain"), Some(org))
        .await;
    assert!(
        html.contains("Enter a domain such as example.org."),
        "{html}"
    );
    assert!(!html.contains("Mark these"));
    let (_, html) = app
        .page_as(
            &format!("{stats}?from=2026-11-02T10:00&to=2026-11-01T10:00"),
            Some(org),
        )
        .await;
    assert!(html.contains("The end must come after the start."));
}

/// Marks the demo campaign's signatures from `domain` since `from` (either may be empty) as
/// suspect, as the dashboard's form does.
async fn apply(
    app: &TestApp,
    org: &str,
    csrf: &str,
    domain: &str,
    from: &str,
) -> reqwest::Response {
    app.post_as(
        "/api/admin/campaigns/invalidate",
        Some(org),
        &[
            ("csrf", csrf),
            ("locale", "en"),
            ("slug", DEMO_SLUG),
            ("domain", domain),
            ("ip_hash", ""),
            ("from", from),
            ("to", ""),
        ],
    )
    .await
}

/// Apply: the four are marked and the three counted ones leave the count at once; the nightly
/// recount agrees, and the dashboard names the rule.
async fn applying_marks_them_and_the_count_drops(
    app: &TestApp,
    backend: Backend,
    org: &str,
    csrf: &str,
) {
    let res = apply(app, org, csrf, "throwaway.test", "").await;
    assert_eq!(res.status(), 303, "{backend:?}");
    assert_eq!(
        app.query_i64(
            "SELECT COUNT(*) FROM signatures WHERE suspect = true \
             AND suspect_reason = 'invalidated' AND invalidation_id IS NOT NULL"
        )
        .await,
        4
    );
    assert_eq!(public_count(app).await, 2);
    // The nightly recount agrees with what the invalidation left.
    let recount = app::petitions::ssr::counts::recount_all(&app.db, &app.app.app.counts)
        .await
        .expect("recount");
    assert!(recount.corrected.is_empty(), "{recount:?}");
    let (_, html) = app.page_as(&stats_path(), Some(org)).await;
    assert!(
        html.contains("Invalidated by an organizer&#x27;s rule")
            || html.contains("Invalidated by an organizer's rule")
    );
    assert!(html.contains("Email domain: throwaway.test"));
}

/// A rule that matches nothing now (they are already marked) is refused with a reason; so is an
/// empty one.
async fn rules_matching_nothing_are_refused(app: &TestApp, org: &str, csrf: &str) {
    let res = apply(app, org, csrf, "throwaway.test", "").await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("This rule matches no signature that is still counted.")
    );
    // So is an empty one.
    let res = apply(app, org, csrf, "", "").await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Give at least one condition.")
    );
}

/// Undo: exactly those four are countable again; the aggregation counts the three (and the late
/// one, confirmed since). Undone once only, and the dashboard says so.
async fn undoing_counts_them_again_once(app: &TestApp, org: &str, csrf: &str) {
    let id = app
        .query_i64("SELECT id FROM invalidations")
        .await
        .to_string();
    let undo = || async {
        app.post_as(
            "/api/admin/campaigns/restore",
            Some(org),
            &[
                ("csrf", csrf),
                ("locale", "en"),
                ("slug", DEMO_SLUG),
                ("invalidation", &id),
            ],
        )
        .await
    };
    assert_eq!(undo().await.status(), 303);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM signatures WHERE suspect = true")
            .await,
        0
    );
    confirm_and_count(app).await;
    assert_eq!(public_count(app).await, 6, "the three, and the late one");
    assert_eq!(undo().await.status(), 422, "undone once only");
    let (_, html) = app.page_as(&stats_path(), Some(org)).await;
    assert!(html.contains("Undone "));
}

#[tokio::test]
async fn invalidation_by_network_address_lists_busy_addresses() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (org, csrf) = owner(&app).await;
        // The test client signs from 127.0.0.1: four signatures behind one address hash.
        for email in [
            "p@example.org",
            "q@example.org",
            "r@example.org",
            "s@example.org",
        ] {
            sign(&app, email, &[]).await;
        }
        let (_, html) = app.page_as(&stats_path(), Some(&org)).await;
        let hash = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT ip_hash FROM signatures LIMIT 1",
            ))
            .await
            .expect("query")
            .expect("row")
            .try_get::<String>("", "ip_hash")
            .expect("hash");
        assert!(
            html.contains(&format!(r#"<option value="{hash}">"#)),
            "{html}"
        );
        assert!(html.contains("(4 signatures)"));
        let res = app
            .post_as(
                "/api/admin/campaigns/invalidate",
                Some(&org),
                &[
                    ("csrf", &csrf),
                    ("locale", "en"),
                    ("slug", DEMO_SLUG),
                    ("ip_hash", &hash),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert_eq!(app.query_i64("SELECT matched FROM invalidations").await, 4);
    }
}

/// The organizer downloads the signatures as CSV from the dashboard (only addresses of those who
/// agreed to hear from them), and it is audited; nobody else gets any of it.
#[tokio::test]
async fn csv_export_from_the_browser_is_audited() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (org, csrf) = owner(&app).await;
        let (other, other_csrf) = app.signed_in("other@example.org", ORGANIZER).await;
        sign(
            &app,
            "shown@example.org",
            &[("display", "full"), ("subscribe", "yes")],
        )
        .await;
        sign(&app, "hidden@example.org", &[]).await;
        confirm_and_count(&app).await;
        the_organizer_downloads_the_csv(&app, backend, &org, &csrf).await;
        nobody_else_gets_any_of_it(&app, (&org, &csrf), (&other, &other_csrf)).await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'signatures_export'")
                .await,
            1,
            "refused exports leave no entry because none happened"
        );
    }
}

/// The signatures export of the demo campaign.
fn csv_path() -> String {
    format!("/admin/campaigns/{DEMO_SLUG}/signatures.csv")
}

/// The owner gets a CSV attachment no cache keeps: every signature, the address of the one who
/// subscribed only; the export is audited.
async fn the_organizer_downloads_the_csv(app: &TestApp, backend: Backend, org: &str, csrf: &str) {
    let res = app
        .post_as(&csv_path(), Some(org), &[("csrf", csrf), ("locale", "en")])
        .await;
    assert_eq!(res.status(), 200, "{backend:?}");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert!(
        header("content-disposition")
            .starts_with(&format!("attachment; filename=\"{DEMO_SLUG}-signatures-"))
    );
    assert_eq!(header("cache-control"), "no-store");
    let csv = res.text().await.expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "name,country,postcode,signed_on,email");
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(csv.contains("\"Test Signer\",\"DE\""), "{csv}");
    assert!(
        csv.contains("shown@example.org"),
        "the subscriber's address"
    );
    assert!(!csv.contains("hidden@example.org"), "no address of others");
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'signatures_export'")
            .await,
        1
    );
}

/// Another organizer, a forged token, nobody signed in, a cross-site post with the cookie: no
/// data. `org` and `other` are (cookie, form token).
async fn nobody_else_gets_any_of_it(
    app: &TestApp,
    (org, csrf): (&str, &str),
    (other, other_csrf): (&str, &str),
) {
    let path = csv_path();
    let res = app
        .post_as(
            &path,
            Some(other),
            &[("csrf", other_csrf), ("locale", "en")],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(!res.text().await.expect("body").contains("Test Signer"));
    let res = app
        .post_as(&path, Some(org), &[("csrf", "forged"), ("locale", "en")])
        .await;
    assert_eq!(res.status(), 403);
    let res = app.post_as(&path, None, &[("locale", "ru")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/ru/login")
    );
    // A cross-site post with the cookie is refused before anything runs.
    let res = app
        .client
        .post(app.url(&path))
        .header("Cookie", org)
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("csrf", csrf)])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 403);
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        width,
        height,
        image::Rgb([30, 60, 200]),
    ))
    .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
    .expect("png");
    out
}

/// Posts the editor's image form to the campaign's image route (`None`: the remove button).
async fn upload(
    app: &TestApp,
    slug: &str,
    cookie: Option<&str>,
    csrf: &str,
    file: Option<Vec<u8>>,
) -> reqwest::Response {
    let path = format!("/admin/campaigns/{slug}/image");
    let fields = [("csrf", csrf), ("locale", "en")];
    match file {
        Some(bytes) => {
            app.post_multipart(&path, cookie, &fields, Some(("image", "photo.png", bytes)))
                .await
        }
        None => {
            let mut with_remove = fields.to_vec();
            with_remove.push(("remove", "yes"));
            app.post_multipart(&path, cookie, &with_remove, None).await
        }
    }
}

/// The campaign whose image is tested, and its editor.
const PICTURED: &str = "with-a-picture";
const PICTURED_EDITOR: &str = "/en/admin/campaigns/with-a-picture";

/// An organizer uploads the campaign's image from the editor: refused files are explained, it is
/// scaled and re-encoded as JPEG, served by Petrel, described before review, and shown on the
/// public page; strangers cannot set it and a published campaign's image is not changed.
#[tokio::test]
async fn campaign_images_are_uploaded_reencoded_and_served_by_petrel() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let org = app.signed_in("org@example.org", ORGANIZER).await;
        let other = app.signed_in("other@example.org", ORGANIZER).await;
        let (admin, admin_csrf) = app.signed_in("admin@example.org", ADMIN).await;
        let res = app
            .post_as(
                "/api/admin/campaigns/create",
                Some(&org.0),
                &[
                    ("csrf", &org.1),
                    ("locale", "en"),
                    ("slug", PICTURED),
                    ("default_locale", "en"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        refused_files_come_back_with_the_reason(&app, &org).await;
        strangers_cannot_set_it(&app, &org, &other).await;
        let src = a_wide_picture_is_scaled_and_stored_as_jpeg(&app, &org).await;
        petrel_serves_it_to_be_kept_for_a_year(&app, &src).await;
        submitting_needs_a_description_of_it(&app, &org).await;
        let res = app
            .post_as(
                "/api/admin/campaigns/review",
                Some(&admin),
                &[
                    ("csrf", &admin_csrf),
                    ("locale", "en"),
                    ("slug", PICTURED),
                    ("decision", "approve"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        the_public_page_shows_it_described(&app, &src).await;
        a_published_campaigns_image_is_not_changed(&app, &org).await;
    }
}

/// Refused files come back to the editor with the reason: not an image, too large; nothing is
/// stored. `org` is (cookie, form token).
async fn refused_files_come_back_with_the_reason(app: &TestApp, (org, csrf): &(String, String)) {
    let res = upload(
        app,
        PICTURED,
        Some(org),
        csrf,
        Some(b"GIF89a not really".to_vec()),
    )
    .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(
        location,
        format!("{PICTURED_EDITOR}?image_error=error-image-invalid#image-heading")
    );
    let (_, html) = app
        .page_as(location.split('#').next().expect("path"), Some(org))
        .await;
    assert!(html.contains("This file is not a JPEG, PNG or WebP image that can be read."));
    let res = upload(
        app,
        PICTURED,
        Some(org),
        csrf,
        Some(vec![0; 6 * 1024 * 1024]),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .expect("location")
            .contains("image_error=error-image-too-large")
    );
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM media").await, 0);
}

/// Strangers cannot set it: another organizer, a forged token, nobody signed in.
async fn strangers_cannot_set_it(
    app: &TestApp,
    (org, _): &(String, String),
    (other, other_csrf): &(String, String),
) {
    let res = upload(app, PICTURED, Some(other), other_csrf, Some(png(10, 10))).await;
    assert_eq!(res.status(), 403);
    let res = upload(app, PICTURED, Some(org), "forged", Some(png(10, 10))).await;
    assert_eq!(res.status(), 403);
    let res = upload(app, PICTURED, None, "", Some(png(10, 10))).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/en/login");
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM media").await, 0);
}

/// The owner uploads a wide picture: it is scaled and stored as JPEG, and the editor shows it.
/// Returns its name under /media/.
async fn a_wide_picture_is_scaled_and_stored_as_jpeg(
    app: &TestApp,
    (org, csrf): &(String, String),
) -> String {
    let res = upload(app, PICTURED, Some(org), csrf, Some(png(2400, 1200))).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], PICTURED_EDITOR);
    assert_eq!(
        app.query_i64("SELECT width FROM media").await,
        i64::from(app::campaigns::ssr::media::MAX_WIDTH)
    );
    let (_, html) = app.page_as(PICTURED_EDITOR, Some(org)).await;
    let src = html
        .split("src=\"/media/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the image in the editor")
        .to_owned();
    assert!(src.ends_with(".jpg"), "{src}");
    src
}

/// Petrel serves the JPEG to be kept for a year; nothing else under /media/.
async fn petrel_serves_it_to_be_kept_for_a_year(app: &TestApp, src: &str) {
    let res = app.get(&format!("/media/{src}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let bytes = res.bytes().await.expect("bytes");
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF]);
    assert_eq!(app.get("/media/0000.jpg").await.status(), 404);
    assert_eq!(app.get("/media/..%2Fetc.jpg").await.status(), 404);
}

/// Submitting needs a description of the image in the main language; with one it is submitted.
async fn submitting_needs_a_description_of_it(app: &TestApp, (org, csrf): &(String, String)) {
    let text = |alt: &'static str| async move {
        app.post_as(
            "/api/admin/campaigns/save",
            Some(org),
            &[
                ("csrf", csrf),
                ("locale", "en"),
                ("slug", PICTURED),
                ("texts[en][title]", "A petition with a picture"),
                ("texts[en][summary]", "Summary"),
                ("texts[en][addressee]", "Parliament"),
                ("texts[en][body]", "Body"),
                ("texts[en][image_alt]", alt),
            ],
        )
        .await
    };
    assert_eq!(text("").await.status(), 303);
    let submit = || async {
        app.post_as(
            "/api/admin/campaigns/save",
            Some(org),
            &[
                ("csrf", csrf),
                ("locale", "en"),
                ("slug", PICTURED),
                ("then", "submit"),
            ],
        )
        .await
    };
    let res = submit().await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Describe the image in the main language")
    );
    assert_eq!(
        text("People holding a banner outside parliament")
            .await
            .status(),
        303
    );
    assert_eq!(submit().await.status(), 303);
}

/// The public page shows it from this site, described, and names it for link previews.
async fn the_public_page_shows_it_described(app: &TestApp, src: &str) {
    let html = app
        .get(&format!("/en/campaigns/{PICTURED}"))
        .await
        .text()
        .await
        .expect("page");
    let img = html
        .split("<img ")
        .filter_map(|rest| rest.split('>').next())
        .find(|tag| tag.contains("campaign-image"))
        .unwrap_or_else(|| panic!("an image on the page: {html}"));
    for attribute in [
        format!(r#"src="/media/{src}""#),
        r#"width="1600""#.to_owned(),
        r#"height="800""#.to_owned(),
        r#"alt="People holding a banner outside parliament""#.to_owned(),
        r#"class="campaign-image""#.to_owned(),
    ] {
        assert!(img.contains(&attribute), "{attribute} in {img}");
    }
    assert!(
        html.contains(&format!(r#"content="{}/media/{src}""#, app.address)),
        "the image for link previews"
    );
}

/// A published campaign's image is not changed without review; the one upload is audited.
async fn a_published_campaigns_image_is_not_changed(app: &TestApp, (org, csrf): &(String, String)) {
    let res = upload(app, PICTURED, Some(org), csrf, Some(png(20, 20))).await;
    assert!(
        res.headers()["location"]
            .to_str()
            .expect("location")
            .contains("image_error=error-campaign-not-editable")
    );
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'campaign_image'")
            .await,
        1
    );
}

/// Every campaign-scoped admin route and server function as anonymous, the campaign's
/// organizer, another organizer and an admin: the stranger gets 403 and none of its data.
#[tokio::test]
async fn campaign_authorisation_matrix() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let a = owner(&app).await;
        let b = app.signed_in("b@example.org", ORGANIZER).await;
        let admin = app.signed_in("admin@example.org", ADMIN).await;
        sign(&app, "secret-signer@example.org", &[("display", "full")]).await;
        confirm_and_count(&app).await;
        pages_only_for_the_owner_and_admins(&app, backend, &a.0, &b.0, &admin.0).await;
        // Server functions that read or change one campaign. The owner and the admin get past
        // authorisation (whatever the form's own fate); the stranger never does.
        let who = Who {
            a: &a,
            b: &b,
            admin: &admin,
        };
        for (endpoint, extra) in &campaign_endpoints() {
            only_the_owner_and_admins_get_past(&app, backend, endpoint, extra, who).await;
        }
        file_routes_refuse_the_stranger(&app, &b, &admin).await;
    }
}

/// The campaign's title, which a stranger must never see.
const TITLE: &str = "Protect Russians who fled";

/// The dashboard pages: 401 anonymous, 403 and nothing of the campaign for the stranger `b`,
/// 200 for the owner `a` and the admin (cookies).
async fn pages_only_for_the_owner_and_admins(
    app: &TestApp,
    backend: Backend,
    a: &str,
    b: &str,
    admin: &str,
) {
    for page in [
        format!("/en/admin/campaigns/{DEMO_SLUG}"),
        stats_path(),
        format!("{}?domain=example.org", stats_path()),
    ] {
        assert_eq!(app.page_as(&page, None).await.0, 401, "{page}");
        let (status, html) = app.page_as(&page, Some(b)).await;
        assert_eq!(status, 403, "{backend:?} {page}");
        assert!(!html.contains(TITLE) && !html.contains("Test Signer"));
        assert_eq!(app.page_as(&page, Some(a)).await.0, 200, "{page}");
        assert_eq!(app.page_as(&page, Some(admin)).await.0, 200, "{page}");
    }
}

/// The server functions that read or change one campaign, each with form fields that reach it.
fn campaign_endpoints() -> [(&'static str, Vec<(&'static str, &'static str)>); 13] {
    [
        ("/api/admin/campaigns/editor", vec![]),
        ("/api/admin/campaigns/stats", vec![]),
        (
            "/api/admin/campaigns/invalidation-preview",
            vec![("rule[domain]", "example.org")],
        ),
        (
            "/api/admin/campaigns/save",
            vec![
                ("settings", "yes"),
                ("goal", "x"),
                ("closes_on", ""),
                ("texts[en][title]", ""),
                ("texts[en][body]", ""),
            ],
        ),
        ("/api/admin/campaigns/save", vec![("then", "submit")]),
        (
            "/api/admin/campaigns/share",
            vec![("email", "nobody@example.org")],
        ),
        ("/api/admin/campaigns/state", vec![("to", "draft")]),
        (
            "/api/admin/campaigns/invalidate",
            vec![("domain", "nomatch.example")],
        ),
        (
            "/api/admin/campaigns/restore",
            vec![("invalidation", "999")],
        ),
        (
            "/api/admin/campaigns/target",
            vec![("legislature", "nowhere")],
        ),
        (
            "/api/admin/campaigns/target-filter",
            vec![
                ("legislature", "nowhere"),
                ("kind", "party"),
                ("value", "x"),
            ],
        ),
        (
            "/api/admin/campaigns/recipient",
            vec![("recipient_email", "not an address")],
        ),
        (
            "/api/admin/campaigns/review",
            vec![("decision", "reject"), ("reason", "other")],
        ),
    ]
}

/// The owner `a`, the stranger `b` and the admin: each (cookie, form token).
#[derive(Clone, Copy)]
struct Who<'a> {
    a: &'a (String, String),
    b: &'a (String, String),
    admin: &'a (String, String),
}

/// Posts to `endpoint` about the demo campaign with `extra` fields and the form token `csrf`,
/// as `cookie`; returns the status and body.
async fn call(
    app: &TestApp,
    endpoint: &str,
    extra: &[(&str, &str)],
    cookie: Option<&str>,
    csrf: &str,
) -> (u16, String) {
    let mut fields = vec![("locale", "en"), ("slug", DEMO_SLUG)];
    fields.extend(extra.iter().cloned());
    fields.push(("csrf", csrf));
    let res = app.post_as(endpoint, cookie, &fields).await;
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// `endpoint` as anonymous (401), the stranger (403, none of the campaign's data), the owner
/// with a forged token (403, for changes) and with theirs, and the admin: the owner and the
/// admin get past authorisation, except that only admins review.
async fn only_the_owner_and_admins_get_past(
    app: &TestApp,
    backend: Backend,
    endpoint: &str,
    extra: &[(&str, &str)],
    who: Who<'_>,
) {
    let (a, a_csrf) = who.a;
    let (b, b_csrf) = who.b;
    let (admin, admin_csrf) = who.admin;
    assert_eq!(
        call(app, endpoint, extra, None, "").await.0,
        401,
        "{endpoint} anonymous"
    );
    let (status, body) = call(app, endpoint, extra, Some(b), b_csrf).await;
    assert_eq!(status, 403, "{backend:?} {endpoint} other organizer");
    assert!(!body.contains("Test Signer") && !body.contains(TITLE));
    let (status, _) = call(app, endpoint, extra, Some(a), "forged").await;
    let reads = endpoint.ends_with("/editor")
        || endpoint.ends_with("/stats")
        || endpoint.ends_with("/invalidation-preview");
    if !reads {
        assert_eq!(status, 403, "{endpoint} forged token");
    }
    let (status, _) = call(app, endpoint, extra, Some(a), a_csrf).await;
    if endpoint.ends_with("/review") {
        assert_eq!(status, 403, "only admins review");
    } else {
        assert!(
            ![401, 403].contains(&status),
            "{backend:?} {endpoint} owner: {status}"
        );
    }
    let (status, _) = call(app, endpoint, extra, Some(admin), admin_csrf).await;
    assert!(![401, 403].contains(&status), "{endpoint} admin: {status}");
}

/// The file routes, export and image: the stranger gets 403 and no signer; the admin exports.
async fn file_routes_refuse_the_stranger(
    app: &TestApp,
    (b, b_csrf): &(String, String),
    (admin, admin_csrf): &(String, String),
) {
    let csv = csv_path();
    let res = app.post_as(&csv, Some(b), &[("csrf", b_csrf)]).await;
    assert_eq!(res.status(), 403);
    assert!(!res.text().await.expect("body").contains("secret-signer"));
    assert_eq!(
        app.post_as(&csv, Some(admin), &[("csrf", admin_csrf)])
            .await
            .status(),
        200
    );
    assert_eq!(
        upload(app, DEMO_SLUG, Some(b), b_csrf, Some(png(5, 5)))
            .await
            .status(),
        403
    );
}

/// A copy of the database alone does not give signers' network addresses back: the day's salt
/// is in it, so the stored hash is keyed once more with the vault's key, which is not.
#[tokio::test]
async fn address_hashes_cannot_be_recomputed_from_the_database_alone() {
    use app::ssr::abuse::ip_salt::{KEY_PREFIX, keyed, salted};
    use base64::Engine;
    for backend in backends() {
        let app = spawn_app(backend).await;
        sign(&app, "dump@example.org", &[]).await;
        let stored = app.query_text("SELECT ip_hash FROM signatures").await;
        let salt = app
            .query_text(&format!(
                "SELECT value FROM settings WHERE key LIKE '{KEY_PREFIX}%'"
            ))
            .await;
        let salt = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(salt)
            .expect("salt");
        let ip: std::net::IpAddr = "127.0.0.1".parse().expect("ip");
        let from_dump = salted(&salt, ip);
        assert_ne!(
            stored[..21],
            from_dump[..21],
            "{backend:?}: the salt alone recomputes the hash"
        );
        assert_eq!(stored, keyed(&app.app.app.vault, &from_dump), "{backend:?}");
    }
}
