//! The services behind petitions, one file per job: signing, confirming, counting, erasing,
//! the signing tokens and the email blocklist.
pub mod blocklist;
pub mod confirm;
pub mod counts;
pub mod dashboard;
pub mod erase;
pub mod invalidation;
pub mod page;
pub mod sign;
pub mod tokens;
