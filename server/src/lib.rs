//! The Petrel process: configuration, logging, start-up, the HTTP routes that are not server
//! functions, the job worker, the mailer and its templates, and the command line.
#![recursion_limit = "512"]

pub mod assets;
pub mod campaigns;
pub mod cli;
pub mod config;
pub mod demo;
pub mod github;
pub mod mailer;
pub mod providers;
pub mod returns;
pub mod routes;
mod serve;
pub mod startup;
pub mod stripe;
pub mod telemetry;
pub mod worker;
