//! chainmap: industrial chain mapping and gap analysis for the offices that
//! run a region's key industrial chains under the chain-leader system (链长制).
//!
//! Data flows one way: files → [`load`] → [`model`] → [`analysis`] →
//! [`render`]; the command line in `cli` is a thin shell over this library,
//! which never prints and never exits.
//!
//! ```no_run
//! use std::path::Path;
//!
//! let loaded = chainmap::load::load_dataset(Path::new("chains")).expect("valid dataset");
//! for chain in &loaded.dataset.chains {
//!     println!("{} {}: {} links", chain.id, chain.name, chain.links.len());
//! }
//! ```

pub mod analysis;
pub mod cli;
pub mod load;
pub mod model;
pub mod render;
pub mod scratch;
pub mod snapshot;
pub mod synthetic;
