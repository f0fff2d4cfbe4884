//! Campaign review: when a campaign was submitted, and why it was rejected (a reason code from
//! a fixed list and a note to the organizer).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            big_integer_null(Campaigns::SubmittedAt),
            string_null(Campaigns::ReviewReason),
            text_null(Campaigns::ReviewNote),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Campaigns::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Campaigns::ReviewNote,
            Campaigns::ReviewReason,
            Campaigns::SubmittedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Campaigns::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    SubmittedAt,
    ReviewReason,
    ReviewNote,
}
