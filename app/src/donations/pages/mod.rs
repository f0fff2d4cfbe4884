//! The donation pages.
pub mod admin;
pub mod donate_form;
pub mod editor;
pub mod fund;
pub mod manage;
pub mod thanks;
