//! Organizer accounts: the emailed sign-in link read from a real SMTP server, the session
//! cookie's attributes, rotation at sign-in, timeouts, sign out (here and everywhere), the
//! anti-forgery checks, and who sees which campaigns.
use crate::helpers::{Backend, TestApp, backends, parse, spawn_app_with_smtp};
use app::accounts::ssr::{ADMIN, ORGANIZER};

async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.post_as(path, cookie, fields).await
}

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    req.send().await.expect("GET")
}

/// Asks for a link for `email` and returns its path, read from the newest message to it.
async fn request_link(app: &TestApp, email: &str, already: usize) -> String {
    let res = post(
        app,
        "/api/auth/request-link",
        None,
        &[("email", email), ("locale", "en")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/en/login/sent");
    app.run_jobs().await;
    let mail = app.smtp().wait_for(already + 1).await;
    assert_eq!(mail.len(), already + 1, "one more message");
    // The new link is the one not used yet (earlier ones to this address all are).
    let mut fresh = Vec::new();
    for raw in mail.iter().filter(|m| {
        parse(m)
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            == Some(email)
    }) {
        let m = parse(raw);
        assert_eq!(m.subject(), Some("Your sign-in link"));
        let text = m.body_text(0).expect("text").into_owned();
        let url = text
            .split_whitespace()
            .find(|w| w.contains("/login/link?token="))
            .expect("link")
            .to_owned();
        let token = url.split("token=").nth(1).expect("token");
        let unused = app
            .query_i64(&format!(
                "SELECT COUNT(*) FROM login_links WHERE used_at IS NULL AND token_hash = '{}'",
                app::ssr::secret::hash(token)
            ))
            .await;
        if unused == 1 {
            fresh.push(url);
        }
    }
    assert_eq!(fresh.len(), 1, "exactly one unused link");
    let url = fresh.remove(0);
    url.strip_prefix(&app.address)
        .expect("this site")
        .to_owned()
}

/// Presses the button behind a sign-in link; returns the response.
async fn use_link(app: &TestApp, link: &str, cookie: Option<&str>) -> reqwest::Response {
    let token = link.split("token=").nth(1).expect("token");
    post(
        app,
        "/api/auth/complete-link",
        cookie,
        &[("token", token), ("locale", "en")],
    )
    .await
}

/// The `name=value` part of the session cookie a response sets.
fn session_cookie(res: &reqwest::Response) -> String {
    let set = res.headers()["set-cookie"].to_str().expect("ascii");
    set.split(';').next().expect("pair").to_owned()
}

fn csrf_in(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf field")
        .to_owned()
}

/// The emailed link signs in once, with a safe cookie, only by pressing its button; unknown
/// addresses get no email, malformed ones are told so, and spent or expired links are refused.
#[tokio::test]
async fn sign_in_by_email_link() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        app.add_user("admin@example.org", ADMIN).await;
        the_admin_area_asks_anonymous_visitors_to_sign_in(&app, backend).await;
        unknown_addresses_get_no_email_and_malformed_ones_are_told(&app).await;
        let link = request_link(&app, "admin@example.org", 0).await;
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM login_links").await, 1);
        opening_the_link_signs_nobody_in(&app, &link).await;
        let cookie = its_button_signs_in_with_a_safe_cookie(&app, backend, &link).await;
        an_admin_sees_every_campaign(&app, &cookie).await;
        spent_and_expired_links_are_refused(&app, &link).await;
        // Every sign-in is in the audit log.
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'login'")
                .await,
            1
        );
        app.assert_no_jobs_left().await;
    }
}

/// Anonymous: the admin area asks to sign in.
async fn the_admin_area_asks_anonymous_visitors_to_sign_in(app: &TestApp, backend: Backend) {
    let res = get(app, "/en/admin", None).await;
    assert_eq!(res.status(), 401, "{backend:?}");
    assert!(res.text().await.expect("body").contains("Please sign in"));
}

