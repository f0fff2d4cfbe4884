//! Server functions, grouped by area. Each has a stable endpoint name so forms posted without
//! JavaScript and tests can address it.
pub mod auth;
pub mod authoring;
pub mod campaigns;
pub mod petitions;
pub mod site;
pub mod users;
