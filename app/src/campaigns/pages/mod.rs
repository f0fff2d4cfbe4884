//! The campaign hub's components: the editor's shared parts (the composition root's `pages/`
//! puts them together with each kind's).
pub mod chip_in;
pub mod editor_parts;
