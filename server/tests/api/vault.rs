//! Personal data is sealed at rest: the raw column never holds the plaintext.
use crate::helpers::{backends, spawn_app};
use app::domain::{Email, Locale};
use app::ssr::outbox::{self, SEALED_PURPOSE, Sealed, Template};
use sea_orm::{ConnectionTrait, Statement};

#[tokio::test]
async fn sealed_fields_round_trip_and_hide_the_plaintext() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let vault = &app.app.app.vault;
        let address = "vera.secret-signer@example.org";
        let mut params = serde_json::Map::new();
        params.insert("name".into(), "Вера Тайная".into());
        outbox::queue(
            &app.db,
            vault,
            Template::TestMessage,
            Locale::DEFAULT,
            &Email::parse(address).expect("valid"),
            params,
        )
        .await
        .expect("queued");
        let db_backend = app.db.get_database_backend();
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                db_backend,
                "SELECT sealed FROM emails",
            ))
            .await
            .expect("query")
            .expect("row");
        let raw: String = row.try_get("", "sealed").expect("text");
        assert!(raw.starts_with("v1.1."), "{raw}");
        assert!(!raw.contains("vera") && !raw.contains("example.org") && !raw.contains("Вера"));
        let opened: Sealed =
            serde_json::from_slice(&vault.open(SEALED_PURPOSE, &raw).expect("opens"))
                .expect("json");
        assert_eq!(opened.to.as_str(), address);
        assert_eq!(opened.params["name"], "Вера Тайная");

        // Once sent, the content is gone from the database altogether.
        app.run_jobs().await;
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                db_backend,
                "SELECT sealed, state FROM emails",
            ))
            .await
            .expect("query")
            .expect("row");
        assert_eq!(
            row.try_get::<Option<String>>("", "sealed").expect("col"),
            None
        );
        assert_eq!(row.try_get::<String>("", "state").expect("col"), "sent");
        app.assert_no_jobs_left().await;
    }
}
