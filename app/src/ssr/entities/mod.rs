//! SeaORM entities: one module per table. Rows are never `Serialize`: what leaves the server
//! is a view type from `crate::api`.
pub mod area;
pub mod audit;
pub mod campaign;
pub mod campaign_count;
pub mod campaign_translation;
pub mod disbursement;
pub mod donation;
pub mod email;
pub mod fund;
pub mod fund_text;
pub mod invalidation;
pub mod job;
pub mod legislature;
pub mod letter;
pub mod letter_delivery;
pub mod list;
pub mod list_text;
pub mod login_link;
pub mod mailing;
pub mod mailing_text;
pub mod media;
pub mod party;
pub mod party_membership;
pub mod representative;
pub mod schedule;
pub mod session;
pub mod setting;
pub mod signature;
pub mod stripe_event;
pub mod subscriber;
pub mod subscription;
pub mod token;
pub mod user;

/// Among one thing's texts, the one in `locale`, else in the default language, else the first.
pub fn in_language<T>(
    texts: &[T],
    locale: crate::domain::Locale,
    code: impl Fn(&T) -> &str,
) -> Option<&T> {
    texts
        .iter()
        .find(|t| code(t) == locale.code())
        .or_else(|| {
            texts
                .iter()
                .find(|t| code(t) == crate::domain::Locale::DEFAULT.code())
        })
        .or(texts.first())
}
