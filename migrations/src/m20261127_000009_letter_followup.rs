//! "Did you get a reply?": when each delivery's question was asked and the reminder sent, and the
//! writer's answer; the letter keeps the hash of the link that answers.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            big_integer_null(LetterDeliveries::AskedAt),
            big_integer_null(LetterDeliveries::RemindedAt),
            string_null(LetterDeliveries::Reply),
            big_integer_null(LetterDeliveries::AnsweredAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LetterDeliveries::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .add_column(string_null(Letters::FollowupTokenHash))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("letters_followup_token")
                    .table(Letters::Table)
                    .col(Letters::FollowupTokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("letters_followup_token")
                    .table(Letters::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .drop_column(Letters::FollowupTokenHash)
                    .to_owned(),
            )
            .await?;
        for column in [
            LetterDeliveries::AnsweredAt,
            LetterDeliveries::Reply,
            LetterDeliveries::RemindedAt,
            LetterDeliveries::AskedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LetterDeliveries::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Letters {
    Table,
    FollowupTokenHash,
}

#[derive(DeriveIden)]
enum LetterDeliveries {
    Table,
    AskedAt,
    RemindedAt,
    Reply,
    AnsweredAt,
}
