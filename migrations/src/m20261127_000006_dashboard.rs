//! What the organizers' dashboard needs: the referral code a signature came with, a keyed hash
//! of the signer's email domain (so a rule can match a domain without opening any address), the
//! bulk invalidation that marked a signature (so it can be undone exactly), the invalidations
//! themselves, and campaign images (stored in the database, served by Petrel).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_null(Signatures::RefCode),
            string_null(Signatures::EmailDomainHash),
            big_integer_null(Signatures::InvalidationId),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Signatures::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Invalidations::Table)
                    .col(big_pk_auto(Invalidations::Id))
                    .col(big_integer(Invalidations::CampaignId))
                    .col(text(Invalidations::Rule))
                    .col(big_integer(Invalidations::Matched))
                    .col(big_integer_null(Invalidations::CreatedBy))
                    .col(big_integer(Invalidations::CreatedAt))
                    .col(big_integer_null(Invalidations::UndoneBy))
                    .col(big_integer_null(Invalidations::UndoneAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("invalidations_campaign")
                            .from(Invalidations::Table, Invalidations::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invalidations_campaign")
                    .table(Invalidations::Table)
                    .col(Invalidations::CampaignId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(big_pk_auto(Media::Id))
                    .col(string_uniq(Media::Name))
                    .col(string(Media::ContentType))
                    .col(integer(Media::Width))
                    .col(integer(Media::Height))
                    .col(blob(Media::Bytes))
                    .col(big_integer_null(Media::CreatedBy))
                    .col(big_integer(Media::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(big_integer_null(Campaigns::ImageId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CampaignTranslations::Table)
                    .add_column(string_null(CampaignTranslations::ImageAlt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CampaignTranslations::Table)
                    .drop_column(CampaignTranslations::ImageAlt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .drop_column(Campaigns::ImageId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Media::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Invalidations::Table).to_owned())
            .await?;
        for column in [
            Signatures::InvalidationId,
            Signatures::EmailDomainHash,
            Signatures::RefCode,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Signatures::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Signatures {
    Table,
    RefCode,
    EmailDomainHash,
    InvalidationId,
}

#[derive(DeriveIden)]
enum Invalidations {
    Table,
    Id,
    CampaignId,
    Rule,
    Matched,
    CreatedBy,
    CreatedAt,
    UndoneBy,
    UndoneAt,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
    Name,
    ContentType,
    Width,
    Height,
    Bytes,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    ImageId,
}

#[derive(DeriveIden)]
enum CampaignTranslations {
    Table,
    ImageAlt,
}
