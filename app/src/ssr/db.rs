//! Opening the database: SQLite (WAL, foreign keys on) or PostgreSQL, from one URL.
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

pub struct DbOptions {
    pub max_connections: u32,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            max_connections: 16,
        }
    }
}

/// The most connections a SQLite pool gets, whatever `database_max_connections` says.
pub const SQLITE_MAX_CONNECTIONS: u32 = 6;

pub async fn connect(url: &str, options: &DbOptions) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(options.max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if let Some(rest) = url.strip_prefix("sqlite://") {
        // Made 0600 before SQLite sees it: SQLite would create it, and its WAL, world-readable.
        let path = rest.split('?').next().unwrap_or_default();
        if !path.is_empty() && !path.starts_with(':') {
            crate::ssr::private::touch(std::path::Path::new(path)).map_err(|e| {
                DbErr::Custom(format!("cannot create the database file {path}: {e}"))
            })?;
        }
    }
    if url.starts_with("sqlite:") {
        // SQLite has one writer, and each connection is a thread with its own page cache (and,
        // with glibc, often its own malloc arena): beyond a few, connections add memory, not
        // throughput. The benchmark measured 107 MB peak with 16.
        opts.max_connections(options.max_connections.min(SQLITE_MAX_CONNECTIONS));
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    }
    Database::connect(opts).await
}
