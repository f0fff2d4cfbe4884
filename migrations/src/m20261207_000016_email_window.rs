//! A signature's confirmation emails are capped per day, not for good: `emails_window_at` is
//! when the day being counted began (null: at `created_at`). Before, five submissions of
//! someone's address by anybody used up its emails until the pending signature expired, so the
//! owner could not get a confirmation link for 30 days.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Signatures::Table)
                    .add_column(big_integer_null(Signatures::EmailsWindowAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Signatures::Table)
                    .drop_column(Signatures::EmailsWindowAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Signatures {
    Table,
    EmailsWindowAt,
}
