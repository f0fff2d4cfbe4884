//! The campaign hub's server functions: the open campaigns, and the editor's and review's
//! changes that need no kind. (What needs a kind too — a campaign's page, the editor's view, the
//! admin start page, saving with submit — is `kinds::api`.)
pub mod editor;
pub mod public;
