//! `spawn_app()` and the real peers tests talk to.
#![allow(dead_code)]

use mail_parser::{Message, MessageParser};
use petrel::config::{Environment, MailBackend, Settings, SmtpSecurity};
use petrel::startup::Application;
use petrel::worker::{Report, Worker};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backends every integration test runs on: SQLite always; PostgreSQL when
/// `PETREL_TEST_DATABASE_URL` names a server (the test command always sets it). With
/// `PETREL_REQUIRE_POSTGRES=1` a missing PostgreSQL fails the test instead of being left out.
pub fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Sqlite];
    if std::env::var("PETREL_TEST_DATABASE_URL").is_ok() {
        list.push(Backend::Postgres);
    } else if std::env::var("PETREL_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("PETREL_REQUIRE_POSTGRES=1 but PETREL_TEST_DATABASE_URL is not set");
    } else {
        static WARN: Once = Once::new();
        WARN.call_once(|| {
            eprintln!("note: PETREL_TEST_DATABASE_URL not set; PostgreSQL tests left out (run ./petrel.sh test)")
        });
    }
    list
}

fn admin_url() -> String {
    std::env::var("PETREL_TEST_DATABASE_URL").expect("PETREL_TEST_DATABASE_URL")
}

fn with_database(url: &str, name: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("database URL has a path");
    format!("{base}/{name}")
}

/// A fresh, empty PostgreSQL database; its URL.
pub async fn fresh_postgres() -> String {
    let admin = Database::connect(admin_url())
        .await
        .expect("connect to PostgreSQL");
    let name = format!("petrel_t_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    let _ = admin.close().await;
    with_database(&admin_url(), &name)
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

pub struct TestApp {
    pub address: String,
    pub backend: Backend,
    pub worker: Worker,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub data_dir: tempfile::TempDir,
    pub database_url: String,
    pub smtp: Option<TestSmtp>,
    pub app: petrel::startup::ServerState,
}

/// Settings for a test: its own data directory, database, a random port, the memory mailer.
pub async fn test_settings(backend: Backend, data_dir: &Path) -> Settings {
    let port = free_port();
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", data_dir.join("petrel.db").display()),
        Backend::Postgres => fresh_postgres().await,
    };
    let mut s = Settings {
        environment: Environment::Development,
        listen: format!("127.0.0.1:{port}"),
        public_url: format!("http://127.0.0.1:{port}"),
        data_dir: data_dir.to_owned(),
        database_url: Some(database_url),
        database_max_connections: 4,
        site_root: data_dir.join("site"),
        ..Settings::default()
    };
    s.mail.backend = MailBackend::Memory;
    s.worker.poll_interval_ms = 50;
    // Tests look at a page right after changing what it shows; the page cache, which would
    // show the old page for a second, has its own test (caching.rs).
    s.page_cache_ms = 0;
    s.site.operator_name = "Petrel Test Association".into();
    s.site.contact_email = "contact@petrel.test".into();
    s
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Starts the application; `adjust` may change the settings first. The worker does not run by
/// itself: call [`TestApp::run_jobs`].
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    petrel::telemetry::init(petrel::config::LogFormat::Text, "error");
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(backend, data_dir.path()).await;
    adjust(&mut settings);
    let database_url = settings.database_url();
    let app = Application::build(settings, false)
        .await
        .expect("application starts");
    let port = app.port();
    let worker = app.worker();
    let state = app.state.clone();
    let db = state.app.db.clone();
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        backend,
        worker,
        db,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        data_dir,
        database_url,
        smtp: None,
        app: state,
    }
}

/// Starts the application with its mail going to a real SMTP server of its own.
pub async fn spawn_app_with_smtp(backend: Backend) -> TestApp {
    spawn_app_with_smtp_and(backend, |_| {}).await
}

