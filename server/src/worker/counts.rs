//! A petition's figures: confirmed signatures are folded into the counts every few seconds, and
//! every campaign is recounted from scratch nightly (correcting any drift, loudly).
use super::{JobContext, JobError, Run};
use app::petitions::ssr::counts::{AggregateCounts, RecountAll};

impl Run for AggregateCounts {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let added = app::petitions::ssr::counts::aggregate(&ctx.db, &ctx.counts).await?;
        if added > 0 {
            tracing::info!(added, "counted confirmed signatures");
        }
        Ok(())
    }
}

impl Run for RecountAll {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let r = app::petitions::ssr::counts::recount_all(&ctx.db, &ctx.counts).await?;
        for (campaign, was, is) in &r.corrected {
            tracing::warn!(campaign, was, is, "recount corrected a campaign's total");
        }
        tracing::info!(
            corrected = r.corrected.len(),
            uncounted = r.uncounted,
            "recounted all campaigns"
        );
        Ok(())
    }
}
