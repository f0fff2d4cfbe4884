//! The campaign hub's pages: the admin start page and the editor's shared parts.
pub mod admin;
pub mod editor_parts;
