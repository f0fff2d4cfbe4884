//! Applies one stored Stripe event (see `app::donations::ssr::events`): read with Stripe's own
//! types, turned into what it changes, applied. An event about a payment not known as paid yet
//! (it came before the event it follows) is tried again later.
use super::{JobContext, JobError, Run};
use app::donations::ssr::events::{
    Applied, ProcessStripeEvent, ReceiptContext, StripeChange, apply, payload, processed,
};

impl Run for ProcessStripeEvent {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let Some(payload) = payload(&ctx.db, &ctx.vault, &self.event_id).await? else {
            return Ok(());
        };
        let change = match crate::stripe::change_of(&payload).map_err(JobError::permanent)? {
            // The fee is on the charge's balance transaction: read it from Stripe.
            StripeChange::Settled {
                payment_intent,
                balance_transaction,
            } => match &ctx.stripe {
                Some(stripe) => StripeChange::Fee {
                    payment_intent,
                    fee: stripe
                        .fee(balance_transaction)
                        .await
                        .map_err(JobError::transient)?,
                },
                None => StripeChange::Nothing,
            },
            change => change,
        };
        let receipt = ReceiptContext {
            statement_descriptor: &ctx.statement_descriptor,
        };
        match apply(&ctx.db, &ctx.vault, &change, &receipt).await? {
            Applied::Done => {
                processed(&ctx.db, &self.event_id).await?;
                Ok(())
            }
            Applied::NotYet => Err(JobError::transient(format!(
                "event {} waits for an earlier one",
                self.event_id
            ))),
        }
    }
}
