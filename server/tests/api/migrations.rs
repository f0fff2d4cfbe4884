//! Every migration applies, rolls back and applies again on both backends.
use crate::helpers::{Backend, backends, fresh_postgres};
use sea_orm_migration::MigratorTrait;

#[tokio::test]
async fn migrations_round_trip() {
    for backend in backends() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}?mode=rwc", dir.path().join("m.db").display()),
            Backend::Postgres => fresh_postgres().await,
        };
        let db = app::ssr::db::connect(&url, &Default::default())
            .await
            .expect("connect");
        migration::Migrator::up(&db, None).await.expect("up");
        assert!(
            migration::Migrator::get_pending_migrations(&db)
                .await
                .expect("status")
                .is_empty()
        );
        let count = migration::Migrator::migrations().len() as u32;
        migration::Migrator::down(&db, Some(count))
            .await
            .expect("down");
        assert_eq!(
            migration::Migrator::get_applied_migrations(&db)
                .await
                .expect("status")
                .len(),
            0,
            "{backend:?}"
        );
        migration::Migrator::up(&db, None).await.expect("up again");
        petrel::demo::seed_if_empty(&db)
            .await
            .expect("the schema takes the demo");
    }
}
