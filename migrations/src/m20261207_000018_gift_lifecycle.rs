//! A monthly gift's life and a payment's disputes. The gift is its first donation row (later
//! months are rows of their own, by invoice); `ended_at` is when the gift stopped (cancelled by
//! the donor here or in Stripe's portal, or by Stripe after failed renewals). `dispute_state`
//! is `open`, `won` or `lost` once a card holder disputed the payment: it only moves forward,
//! so a dispute's events in any order end in the same state.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Donations::Table)
                    .add_column(big_integer_null(Donations::EndedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Donations::Table)
                    .add_column(string_null(Donations::DisputeState))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Donations::DisputeState, Donations::EndedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Donations::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Donations {
    Table,
    EndedAt,
    DisputeState,
}
