//! Pure functions over the model: what the office wants to know of its chains.

pub mod summary;

pub use summary::{ChainSummary, summarize_chains};
