//! A small dataset built in code for the writers' snapshot tests: two
//! chains, a few links, four firms with fifteen months of monthly figures,
//! one candidate, one project, three problems, and stand-in maps (one
//! missing, to show what each format says then).
//!
//! ```text
//! silk (丝绸, 特):  cocoon ──▶ dyeing ──▶ garment      tea (茶叶):  leaf ──▶ pack
//!                  汉丝       汉丝, 城固丝织,   ∅                      秦岭     ∅
//!                             宏达(停产)    ▲ candidate 江南印染科技, project 丝绸服装产业园
//!
//! monthly, 2023-01 … 2024-03 (P = 2024-03):
//!   汉丝      4,000 rising by 50 a month      year to date +14.8 %
//!   秦岭茶业  150 a month in 2023; 140, 120, 0 in 2024: halted (红), decline −42.2 % (橙),
//!             twelve months 1,610 below the above-scale line (退规风险, 橙)
//!   城固丝织  130 a month in 2023, 140 in 2024: twelve months 1,590, 培育
//! ```

use crate::analysis::monitor::{Monitoring, monitor_each_chain};
use crate::analysis::risk::{Risk, assess};
use crate::analysis::{ChainAnalysis, TargetFilter, Targets, analyze, rank_targets, report_period};
use crate::model::monthly::MonthlyRow;
use crate::model::{
    Candidate, Chain, County, Dataset, Date, Engagement, Firm, FirmRef, FirmStatus, Firms, Lang, Link, LinkGraph,
    Month, Monthly, Placement, Problem, ProblemCategory, ProblemStatus, Project, ProjectStage, Region, Role, Stage,
};

use super::{Maps, Report, ReportInput};

/// The dataset with its analysis and maps, owned, so reports can borrow it.
pub struct Sample {
    pub dataset: Dataset,
    pub analyses: Vec<ChainAnalysis>,
    pub targets: Targets,
    pub risk: Risk,
    pub monitoring: Option<Monitoring>,
    pub maps: Maps,
}

impl Sample {
    pub fn new() -> Self {
        let dataset = dataset();
        let analyses = analyze(&dataset);
        let targets = rank_targets(&dataset, &analyses, &TargetFilter::default());
        let risk = assess(&dataset, &analyses);
        let monitoring = Some(monitor_each_chain(&dataset, &analyses, None).expect("monthly data"));
        let svg = |id: &str| {
            format!(
                "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
                 <rect id=\"{id}\" width=\"40\" height=\"20\"/></svg>\n"
            )
            .into_bytes()
        };
        let maps = Maps {
            overview: Some(svg("overview")),
            panorama: vec![Some(svg("silk")), Some(svg("tea"))],
            // The silk flow map was made; the tea one failed, and a note says so.
            flow: vec![Some(svg("silk-flow")), None],
            notes: vec!["tea: the flow map could not be made".to_owned()],
        };
        Self { dataset, analyses, targets, risk, monitoring, maps }
    }

    pub fn input(&self, lang: Lang) -> ReportInput<'_> {
        ReportInput {
            dataset: &self.dataset,
            analyses: &self.analyses,
            targets: &self.targets,
            risk: &self.risk,
            monitoring: self.monitoring.as_ref(),
            lang,
            maps: &self.maps,
            period: report_period(&self.dataset, None),
        }
    }

    pub fn report(&self, lang: Lang) -> Report<'_> {
        Report::new(&self.input(lang))
    }
}

fn link(id: &str, name: &str, name_en: &str, stage: Stage, weight: f64, technologies: &[&str]) -> Link {
    Link {
        id: id.to_owned(),
        name: name.to_owned(),
        name_en: Some(name_en.to_owned()),
        stage,
        segment: None,
        weight,
        technologies: technologies.iter().map(|&t| t.to_owned()).collect(),
    }
}

/// A chain whose links (sorted by id) supply each other in a line.
fn chain(id: &str, name: &str, name_en: Option<&str>, positioning: Option<&str>, links: Vec<Link>) -> Chain {
    let mut graph = LinkGraph::new();
    let nodes: Vec<_> = links.iter().map(|_| graph.add_node(())).collect();
    for pair in nodes.windows(2) {
        graph.add_edge(pair[0], pair[1], ());
    }
    Chain {
        id: id.to_owned(),
        name: name.to_owned(),
        name_en: name_en.map(str::to_owned),
        positioning: positioning.map(str::to_owned),
        segments: Vec::new(),
        links,
        graph,
        recycle: Vec::new(),
    }
}

fn firm<'a>(
    id: &'a str,
    name: &'a str,
    county: u16,
    role: Role,
    status: FirmStatus,
    output: Option<f64>,
) -> FirmRef<'a> {
    FirmRef {
        id,
        name,
        park: None,
        tags: &[],
        firm: Firm {
            county: Some(county),
            above_scale: output.is_some_and(|o| o >= 2000.0),
            role,
            status,
            output: output.into(),
            employees: None,
        },
    }
}

fn at(owner: u32, chain: u16, link: u16) -> Placement {
    Placement { owner, chain, link }
}

