//! The tables: local firms, recruitment candidates, key projects and firm
//! problems. Attributes that must agree across a record's rows live on the
//! record; each row's chain and link become a `Placement`.

use super::chain::{ChainIdx, LinkIdx};
use super::date::Date;
use super::region::CountyIdx;
use super::words::{Engagement, FirmStatus, ProblemCategory, ProblemStatus, ProjectStage, Role};

/// Index into `Dataset::firms`.
pub type FirmIdx = u32;
/// Index into `Dataset::tags`.
pub type TagIdx = u16;

/// Where a firm, candidate or project works: one link of one chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    /// Index of the firm, candidate or project this placement belongs to.
    pub owner: u32,
    pub chain: u16,
    pub link: u16,
}

impl Placement {
    #[must_use]
    pub fn chain(self) -> ChainIdx {
        usize::from(self.chain)
    }
    #[must_use]
    pub fn link(self) -> LinkIdx {
        usize::from(self.link)
    }
}

/// A local firm (本地企业).
#[derive(Debug, Clone, PartialEq)]
pub struct Firm {
    /// Unified Social Credit Code or the office's own firm number.
    pub id: Box<str>,
    pub name: Box<str>,
    pub county: Option<CountyIdx>,
    pub park: Option<Box<str>>,
    /// 规上: above designated size.
    pub above_scale: bool,
    pub role: Role,
    pub status: FirmStatus,
    /// Output value in 10k yuan (万元), when reported.
    pub output: Option<f64>,
    pub employees: Option<u32>,
    pub tags: Vec<TagIdx>,
}

impl Firm {
    /// Halted firms do not cover a link.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status != FirmStatus::Halted
    }
}

/// An outside firm worth recruiting (招商目标).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: Box<str>,
    pub name: Box<str>,
    /// Where the firm is based (所在地区), as written.
    pub region: Option<Box<str>>,
    /// Operating revenue in 10k yuan (万元).
    pub revenue: Option<f64>,
    pub tags: Vec<TagIdx>,
    /// Local firms it already trades with.
    pub partners: Vec<FirmIdx>,
    pub stage: Engagement,
    /// Who answers for bringing it in (责任单位 or 包抓领导), as written:
    /// what the dispatch tables group candidates by.
    pub owner: Option<Box<str>>,
}

/// A key investment project (重点项目).
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: Box<str>,
    pub name: Box<str>,
    pub county: Option<CountyIdx>,
    /// Investment in 10k yuan (万元).
    pub investment: Option<f64>,
    pub stage: Option<ProjectStage>,
    pub year: Option<u16>,
    /// Investment completed so far (已完成投资), in 10k yuan (万元).
    pub completed_investment: Option<f64>,
    /// The candidate the project came from (`Dataset::candidates` index):
    /// a signed candidate's project is how a signing shows in the money.
    pub candidate: Option<u32>,
}

/// A difficulty reported by a local firm (企业诉求/问题).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The office's number for it (问题编号), unique in its table when given:
    /// what follows a problem from one month's copy to the next.
    pub id: Option<Box<str>>,
    pub firm: FirmIdx,
    pub category: ProblemCategory,
    pub description: Box<str>,
    pub status: ProblemStatus,
    /// The day it was reported (提出日期).
    pub reported: Option<Date>,
    /// Who answers for resolving it (责任单位), as written.
    pub department: Option<Box<str>>,
    /// The day it should be resolved by (办结时限).
    pub deadline: Option<Date>,
    /// The day it was resolved (办结日期).
    pub resolved_on: Option<Date>,
}

impl Problem {
    /// Whether the problem is open past its deadline at the end of `period`
    /// (超期): its deadline falls before the period's last day. A problem
    /// without a deadline is never overdue.
    #[must_use]
    pub fn overdue_at(&self, period: super::Month) -> bool {
        self.status == super::ProblemStatus::Open && self.deadline.is_some_and(|d| d < period.last_day())
    }

    /// Days from reported to resolved, for a resolved problem with both dates.
    #[must_use]
    pub fn days_to_resolve(&self) -> Option<i32> {
        if self.status != super::ProblemStatus::Resolved {
            return None;
        }
        let (from, to) = (self.reported?, self.resolved_on?);
        Some(to.days_since(from))
    }
}