/// An unknown address gets the same answer as a known one and no email; a malformed one is told
/// so, next to the field.
async fn unknown_addresses_get_no_email_and_malformed_ones_are_told(app: &TestApp) {
    let res = post(
        app,
        "/api/auth/request-link",
        None,
        &[("email", "nobody@example.org"), ("locale", "en")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/en/login/sent");
    app.run_jobs().await;
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM login_links").await, 0);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM emails").await,
        0,
        "the held email to an address without an account is dropped"
    );
    // A malformed one is told so, next to the field.
    let res = post(
        app,
        "/api/auth/request-link",
        None,
        &[("email", "not an address"), ("locale", "en")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text().await.expect("body").contains(
            "id=\"login-email-error\" class=\"field-error\">This does not look like an email"
        ),
        "the error is shown by the field (not the hidden empty placeholder)"
    );
}

/// Opening the link signs nobody in (mail scanners open links): it shows a button.
async fn opening_the_link_signs_nobody_in(app: &TestApp, link: &str) {
    let res = get(app, link, None).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("set-cookie").is_none());
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Press the button to sign in")
    );
}

/// The button signs in: a host-only, HTTP-only session cookie for a week, whose token is not
/// stored as such. Returns the `Cookie` header.
async fn its_button_signs_in_with_a_safe_cookie(
    app: &TestApp,
    backend: Backend,
    link: &str,
) -> String {
    let res = use_link(app, link, None).await;
    assert_eq!(res.status(), 303, "{backend:?}");
    assert_eq!(res.headers()["location"], "/en/admin");
    let set = res.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(set.starts_with("petrel_session="), "{set}");
    for attribute in ["Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=604800"] {
        assert!(set.contains(attribute), "{attribute} in {set}");
    }
    assert!(!set.contains("Domain"), "host-only: {set}");
    let cookie = session_cookie(&res);
    let token = cookie.split('=').nth(1).expect("value");
    assert_eq!(
        app.query_i64(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'"
        ))
        .await,
        0,
        "only the token's hash is stored"
    );
    cookie
}

/// Signed in, an admin sees every campaign, on a page no cache keeps.
async fn an_admin_sees_every_campaign(app: &TestApp, cookie: &str) {
    let res = get(app, "/en/admin", Some(cookie)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Protect Russians who fled"),
        "an admin sees every campaign"
    );
}

/// The link is spent: a second press is refused with a clear page. An expired link is refused
/// too.
async fn spent_and_expired_links_are_refused(app: &TestApp, link: &str) {
    let res = use_link(app, link, None).await;
    assert_eq!(res.status(), 404);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("not valid any more")
    );
    let res = get(app, link, None).await;
    assert_eq!(res.status(), 404);

    // An expired link is refused too.
    let link = request_link(app, "admin@example.org", 1).await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        "UPDATE login_links SET expires_at = 0 WHERE used_at IS NULL",
    )
    .await
    .expect("expire");
    assert_eq!(use_link(app, &link, None).await.status(), 404);
}

/// Sessions are replaced at sign-in, can be ended everywhere (never by a forged request), and
/// end when idle; an organizer sees only the campaigns they run.
#[tokio::test]
async fn sessions_rotate_time_out_and_end_everywhere() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        app.add_user("org@example.org", ORGANIZER).await;
        let first = org_signs_in(&app, 0, None).await;
        let second = signing_in_again_replaces_the_session(&app, backend, &first).await;
        // A second browser.
        let other = org_signs_in(&app, 2, None).await;
        let csrf = the_account_page_names_this_browser(&app, &second).await;
        forged_sign_outs_are_refused(&app, &second, &other, &csrf).await;
        signing_out_everywhere_ends_both_sessions(&app, &second, &other, &csrf).await;
        idle_sessions_end(&app).await;
        an_organizer_sees_only_campaigns_they_run(&app, backend).await;
        app.assert_no_jobs_left().await;
    }
}

