//! A small dataset built in code for the writers' snapshot tests: two
//! chains, a few links, three firms, one candidate, one project, one
//! problem, and stand-in maps (one missing, to show what each format says
//! then).
//!
//! ```text
//! silk (丝绸, 特):  cocoon ──▶ dyeing ──▶ garment      tea (茶叶):  leaf ──▶ pack
//!                  汉丝       汉丝, 宏达(停产)   ∅                     秦岭     ∅
//!                                          ▲ candidate 江南印染科技, project 丝绸服装产业园
//! ```

use crate::analysis::{ChainAnalysis, TargetFilter, Targets, analyze, rank_targets, report_period};
use crate::model::{
    Candidate, Chain, County, Dataset, Date, Engagement, Firm, FirmStatus, Lang, Link, LinkGraph, Monthly, Placement,
    Problem, ProblemCategory, ProblemStatus, Project, ProjectStage, Region, Role, Stage,
};

use super::{Maps, Report, ReportInput};

/// The dataset with its analysis and maps, owned, so reports can borrow it.
pub struct Sample {
    pub dataset: Dataset,
    pub analyses: Vec<ChainAnalysis>,
    pub targets: Targets,
    pub maps: Maps,
}

impl Sample {
    pub fn new() -> Self {
        let dataset = dataset();
        let analyses = analyze(&dataset);
        let targets = rank_targets(&dataset, &analyses, &TargetFilter::default());
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
        Self { dataset, analyses, targets, maps }
    }

    pub fn input(&self, lang: Lang) -> ReportInput<'_> {
        ReportInput {
            dataset: &self.dataset,
            analyses: &self.analyses,
            targets: &self.targets,
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
    }
}

fn firm(id: &str, name: &str, county: u16, role: Role, status: FirmStatus, output: Option<f64>) -> Firm {
    Firm {
        id: id.into(),
        name: name.into(),
        county: Some(county),
        park: None,
        above_scale: output.is_some_and(|o| o >= 2000.0),
        role,
        status,
        output,
        employees: None,
        tags: Vec::new(),
    }
}

fn at(owner: u32, chain: u16, link: u16) -> Placement {
    Placement { owner, chain, link }
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
    let mut leader = firm("F001", "汉丝集团", 0, Role::Leader, FirmStatus::Operating, Some(52000.0));
    leader.tags = vec![0];
    leader.park = Some("汉中经开区".into());
    leader.employees = Some(800);
    Dataset {
        region: Region {
            name: Some("秦川市".to_owned()),
            name_en: Some("Qinchuan".to_owned()),
            counties: ["汉台区", "城固县"].map(|name| County { name: name.to_owned(), code: None }).to_vec(),
            ..Region::default()
        },
        chains: vec![silk, tea],
        firms: vec![
            leader,
            firm("F002", "秦岭茶业", 1, Role::Backbone, FirmStatus::Operating, Some(3000.5)),
            firm("F003", "宏达印染", 0, Role::Supporting, FirmStatus::Halted, None),
        ],
        firm_placements: vec![at(0, 0, 0), at(0, 0, 1), at(1, 1, 0), at(2, 0, 1)],
        candidates: vec![Candidate {
            id: "C001".into(),
            name: "江南印染科技".into(),
            region: Some("浙江".into()),
            revenue: Some(120_000.0),
            tags: vec![0],
            partners: vec![0],
            stage: Engagement::Contacted,
        }],
        candidate_placements: vec![at(0, 0, 2)],
        projects: vec![Project {
            id: "P001".into(),
            name: "丝绸服装产业园".into(),
            county: Some(0),
            investment: Some(50_000.0),
            stage: Some(ProjectStage::Construction),
            year: Some(2024),
        }],
        project_placements: vec![at(0, 0, 2)],
        problems: vec![Problem {
            firm: 1,
            category: ProblemCategory::Funding,
            description: "流动资金紧张".into(),
            status: ProblemStatus::Open,
            reported: Date::new(2024, 3, 15),
        }],
        tags: vec!["龙头".to_owned()],
        monthly: Monthly::default(),
    }
}
