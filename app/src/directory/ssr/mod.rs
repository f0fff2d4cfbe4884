//! The representative directory: legislatures, their areas and parties, the members with their
//! public office addresses, and postcode tables. Filled by importing a source file
//! ([`source`]) with [`import`]: rows are matched by the source's own ids, so importing the same
//! file again changes nothing, and members the file no longer lists are marked as no longer
//! serving (never deleted: letters already sent refer to them).
mod audit;
mod import;
mod legislatures;
pub mod postcodes;
mod queries;
pub mod source;

pub use audit::{IMPORT_ACTION, PROBLEMS_KEPT, import_detail, recent_imports};
pub use import::{Summary, import};
pub use legislatures::{LegislatureSpec, SpecError, ensure_legislature};
pub use queries::{all_legislatures, areas, legislature, overview, parties, serving_in};
