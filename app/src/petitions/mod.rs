//! Petitions: a signer fills in the form on the campaign page, confirms from an emailed link,
//! and is counted; every email carries a link to withdraw and erase the signature. `views` are
//! the wire types, `api` the server functions, `pages` the components and `ssr` the services.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
