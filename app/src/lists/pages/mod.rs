//! The mailing-list pages.
pub mod admin;
pub mod confirm;
pub mod editor;
pub mod list;
pub mod preferences;
pub mod unsubscribe;
