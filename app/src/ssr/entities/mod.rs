//! SeaORM entities: one module per table. Rows are never `Serialize`: what leaves the server
//! is a view type from `crate::api`.
pub mod area;
pub mod audit;
pub mod campaign;
pub mod campaign_count;
pub mod campaign_translation;
pub mod email;
pub mod invalidation;
pub mod job;
pub mod legislature;
pub mod letter;
pub mod letter_delivery;
pub mod login_link;
pub mod media;
pub mod party;
pub mod party_membership;
pub mod representative;
pub mod schedule;
pub mod session;
pub mod setting;
pub mod signature;
pub mod token;
pub mod user;
