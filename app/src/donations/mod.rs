//! Donations for legal aid: each fund has a public page with what was raised and a ledger of
//! money in and out (never naming a beneficiary), and a donation form that hands the payment
//! to Stripe Checkout. Without Stripe configured the page shows the configured alternative
//! (bank transfer details, say) instead of the card form. `views` are the wire types, `api` the
//! server functions, `pages` the components and `ssr` the services (one file per job).
pub mod api;
pub mod pages;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
