//! The foundation: the job outbox, the scheduler's clock, settings, the email outbox, and
//! campaigns with their per-language texts.
//!
//! Times that the worker compares in SQL (`run_after`, `locked_until`, `next_run_at`) are integer
//! milliseconds since the Unix epoch: they compare the same way on both backends, with no
//! dependence on how a driver formats a timestamp as text.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(big_pk_auto(Jobs::Id))
                    .col(string(Jobs::Kind))
                    .col(text(Jobs::Payload))
                    .col(string(Jobs::State))
                    .col(integer(Jobs::Attempts).default(0))
                    .col(integer(Jobs::MaxAttempts))
                    .col(big_integer(Jobs::RunAfter))
                    .col(big_integer_null(Jobs::LockedUntil))
                    .col(string_null(Jobs::LockedBy))
                    .col(text_null(Jobs::LastError))
                    .col(big_integer(Jobs::CreatedAt))
                    .col(big_integer(Jobs::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("jobs_state_run_after")
                    .table(Jobs::Table)
                    .col(Jobs::State)
                    .col(Jobs::RunAfter)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Schedules::Table)
                    .col(string(Schedules::Name).primary_key())
                    .col(big_integer(Schedules::NextRunAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(string(Settings::Key).primary_key())
                    .col(text(Settings::Value))
                    .col(timestamp_with_time_zone(Settings::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Emails::Table)
                    .col(big_pk_auto(Emails::Id))
                    .col(string(Emails::Template))
                    .col(string(Emails::Locale))
                    .col(text_null(Emails::Sealed))
                    .col(string(Emails::State))
                    .col(timestamp_with_time_zone(Emails::CreatedAt))
                    .col(timestamp_with_time_zone_null(Emails::SentAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Campaigns::Table)
                    .col(big_pk_auto(Campaigns::Id))
                    .col(string_uniq(Campaigns::Slug))
                    .col(string(Campaigns::Kind))
                    .col(string(Campaigns::State))
                    .col(string(Campaigns::DefaultLocale))
                    .col(big_integer_null(Campaigns::Goal))
                    .col(timestamp_with_time_zone_null(Campaigns::ClosesAt))
                    .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CampaignTranslations::Table)
                    .col(big_pk_auto(CampaignTranslations::Id))
                    .col(big_integer(CampaignTranslations::CampaignId))
                    .col(string(CampaignTranslations::Locale))
                    .col(string(CampaignTranslations::Title))
                    .col(text(CampaignTranslations::Summary))
                    .col(text(CampaignTranslations::Body))
                    .col(string(CampaignTranslations::Addressee))
                    .foreign_key(
                        ForeignKey::create()
                            .name("campaign_translations_campaign")
                            .from(
                                CampaignTranslations::Table,
                                CampaignTranslations::CampaignId,
                            )
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("campaign_translations_campaign_locale")
                    .table(CampaignTranslations::Table)
                    .col(CampaignTranslations::CampaignId)
                    .col(CampaignTranslations::Locale)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CampaignTranslations::Table.into_iden(),
            Campaigns::Table.into_iden(),
            Emails::Table.into_iden(),
            Settings::Table.into_iden(),
            Schedules::Table.into_iden(),
            Jobs::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    State,
    Attempts,
    MaxAttempts,
    RunAfter,
    LockedUntil,
    LockedBy,
    LastError,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Schedules {
    Table,
    Name,
    NextRunAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Emails {
    Table,
    Id,
    Template,
    Locale,
    /// Recipient and template parameters, sealed by the personal-data vault; cleared once sent.
    Sealed,
    State,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    Slug,
    Kind,
    State,
    DefaultLocale,
    Goal,
    ClosesAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CampaignTranslations {
    Table,
    Id,
    CampaignId,
    Locale,
    Title,
    Summary,
    Body,
    Addressee,
}
