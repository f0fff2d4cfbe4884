//! The donation pages.
pub mod fund;
