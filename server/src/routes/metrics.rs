//! Prometheus metrics: request counts and latencies, jobs and emails (from the global recorder),
//! and the job queue's depth read from the database at scrape time.
use crate::startup::ServerState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder once; later calls reuse it.
pub fn handle() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
        .clone()
}

pub async fn metrics(State(state): State<ServerState>) -> Response {
    let mut body = handle().map(|h| h.render()).unwrap_or_default();
    match app::ssr::jobs::depth(&state.app.db).await {
        Ok(depth) => {
            body.push_str("# HELP petrel_jobs_queued Jobs in the outbox by state.\n");
            body.push_str("# TYPE petrel_jobs_queued gauge\n");
            for (label, n) in [
                ("pending", depth.pending),
                ("running", depth.running),
                ("dead", depth.dead),
            ] {
                body.push_str(&format!("petrel_jobs_queued{{state=\"{label}\"}} {n}\n"));
            }
            body.push_str("# HELP petrel_jobs_dead Jobs that failed every attempt and wait for an administrator.\n");
            body.push_str("# TYPE petrel_jobs_dead gauge\n");
            body.push_str(&format!("petrel_jobs_dead {}\n", depth.dead));
        }
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response(),
    }
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    res
}
