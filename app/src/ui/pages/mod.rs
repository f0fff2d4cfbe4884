pub mod admin;
pub mod authoring;
pub mod campaign;
pub mod contact;
pub mod home;
pub mod not_found;
pub mod privacy;
pub mod source;
