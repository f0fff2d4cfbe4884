//! Petitions: signatures (personal fields sealed, email de-duplicated by keyed hash under a unique
//! index), single-use tokens stored as hashes, and per-campaign, per-country counts kept by the
//! aggregation job rather than by a counter updated on every signature.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(boolean(Campaigns::RequiresPostcode).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(timestamp_with_time_zone_null(Campaigns::ClosedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Signatures::Table)
                    .col(big_pk_auto(Signatures::Id))
                    .col(big_integer(Signatures::CampaignId))
                    .col(string(Signatures::EmailHash))
                    .col(text_null(Signatures::EmailSealed))
                    .col(text_null(Signatures::NameSealed))
                    .col(text_null(Signatures::PostcodeSealed))
                    .col(string_len(Signatures::Country, 2))
                    .col(string(Signatures::Display))
                    .col(string_null(Signatures::PublicName))
                    .col(boolean(Signatures::Subscribe).default(false))
                    .col(string(Signatures::Locale))
                    .col(string(Signatures::State))
                    .col(boolean(Signatures::Suspect).default(false))
                    .col(string_null(Signatures::SuspectReason))
                    .col(boolean(Signatures::Counted).default(false))
                    .col(string_null(Signatures::IpHash))
                    .col(integer(Signatures::ConfirmationEmails).default(0))
                    .col(big_integer(Signatures::CreatedAt))
                    .col(big_integer_null(Signatures::ConfirmedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("signatures_campaign")
                            .from(Signatures::Table, Signatures::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "signatures_campaign_email",
                vec![Signatures::CampaignId, Signatures::EmailHash],
                true,
            ),
            (
                "signatures_state_counted",
                vec![Signatures::State, Signatures::Counted],
                false,
            ),
            (
                "signatures_campaign_ip",
                vec![
                    Signatures::CampaignId,
                    Signatures::IpHash,
                    Signatures::CreatedAt,
                ],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Signatures::Table);
            for c in cols {
                index.col(c);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Tokens::Table)
                    .col(big_pk_auto(Tokens::Id))
                    .col(string_uniq(Tokens::TokenHash))
                    .col(big_integer(Tokens::SignatureId))
                    .col(string(Tokens::Purpose))
                    .col(big_integer(Tokens::ExpiresAt))
                    .col(big_integer_null(Tokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("tokens_signature")
                            .from(Tokens::Table, Tokens::SignatureId)
                            .to(Signatures::Table, Signatures::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CampaignCounts::Table)
                    .col(big_integer(CampaignCounts::CampaignId))
                    .col(string_len(CampaignCounts::Country, 2))
                    .col(big_integer(CampaignCounts::Confirmed).default(0))
                    .primary_key(
                        Index::create()
                            .col(CampaignCounts::CampaignId)
                            .col(CampaignCounts::Country),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("campaign_counts_campaign")
                            .from(CampaignCounts::Table, CampaignCounts::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CampaignCounts::Table.into_iden(),
            Tokens::Table.into_iden(),
            Signatures::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [Campaigns::ClosedAt, Campaigns::RequiresPostcode] {
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
    Id,
    RequiresPostcode,
    ClosedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Signatures {
    Table,
    Id,
    CampaignId,
    EmailHash,
    EmailSealed,
    NameSealed,
    PostcodeSealed,
    Country,
    Display,
    PublicName,
    Subscribe,
    Locale,
    State,
    Suspect,
    SuspectReason,
    Counted,
    IpHash,
    ConfirmationEmails,
    CreatedAt,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum Tokens {
    Table,
    Id,
    TokenHash,
    SignatureId,
    Purpose,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum CampaignCounts {
    Table,
    CampaignId,
    Country,
    Confirmed,
}
