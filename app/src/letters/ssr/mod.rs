//! Letters to representatives. A writer finds the representatives of their area (by postcode,
//! where a table is loaded, or from the list of areas), writes from the campaign's suggested
//! letter, sees exactly what will be sent, sends it off, and confirms it from an emailed link;
//! then each representative reached by email gets it from the worker, with the writer's address
//! as Reply-To.
//!
//! Representatives the directory has no email address for get the letter by post: the writer
//! prints it (with the postal address, where the directory has one) from their letter's page.
//!
//! States: `new` (written and previewed) → `awaiting_confirmation` → `queued` → `sent` →
//! `delivered` or `failed`, or `print` when it goes by post only. Each delivery (one per
//! representative): `pending` → `queued` → `sent` (their mail server took it) → `delivered` (a
//! delivery report or automatic reply came back, or no bounce within the bounce window) or
//! `failed` (bounced); by post `pending` → `print`. Letters not confirmed within a week expire.
//! Everything the writer typed is sealed by the vault.
mod delivery;
mod digests;
mod draft;
pub mod editor;
mod figures;
mod follow_up;
mod manage;
pub mod page;
mod reports;
mod retention;
mod sealed;
mod send;
pub mod setup;
mod similarity;
mod targets;
mod text;
mod tokens;
mod write;

pub use delivery::{DeliverLetter, Outgoing, mark_sent, outgoing, release, reserve};
pub use digests::{Digest, SendLetterDigests, digests};
pub use draft::{Draft, EXPIRY_MS, draft};
pub use figures::{public_counts, responsiveness, sent_count};
pub use follow_up::{
    ASK_AFTER_MS, LetterFollowUps, REMIND_AFTER_MS, answer, follow_up, reply_view,
};
pub use manage::{erase, manage_view, print_view};
pub use reports::{
    DELIVERY_HEADER, Report, bounce, delivery_of_tag, delivery_tag, read_report, record_report,
    settle_deliveries,
};
pub use retention::{Forgotten, expire, forget};
pub use sealed::{Content, Sender};
pub use send::{check_link, confirm, preview, submit};
pub use similarity::{fingerprint, similarity};
pub(crate) use targets::filters;
pub use targets::{target_choice, targets};
pub use text::{fill, footer, signature, without_sign_off};
pub use tokens::{manage_path, manage_token};
pub use write::{find_area, write_view};
