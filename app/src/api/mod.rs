//! Server functions for site-wide things (the operator's details). Each feature keeps its own in
//! its folder (`letters::api`, …); the redirect after a form is `ssr::response`.
pub mod site;
