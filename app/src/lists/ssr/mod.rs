//! Mailing-list services: lists and their texts, subscribers and their links, the subscribe
//! form and its confirmation, joining from a campaign's form, unsubscribing, the preferences
//! page, the messages a list sends (the welcome, mailings), and the organizers' composer.
pub mod audience;
pub mod bounces;
pub mod confirm;
pub mod editor;
pub mod import;
pub mod join;
pub mod lists;
pub mod mailings;
pub mod message;
pub mod preferences;
pub mod sending;
pub mod setup;
pub mod subscribe;
pub mod subscribers;
pub mod subscriptions;
pub mod unsubscribe;

pub use mailings::{FreezeAudience, SendMailingTest, StartScheduledMailings};
pub use message::SendWelcome;
pub use sending::SendMailing;
