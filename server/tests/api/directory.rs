//! The representative directory: importing the UK House of Commons 2017–19 (EveryPolitician term
//! CSV, a copy in tests/data) and a Popolo JSON sample, re-importing, members who leave, malformed
//! rows, and postcode tables. Both databases, and once through the `petrel` command itself.
use crate::helpers::{Backend, TestApp, backends, spawn_app};
use app::accounts::ssr::{ADMIN, ORGANIZER};
use app::directory::ssr::source::{Format, parse};
use app::directory::ssr::{self as directory, LegislatureSpec, postcodes};

const UK: &[u8] = include_bytes!("../data/uk-commons-term-57.csv");
const POPOLO: &[u8] = include_bytes!("../data/popolo-sample.json");
const POSTCODES: &[u8] = include_bytes!("../data/uk-postcodes-sample.csv");

fn uk_spec() -> LegislatureSpec {
    LegislatureSpec {
        slug: "uk-commons".into(),
        country: Some("GB".into()),
        name: Some("House of Commons".into()),
        term: Some("57".into()),
        source: Some("EveryPolitician term-57.csv".into()),
        as_of: Some("2019-06-01".into()),
        title: None,
    }
}

async fn import(
    app: &TestApp,
    spec: &LegislatureSpec,
    bytes: &[u8],
    format: Format,
) -> directory::Summary {
    let l = directory::ensure_legislature(&app.db, spec)
        .await
        .expect("legislature");
    let roster = parse(bytes, format, spec.term.as_deref()).expect("readable");
    let mut calls = 0;
    let summary = directory::import(&app.db, &l, roster, &mut |done, total| {
        calls += 1;
        assert!(done <= total);
    })
    .await
    .expect("import");
    assert!(calls > 0 || summary.created + summary.updated + summary.unchanged == 0);
    summary
}

async fn representative(app: &TestApp, name: &str) -> (String, bool, Option<String>, i64) {
    let backend = app.db.get_database_backend();
    let row = sea_orm::ConnectionTrait::query_one_raw(
        &app.db,
        sea_orm::Statement::from_sql_and_values(
            backend,
            app::ssr::sql::placeholders(
                backend,
                "SELECT p.name AS party, r.serving, r.email, \
                 (SELECT COUNT(*) FROM party_memberships m WHERE m.representative_id = r.id) AS periods \
                 FROM representatives r LEFT JOIN parties p ON p.id = r.party_id WHERE r.name = $1",
            ),
            [name.into()],
        ),
    )
    .await
    .expect("query")
    .unwrap_or_else(|| panic!("no {name}"));
    (
        row.try_get("", "party").expect("party"),
        row.try_get("", "serving").expect("serving"),
        row.try_get("", "email").expect("email"),
        row.try_get("", "periods").expect("periods"),
    )
}

/// The first import creates every member, area and party; members keep their party history;
/// the same file again changes nothing; a later file ends and updates members, deleting none.
#[tokio::test]
async fn the_uk_commons_imports_once_and_again_without_change() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        the_first_import_creates_everyone(&app, backend).await;
        members_keep_their_party_changes_and_seats(&app).await;
        the_same_file_again_changes_nothing(&app).await;
        a_later_file_ends_one_member_and_updates_another(&app).await;
    }
}

/// The first import: 652 members (650 serving, 3 without an address), 650 areas, 11 parties,
/// 661 party memberships, and no problems.
async fn the_first_import_creates_everyone(app: &TestApp, backend: Backend) {
    let first = import(app, &uk_spec(), UK, Format::EveryPoliticianCsv).await;
    assert_eq!(
        (first.created, first.updated, first.unchanged, first.ended),
        (652, 0, 0, 0),
        "{backend:?} {first}"
    );
    assert_eq!(first.without_email, 3, "serving members without an address");
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM representatives").await,
        652
    );
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM representatives WHERE serving = true")
            .await,
        650
    );
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM areas").await, 650);
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM parties").await, 11);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM party_memberships")
            .await,
        661
    );
}

