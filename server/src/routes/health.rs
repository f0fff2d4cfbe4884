//! `/healthz`: the process answers. `/readyz`: the database answers and every migration is
//! applied, so a load balancer can hold traffic back from a process that cannot serve it.
use crate::startup::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::ConnectionTrait;
use sea_orm_migration::MigratorTrait;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<ServerState>) -> (StatusCode, &'static str) {
    if state.app.db.execute_unprepared("SELECT 1").await.is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
    }
    match migration::Migrator::get_pending_migrations(&state.app.db).await {
        Ok(pending) if pending.is_empty() => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "migration state unknown"),
    }
}
