//! Hand-written SQL that runs on both backends: written with PostgreSQL's `$n` placeholders,
//! which SQLite takes in the same numbered form as `?n`.
use sea_orm::{DbBackend, Statement, Value};

pub fn placeholders(backend: DbBackend, sql: &str) -> String {
    match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    }
}

/// `n` numbered placeholders from `$from` on, comma-separated (`$3, $4, $5`): an `IN (…)` list
/// or a row of `VALUES`.
pub fn params(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A statement for `backend` from `$n`-style SQL and its values.
pub fn stmt(backend: DbBackend, sql: &str, values: impl IntoIterator<Item = Value>) -> Statement {
    Statement::from_sql_and_values(backend, placeholders(backend, sql), values)
}