/// Members grouped by id, with their party changes; the latest party is the current one. One
/// left during the term, and a by-election winner (without an address) holds the seat now.
async fn members_keep_their_party_changes_and_seats(app: &TestApp) {
    let (party, serving, email, periods) = representative(app, "Charlie Elphicke").await;
    assert_eq!(
        (party.as_str(), serving, periods),
        ("Conservative", true, 3)
    );
    assert_eq!(email.as_deref(), Some("charlie.elphicke.mp@parliament.uk"));
    let (party, serving, _, periods) = representative(app, "Frank Field").await;
    assert_eq!((party.as_str(), serving, periods), ("Independent", true, 2));
    // Left during the term; a by-election winner holds the seat now.
    let (_, serving, _, _) = representative(app, "Barry McElduff").await;
    assert!(!serving);
    let west_tyrone = app
        .query_i64("SELECT id FROM areas WHERE name = 'West Tyrone'")
        .await;
    let members = directory::serving_in(&app.db, west_tyrone)
        .await
        .expect("members");
    let names: Vec<&str> = members.iter().map(|(r, _)| r.name.as_str()).collect();
    assert_eq!(names, ["Órfhlaith Begley"]);
    let (_, _, email, _) = representative(app, "Órfhlaith Begley").await;
    assert_eq!(email, None, "missing emails stay missing");
}

/// The same file again: nothing changes.
async fn the_same_file_again_changes_nothing(app: &TestApp) {
    let again = import(app, &uk_spec(), UK, Format::EveryPoliticianCsv).await;
    assert_eq!(
        (again.created, again.updated, again.unchanged, again.ended),
        (0, 0, 652, 0),
        "{again}"
    );
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM party_memberships")
            .await,
        661
    );
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM areas").await, 650);
}

/// A later file: one member gone (no longer serving, never deleted), one with a new address.
async fn a_later_file_ends_one_member_and_updates_another(app: &TestApp) {
    let text = String::from_utf8(UK.to_vec()).expect("utf-8");
    let later: String = text
        .lines()
        .filter(|l| !l.contains("Adam Afriyie"))
        .map(|l| l.replace("hollowaya@parliament.uk", "adam.holloway.mp@parliament.uk") + "\n")
        .collect();
    let changed = import(
        app,
        &uk_spec(),
        later.as_bytes(),
        Format::EveryPoliticianCsv,
    )
    .await;
    assert_eq!(
        (
            changed.created,
            changed.updated,
            changed.unchanged,
            changed.ended
        ),
        (0, 1, 650, 1),
        "{changed}"
    );
    let (_, serving, _, _) = representative(app, "Adam Afriyie").await;
    assert!(!serving, "no longer listed, no longer serving");
    let (_, _, email, _) = representative(app, "Adam Holloway").await;
    assert_eq!(email.as_deref(), Some("adam.holloway.mp@parliament.uk"));
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM representatives").await,
        652,
        "never deleted"
    );
}

#[tokio::test]
async fn malformed_rows_are_reported_by_line_and_the_rest_imported() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let text = String::from_utf8(UK.to_vec()).expect("utf-8");
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines[10] = "broken,row".into();
        lines[20] = lines[20].replacen(",57,,", ",57,2019-13-45,", 1);
        let bytes = lines.join("\n");
        let summary = import(
            &app,
            &uk_spec(),
            bytes.as_bytes(),
            Format::EveryPoliticianCsv,
        )
        .await;
        let at: Vec<&str> = summary.problems.iter().map(|p| p.at.as_str()).collect();
        assert_eq!(
            at,
            ["line 11", "line 21"],
            "{backend:?} {:?}",
            summary.problems
        );
        assert!(summary.problems[1].message.contains("2019-13-45"));
        assert_eq!(summary.created, 650, "{summary}");
    }
}

#[tokio::test]
async fn a_popolo_export_imports_for_its_term() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let spec = LegislatureSpec {
            slug: "de-bundestag".into(),
            country: Some("DE".into()),
            name: Some("Bundestag".into()),
            term: Some("19".into()),
            ..Default::default()
        };
        let summary = import(&app, &spec, POPOLO, Format::PopoloJson).await;
        assert_eq!(
            (summary.created, summary.without_email),
            (3, 1),
            "{backend:?} {summary}"
        );
        let at: Vec<&str> = summary.problems.iter().map(|p| p.at.as_str()).collect();
        assert_eq!(
            at,
            ["persons[4]", "memberships[5]", "memberships[6]"],
            "{:?}",
            summary.problems
        );
        let (party, serving, email, periods) = representative(&app, "Anna Schmidt").await;
        assert_eq!(
            (party.as_str(), serving, periods),
            ("fraktionslos", true, 2)
        );
        assert_eq!(email.as_deref(), Some("anna.schmidt@bundestag.example"));
        // A list seat shared by two members.
        let list = app
            .query_i64("SELECT id FROM areas WHERE name = 'Berlin (Landesliste)'")
            .await;
        assert_eq!(
            directory::serving_in(&app.db, list)
                .await
                .expect("members")
                .len(),
            2
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM representatives WHERE name = 'Otto Alt'")
                .await,
            0,
            "another term"
        );
        let again = import(&app, &spec, POPOLO, Format::PopoloJson).await;
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
    }
}

