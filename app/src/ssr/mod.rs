//! Server-only code: application state, database entities, services, the job outbox and the
//! personal-data vault. Compiled only with the `ssr` feature; nothing here reaches the browser.
pub mod abuse;
pub mod admin;
pub mod authoring;
pub mod cache;
pub mod campaigns;
pub mod db;
pub mod entities;
pub mod error;
pub mod jobs;
pub mod media;
pub mod outbox;
pub mod request;
pub mod secret;
pub mod sql;
pub mod state;
pub mod time;
pub mod vault;