/// [`spawn_app_with_smtp`] with other settings changed by `adjust`.
pub async fn spawn_app_with_smtp_and(
    backend: Backend,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let smtp = TestSmtp::start();
    let port = smtp.port;
    let mut app = spawn_app_with(backend, |s| {
        s.mail.backend = MailBackend::Smtp;
        s.mail.smtp_host = "127.0.0.1".into();
        s.mail.smtp_port = port;
        s.mail.smtp_security = SmtpSecurity::None;
        adjust(s);
    })
    .await;
    app.smtp = Some(smtp);
    app
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_lang(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("Accept-Language", accept_language)
            .send()
            .await
            .expect("GET")
    }

    /// Runs every due job, as the worker would.
    pub async fn run_jobs(&self) -> Report {
        self.worker.run_due().await.expect("run jobs")
    }

    /// Fails if any job is left pending, running or dead.
    pub async fn assert_no_jobs_left(&self) {
        let depth = app::ssr::jobs::depth(&self.db).await.expect("job depth");
        assert_eq!(
            depth,
            Default::default(),
            "jobs left behind on {:?}",
            self.backend
        );
    }

    pub async fn query_i64(&self, sql: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .expect("query")
            .expect("a row");
        row.try_get_by_index::<i64>(0)
            .or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from))
            .expect("an integer")
    }

    pub async fn query_text(&self, sql: &str) -> String {
        let backend = self.db.get_database_backend();
        self.db
            .query_one_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .expect("query")
            .expect("a row")
            .try_get_by_index::<String>(0)
            .expect("a text")
    }

    /// Creates an account (or gives it `role`); returns its id.
    pub async fn add_user(&self, email: &str, role: &str) -> i64 {
        let email = app::domain::Email::parse(email).expect("email");
        app::accounts::ssr::add_user(&self.db, &self.app.app.vault, &email, role, None)
            .await
            .expect("add user")
            .0
    }

    /// Signs `user_id` in directly; returns the `Cookie` header and the session's form token.
    pub async fn session_for(&self, user_id: i64) -> (String, String) {
        let raw = app::accounts::ssr::sign_in(
            &self.db,
            &self.app.app.auth,
            user_id,
            "test",
            "test",
            None,
        )
        .await
        .expect("sign in");
        (
            format!("petrel_session={raw}"),
            app::accounts::ssr::csrf_token(&self.app.app.vault, &raw),
        )
    }

    /// A new account with `role`, signed in: the `Cookie` header and the form token.
    pub async fn signed_in(&self, email: &str, role: &str) -> (String, String) {
        let id = self.add_user(email, role).await;
        self.session_for(id).await
    }

    /// A form post as a browser without JavaScript sends it from one of our pages, with the
    /// session cookie if given.
    pub async fn post_as(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut req = self
            .client
            .post(self.url(path))
            .header("Accept", "text/html")
            .header("Sec-Fetch-Site", "same-origin")
            .form(fields);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        req.send().await.expect("POST")
    }

    /// A multipart form post (as browsers send files), with the session cookie if given;
    /// `file` is (field, file name, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, Vec<u8>)>,
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        if let Some((field, name, bytes)) = file {
            form = form.part(
                field.to_owned(),
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        let mut req = self
            .client
            .post(self.url(path))
            .header("Sec-Fetch-Site", "same-origin")
            .multipart(form);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        req.send().await.expect("POST")
    }

    /// A page with the session cookie if given: its status and body.
    pub async fn page_as(&self, path: &str, cookie: Option<&str>) -> (u16, String) {
        let mut req = self.client.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        let res = req.send().await.expect("GET");
        (res.status().as_u16(), res.text().await.expect("body"))
    }

    pub fn smtp(&self) -> &TestSmtp {
        self.smtp.as_ref().expect("spawned with an SMTP server")
    }
}

