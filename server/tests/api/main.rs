//! Integration tests: the real application on a random port, with its own SQLite file or a fresh
//! PostgreSQL database, a real SMTP server, and the worker driven from the test.
mod helpers;

mod accounts;
mod authoring;
mod caching;
mod config_errors;
mod dashboard;
mod directory;
mod donations;
mod github;
mod jobs;
mod letters;
mod lists;
mod mail;
mod mailings;
mod migrations;
mod oidc;
mod pages;
mod petitions;
mod reliability;
mod timeouts;
mod vault;
