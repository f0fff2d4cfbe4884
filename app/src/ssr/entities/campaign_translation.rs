//! A campaign's text in one language (and a letter campaign's suggested letter).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_translations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub locale: String,
    pub title: String,
    pub summary: String,
    /// Markdown; rendered and sanitised when shown.
    pub body: String,
    pub addressee: String,
    /// The image's text alternative in this language.
    pub image_alt: Option<String>,
    /// Letter campaigns: the suggested subject and body (with `{representative}`, `{sender}`
    /// and `{town}` placeholders), and advice on what to make one's own.
    pub letter_subject: Option<String>,
    pub letter_body: Option<String>,
    pub letter_guidance: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
