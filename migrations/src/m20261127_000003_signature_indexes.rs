//! An index for a read that runs on every count-cache miss of a campaign page: the latest public
//! signers of a campaign, newest confirmation first.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Without it, listing the ten latest public signers sorts every signature of the
        // campaign: a million rows every few seconds during a viral moment.
        manager
            .create_index(
                Index::create()
                    .name("signatures_campaign_confirmed")
                    .table(Signatures::Table)
                    .col(Signatures::CampaignId)
                    .col(Signatures::ConfirmedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("signatures_campaign_confirmed")
                    .table(Signatures::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Signatures {
    Table,
    CampaignId,
    ConfirmedAt,
}
