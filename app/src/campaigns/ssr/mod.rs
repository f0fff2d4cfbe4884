//! The campaign hub's services: reading published campaigns (cached), creating them from files,
//! the editor, review, sharing, images and the admin start page. What a kind adds is the kind's
//! folder's; `kinds::ssr` puts the two together.
pub mod admin;
pub mod cache;
pub mod create;
pub mod deadlines;
pub mod editor;
pub mod images;
pub mod media;
pub mod public;
pub mod review;
pub mod team;
pub mod texts;

pub use cache::{CampaignCache, Published};
pub use create::{LetterText, NewCampaign, NewCampaignText, create};
pub use public::{by_id, campaign, open_campaigns};
pub(crate) use texts::pick;
pub use texts::{TEXT_FIELDS, render_markdown, title};
