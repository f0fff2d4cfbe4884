//! Organizer and admin accounts: emailed sign-in links and OpenID Connect, server-side sessions,
//! who may do what (`ssr::auth`), user management and the audit log. Every other feature may
//! use it; it uses none of them.
pub mod api;
pub mod pages;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
