//! The five lists of "one map, five lists" (一图五清单), for one chain or the
//! whole region: key firms, key projects, recruitment targets, key
//! technologies and firm problems.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::analysis::risk::{Risk, impacts, order_problems};
use crate::analysis::targets::Targets;
use crate::analysis::{ChainAnalysis, GapKind};
use crate::model::{Dataset, Engagement, Lang, Month, ProblemCategory, ProblemStatus};
use crate::render::Table;
use crate::render::gaps::thousands;
use crate::render::risk::points;
use crate::render::table::RowWriter;
use crate::render::targets::reasons;

/// Which of the five lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ListKind {
    Firms,
    Projects,
    Targets,
    Technologies,
    Problems,
}

impl ListKind {
    pub const ALL: [ListKind; 5] =
        [ListKind::Firms, ListKind::Projects, ListKind::Targets, ListKind::Technologies, ListKind::Problems];

    /// The file stem of the list's CSV.
    #[must_use]
    pub fn stem(self) -> &'static str {
        match self {
            ListKind::Firms => "firms",
            ListKind::Projects => "projects",
            ListKind::Targets => "targets",
            ListKind::Technologies => "technologies",
            ListKind::Problems => "problems",
        }
    }

    #[must_use]
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            ListKind::Firms => lang.pick("重点企业清单", "Key firms"),
            ListKind::Projects => lang.pick("重点项目清单", "Key projects"),
            ListKind::Targets => lang.pick("招商目标清单", "Recruitment targets"),
            ListKind::Technologies => lang.pick("关键技术清单", "Key technologies"),
            ListKind::Problems => lang.pick("企业问题清单", "Firm problems"),
        }
    }
}

/// One list: its kind and its table (headers in the report's language).
#[derive(Debug, Clone)]
pub struct List {
    pub kind: ListKind,
    pub table: Table,
}

/// Which chains a set of lists covers: one, or all (the region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Chain(usize),
    Region,
}

impl Scope {
    fn covers(self, chain: usize) -> bool {
        match self {
            Scope::Chain(c) => c == chain,
            Scope::Region => true,
        }
    }
    fn region(self) -> bool {
        self == Scope::Region
    }
    /// The chain, for a chain's scope.
    fn chain(self) -> Option<usize> {
        match self {
            Scope::Chain(c) => Some(c),
            Scope::Region => None,
        }
    }
}

/// Everything the lists are made from.
pub struct ListInput<'a> {
    pub dataset: &'a Dataset,
    pub analyses: &'a [ChainAnalysis],
    pub targets: &'a Targets,
    pub risk: &'a Risk,
    pub lang: Lang,
    /// The report's period: open problems past their deadline at its end
    /// are marked overdue (超期); `None`, none is.
    pub period: Option<Month>,
}

impl ListInput<'_> {
    fn chain_name(&self, c: usize) -> String {
        self.dataset.chains[c].display_name(self.lang).to_owned()
    }
    fn link_name(&self, c: usize, l: usize) -> String {
        self.dataset.chains[c].links[l].display_name(self.lang).to_owned()
    }
}

/// 是/否, yes/no.
pub(crate) fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

fn number(x: Option<f64>) -> String {
    let mut s = String::new();
    write_number(&mut s, x);
    s
}

/// [`number`] written at the end of `out`.
fn write_number(out: &mut String, x: Option<f64>) {
    let _ = match x {
        Some(v) if v.fract() == 0.0 => write!(out, "{v:.0}"),
        Some(v) => write!(out, "{v}"),
        None => Ok(()),
    };
}