/// Signs org@example.org in with a new link (`already` messages have arrived before it) from a
/// browser sending `cookie`; returns the new session's `Cookie` header.
async fn org_signs_in(app: &TestApp, already: usize, cookie: Option<&str>) -> String {
    let link = request_link(app, "org@example.org", already).await;
    session_cookie(&use_link(app, &link, cookie).await)
}

/// Signing in again from a browser that has a session replaces it: new token, old dead. Returns
/// the new session's cookie.
async fn signing_in_again_replaces_the_session(
    app: &TestApp,
    backend: Backend,
    first: &str,
) -> String {
    let second = org_signs_in(app, 1, Some(first)).await;
    assert_ne!(first, second);
    assert_eq!(
        get(app, "/en/account", Some(first)).await.status(),
        401,
        "{backend:?}"
    );
    assert_eq!(get(app, "/en/account", Some(&second)).await.status(), 200);
    second
}

/// The account page says which session is this browser's and the role; returns its form token.
async fn the_account_page_names_this_browser(app: &TestApp, cookie: &str) -> String {
    let html = get(app, "/en/account", Some(cookie))
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("this browser"));
    assert!(html.contains("You are an organizer."));
    csrf_in(&html)
}

/// Forged requests are refused: no token, a wrong one, or sent from another site; nothing
/// ended.
async fn forged_sign_outs_are_refused(app: &TestApp, second: &str, other: &str, csrf: &str) {
    let res = post(
        app,
        "/api/auth/sign-out",
        Some(second),
        &[("csrf", "forged"), ("locale", "en")],
    )
    .await;
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(app.url("/api/auth/sign-out"))
        .header("Accept", "text/html")
        .header("Sec-Fetch-Site", "cross-site")
        .header("Cookie", second)
        .form(&[("csrf", csrf), ("locale", "en"), ("everywhere", "yes")])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 403);
    assert_eq!(
        get(app, "/en/account", Some(other)).await.status(),
        200,
        "nothing ended"
    );
}

/// Sign out everywhere ends both sessions and clears this browser's cookie; it is audited.
async fn signing_out_everywhere_ends_both_sessions(
    app: &TestApp,
    second: &str,
    other: &str,
    csrf: &str,
) {
    let res = post(
        app,
        "/api/auth/sign-out",
        Some(second),
        &[("csrf", csrf), ("locale", "en"), ("everywhere", "yes")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/en/login?signed_out=1");
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0")
    );
    assert_eq!(get(app, "/en/account", Some(second)).await.status(), 401);
    assert_eq!(get(app, "/en/account", Some(other)).await.status(), 401);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'logout_everywhere'")
            .await,
        1
    );
}

/// A session not used for long ends (the clock is moved by ageing it).
async fn idle_sessions_end(app: &TestApp) {
    let idle = org_signs_in(app, 3, None).await;
    assert_eq!(get(app, "/en/account", Some(&idle)).await.status(), 200);
    sea_orm::ConnectionTrait::execute_unprepared(&app.db, "UPDATE sessions SET last_seen_at = 0")
        .await
        .expect("age");
    assert_eq!(get(app, "/en/account", Some(&idle)).await.status(), 401);
}

/// An organizer sees only campaigns they run: none yet (the demo is nobody's).
async fn an_organizer_sees_only_campaigns_they_run(app: &TestApp, backend: Backend) {
    let fresh = org_signs_in(app, 4, None).await;
    let html = get(app, "/en/admin", Some(&fresh))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("You do not run any campaign yet"),
        "{backend:?}"
    );
    assert!(!html.contains("Protect Russians who fled"));
}

/// The admin start page as the session `cookie` sees it.
async fn admin_page(app: &TestApp, cookie: &str) -> String {
    get(app, "/en/admin", Some(cookie))
        .await
        .text()
        .await
        .expect("body")
}

/// A form's fields.
type Fields<'a> = Vec<(&'a str, &'a str)>;

