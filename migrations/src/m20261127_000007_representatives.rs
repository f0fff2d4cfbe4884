//! The representative directory: legislatures (country, chamber, term, source, "as of"), their
//! areas (constituencies, districts, list seats), parties or groups, the people who sit in them
//! with their public contact addresses and party history, and an optional postcode table
//! (postcode or postcode prefix → area) per legislature. Imported data is keyed by the source's
//! own ids, so importing the same file again changes nothing.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Legislatures::Table)
                    .col(big_pk_auto(Legislatures::Id))
                    .col(string_uniq(Legislatures::Slug))
                    .col(string_len(Legislatures::Country, 2))
                    .col(string(Legislatures::Name))
                    .col(string_null(Legislatures::Term))
                    .col(text_null(Legislatures::Source))
                    .col(string_null(Legislatures::AsOf))
                    .col(big_integer_null(Legislatures::ImportedAt))
                    .col(big_integer(Legislatures::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // Areas and parties: the same shape, each unique by the source's id per legislature.
        manager
            .create_table(
                Table::create()
                    .table(Areas::Table)
                    .col(big_pk_auto(Areas::Id))
                    .col(big_integer(Areas::LegislatureId))
                    .col(string(Areas::ExternalId))
                    .col(string(Areas::Name))
                    .foreign_key(
                        ForeignKey::create()
                            .name("areas_legislature")
                            .from(Areas::Table, Areas::LegislatureId)
                            .to(Legislatures::Table, Legislatures::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("areas_external")
                    .table(Areas::Table)
                    .col(Areas::LegislatureId)
                    .col(Areas::ExternalId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Parties::Table)
                    .col(big_pk_auto(Parties::Id))
                    .col(big_integer(Parties::LegislatureId))
                    .col(string(Parties::ExternalId))
                    .col(string(Parties::Name))
                    .foreign_key(
                        ForeignKey::create()
                            .name("parties_legislature")
                            .from(Parties::Table, Parties::LegislatureId)
                            .to(Legislatures::Table, Legislatures::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("parties_external")
                    .table(Parties::Table)
                    .col(Parties::LegislatureId)
                    .col(Parties::ExternalId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Representatives::Table)
                    .col(big_pk_auto(Representatives::Id))
                    .col(big_integer(Representatives::LegislatureId))
                    .col(string(Representatives::ExternalId))
                    .col(string(Representatives::Name))
                    .col(string(Representatives::SortName))
                    .col(string_null(Representatives::Email))
                    .col(text_null(Representatives::PostalAddress))
                    .col(big_integer_null(Representatives::AreaId))
                    .col(big_integer_null(Representatives::PartyId))
                    .col(boolean(Representatives::Serving))
                    .col(string_null(Representatives::StartedOn))
                    .col(string_null(Representatives::EndedOn))
                    .col(big_integer(Representatives::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("representatives_legislature")
                            .from(Representatives::Table, Representatives::LegislatureId)
                            .to(Legislatures::Table, Legislatures::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "representatives_external",
                vec![Representatives::LegislatureId, Representatives::ExternalId],
                true,
            ),
            (
                "representatives_area",
                vec![Representatives::AreaId, Representatives::Serving],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Representatives::Table);
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
                    .table(PartyMemberships::Table)
                    .col(big_pk_auto(PartyMemberships::Id))
                    .col(big_integer(PartyMemberships::RepresentativeId))
                    .col(big_integer(PartyMemberships::PartyId))
                    .col(string_null(PartyMemberships::StartedOn))
                    .col(string_null(PartyMemberships::EndedOn))
                    .foreign_key(
                        ForeignKey::create()
                            .name("party_memberships_representative")
                            .from(PartyMemberships::Table, PartyMemberships::RepresentativeId)
                            .to(Representatives::Table, Representatives::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("party_memberships_representative")
                    .table(PartyMemberships::Table)
                    .col(PartyMemberships::RepresentativeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Postcodes::Table)
                    .col(big_integer(Postcodes::LegislatureId))
                    .col(string(Postcodes::Prefix))
                    .col(big_integer(Postcodes::AreaId))
                    .primary_key(
                        Index::create()
                            .col(Postcodes::LegislatureId)
                            .col(Postcodes::Prefix),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("postcodes_legislature")
                            .from(Postcodes::Table, Postcodes::LegislatureId)
                            .to(Legislatures::Table, Legislatures::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Postcodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PartyMemberships::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Representatives::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Parties::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Areas::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Legislatures::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Legislatures {
    Table,
    Id,
    Slug,
    Country,
    Name,
    Term,
    Source,
    AsOf,
    ImportedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Areas {
    Table,
    Id,
    LegislatureId,
    ExternalId,
    Name,
}

#[derive(DeriveIden)]
enum Parties {
    Table,
    Id,
    LegislatureId,
    ExternalId,
    Name,
}

#[derive(DeriveIden)]
enum Representatives {
    Table,
    Id,
    LegislatureId,
    ExternalId,
    Name,
    SortName,
    Email,
    PostalAddress,
    AreaId,
    PartyId,
    Serving,
    StartedOn,
    EndedOn,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PartyMemberships {
    Table,
    Id,
    RepresentativeId,
    PartyId,
    StartedOn,
    EndedOn,
}

#[derive(DeriveIden)]
enum Postcodes {
    Table,
    LegislatureId,
    Prefix,
    AreaId,
}
