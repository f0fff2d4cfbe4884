//! Signing in, one's account, and (for admins) the users and the audit log.
pub mod account;
pub mod login;
pub mod users;
