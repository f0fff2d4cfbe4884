//! A letter campaign may write to only some of a legislature's members: those of given parties
//! or groups, or of given areas (each a JSON list of the source's ids; none means all).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            text_null(CampaignTargets::Parties),
            text_null(CampaignTargets::Areas),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CampaignTargets::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [CampaignTargets::Areas, CampaignTargets::Parties] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CampaignTargets::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum CampaignTargets {
    Table,
    Parties,
    Areas,
}
