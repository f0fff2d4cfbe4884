//! Letters to representatives: a writer finds the representatives of their area, writes from
//! the campaign's suggested letter, previews exactly what will be sent, and confirms it from an
//! emailed link; the worker delivers it by email, or the writer prints it for those reached by
//! post. `views` are the wire types, `api` the server functions, `pages` the components and `ssr`
//! the services (one file per job).
pub mod api;
pub mod pages;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;
