//! Donations: funds (with their text per language), donations (one row per payment; a monthly
//! gift adds one per paid invoice), Stripe's events (each stored once, by its id, sealed since
//! it names the donor), and disbursements (money out, entered by admins, corrected by new
//! entries, never deleted). Amounts are integers of the currency's minor units.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Funds::Table)
                    .col(big_pk_auto(Funds::Id))
                    .col(string_uniq(Funds::Slug))
                    .col(string(Funds::Currency))
                    .col(big_integer_null(Funds::GoalMinor))
                    // Preset amounts in minor units, comma-separated, smallest first.
                    .col(string(Funds::Presets))
                    .col(big_integer(Funds::MinMinor))
                    .col(big_integer(Funds::MaxMinor))
                    .col(boolean(Funds::Monthly))
                    .col(string(Funds::State))
                    .col(big_integer(Funds::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FundTexts::Table)
                    .col(big_pk_auto(FundTexts::Id))
                    .col(big_integer(FundTexts::FundId))
                    .col(string(FundTexts::Locale))
                    .col(string(FundTexts::Title))
                    .col(text(FundTexts::Description))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FundTexts::Table, FundTexts::FundId)
                            .to(Funds::Table, Funds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("fund_texts_one_per_locale")
                    .table(FundTexts::Table)
                    .col(FundTexts::FundId)
                    .col(FundTexts::Locale)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Donations::Table)
                    .col(big_pk_auto(Donations::Id))
                    .col(big_integer(Donations::FundId))
                    .col(string(Donations::Kind))
                    .col(string(Donations::State))
                    .col(big_integer(Donations::AmountMinor))
                    .col(string(Donations::Currency))
                    .col(big_integer_null(Donations::FeeMinor))
                    .col(big_integer(Donations::RefundedMinor).default(0))
                    .col(big_integer(Donations::DisputedMinor).default(0))
                    .col(string(Donations::Display))
                    // What the public sees of the donor, set once paid and only if chosen.
                    .col(string_null(Donations::PublicName))
                    .col(text_null(Donations::PublicMessage))
                    // Name, email and message, sealed; erased on request or after retention.
                    .col(text_null(Donations::DonorSealed))
                    .col(string(Donations::EmailHash))
                    .col(string(Donations::Locale))
                    .col(big_integer_null(Donations::CampaignId))
                    .col(string_null(Donations::RefCode))
                    .col(string(Donations::IdempotencyKey))
                    .col(string_null(Donations::CheckoutSessionId))
                    .col(string_null(Donations::PaymentIntentId))
                    .col(string_null(Donations::SubscriptionId))
                    .col(string_null(Donations::InvoiceId))
                    .col(string_null(Donations::CustomerId))
                    .col(string_null(Donations::ManageTokenHash))
                    .col(big_integer(Donations::CreatedAt))
                    .col(big_integer_null(Donations::PaidAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Donations::Table, Donations::FundId)
                            .to(Funds::Table, Funds::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("donations_by_idempotency_key", Donations::IdempotencyKey),
            (
                "donations_by_checkout_session",
                Donations::CheckoutSessionId,
            ),
            ("donations_by_invoice", Donations::InvoiceId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Donations::Table)
                        .col(col)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        for (name, col) in [
            ("donations_by_fund", Donations::FundId),
            ("donations_by_payment_intent", Donations::PaymentIntentId),
            ("donations_by_subscription", Donations::SubscriptionId),
            ("donations_by_manage_token", Donations::ManageTokenHash),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Donations::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(StripeEvents::Table)
                    .col(string(StripeEvents::Id).primary_key())
                    .col(string(StripeEvents::Kind))
                    .col(text(StripeEvents::PayloadSealed))
                    .col(big_integer(StripeEvents::ReceivedAt))
                    .col(big_integer_null(StripeEvents::ProcessedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Disbursements::Table)
                    .col(big_pk_auto(Disbursements::Id))
                    .col(big_integer(Disbursements::FundId))
                    // `YYYY-MM-DD`.
                    .col(string(Disbursements::SpentOn))
                    // Negative in a correction that takes an earlier entry back.
                    .col(big_integer(Disbursements::AmountMinor))
                    .col(string(Disbursements::Category))
                    .col(text(Disbursements::Description))
                    .col(big_integer_null(Disbursements::CorrectsId))
                    .col(big_integer_null(Disbursements::CreatedBy))
                    .col(big_integer(Disbursements::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Disbursements::Table, Disbursements::FundId)
                            .to(Funds::Table, Funds::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Disbursements::Table.into_iden(),
            StripeEvents::Table.into_iden(),
            Donations::Table.into_iden(),
            FundTexts::Table.into_iden(),
            Funds::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Funds {
    Table,
    Id,
    Slug,
    Currency,
    GoalMinor,
    Presets,
    MinMinor,
    MaxMinor,
    Monthly,
    State,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FundTexts {
    Table,
    Id,
    FundId,
    Locale,
    Title,
    Description,
}

#[derive(DeriveIden)]
enum Donations {
    Table,
    Id,
    FundId,
    Kind,
    State,
    AmountMinor,
    Currency,
    FeeMinor,
    RefundedMinor,
    DisputedMinor,
    Display,
    PublicName,
    PublicMessage,
    DonorSealed,
    EmailHash,
    Locale,
    CampaignId,
    RefCode,
    IdempotencyKey,
    CheckoutSessionId,
    PaymentIntentId,
    SubscriptionId,
    InvoiceId,
    CustomerId,
    ManageTokenHash,
    CreatedAt,
    PaidAt,
}

#[derive(DeriveIden)]
enum StripeEvents {
    Table,
    Id,
    Kind,
    PayloadSealed,
    ReceivedAt,
    ProcessedAt,
}

#[derive(DeriveIden)]
enum Disbursements {
    Table,
    Id,
    FundId,
    SpentOn,
    AmountMinor,
    Category,
    Description,
    CorrectsId,
    CreatedBy,
    CreatedAt,
}
