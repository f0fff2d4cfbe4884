//! The composition root: the router and document shell, and the pages that belong to no one
//! feature (the home page, a campaign's page that puts each kind's parts together, the campaign
//! editor, contact, privacy, source). Features never import from here; this folder imports them.
pub mod admin;
pub mod campaign;
pub mod contact;
pub mod editor;
pub mod home;
pub mod privacy;
pub mod shell;
pub mod source;
