//! Pages, layouts and components.
pub mod components;
pub mod context;
pub mod forms;
pub mod layout;
pub mod not_found;
