//! What a legislature's members are called after their name ("MP", "MdB"), for the `{title}`
//! placeholder of letter campaigns: given on import, none by default.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Legislatures::Table)
                    .add_column(string_null(Legislatures::MemberTitle))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Legislatures::Table)
                    .drop_column(Legislatures::MemberTitle)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Legislatures {
    Table,
    MemberTitle,
}