#[tokio::test]
async fn postcodes_find_the_area_by_longest_prefix() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        import(&app, &uk_spec(), UK, Format::EveryPoliticianCsv).await;
        let l = directory::legislature(&app.db, "uk-commons")
            .await
            .expect("query")
            .expect("legislature");
        let summary = postcodes::import(&app.db, l.id, POSTCODES, &mut |_, _| {})
            .await
            .expect("postcodes");
        assert_eq!(summary.imported, 4, "{backend:?} {summary}");
        assert_eq!(summary.problems.len(), 1);
        assert_eq!(summary.problems[0].at, "line 5");
        let area = |code: &'static str| {
            let app = &app;
            async move {
                postcodes::area_for(&app.db, l.id, code)
                    .await
                    .expect("lookup")
                    .map(|a| a.name)
            }
        };
        assert_eq!(area("sl4 1aa").await.as_deref(), Some("Windsor"));
        assert_eq!(area("DA11 0XY").await.as_deref(), Some("Gravesham"));
        assert_eq!(
            area("DA11 9ZZ").await.as_deref(),
            Some("Windsor"),
            "the longer prefix wins"
        );
        assert_eq!(area("b70 6aa").await.as_deref(), Some("West Bromwich West"));
        assert_eq!(area("EC1A 1BB").await, None);
        assert_eq!(area("x").await, None);
        // Loading a table again replaces it.
        let summary = postcodes::import(&app.db, l.id, &b"SL4,Windsor\n"[..], &mut |_, _| {})
            .await
            .expect("postcodes");
        assert_eq!(summary.imported, 1);
        assert_eq!(area("DA11 0XY").await, None);
    }
}

