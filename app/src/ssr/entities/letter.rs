//! A letter to representatives; everything the writer typed is sealed.
use sea_orm::entity::prelude::*;

/// One writer's letter to the representatives of one area. What the writer typed is sealed:
/// `sender_sealed` holds name, email, town and postal address; `content_sealed` subject and body.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub legislature_id: i64,
    pub area_id: Option<i64>,
    /// `new` (written, not yet sent off by the writer), `awaiting_confirmation`, `queued`,
    /// `sent`, `failed` or `expired`.
    pub state: String,
    /// The language of the letter (the campaign text the writer started from).
    pub locale: String,
    /// Keyed hash of the writer's normalised address.
    pub email_hash: String,
    pub sender_sealed: Option<String>,
    pub content_sealed: Option<String>,
    /// Hashes of the body's word triples (see `letters::ssr::fingerprint`).
    pub fingerprint: String,
    /// How like the most similar letter already sent in the campaign, in percent.
    pub similarity: i32,
    pub preview_token_hash: Option<String>,
    pub confirm_token_hash: Option<String>,
    pub created_at: i64,
    /// Unconfirmed letters are deleted after this.
    pub expires_at: i64,
    pub confirmed_at: Option<i64>,
    pub sent_at: Option<i64>,
    /// The link that answers "did you get a reply?" (its hash).
    pub followup_token_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn letter_state(&self) -> crate::domain::LetterState {
        crate::domain::LetterState::of_stored(&self.state)
    }
}
