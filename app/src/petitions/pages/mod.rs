//! A petition's pages besides the campaign page: the signing form on it, "check your email",
//! the confirmation link's page, thanks, and withdrawing a signature.
pub mod confirm;
pub mod dashboard;
pub mod manage;
pub mod sign_form;
pub mod signed;
pub mod stats;
pub mod thanks;
