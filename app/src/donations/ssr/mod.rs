//! Donation services: a fund's page and ledger, and setting funds up.
pub mod funds;
pub mod ledger;
pub mod setup;
