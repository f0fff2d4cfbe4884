//! The composition root's data side: the one place that matches on a campaign's kind to reach
//! the feature folder that runs it. The hub (`campaigns/`) knows no kind and each kind's folder
//! (`petitions/`, `letters/`) knows the hub; what a page needs of both is put together here —
//! the campaign page, the editor, the admin start page's figures, submitting for review, and
//! creating a campaign from a file. A new kind (donations, lists) adds a variant to the enums in
//! `views` and the compiler lists every `match` here that must learn it.
pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
