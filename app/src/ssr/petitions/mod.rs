//! Petitions: signing, confirming, counting.
pub mod blocklist;
pub mod confirm;
pub mod counts;
pub mod erase;
pub mod form_token;
pub mod ip_salt;
pub mod sign;
pub mod tokens;
