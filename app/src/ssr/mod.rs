//! Server-only code: application state, database entities, services, the job outbox and the
//! personal-data vault. Compiled only with the `ssr` feature; nothing here reaches the browser.
pub mod abuse;
pub mod cache;
pub mod db;
pub mod entities;
pub mod error;
pub mod jobs;
pub mod outbox;
pub mod private;
pub mod redact;
pub mod request;
pub mod response;
pub mod returns;
pub mod secret;
pub mod sql;
pub mod state;
pub mod time;
pub mod vault;
