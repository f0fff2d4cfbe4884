//! The writer's pages. Every step is a GET form or a form post, so all of it works without
//! JavaScript.
mod campaign;
mod confirm;
pub mod editor;
mod manage;
mod preview;
mod print;
mod reply;
mod write;

pub use campaign::{FindRepresentatives, LetterCounts};
pub use confirm::{LetterConfirmPage, LetterConfirmedPage};
pub use manage::{LetterErasedPage, LetterManagePage};
pub use preview::{LetterPreviewPage, LetterSentPage};
pub use print::LetterPrintPage;
pub use reply::LetterReplyPage;
pub use write::WritePage;
