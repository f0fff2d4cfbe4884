//! Mailings: a message to one or more lists (optionally narrowed to those who signed a
//! campaign, by country, by language), written per language, sent by the worker in batches.
//! The audience is frozen into `mailing_recipients` when sending starts: one row per person,
//! claimed in batches and marked sent, so a worker killed mid-send resumes where it stopped,
//! two workers never send to the same person, and the figures are counts of rows.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Mailings::Table)
                    .col(big_pk_auto(Mailings::Id))
                    .col(string(Mailings::State))
                    // The lists' ids, comma-separated.
                    .col(string(Mailings::Lists))
                    .col(big_integer_null(Mailings::CampaignId))
                    .col(string(Mailings::Country).default(""))
                    .col(string(Mailings::Language).default(""))
                    .col(string(Mailings::DefaultLocale))
                    .col(big_integer_null(Mailings::ScheduledAt))
                    .col(big_integer_null(Mailings::CreatedBy))
                    .col(big_integer(Mailings::CreatedAt))
                    .col(big_integer_null(Mailings::StartedAt))
                    .col(big_integer_null(Mailings::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailingTexts::Table)
                    .col(big_pk_auto(MailingTexts::Id))
                    .col(big_integer(MailingTexts::MailingId))
                    .col(string(MailingTexts::Locale))
                    .col(string(MailingTexts::Subject))
                    // Markdown.
                    .col(text(MailingTexts::Body))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailingTexts::Table, MailingTexts::MailingId)
                            .to(Mailings::Table, Mailings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("mailing_texts_one_per_locale")
                    .table(MailingTexts::Table)
                    .col(MailingTexts::MailingId)
                    .col(MailingTexts::Locale)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailingRecipients::Table)
                    .col(big_pk_auto(MailingRecipients::Id))
                    .col(big_integer(MailingRecipients::MailingId))
                    // No foreign key: a subscriber who erases their data leaves a row that
                    // only counts (its batch skips it).
                    .col(big_integer(MailingRecipients::SubscriberId))
                    .col(string(MailingRecipients::State))
                    .col(big_integer_null(MailingRecipients::ClaimedAt))
                    .col(big_integer_null(MailingRecipients::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailingRecipients::Table, MailingRecipients::MailingId)
                            .to(Mailings::Table, Mailings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("mailing_recipients_once")
                    .table(MailingRecipients::Table)
                    .col(MailingRecipients::MailingId)
                    .col(MailingRecipients::SubscriberId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("mailing_recipients_by_state")
                    .table(MailingRecipients::Table)
                    .col(MailingRecipients::MailingId)
                    .col(MailingRecipients::State)
                    .col(MailingRecipients::Id)
                    .to_owned(),
            )
            .await?;
        // The hourly sending limit counts what went out in the last hour.
        manager
            .create_index(
                Index::create()
                    .name("mailing_recipients_by_sent_at")
                    .table(MailingRecipients::Table)
                    .col(MailingRecipients::SentAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MailingRecipients::Table.into_iden(),
            MailingTexts::Table.into_iden(),
            Mailings::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Mailings {
    Table,
    Id,
    State,
    Lists,
    CampaignId,
    Country,
    Language,
    DefaultLocale,
    ScheduledAt,
    CreatedBy,
    CreatedAt,
    StartedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum MailingTexts {
    Table,
    Id,
    MailingId,
    Locale,
    Subject,
    Body,
}

#[derive(DeriveIden)]
enum MailingRecipients {
    Table,
    Id,
    MailingId,
    SubscriberId,
    State,
    ClaimedAt,
    SentAt,
}