/// 重点企业清单: the firms at the scope's links, leaders first, then by output.
#[must_use]
pub fn firms_list(input: &ListInput<'_>, scope: Scope) -> List {
    let (d, lang) = (input.dataset, input.lang);
    let mut headers = vec![];
    if scope.region() {
        headers.push(lang.pick("产业链", "Chain"));
    }
    headers.extend([
        lang.pick("企业名称", "Firm"),
        lang.pick("企业编号", "Firm id"),
        lang.pick("环节", "Links"),
        lang.pick("角色", "Role"),
        lang.pick("规上", "Above scale"),
        lang.pick("状态", "Status"),
        lang.pick("标签", "Tags"),
        lang.pick("产值(万元)", "Output (10k yuan)"),
        lang.pick("从业人数", "Employees"),
        lang.pick("县区", "County"),
        lang.pick("园区", "Park"),
    ]);
    let offset = usize::from(scope.region());
    let mut table = Table::new(&headers).right(&[offset + 7, offset + 8]);
    // (chain, firm, link) of each placement in scope; sorted (stably) by
    // chain and firm, a firm's links at a chain are a run, in the order
    // the placements list them.
    let mut placed: Vec<Placed> =
        d.firm_placements.iter().filter(|p| scope.covers(p.chain())).map(|p| (p.chain(), p.owner, p.link())).collect();
    placed.sort_by_key(|&(c, f, _)| (c, f));
    // Each row's sort key is read once: read in the comparison, the
    // roster's columns were read some forty times a row, at random, which
    // for a province's 1.77 million rows took twenty seconds.
    let mut rows: Vec<(FirmOrder<'_>, &[Placed])> = placed
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        .map(|run| {
            let (c, f, _) = run[0];
            let firm = &d.firms[f as usize];
            let order = FirmOrder {
                chain: c,
                role: firm.role,
                above_scale: firm.above_scale,
                output: firm.output.get().unwrap_or(-1.0),
                id: d.firms.id(f),
            };
            (order, run)
        })
        .collect();
    rows.sort_by(|(a, _), (b, _)| {
        a.chain
            .cmp(&b.chain)
            .then(a.role.cmp(&b.role))
            .then(b.above_scale.cmp(&a.above_scale))
            .then(b.output.total_cmp(&a.output))
            .then(a.id.cmp(b.id))
    });
    let mut row = RowWriter::new();
    for (_, run) in rows {
        let (c, f, _) = run[0];
        let (chain, firm) = (&d.chains[c], d.firms.get(f));
        if scope.region() {
            row.cell(chain.display_name(lang));
        }
        row.cell(firm.name)
            .cell(firm.id)
            .joined(run.iter().map(|&(_, _, l)| chain.links[l].display_name(lang)), "、")
            .cell(firm.role.word(lang))
            .cell(yes_no(firm.above_scale, lang))
            .cell(firm.status.word(lang))
            .joined(firm.tags.iter().map(|&t| d.tag(t)), ";")
            .cell_with(|s| write_number(s, firm.output.get()))
            .cell_with(|s| {
                if let Some(e) = firm.employees {
                    let _ = write!(s, "{e}");
                }
            })
            .cell(firm.county.map_or("", |c| d.county_name(c)))
            .cell(firm.park.unwrap_or(""));
        table.push(row.finish());
    }
    List { kind: ListKind::Firms, table }
}

/// A firm's place at a link: (chain, firm, link).
type Placed = (usize, u32, usize);

/// Where a firm goes in the key-firm list: by chain, leaders first, then
/// above-scale firms, then by output (none last), then by id.
struct FirmOrder<'a> {
    chain: usize,
    role: crate::model::Role,
    above_scale: bool,
    output: f64,
    id: &'a str,
}

/// 重点项目清单: projects at the scope's links, typed by their link's gap.
#[must_use]
pub fn projects_list(input: &ListInput<'_>, scope: Scope) -> List {
    let (d, lang) = (input.dataset, input.lang);
    let mut headers = vec![];
    if scope.region() {
        headers.push(lang.pick("产业链", "Chain"));
    }
    headers.extend([
        lang.pick("项目名称", "Project"),
        lang.pick("项目编号", "Project id"),
        lang.pick("环节", "Links"),
        lang.pick("类型", "Type"),
        lang.pick("环节状态", "Link status"),
        lang.pick("县区", "County"),
        lang.pick("投资额(万元)", "Investment (10k yuan)"),
        lang.pick("已完成投资(万元)", "Completed (10k yuan)"),
        lang.pick("阶段", "Stage"),
        lang.pick("年度", "Year"),
        lang.pick("来源招商目标", "From candidate"),
    ]);
    let offset = usize::from(scope.region());
    let mut table = Table::new(&headers).right(&[offset + 6, offset + 7, offset + 9]);
    // One row per project and chain, its links joined (a project may serve several).
    let mut by_project: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
    for p in d.project_placements.iter().filter(|p| scope.covers(p.chain())) {
        by_project.entry((p.chain(), p.owner)).or_default().push(p.link());
    }
    let mut rows: Vec<(&(usize, u32), &Vec<usize>)> = by_project.iter().collect();
    rows.sort_by(|(a, _), (b, _)| {
        let (pa, pb) = (&d.projects[a.1 as usize], &d.projects[b.1 as usize]);
        a.0.cmp(&b.0)
            .then(pb.investment.unwrap_or(-1.0).total_cmp(&pa.investment.unwrap_or(-1.0)))
            .then(pa.id.cmp(&pb.id))
    });
    for (&(c, owner), links) in rows {
        let project = &d.projects[owner as usize];
        let analyses: Vec<_> = links.iter().map(|&l| &input.analyses[c].links[l]).collect();
        let mut kinds: Vec<&str> = analyses.iter().map(|a| GapKind::work(a.gap, lang)).collect();
        kinds.dedup();
        let mut statuses: Vec<&str> = analyses.iter().map(|a| a.status.word(lang)).collect();
        statuses.dedup();
        let names: Vec<String> = links.iter().map(|&l| input.link_name(c, l)).collect();
        let mut row = Vec::new();
        if scope.region() {
            row.push(input.chain_name(c));
        }
        row.extend([
            project.name.to_string(),
            project.id.to_string(),
            names.join("、"),
            kinds.join("、"),
            statuses.join("、"),
            project.county.map(|c| d.county_name(c).to_owned()).unwrap_or_default(),
            number(project.investment),
            number(project.completed_investment),
            project.stage.map_or("", |s| s.word(lang)).to_owned(),
            project.year.map(|y| y.to_string()).unwrap_or_default(),
            project.candidate.map(|c| d.candidates.get(c as usize).name.to_string()).unwrap_or_default(),
        ]);
        table.push(row);
    }
    List { kind: ListKind::Projects, table }
}

