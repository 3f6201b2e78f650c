//! The validated domain types. Everything here was checked on load: code
//! that holds a `Dataset` does not re-check it. Beside them, each declared
//! once, the vocabularies the rest renders from: the words (`words`), the
//! tags that mean something (`tags`), the scoring factors and their weights
//! (`factors`), and the language of what people read (`lang`). The monthly
//! table (`monthly`) is held apart from the roster, column by column.

pub mod bounds;
pub mod candidates;
pub mod chain;
pub mod column;
pub mod date;
pub mod factors;
pub mod hash_index;
pub mod keys;
pub mod lang;
pub mod monthly;
pub mod prefetch;
pub mod region;
pub mod roster;
pub mod tags;
pub mod text;
pub mod words;

pub use candidates::{Candidate, CandidateRef, Candidates};
pub use chain::{Chain, ChainIdx, Link, LinkGraph, LinkIdx, RESERVED_CHAIN_IDS, Segment};
pub use date::{Date, Month};
pub use factors::{Factor, FactorValues, FitFactor, PriorityFactor, Weights};
pub use lang::{Lang, localized};
pub use monthly::{Monthly, MonthlyRow};
pub use region::{County, CountyIdx, DeclineLevels, MonitorSettings, Park, Region};
pub use roster::{Amount, Firm, FirmIdx, FirmRef, Firms, Placement, Problem, Project, RosterFull, TagIdx};
pub use tags::Tag;
pub use words::{Engagement, FirmStatus, ProblemCategory, ProblemStatus, ProjectStage, Role, Stage};

/// A whole dataset directory, loaded and validated.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub region: Region,
    /// Sorted by chain id.
    pub chains: Vec<Chain>,
    pub firms: Firms,
    /// One per firm row, sorted and without repeats.
    pub firm_placements: Vec<Placement>,
    pub candidates: Candidates,
    pub candidate_placements: Vec<Placement>,
    pub projects: Vec<Project>,
    pub project_placements: Vec<Placement>,
    pub problems: Vec<Problem>,
    /// Interned firm and candidate tags (标签).
    pub tags: Vec<String>,
    /// The firms' monthly output (运行监测); empty without a monthly table.
    pub monthly: Monthly,
}

impl Dataset {
    /// The chain with this id, if any.
    #[must_use]
    pub fn chain_by_id(&self, id: &str) -> Option<ChainIdx> {
        self.chains.binary_search_by(|c| c.id.as_str().cmp(id)).ok()
    }

    /// The name of a county, by index.
    #[must_use]
    pub fn county_name(&self, county: CountyIdx) -> &str {
        &self.region.counties[usize::from(county)].name
    }

    /// The text of a tag, by index.
    #[must_use]
    pub fn tag(&self, tag: TagIdx) -> &str {
        &self.tags[usize::from(tag)]
    }

    /// What each tag means, by index ([`Tag::parse`] of its text): worked
    /// out once for the dozens of tags rather than once per firm or
    /// candidate row.
    #[must_use]
    pub fn tag_meanings(&self) -> Vec<Option<Tag>> {
        self.tags.iter().map(|t| Tag::parse(t)).collect()
    }
}
