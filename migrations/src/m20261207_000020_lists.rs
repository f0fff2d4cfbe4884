//! Mailing lists: lists (with their name, description and welcome message per language),
//! subscribers (one per address: the address and name sealed, a keyed hash for uniqueness, the
//! secret behind their unsubscribe and preferences links stored only as a hash), and
//! subscriptions (one per subscriber and list, each with its consent record: when, from which
//! form or import, and the version of the wording the person agreed to). A campaign can name
//! the list its opt-in boxes subscribe to.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Lists::Table)
                    .col(big_pk_auto(Lists::Id))
                    .col(string_uniq(Lists::Slug))
                    // Public lists have a subscribe page; private ones are filled by imports
                    // and campaign forms only.
                    .col(boolean(Lists::Public))
                    .col(string(Lists::State))
                    // Aggregate open/click counting, off unless an admin turns it on.
                    .col(boolean(Lists::Tracking).default(false))
                    // Past mailings shown on a public archive page.
                    .col(boolean(Lists::Archive).default(false))
                    .col(big_integer(Lists::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ListTexts::Table)
                    .col(big_pk_auto(ListTexts::Id))
                    .col(big_integer(ListTexts::ListId))
                    .col(string(ListTexts::Locale))
                    .col(string(ListTexts::Name))
                    .col(text(ListTexts::Description))
                    .col(string(ListTexts::WelcomeSubject))
                    // Markdown, rendered to HTML and plain text when sent.
                    .col(text(ListTexts::WelcomeBody))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ListTexts::Table, ListTexts::ListId)
                            .to(Lists::Table, Lists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("list_texts_one_per_locale")
                    .table(ListTexts::Table)
                    .col(ListTexts::ListId)
                    .col(ListTexts::Locale)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Subscribers::Table)
                    .col(big_pk_auto(Subscribers::Id))
                    .col(string_uniq(Subscribers::EmailHash))
                    .col(text(Subscribers::EmailSealed))
                    .col(text_null(Subscribers::NameSealed))
                    .col(string(Subscribers::Locale))
                    .col(string(Subscribers::Country).default(""))
                    // The links' secret is derived from this salt under the lookup key (so the
                    // sender can put it in every message without storing it); only its hash
                    // is looked up. A new salt revokes the old links.
                    .col(string(Subscribers::TokenSalt))
                    .col(string_uniq(Subscribers::TokenHash))
                    .col(big_integer_null(Subscribers::SuppressedAt))
                    .col(string_null(Subscribers::SuppressedReason))
                    .col(integer(Subscribers::SoftBounces).default(0))
                    .col(big_integer(Subscribers::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Subscriptions::Table)
                    .col(big_pk_auto(Subscriptions::Id))
                    .col(big_integer(Subscriptions::SubscriberId))
                    .col(big_integer(Subscriptions::ListId))
                    .col(string(Subscriptions::State))
                    // The consent record: where it was given (`form`, `petition`, `letter`,
                    // `import`, `import-consented`), the campaign if any, the wording's
                    // version, and when.
                    .col(string(Subscriptions::Source))
                    .col(big_integer_null(Subscriptions::CampaignId))
                    .col(string(Subscriptions::Wording))
                    .col(big_integer(Subscriptions::ConsentAt))
                    .col(big_integer_null(Subscriptions::ConfirmedAt))
                    .col(big_integer_null(Subscriptions::UnsubscribedAt))
                    .col(string_null(Subscriptions::ConfirmTokenHash))
                    .col(big_integer_null(Subscriptions::ConfirmExpiresAt))
                    // Confirmation emails sent in the current window (a day), so the form
                    // cannot be used to flood someone's inbox.
                    .col(integer(Subscriptions::ConfirmEmails).default(0))
                    .col(big_integer_null(Subscriptions::ConfirmWindowAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Subscriptions::Table, Subscriptions::SubscriberId)
                            .to(Subscribers::Table, Subscribers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Subscriptions::Table, Subscriptions::ListId)
                            .to(Lists::Table, Lists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("subscriptions_one_per_list")
                    .table(Subscriptions::Table)
                    .col(Subscriptions::SubscriberId)
                    .col(Subscriptions::ListId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("subscriptions_by_list_state")
                    .table(Subscriptions::Table)
                    .col(Subscriptions::ListId)
                    .col(Subscriptions::State)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("subscriptions_by_confirm_token")
                    .table(Subscriptions::Table)
                    .col(Subscriptions::ConfirmTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(big_integer_null(Campaigns::ListId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .drop_column(Campaigns::ListId)
                    .to_owned(),
            )
            .await?;
        for table in [
            Subscriptions::Table.into_iden(),
            Subscribers::Table.into_iden(),
            ListTexts::Table.into_iden(),
            Lists::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Lists {
    Table,
    Id,
    Slug,
    Public,
    State,
    Tracking,
    Archive,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ListTexts {
    Table,
    Id,
    ListId,
    Locale,
    Name,
    Description,
    WelcomeSubject,
    WelcomeBody,
}

#[derive(DeriveIden)]
enum Subscribers {
    Table,
    Id,
    EmailHash,
    EmailSealed,
    NameSealed,
    Locale,
    Country,
    TokenSalt,
    TokenHash,
    SuppressedAt,
    SuppressedReason,
    SoftBounces,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    Id,
    SubscriberId,
    ListId,
    State,
    Source,
    CampaignId,
    Wording,
    ConsentAt,
    ConfirmedAt,
    UnsubscribedAt,
    ConfirmTokenHash,
    ConfirmExpiresAt,
    ConfirmEmails,
    ConfirmWindowAt,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    ListId,
}
