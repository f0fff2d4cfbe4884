//! Puts a confirmed signer who ticked "email me news" on the list their campaign names (see
//! `app::lists::ssr::join`): the address was proved by the signature's own link, so the
//! subscription is confirmed and the welcome follows. A campaign without a list, an erased
//! signature or a suppressed address: nothing to do.
use super::{JobContext, JobError, Run};
use app::lists::ssr::join::join_confirmed;
use app::lists::ssr::subscribers::Person;
use app::lists::ssr::subscriptions::Consent;
use app::ssr::entities::campaign;
use app::ssr::jobs::JoinListFromSignature;
use sea_orm::EntityTrait;

impl Run for JoinListFromSignature {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let Some(joiner) =
            app::petitions::ssr::confirm::list_joiner(&ctx.db, &ctx.vault, self.signature_id)
                .await?
        else {
            return Ok(());
        };
        let Some(list_id) = campaign::Entity::find_by_id(joiner.campaign_id)
            .one(&ctx.db)
            .await?
            .and_then(|c| c.list_id)
        else {
            return Ok(());
        };
        let person = Person {
            email: joiner.email,
            name: joiner.name,
            locale: joiner.locale,
            country: joiner.country,
        };
        let consent = Consent {
            source: "petition",
            campaign_id: Some(joiner.campaign_id),
            wording: "sign-subscribe@1".into(),
        };
        let joined = join_confirmed(&ctx.db, &ctx.vault, list_id, &person, &consent).await?;
        tracing::info!(
            signature = self.signature_id,
            list = list_id,
            subscription = ?joined,
            "signer joined the campaign's list"
        );
        Ok(())
    }
}
