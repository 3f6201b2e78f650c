//! Pure functions over the model: what the office wants to know of its
//! chains. Nothing here reads files or prints.

pub mod chain;
pub mod closed_loop;
pub mod condensed;
pub mod diff;
pub mod dispatch;
pub mod gap;
pub mod monitor;
pub mod paths;
pub mod period;
pub mod priority;
pub mod recruit;
pub mod regions;
pub mod risk;
pub mod status;
pub mod summary;
pub mod targets;
pub mod trend;

pub use chain::{ChainAnalysis, LinkAnalysis, analyze, analyze_chain, completeness};
pub use gap::GapKind;
pub use period::{Period, PeriodSource, report_period};
pub use priority::Priority;
pub use status::{Coverage, LinkStatus};
pub use summary::{ChainSummary, summarize_chains};
pub use targets::{Target, TargetFilter, Targets, rank_targets, rank_targets_top, ranked_candidates};
