//! Petrel's schema, as append-only SeaORM migrations that run on SQLite and PostgreSQL alike.
//! Each migration is self-contained (no entity imports) so that it keeps meaning the same thing
//! however the application's models change later.
pub use sea_orm_migration::prelude::*;

mod m20261127_000001_foundation;
mod m20261127_000002_petitions;
mod m20261127_000003_signature_indexes;
mod m20261127_000004_accounts;
mod m20261127_000005_review;
mod m20261127_000006_dashboard;
mod m20261127_000007_representatives;
mod m20261127_000008_letters;
mod m20261127_000009_letter_followup;
mod m20261127_000010_letter_digest;
mod m20261127_000011_target_filters;
mod m20261127_000012_letter_channels;
mod m20261127_000013_member_title;
mod m20261207_000014_login_requests;
mod m20261207_000015_token_payload;
mod m20261207_000016_email_window;
mod m20261207_000017_donations;
mod m20261207_000018_gift_lifecycle;
mod m20261207_000019_campaign_fund;
mod m20261207_000020_lists;
mod m20261207_000021_mailings;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_foundation::Migration),
            Box::new(m20261127_000002_petitions::Migration),
            Box::new(m20261127_000003_signature_indexes::Migration),
            Box::new(m20261127_000004_accounts::Migration),
            Box::new(m20261127_000005_review::Migration),
            Box::new(m20261127_000006_dashboard::Migration),
            Box::new(m20261127_000007_representatives::Migration),
            Box::new(m20261127_000008_letters::Migration),
            Box::new(m20261127_000009_letter_followup::Migration),
            Box::new(m20261127_000010_letter_digest::Migration),
            Box::new(m20261127_000011_target_filters::Migration),
            Box::new(m20261127_000012_letter_channels::Migration),
            Box::new(m20261127_000013_member_title::Migration),
            Box::new(m20261207_000014_login_requests::Migration),
            Box::new(m20261207_000015_token_payload::Migration),
            Box::new(m20261207_000016_email_window::Migration),
            Box::new(m20261207_000017_donations::Migration),
            Box::new(m20261207_000018_gift_lifecycle::Migration),
            Box::new(m20261207_000019_campaign_fund::Migration),
            Box::new(m20261207_000020_lists::Migration),
            Box::new(m20261207_000021_mailings::Migration),
        ]
    }
}
