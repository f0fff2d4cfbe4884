//! Donation services: a fund's page and ledger, the donation form and its checkout, Stripe's
//! events, and setting funds up.
pub mod admin;
pub mod checkout;
pub mod donate;
pub mod editor;
pub mod events;
pub mod funds;
pub mod ledger;
pub mod manage;
pub mod setup;
