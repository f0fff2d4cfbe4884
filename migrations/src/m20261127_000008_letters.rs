//! Letter campaigns: which legislatures a campaign writes to, the suggested letter per language,
//! and the letters themselves. A letter is one writer's text to the representatives of one area;
//! each representative gets a delivery row (unique per letter and representative, so sending
//! again never duplicates). Everything the writer typed is sealed by the vault; a fingerprint of
//! the text (hashes of word triples, not reversible to the text) measures similarity.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_null(CampaignTranslations::LetterSubject),
            text_null(CampaignTranslations::LetterBody),
            text_null(CampaignTranslations::LetterGuidance),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CampaignTranslations::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CampaignTargets::Table)
                    .col(big_integer(CampaignTargets::CampaignId))
                    .col(big_integer(CampaignTargets::LegislatureId))
                    .primary_key(
                        Index::create()
                            .col(CampaignTargets::CampaignId)
                            .col(CampaignTargets::LegislatureId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("campaign_targets_campaign")
                            .from(CampaignTargets::Table, CampaignTargets::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Letters::Table)
                    .col(big_pk_auto(Letters::Id))
                    .col(big_integer(Letters::CampaignId))
                    .col(big_integer(Letters::LegislatureId))
                    .col(big_integer_null(Letters::AreaId))
                    .col(string(Letters::State))
                    .col(string(Letters::Locale))
                    .col(string(Letters::EmailHash))
                    .col(text_null(Letters::SenderSealed))
                    .col(text_null(Letters::ContentSealed))
                    .col(text(Letters::Fingerprint))
                    .col(integer(Letters::Similarity))
                    .col(string_null(Letters::PreviewTokenHash))
                    .col(string_null(Letters::ConfirmTokenHash))
                    .col(big_integer(Letters::CreatedAt))
                    .col(big_integer(Letters::ExpiresAt))
                    .col(big_integer_null(Letters::ConfirmedAt))
                    .col(big_integer_null(Letters::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("letters_campaign")
                            .from(Letters::Table, Letters::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col, unique) in [
            ("letters_preview_token", Letters::PreviewTokenHash, true),
            ("letters_confirm_token", Letters::ConfirmTokenHash, true),
            ("letters_campaign_state", Letters::CampaignId, false),
        ] {
            let mut index = Index::create();
            index.name(name).table(Letters::Table).col(col);
            if name == "letters_campaign_state" {
                index.col(Letters::State);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LetterDeliveries::Table)
                    .col(big_pk_auto(LetterDeliveries::Id))
                    .col(big_integer(LetterDeliveries::LetterId))
                    .col(big_integer(LetterDeliveries::RepresentativeId))
                    .col(string(LetterDeliveries::State))
                    .col(big_integer_null(LetterDeliveries::SentAt))
                    .col(string_null(LetterDeliveries::Failure))
                    .foreign_key(
                        ForeignKey::create()
                            .name("letter_deliveries_letter")
                            .from(LetterDeliveries::Table, LetterDeliveries::LetterId)
                            .to(Letters::Table, Letters::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("letter_deliveries_unique")
                    .table(LetterDeliveries::Table)
                    .col(LetterDeliveries::LetterId)
                    .col(LetterDeliveries::RepresentativeId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("letter_deliveries_representative")
                    .table(LetterDeliveries::Table)
                    .col(LetterDeliveries::RepresentativeId)
                    .col(LetterDeliveries::SentAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LetterDeliveries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Letters::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CampaignTargets::Table).to_owned())
            .await?;
        for column in [
            CampaignTranslations::LetterGuidance,
            CampaignTranslations::LetterBody,
            CampaignTranslations::LetterSubject,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CampaignTranslations::Table)
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
    Id,
}

#[derive(DeriveIden)]
enum CampaignTranslations {
    Table,
    LetterSubject,
    LetterBody,
    LetterGuidance,
}

#[derive(DeriveIden)]
enum CampaignTargets {
    Table,
    CampaignId,
    LegislatureId,
}

#[derive(DeriveIden)]
enum Letters {
    Table,
    Id,
    CampaignId,
    LegislatureId,
    AreaId,
    State,
    Locale,
    EmailHash,
    SenderSealed,
    ContentSealed,
    Fingerprint,
    Similarity,
    PreviewTokenHash,
    ConfirmTokenHash,
    CreatedAt,
    ExpiresAt,
    ConfirmedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum LetterDeliveries {
    Table,
    Id,
    LetterId,
    RepresentativeId,
    State,
    SentAt,
    Failure,
}
