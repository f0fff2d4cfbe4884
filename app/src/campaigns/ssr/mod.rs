//! The campaign hub's services: reading published campaigns (cached), creating them from files,
//! the editor, review, sharing, images and the admin start page. A campaign's kind contributes
//! its own parts from its feature folder.
pub mod admin;
pub mod cache;
pub mod create;
pub mod editor;
pub mod images;
pub mod media;
pub mod public;
pub mod review;
pub mod team;
pub mod texts;

pub use cache::{CampaignCache, Published};
pub use create::{
    FixedRecipient, LetterText, NewCampaign, NewCampaignText, Target, create, is_recipients_list,
    put_recipient, recipients_directory, recipients_slug,
};
pub use public::{by_id, campaign, open_campaigns};
pub(crate) use texts::pick;
pub use texts::{TEXT_FIELDS, render_markdown, title};