fn as_pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Every admin page and server function as anonymous, organizer A, organizer B and admin: who
/// gets what, and that no data of one organizer's campaign reaches another.
#[tokio::test]
async fn authorisation_matrix() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        let admin = app.add_user("admin@example.org", ADMIN).await;
        let a = app.add_user("a@example.org", ORGANIZER).await;
        let b = app.add_user("b@example.org", ORGANIZER).await;
        a_petition_run_by(&app, a).await;
        let admin_s = app.session_for(admin).await;
        let a_s = app.session_for(a).await;
        let (b_c, _) = app.session_for(b).await;
        pages_by_role(&app, backend, &a_s.0, &admin_s.0).await;
        organizers_see_only_their_own_campaigns(&app, backend, &a_s.0, &b_c, &admin_s.0).await;
        only_admins_change_accounts(&app, backend, b, &a_s, &admin_s).await;
        the_changes_took_effect_and_were_emailed(&app, b, &b_c).await;
        clashing_changes_are_refused_with_a_reason(&app, admin, &admin_s).await;
        the_audit_log_names_who_did_what(&app, &admin_s.0).await;
        app.assert_no_jobs_left().await;
    }
}

/// Creates "Petition of A", run by the organizer `owner`.
async fn a_petition_run_by(app: &TestApp, owner: i64) {
    let mine = petrel::campaigns::create(
        &app.db,
        "slug = \"organizer-a-petition\"\ndefault_locale = \"en\"\n[texts.en]\ntitle = \"Petition of A\"\nsummary = \"s\"\naddressee = \"x\"\nbody = \"b\"\n",
        petrel::campaigns::Format::Toml,
    )
    .await
    .expect("campaign");
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!("UPDATE campaigns SET owner_id = {owner} WHERE id = {mine}"),
    )
    .await
    .expect("owner");
}

/// Pages: anonymous visitors are asked to sign in, organizers kept out of the admins' pages.
async fn pages_by_role(app: &TestApp, backend: Backend, a_c: &str, admin_c: &str) {
    // Pages: (path, anonymous, organizer, admin).
    for (path, anon, org, adm) in [
        ("/en/admin", 401, 200, 200),
        ("/en/account", 401, 200, 200),
        ("/en/admin/users", 401, 403, 200),
        ("/en/admin/audit", 401, 403, 200),
        ("/en/admin/directory", 401, 403, 200),
    ] {
        assert_eq!(
            get(app, path, None).await.status(),
            anon,
            "{backend:?} {path} anonymous"
        );
        assert_eq!(
            get(app, path, Some(a_c)).await.status(),
            org,
            "{path} organizer"
        );
        assert_eq!(
            get(app, path, Some(admin_c)).await.status(),
            adm,
            "{path} admin"
        );
    }
}

/// Each organizer sees their own campaigns only; the admin sees all; organizers see no
/// account data.
async fn organizers_see_only_their_own_campaigns(
    app: &TestApp,
    backend: Backend,
    a_c: &str,
    b_c: &str,
    admin_c: &str,
) {
    assert!(admin_page(app, a_c).await.contains("Petition of A"));
    assert!(
        !admin_page(app, b_c).await.contains("Petition of A"),
        "{backend:?}"
    );
    assert!(admin_page(app, admin_c).await.contains("Petition of A"));
    let users_page = get(app, "/en/admin/users", Some(a_c))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        !users_page.contains("b@example.org"),
        "no account data for organizers"
    );
}

