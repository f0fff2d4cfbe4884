//! The representative directory: legislatures, their areas and parties, the members with their
//! public office addresses, and postcode tables, imported from public sources by admins and
//! used by letter campaigns to find a writer's representatives.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
