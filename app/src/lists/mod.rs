//! Mailing lists: a subscribe page per public list (double opt-in: the emailed link confirms,
//! then a welcome message), the opt-in boxes of campaign forms (the signer's confirmed address
//! joins the list the campaign names), one-click unsubscribe from every list message (RFC 8058),
//! and a preferences page reached from every message (lists, language, leave all, download or
//! erase one's data), with no account. `views` are the wire types, `api` the server functions,
//! `pages` the components and `ssr` the services (one file per job).
pub mod api;
pub mod pages;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