/// Changes to accounts (invite, make B an admin, disable B) as anonymous, organizer A (with a
/// valid token) and the admin (with a forged token, then a valid one): only the last goes
/// through. `a` and `admin` are (cookie, form token).
async fn only_admins_change_accounts(
    app: &TestApp,
    backend: Backend,
    b: i64,
    (a_c, a_t): &(String, String),
    (admin_c, admin_t): &(String, String),
) {
    // Changes: (endpoint, fields) as anonymous, organizer (with a valid token) and admin.
    let b_id = b.to_string();
    let changes: Vec<(&str, Fields, u16)> = vec![
        (
            "/api/admin/users/invite",
            vec![
                ("locale", "en"),
                ("email", "new@example.org"),
                ("role", "organizer"),
            ],
            303,
        ),
        (
            "/api/admin/users/role",
            vec![("locale", "en"), ("user", &b_id), ("role", "admin")],
            303,
        ),
        (
            "/api/admin/users/state",
            vec![("locale", "en"), ("user", &b_id)],
            303,
        ),
    ];
    for (endpoint, fields, admin_status) in changes {
        let with = |token: &str| {
            let mut f = fields.clone();
            f.push(("csrf", token));
            f.into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect::<Vec<_>>()
        };
        let anon = with("");
        assert_eq!(
            post(app, endpoint, None, &as_pairs(&anon)).await.status(),
            401,
            "{endpoint} anonymous"
        );
        let org = with(a_t);
        assert_eq!(
            post(app, endpoint, Some(a_c), &as_pairs(&org))
                .await
                .status(),
            403,
            "{endpoint} organizer"
        );
        let forged = with("forged");
        assert_eq!(
            post(app, endpoint, Some(admin_c), &as_pairs(&forged))
                .await
                .status(),
            403,
            "{endpoint} admin, forged token"
        );
        let ok = with(admin_t);
        assert_eq!(
            post(app, endpoint, Some(admin_c), &as_pairs(&ok))
                .await
                .status(),
            admin_status,
            "{backend:?} {endpoint} admin"
        );
    }
}

/// The changes took effect: B was made admin, then disabled (its session is gone); the
/// invitation was emailed.
async fn the_changes_took_effect_and_were_emailed(app: &TestApp, b: i64, b_c: &str) {
    assert_eq!(
        app.query_i64(&format!(
            "SELECT COUNT(*) FROM users WHERE id = {b} AND role = 'admin' AND state = 'disabled'"
        ))
        .await,
        1
    );
    assert_eq!(get(app, "/en/admin", Some(b_c)).await.status(), 401);
    // The invitation was emailed.
    app.run_jobs().await;
    let mail = app.smtp().wait_for(1).await;
    assert_eq!(
        parse(&mail[0]).subject(),
        Some("You have an account for running campaigns")
    );
}

/// Inviting the same address again, or changing oneself, is refused with a reason.
async fn clashing_changes_are_refused_with_a_reason(
    app: &TestApp,
    admin: i64,
    (admin_c, admin_t): &(String, String),
) {
    let res = post(
        app,
        "/api/admin/users/invite",
        Some(admin_c),
        &[
            ("csrf", admin_t),
            ("locale", "en"),
            ("email", "NEW@example.org"),
            ("role", "organizer"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("has an account already")
    );
    let me = admin.to_string();
    let res = post(
        app,
        "/api/admin/users/state",
        Some(admin_c),
        &[("csrf", admin_t), ("locale", "en"), ("user", &me)],
    )
    .await;
    assert_eq!(res.status(), 422);
}

/// All of it is in the audit log, which names who did it.
async fn the_audit_log_names_who_did_what(app: &TestApp, admin_c: &str) {
    let audit = get(app, "/en/admin/audit", Some(admin_c))
        .await
        .text()
        .await
        .expect("body");
    for action in ["invite", "role_change", "disable", "login"] {
        assert!(audit.contains(action), "{action} in the audit log");
    }
    assert!(audit.contains("admin@example.org"));
}

/// After `MAX_LINKS` requests for one address within a link's lifetime, the next is told to
/// wait — the same for an address with an account and one without, so nobody learns which.
#[tokio::test]
async fn too_many_sign_in_links_are_told_when_to_try_again() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        app.add_user("admin@example.org", ADMIN).await;
        let ask = |email: &'static str| {
            let app = &app;
            async move {
                post(
                    app,
                    "/api/auth/request-link",
                    None,
                    &[("email", email), ("locale", "en")],
                )
                .await
            }
        };
        for email in ["admin@example.org", "nobody@example.org"] {
            for _ in 0..app::accounts::ssr::MAX_LINKS {
                assert_eq!(ask(email).await.status(), 303, "{backend:?} {email}");
            }
            let res = ask(email).await;
            assert_eq!(res.status(), 422, "{backend:?} {email}");
            let html = res.text().await.expect("body");
            assert!(
                html.contains("try again in 15 minutes"),
                "{backend:?} {email}: says when"
            );
            assert!(
                html.contains("value=\"") && html.contains(email),
                "keeps the address"
            );
        }
        // The account got exactly its five links; the capped request made none.
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM login_links").await,
            app::accounts::ssr::MAX_LINKS
        );
        // Another address is not held up by these.
        assert_eq!(ask("other@example.org").await.status(), 303);
        app.run_jobs().await;
        app.assert_no_jobs_left().await;
    }
}

