//! Turning server-side failures into [`AppError`]: the cause is logged here, once, with its
//! chain; the browser only ever learns that something went wrong.
use crate::error::AppError;

/// Logs an unexpected failure and returns the opaque error users see.
pub fn internal(context: &str, error: &(dyn std::error::Error + 'static)) -> AppError {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    tracing::error!(context, error = %chain, "internal error");
    AppError::Internal
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        internal("database", &e)
    }
}
