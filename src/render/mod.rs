//! Model and results → text for people and machines.

pub mod gaps;
pub mod table;

pub use table::{Align, Table};
