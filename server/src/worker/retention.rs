//! Retention of signers' personal data: 180 days (configurable) after a campaign closes, its
//! signatures keep only what the counts need (country, state) and lose name, email, postcode,
//! public name and address hash; signatures never confirmed are deleted after 30 days, letters
//! never sent off or confirmed after their week; a delivered letter's text goes 28 days after
//! delivery and its writer's details after two years; a donor's name, email and message ten
//! years after their last payment (a week for a checkout never paid).
use super::{JobContext, JobError, Run};
use app::ssr::entities::{campaign, signature, token};
use app::ssr::jobs::Job;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ApplyRetention {}

impl Job for ApplyRetention {
    const KIND: &'static str = "apply_retention";
    const MAX_ATTEMPTS: i32 = 5;
}

pub async fn run(ctx: &JobContext, _job: ApplyRetention) -> Result<(), JobError> {
    let now = chrono::Utc::now();
    let closed_before =
        now - chrono::Duration::days(i64::from(ctx.retention.signer_days_after_close));
    let campaigns: Vec<i64> = campaign::Entity::find()
        .select_only()
        .column(campaign::Column::Id)
        .filter(campaign::Column::ClosedAt.lt(closed_before))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let txn = ctx.db.begin().await?;
    let mut anonymised = 0;
    if !campaigns.is_empty() {
        let ids: Vec<i64> = signature::Entity::find()
            .select_only()
            .column(signature::Column::Id)
            .filter(signature::Column::CampaignId.is_in(campaigns.clone()))
            .filter(signature::Column::EmailSealed.is_not_null())
            .into_tuple()
            .all(&txn)
            .await?;
        for chunk in ids.chunks(1000) {
            token::Entity::delete_many()
                .filter(token::Column::SignatureId.is_in(chunk.to_vec()))
                .exec(&txn)
                .await?;
            anonymised += signature::Entity::update_many()
                .col_expr(
                    signature::Column::EmailSealed,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    signature::Column::NameSealed,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    signature::Column::PostcodeSealed,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    signature::Column::PublicName,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    signature::Column::IpHash,
                    Expr::value(Option::<String>::None),
                )
                // The unique (campaign, email hash) index still needs a distinct value.
                .col_expr(
                    signature::Column::EmailHash,
                    Expr::cust("'anonymised-' || CAST(id AS VARCHAR(20))"),
                )
                .filter(signature::Column::Id.is_in(chunk.to_vec()))
                .exec(&txn)
                .await?
                .rows_affected;
        }
    }
    let unconfirmed_before =
        app::ssr::time::now_ms() - i64::from(ctx.retention.unconfirmed_days) * 24 * 3600 * 1000;
    let deleted = signature::Entity::delete_many()
        .filter(signature::Column::State.eq(app::domain::SignatureState::Pending.as_str()))
        .filter(signature::Column::CreatedAt.lt(unconfirmed_before))
        .exec(&txn)
        .await?
        .rows_affected;
    // Yesterday's salt is still needed for an hour-long rate window across midnight.
    let salts = app::ssr::entities::setting::Entity::delete_many()
        .filter(
            app::ssr::entities::setting::Column::Key
                .starts_with(app::ssr::abuse::ip_salt::KEY_PREFIX),
        )
        .filter(
            app::ssr::entities::setting::Column::UpdatedAt.lt(now - chrono::Duration::hours(36)),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    let expired_letters = app::letters::ssr::expire(&txn, app::ssr::time::now_ms()).await?;
    let forgotten = app::letters::ssr::forget(
        &txn,
        app::ssr::time::now_ms(),
        ctx.retention.letter_body_days,
        ctx.retention.letter_writer_days,
    )
    .await?;
    let donors = app::donations::ssr::manage::forget(
        &txn,
        app::ssr::time::now_ms(),
        ctx.retention.donor_years,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        anonymised,
        donors,
        deleted,
        salts,
        expired_letters,
        letter_texts = forgotten.texts,
        letter_writers = forgotten.writers,
        "applied retention to signatures and letters"
    );
    Ok(())
}

impl Run for ApplyRetention {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        run(ctx, self).await
    }
}
