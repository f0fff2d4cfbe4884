//! A failed plain-HTML form post (JavaScript off), handed from the server's form route to the
//! page that renders it again: what was sent, and what was wrong. Its own leaf module so that
//! the server provides it without depending on the UI kit, which reads it (`ui::forms`).
use crate::error::AppError;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct FormEcho {
    pub values: HashMap<String, String>,
    pub error: Option<AppError>,
}