/// Asking for a link does the same work whether or not the address has an account (13.4 ms
/// against 7.7 ms told them apart): until the worker runs, the database holds the same for both —
/// one held email and one job each, and no link. The worker then mails the account its link and
/// drops the other.
#[tokio::test]
async fn a_link_request_does_the_same_work_for_every_address() {
    for backend in backends() {
        let app = spawn_app_with_smtp(backend).await;
        app.add_user("admin@example.org", ADMIN).await;
        let mut seen = Vec::new();
        for email in ["admin@example.org", "nobody@example.org"] {
            let res = post(
                &app,
                "/api/auth/request-link",
                None,
                &[("email", email), ("locale", "en")],
            )
            .await;
            assert_eq!(res.status(), 303, "{backend:?} {email}");
            seen.push((
                app.query_i64("SELECT COUNT(*) FROM login_links").await,
                app.query_i64("SELECT COUNT(*) FROM emails").await,
                app.query_i64("SELECT COUNT(*) FROM jobs WHERE kind = 'issue_login_link'")
                    .await,
                app.query_i64("SELECT COUNT(*) FROM jobs WHERE kind = 'send_email'")
                    .await,
            ));
        }
        assert_eq!(seen, [(0, 1, 1, 0), (0, 2, 2, 0)], "{backend:?}");
        app.run_jobs().await;
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM login_links").await, 1);
        let mail = app.smtp().wait_for(1).await;
        assert_eq!(mail.len(), 1, "{backend:?}: only the account is mailed");
        let to = parse(&mail[0])
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned);
        assert_eq!(to.as_deref(), Some("admin@example.org"));
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM emails WHERE sealed IS NOT NULL")
                .await,
            0,
            "nothing sealed is left behind"
        );
        app.assert_no_jobs_left().await;
    }
}

/// Login CSRF: a page on another site that posts the attacker's own sign-in link (or asks for
/// links) is refused even though the visitor has no session yet; from Petrel's own pages the
/// same link signs in.
#[tokio::test]
async fn other_sites_cannot_sign_a_visitor_in() {
    let app = spawn_app_with_smtp(crate::helpers::Backend::Sqlite).await;
    app.add_user("attacker@example.org", ADMIN).await;
    let link = request_link(&app, "attacker@example.org", 0).await;
    let token = link.split("token=").nth(1).expect("token");
    for path in ["/api/auth/complete-link", "/api/auth/request-link"] {
        let res = app
            .client
            .post(app.url(path))
            .header("Sec-Fetch-Site", "cross-site")
            .form(&[
                ("token", token),
                ("email", "attacker@example.org"),
                ("locale", "en"),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), 403, "{path}");
        assert!(res.headers().get("set-cookie").is_none(), "{path}");
    }
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(
        use_link(&app, &link, None).await.status(),
        303,
        "from our own pages it works"
    );
}