/// 招商目标清单: ranked targets with fills in the scope, and the signed ones last.
#[must_use]
pub fn targets_list(input: &ListInput<'_>, scope: Scope) -> List {
    let (d, lang) = (input.dataset, input.lang);
    let headers = [
        lang.pick("排名", "Rank"),
        lang.pick("目标企业", "Candidate"),
        lang.pick("编号", "Id"),
        lang.pick("所在地区", "Based in"),
        lang.pick("目标环节", "Links to fill"),
        lang.pick("得分", "Score"),
        lang.pick("对接阶段", "Stage"),
        lang.pick("责任单位", "Responsible"),
        lang.pick("理由", "Reasons"),
    ];
    let mut table = Table::new(&headers).right(&[0, 5]);
    let mut rank = 0;
    let mut row = RowWriter::new();
    let all = input.targets.targets.iter().chain(&input.targets.signed);
    for t in all {
        let fills: Vec<_> = t.fills.iter().filter(|f| scope.covers(f.chain)).collect();
        if fills.is_empty() {
            continue;
        }
        let c = d.candidates.get(t.candidate);
        let signed = c.stage == Engagement::Signed;
        if !signed {
            rank += 1;
        }
        row.cell_with(|s| {
            if !signed {
                let _ = write!(s, "{rank}");
            }
        })
        .cell(c.name)
        .cell(c.id)
        .cell(c.region.unwrap_or(""))
        .cell_with(|s| {
            for (i, f) in fills.iter().enumerate() {
                if i > 0 {
                    s.push('、');
                }
                if scope.region() {
                    s.push_str(d.chains[f.chain].display_name(lang));
                    s.push('/');
                }
                s.push_str(d.chains[f.chain].links[f.link].display_name(lang));
            }
        })
        .cell_with(|s| {
            if !signed {
                let _ = write!(s, "{:.1}", t.score);
            }
        })
        .cell(c.stage.word(lang))
        .cell(c.owner.unwrap_or(""))
        .joined(reasons(d, t, lang).iter().map(String::as_str), "; ");
        table.push(row.finish());
    }
    List { kind: ListKind::Targets, table }
}

/// 关键技术清单: each key technology of a link, who works that link locally,
/// and whether the link is a gap.
#[must_use]
pub fn technologies_list(input: &ListInput<'_>, scope: Scope, firms_at: &[Vec<Vec<u32>>]) -> List {
    let (d, lang) = (input.dataset, input.lang);
    let mut headers = vec![];
    if scope.region() {
        headers.push(lang.pick("产业链", "Chain"));
    }
    headers.extend([
        lang.pick("关键技术", "Technology"),
        lang.pick("环节", "Link"),
        lang.pick("环节状态", "Link status"),
        lang.pick("缺口", "Gap"),
        // Every active firm at the link, whether or not it holds this technology:
        // the roster does not say who holds what.
        lang.pick("本环节在产企业", "Active firms at the link"),
    ]);
    let mut table = Table::new(&headers);
    for (c, chain) in d.chains.iter().enumerate().filter(|(c, _)| scope.covers(*c)) {
        for (l, link) in chain.links.iter().enumerate() {
            let analysis = &input.analyses[c].links[l];
            let mut holders: Vec<crate::model::FirmRef<'_>> =
                firms_at[c][l].iter().map(|&f| d.firms.get(f)).filter(|f| f.is_active()).collect();
            holders.sort_by(|a, b| a.role.cmp(&b.role).then(a.name.cmp(b.name)));
            let holders: Vec<&str> = holders.iter().map(|f| f.name).collect();
            for tech in &link.technologies {
                let mut row = Vec::new();
                if scope.region() {
                    row.push(input.chain_name(c));
                }
                row.extend([
                    tech.clone(),
                    input.link_name(c, l),
                    analysis.status.word(lang).to_owned(),
                    analysis
                        .gap
                        .map_or_else(|| lang.pick("否", "no").to_owned(), |g| GapKind::work(Some(g), lang).to_owned()),
                    if holders.is_empty() { lang.pick("（无）", "(none)").to_owned() } else { holders.join("、") },
                ]);
                table.push(row);
            }
        }
    }
    List { kind: ListKind::Technologies, table }
}

