//! kill -9 during signing: every signature that got a success response survives the crash.
use crate::helpers::{Backend, backends, free_port, fresh_postgres};
use app::domain::Email;
use app::ssr::vault::Vault;
use petrel::demo::DEMO_SLUG;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn start(dir: &std::path::Path, port: u16, database_url: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_petrel"))
        .arg("serve")
        .current_dir(dir)
        .env("PETREL_DATA_DIR", dir.join("data"))
        .env("PETREL_LISTEN", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("PETREL_LOG_LEVEL", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("petrel serve")
}

#[tokio::test]
async fn signatures_acknowledged_before_a_crash_survive_it() {
    for backend in backends() {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let database_url = match backend {
            Backend::Sqlite => format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("data/petrel.db").display()
            ),
            Backend::Postgres => fresh_postgres().await,
        };
        std::fs::create_dir_all(dir.path().join("data")).expect("data dir");
        let mut server = start(dir.path(), port, &database_url);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client");
        crate::helpers::wait_until_up(&client, port).await;
        let vault = Vault::open_dir(&dir.path().join("data/keys"), false)
            .expect("keys")
            .vault;
        let token =
            app::ssr::abuse::form_token::issue_at(&vault, app::ssr::time::now_ms() - 10_000);
        let acknowledged = sign_until_the_plug_is_pulled(&client, port, &token, &mut server).await;
        assert!(
            acknowledged.len() >= 50,
            "{backend:?}: only {} signatures before the crash",
            acknowledged.len()
        );

        // It starts again on the same data, and every acknowledged signature is there.
        let mut server = start(dir.path(), port, &database_url);
        crate::helpers::wait_until_up(&client, port).await;
        let _ = server.kill();
        let _ = server.wait();
        every_acknowledged_signature_is_there(backend, &database_url, &vault, &acknowledged).await;
    }
}

/// Eight clients sign (400 times each) until the server is gone; once 50 signatures are
/// acknowledged (or 30 s have passed) the server is killed with `kill -9`. Returns the addresses
/// whose signing got a success response.
async fn sign_until_the_plug_is_pulled(
    client: &reqwest::Client,
    port: u16,
    token: &str,
    server: &mut Child,
) -> Vec<String> {
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let (client, token, acknowledged) =
            (client.clone(), token.to_owned(), acknowledged.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..400 {
                let email = format!("crash-{worker}-{i}@example.org");
                let res = client
                    .post(format!("http://127.0.0.1:{port}/api/petitions/sign"))
                    .header("Accept", "text/html")
                    .form(&[
                        ("slug", DEMO_SLUG),
                        ("locale", "en"),
                        ("form_token", &token),
                        ("name", "Crash Test"),
                        ("email", &email),
                        ("country", "DE"),
                    ])
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 303 => acknowledged.lock().expect("lock").push(email),
                    Ok(_) => {}
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    // Let some signatures through, then pull the plug.
    let deadline = Instant::now() + Duration::from_secs(30);
    while acknowledged.lock().expect("lock").len() < 50 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().expect("kill -9");
    let _ = server.wait();
    for t in tasks {
        let _ = t.await;
    }
    acknowledged.lock().expect("lock").clone()
}

/// Every address in `acknowledged` has its signature in the database at `database_url`.
async fn every_acknowledged_signature_is_there(
    backend: Backend,
    database_url: &str,
    vault: &Vault,
    acknowledged: &[String],
) {
    let db = app::ssr::db::connect(database_url, &Default::default())
        .await
        .expect("connect");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    for email in acknowledged {
        let hash = vault.lookup_hash(
            app::petitions::ssr::sign::EMAIL_HASH_PURPOSE,
            &Email::parse(email).expect("valid").normalised(),
        );
        let found = app::ssr::entities::signature::Entity::find()
            .filter(app::ssr::entities::signature::Column::EmailHash.eq(hash))
            .one(&db)
            .await
            .expect("query");
        assert!(
            found.is_some(),
            "{backend:?}: {email} was acknowledged but is gone"
        );
    }
}
