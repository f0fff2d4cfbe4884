//! A letter reaches each representative by email, or — for those the directory has no email
//! for — by post: the writer prints it. Each delivery records which (`email` or `post`), fixed
//! when the letter is written, so that an address added by a later import does not turn a
//! letter the writer printed into one the worker sends. And a letter campaign can require the
//! writer's postal address (some representatives answer only constituents they can check).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(LetterDeliveries::Table)
                    .add_column(string(LetterDeliveries::Channel).default("email"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(boolean(Campaigns::LetterRequiresAddress).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .drop_column(Campaigns::LetterRequiresAddress)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(LetterDeliveries::Table)
                    .drop_column(LetterDeliveries::Channel)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    LetterRequiresAddress,
}

#[derive(DeriveIden)]
enum LetterDeliveries {
    Table,
    Channel,
}