/// The problems of the firms in scope: a firm belongs to a chain when it
/// works at one of its links.
fn problems_in_scope(d: &Dataset, scope: Scope) -> Vec<&crate::model::Problem> {
    let in_scope: std::collections::BTreeSet<u32> =
        d.firm_placements.iter().filter(|p| scope.covers(p.chain())).map(|p| p.owner).collect();
    d.problems.iter().filter(|p| in_scope.contains(&p.firm)).collect()
}

/// 企业问题清单 (解难题): every problem of the scope's firms, open ones
/// first by what their firm's halting would cost (in the chain, on a
/// chain's page; over all its chains, for the region), then as
/// [`order_problems`] says. A firm already halted (impact 0) says so in
/// the impact column.
#[must_use]
pub fn problems_list(input: &ListInput<'_>, scope: Scope) -> List {
    let (d, lang) = (input.dataset, input.lang);
    let headers = [
        lang.pick("企业名称", "Firm"),
        lang.pick("企业编号", "Firm id"),
        lang.pick("停产影响(百分点)", "Impact if halted (points)"),
        lang.pick("问题类别", "Category"),
        lang.pick("问题描述", "Description"),
        lang.pick("状态", "Status"),
        lang.pick("提出日期", "Reported"),
        lang.pick("责任单位", "Responsible"),
        lang.pick("办结时限", "Deadline"),
        lang.pick("办结日期", "Resolved on"),
    ];
    let mut table = Table::new(&headers).right(&[2]);
    let impacts = impacts(d, input.risk, scope.chain());
    let mut problems = problems_in_scope(d, scope);
    order_problems(d, &mut problems, &impacts);
    for p in problems {
        let firm = d.firms.get(p.firm);
        table.push(vec![
            firm.name.to_string(),
            firm.id.to_string(),
            // A halted firm's loss is already in the chain's completeness: its halting costs nothing more.
            if firm.is_active() {
                points(impacts[p.firm as usize])
            } else {
                lang.pick("已停产", "halted").to_owned()
            },
            p.category.word(lang).to_owned(),
            p.description.to_string(),
            p.status.word(lang).to_owned(),
            p.reported.map(|day| day.to_string()).unwrap_or_default(),
            p.department.as_deref().unwrap_or("").to_owned(),
            deadline_cell(p, input.period, lang),
            p.resolved_on.map(|day| day.to_string()).unwrap_or_default(),
        ]);
    }
    List { kind: ListKind::Problems, table }
}

/// A problem's deadline, flagged 超期 when it is open past it at the end
/// of the period.
fn deadline_cell(p: &crate::model::Problem, period: Option<Month>, lang: Lang) -> String {
    let Some(deadline) = p.deadline else {
        return String::new();
    };
    if period.is_some_and(|m| p.overdue_at(m)) {
        format!("{deadline} {}", lang.pick("(超期)", "(overdue)"))
    } else {
        deadline.to_string()
    }
}

/// Problem counts by the eleven categories: open, resolved, total.
#[must_use]
pub fn problem_counts(input: &ListInput<'_>, scope: Scope) -> Table {
    let lang = input.lang;
    let mut table = Table::new(&[
        lang.pick("问题类别", "Category"),
        lang.pick("待解决", "Open"),
        lang.pick("已解决", "Resolved"),
        lang.pick("合计", "Total"),
    ])
    .right(&[1, 2, 3]);
    let problems = problems_in_scope(input.dataset, scope);
    for category in ProblemCategory::ALL {
        let of = |s: ProblemStatus| problems.iter().filter(|p| p.category == *category && p.status == s).count();
        let (open, resolved) = (of(ProblemStatus::Open), of(ProblemStatus::Resolved));
        table.push(vec![
            category.word(lang).to_owned(),
            open.to_string(),
            resolved.to_string(),
            (open + resolved).to_string(),
        ]);
    }
    table
}

/// The five lists of a scope, in order.
#[must_use]
pub fn five_lists(input: &ListInput<'_>, scope: Scope, firms_at: &[Vec<Vec<u32>>]) -> Vec<List> {
    vec![
        firms_list(input, scope),
        projects_list(input, scope),
        targets_list(input, scope),
        technologies_list(input, scope, firms_at),
        problems_list(input, scope),
    ]
}

/// Output (万元) as people read it.
#[must_use]
pub fn output_words(x: f64) -> String {
    thousands(x)
}
