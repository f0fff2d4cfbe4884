//! Petrel's application: the pages, the server functions they call, the validated domain types
//! both sides share, and (behind the `ssr` feature) everything server-side those functions use.
//! Built twice: with `ssr` into the `petrel` server binary, with `hydrate` into the wasm bundle.
#![recursion_limit = "512"]

pub mod accounts;
pub mod api;
pub mod campaigns;
pub mod directory;
pub mod domain;
pub mod donations;
pub mod error;
pub mod form_echo;
pub mod html;
pub mod i18n;
pub mod kinds;
pub mod letters;
pub mod lists;
pub mod pages;
pub mod petitions;
pub mod site;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;

pub use pages::shell::{App, shell};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