/// A real SMTP server (Python's aiosmtpd) on 127.0.0.1, storing what it receives in a Maildir.
pub struct TestSmtp {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

pub fn python() -> String {
    std::env::var("PETREL_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

impl TestSmtp {
    pub fn start() -> TestSmtp {
        TestSmtp::start_on(0)
    }

    /// Starts the server on `port` (0: any free one).
    pub fn start_on(port: u16) -> TestSmtp {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(dir.path().join("mail").join(sub)).expect("maildir");
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/smtp_server.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(dir.path().join("mail"))
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start aiosmtpd with {} ({e}); run ./petrel.sh test, which installs it",
                    python()
                )
            });
        // The server prints the port it bound once it listens.
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("read the port");
        let port: u16 = line.trim().parse().unwrap_or_else(|_| {
            panic!(
                "aiosmtpd did not start (is it installed for {}?): {line:?}",
                python()
            )
        });
        TestSmtp { port, dir, child }
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<(std::time::SystemTime, PathBuf)> =
            std::fs::read_dir(self.dir.path().join("mail").join("new"))
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| {
                            let at = e
                                .metadata()
                                .and_then(|m| m.modified())
                                .unwrap_or(std::time::UNIX_EPOCH);
                            (at, e.path())
                        })
                        .collect()
                })
                .unwrap_or_default();
        // In the order they arrived (Maildir names are not ordered within a second).
        files.sort();
        files.into_iter().map(|(_, path)| path).collect()
    }

    /// The raw messages received so far.
    pub fn raw_messages(&self) -> Vec<Vec<u8>> {
        self.files()
            .iter()
            .filter_map(|f| std::fs::read(f).ok())
            .collect()
    }

    /// Waits until `n` messages have arrived (at most 20 s) and returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let raw = self.raw_messages();
            if raw.len() >= n || Instant::now() > deadline {
                return raw;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for TestSmtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path (with query) of the first link in the message's text part that contains `needle`,
/// on the site at `base`.
pub fn link_in(raw: &[u8], needle: &str, base: &str) -> String {
    let text = parse(raw).body_text(0).expect("text part").into_owned();
    let url = text
        .split_whitespace()
        .find(|w| w.contains(needle))
        .unwrap_or_else(|| panic!("no {needle} link in {text}"));
    url.strip_prefix(base)
        .expect("link to this site")
        .to_owned()
}

/// Parses a raw message (MIME-decoded).
pub fn parse(raw: &[u8]) -> Message<'_> {
    MessageParser::default().parse(raw).expect("a MIME message")
}

/// Waits (at most 60 s) until a `petrel` started by the test answers on /healthz.
pub async fn wait_until_up(client: &reqwest::Client, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Kills the child process if the test fails before stopping it.
pub struct KillOnDrop(pub Option<Child>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl TestApp {
    /// Every text value in every table, one per line: what a copy of the database shows to
    /// someone without the vault's keys.
    pub async fn all_text(&self) -> String {
        let backend = self.db.get_database_backend();
        let columns_sql = match backend {
            sea_orm::DbBackend::Postgres => {
                "SELECT table_name, column_name FROM information_schema.columns \
                 WHERE table_schema = current_schema() \
                 AND data_type IN ('text', 'character varying')"
            }
            _ => {
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND (p.type LIKE '%CHAR%' OR p.type LIKE '%TEXT%' \
                 OR p.type = '')"
            }
        };
        let columns = self
            .db
            .query_all_raw(Statement::from_string(backend, columns_sql.to_owned()))
            .await
            .expect("columns");
        let mut out = String::new();
        for c in columns {
            let table: String = c.try_get_by_index(0).expect("table");
            let column: String = c.try_get_by_index(1).expect("column");
            let rows = self
                .db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("SELECT \"{column}\" FROM \"{table}\""),
                ))
                .await
                .expect("values");
            for r in rows {
                if let Ok(Some(v)) = r.try_get_by_index::<Option<String>>(0) {
                    out.push_str(&format!("{table}.{column}: {v}\n"));
                }
            }
        }
        out
    }
}