/// The four firms: a leader with its park, tags and head count, and three others.
fn firms() -> Firms {
    let mut leader = firm("F001", "汉丝集团", 0, Role::Leader, FirmStatus::Operating, Some(52000.0));
    leader.tags = &[0];
    leader.park = Some("汉中经开区");
    leader.firm.employees = Some(800);
    [
        leader,
        firm("F002", "秦岭茶业", 1, Role::Backbone, FirmStatus::Operating, Some(3000.5)),
        firm("F003", "宏达印染", 0, Role::Supporting, FirmStatus::Halted, None),
        firm("F004", "城固丝织", 1, Role::Supporting, FirmStatus::Operating, Some(1600.0)),
    ]
    .into_iter()
    .collect()
}

fn dataset() -> Dataset {
    let silk = chain(
        "silk",
        "丝绸",
        Some("Silk"),
        Some("特"),
        vec![
            link("cocoon", "蚕茧", "Cocoons", Stage::Upstream, 1.0, &["蚕种繁育"]),
            link("dyeing", "印染", "Dyeing", Stage::Midstream, 2.0, &["数码印花"]),
            link("garment", "服装", "Garments", Stage::Downstream, 1.0, &[]),
        ],
    );
    // No English chain name: English shows the Chinese one.
    let tea = chain(
        "tea",
        "茶叶",
        None,
        None,
        vec![
            link("leaf", "茶园", "Tea gardens", Stage::Upstream, 1.0, &["富硒栽培"]),
            link("pack", "包装", "Packaging", Stage::Support, 0.5, &[]),
        ],
    );
    Dataset {
        region: Region {
            name: Some("秦川市".to_owned()),
            name_en: Some("Qinchuan".to_owned()),
            counties: ["汉台区", "城固县"].map(|name| County { name: name.to_owned(), code: None }).to_vec(),
            ..Region::default()
        },
        chains: vec![silk, tea],
        firms: firms(),
        firm_placements: vec![at(0, 0, 0), at(0, 0, 1), at(1, 1, 0), at(2, 0, 1), at(3, 0, 1)],
        candidates: [Candidate {
            id: "C001".into(),
            name: "江南印染科技".into(),
            region: Some("浙江".into()),
            revenue: Some(120_000.0),
            tags: vec![0],
            partners: vec![0],
            stage: Engagement::Contacted,
            owner: Some("市商务局".into()),
        }]
        .into_iter()
        .collect(),
        candidate_placements: vec![at(0, 0, 2)],
        projects: vec![Project {
            id: "P001".into(),
            name: "丝绸服装产业园".into(),
            county: Some(0),
            investment: Some(50_000.0),
            stage: Some(ProjectStage::Construction),
            year: Some(2024),
            completed_investment: Some(12_000.0),
            candidate: Some(0),
        }],
        project_placements: vec![at(0, 0, 2)],
        problems: vec![
            Problem {
                id: None,
                firm: 1,
                category: ProblemCategory::Funding,
                description: "流动资金紧张".into(),
                status: ProblemStatus::Open,
                reported: Date::new(2024, 3, 15),
                department: Some("市金融办".into()),
                deadline: Date::new(2024, 3, 20),
                resolved_on: None,
            },
            // Listed before 秦岭茶业's: halting 汉丝 costs more, whatever the category.
            Problem {
                id: None,
                firm: 0,
                category: ProblemCategory::Market,
                description: "出口订单下滑".into(),
                status: ProblemStatus::Open,
                reported: Date::new(2024, 2, 1),
                department: Some("市商务局".into()),
                deadline: Date::new(2024, 4, 30),
                resolved_on: None,
            },
            Problem {
                id: None,
                firm: 3,
                category: ProblemCategory::Labour,
                description: "缺熟练挡车工".into(),
                status: ProblemStatus::Resolved,
                reported: Date::new(2023, 11, 20),
                department: Some("市人社局".into()),
                deadline: Date::new(2023, 12, 31),
                resolved_on: Date::new(2023, 12, 8),
            },
        ],
        tags: vec!["龙头".to_owned()],
        monthly: monthly(),
    }
}

/// Fifteen months, 2023-01 to 2024-03, for 汉丝, 秦岭茶业 and 城固丝织 (the
/// module's sketch says what each shows).
fn monthly() -> Monthly {
    let tea_2024 = [140.0, 120.0, 0.0];
    let mut rows = Vec::new();
    for k in 0..15_i8 {
        let (year, month) = if k < 12 { (2023, k + 1) } else { (2024, k - 11) };
        let month = Month::new(year, month).expect("a month");
        let row = |firm, output| MonthlyRow { firm, month, output, revenue: None };
        rows.push(row(0, 4000.0 + 50.0 * f64::from(k)));
        rows.push(row(1, if k < 12 { 150.0 } else { tea_2024[usize::try_from(k - 12).expect("2024")] }));
        rows.push(row(3, if k < 12 { 130.0 } else { 140.0 }));
    }
    Monthly::new(4, rows).expect("valid rows")
}
