//! The campaign hub's server functions: public reading, the editor and review, the admin start
//! page.
pub mod admin;
pub mod editor;
pub mod public;
