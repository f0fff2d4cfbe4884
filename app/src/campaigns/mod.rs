//! The campaign hub: campaigns of every kind, their texts, the editor, review and sharing, and the
//! admin start page. It knows no kind's details: each kind adds its own parts from its folder, and
//! `kinds` (the composition root) puts them together.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