/// The command an operator runs: progress on standard error (when it is a terminal), the summary
/// on standard output, problems listed with their line.
#[test]
fn the_import_command_prints_a_summary_and_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("members.csv");
    let text = String::from_utf8(UK.to_vec()).expect("utf-8");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[4] = "only,two";
    std::fs::write(&file, lines.join("\n")).expect("write");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_petrel"))
            .args(args)
            .env("PETREL_DATA_DIR", dir.path())
            .env_remove("DATABASE_URL")
            .output()
            .expect("petrel runs")
    };
    let file = file.to_str().expect("path");
    let out = run(&[
        "import-representatives",
        file,
        "--legislature",
        "uk-commons",
    ]);
    assert!(
        !out.status.success(),
        "a new legislature needs a country and name"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--country"));
    let out = run(&[
        "import-representatives",
        file,
        "--legislature",
        "uk-commons",
        "--country",
        "GB",
        "--name",
        "House of Commons",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("created 651, updated 0, unchanged 0, ended 0, without email 3; 1 problem"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 5: 2 fields where the header has 19")
    );
    let postcodes = dir.path().join("postcodes.csv");
    std::fs::write(&postcodes, POSTCODES).expect("write");
    let out = run(&[
        "import-postcodes",
        postcodes.to_str().expect("path"),
        "--legislature",
        "uk-commons",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 4 postcodes; 1 problem"));
}

/// The same imports from the admin page: admins only, refused uploads explained, the result
/// (figures and rows left out) shown from the audit log.
#[tokio::test]
async fn admins_import_from_the_directory_page() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in("admin@example.org", ADMIN).await;
        let org = app.signed_in("org@example.org", ORGANIZER).await;
        only_admins_import(&app, backend, &admin, &org).await;
        refused_uploads_are_explained_and_nothing_stored(&app, &admin).await;
        members_and_postcodes_are_imported(&app, &admin).await;
        the_page_shows_the_result_from_the_audit_log(&app, &admin.0).await;
    }
}

/// The directory page's form for the UK House of Commons' members.
const UK_FORM: [(&str, &str); 7] = [
    ("kind", "members"),
    ("legislature", "uk-commons"),
    ("country", "GB"),
    ("name", "House of Commons"),
    ("term", "57"),
    ("as_of", "2019-06-01"),
    ("title", "MP"),
];

/// Posts the directory page's import form as `cookie` with the form token `token`, `fields`
/// and `file` (its name and bytes), as a browser sends it.
async fn import_form(
    app: &TestApp,
    cookie: &str,
    token: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut all = vec![("csrf", token), ("locale", "en")];
    all.extend_from_slice(fields);
    app.post_multipart(
        "/admin/directory/import",
        Some(cookie),
        &all,
        file.map(|(name, bytes)| ("file", name, bytes)),
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

/// An organizer gets neither the page nor the import, nor does an admin with a forged token;
/// nothing is stored. `admin` and `org` are (cookie, form token).
async fn only_admins_import(
    app: &TestApp,
    backend: Backend,
    (admin, _): &(String, String),
    (org, org_csrf): &(String, String),
) {
    assert_eq!(app.page_as("/en/admin/directory", Some(org)).await.0, 403);
    let res = import_form(
        app,
        org,
        org_csrf,
        &UK_FORM,
        Some(("term-57.csv", UK.to_vec())),
    )
    .await;
    assert_eq!(res.status(), 403, "{backend:?}");
    let res = import_form(
        app,
        admin,
        "forged",
        &UK_FORM,
        Some(("term-57.csv", UK.to_vec())),
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM representatives").await,
        0
    );
}

/// No file, a new legislature without its country and name, an unreadable file: each refused
/// with the reason on the page, and no legislature made.
async fn refused_uploads_are_explained_and_nothing_stored(
    app: &TestApp,
    (admin, csrf): &(String, String),
) {
    let res = import_form(app, admin, csrf, &UK_FORM, None).await;
    assert!(location(&res).contains("import_error=error-directory-file"));
    let res = import_form(
        app,
        admin,
        csrf,
        &UK_FORM[..2],
        Some(("term-57.csv", UK.to_vec())),
    )
    .await;
    assert!(location(&res).contains("import_error=error-legislature-new"));
    let res = import_form(
        app,
        admin,
        csrf,
        &UK_FORM,
        Some(("members.json", b"{\"not\": 1}".to_vec())),
    )
    .await;
    let refused = location(&res);
    assert!(
        refused.contains("import_error=error-directory-unreadable"),
        "{refused}"
    );
    let (_, html) = app
        .page_as(refused.split('#').next().expect("path"), Some(admin))
        .await;
    assert!(
        html.contains("This file is neither an EveryPolitician term CSV nor a Popolo JSON export.")
    );
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM legislatures").await, 0);
}

/// The members (with what they are called) and then the postcodes are imported.
async fn members_and_postcodes_are_imported(app: &TestApp, (admin, csrf): &(String, String)) {
    let res = import_form(
        app,
        admin,
        csrf,
        &UK_FORM,
        Some(("term-57.csv", UK.to_vec())),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/en/admin/directory#last-import");
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM representatives").await,
        652
    );
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM legislatures WHERE member_title = 'MP'")
            .await,
        1,
        "what members are called, for the letters' {{title}}"
    );
    let res = import_form(
        app,
        admin,
        csrf,
        &[("kind", "postcodes"), ("legislature", "uk-commons")],
        Some(("postcodes.csv", POSTCODES.to_vec())),
    )
    .await;
    assert_eq!(res.status(), 303);
}

/// The page shows the legislature's figures, the last imports and the row left out with its
/// line; both imports are audited.
async fn the_page_shows_the_result_from_the_audit_log(app: &TestApp, admin: &str) {
    let (status, html) = app.page_as("/en/admin/directory", Some(admin)).await;
    assert_eq!(status, 200);
    assert!(html.contains("House of Commons"), "{html}");
    assert!(html.contains(r#"<td class="num">650</td><td class="num">3</td><td class="num">2</td><td class="num">650</td><td class="num">4</td>"#), "{html}");
    assert!(html.contains("created: 652 · updated: 0"));
    assert!(html.contains("postcodes: 4"));
    assert!(
        html.contains("line 5") && html.contains("Nowhere At All"),
        "the row left out, with its line"
    );
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'directory_import'")
            .await,
        2
    );
}

/// Sends the headers of a large multipart upload to `path` and a few bytes of its body, then
/// waits for the answer: one that comes means the server decided without reading the body.
async fn answer_before_the_body(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 50000000\r\n\r\n--x\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(std::time::Duration::from_secs(20), stream.read(&mut answer))
        .await
        .expect("an answer without the rest of the body")
        .expect("read");
    String::from_utf8_lossy(&answer[..n]).into_owned()
}

/// Anonymous uploads (and organizers' directory imports) are refused from the session alone,
/// before the body is read: a few anonymous posts of 80 MB each once took hundreds of megabytes.
#[tokio::test]
async fn uploads_are_authorised_before_their_body_is_read() {
    let app = spawn_app(Backend::Sqlite).await;
    for path in ["/admin/directory/import", "/admin/campaigns/anything/image"] {
        let answer = answer_before_the_body(&app, path, None).await;
        assert!(answer.starts_with("HTTP/1.1 303"), "{path}: {answer}");
        assert!(answer.contains("location: /en/login"), "{path}: {answer}");
    }
    let (cookie, _) = app.signed_in("organizer@example.org", ORGANIZER).await;
    let answer = answer_before_the_body(&app, "/admin/directory/import", Some(&cookie)).await;
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
}
