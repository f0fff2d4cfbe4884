//! Requests for sign-in links, by the keyed hash of the address asked for — whether or not an
//! account has it — so that the limit on links can be told to the person asking without telling
//! them whether the address has an account. Kept for the limit's window only.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginRequests::Table)
                    .col(big_pk_auto(LoginRequests::Id))
                    .col(string(LoginRequests::EmailHash))
                    .col(big_integer(LoginRequests::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_requests_by_address")
                    .table(LoginRequests::Table)
                    .col(LoginRequests::EmailHash)
                    .col(LoginRequests::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_requests_by_time")
                    .table(LoginRequests::Table)
                    .col(LoginRequests::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LoginRequests::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LoginRequests {
    Table,
    Id,
    EmailHash,
    CreatedAt,
}
