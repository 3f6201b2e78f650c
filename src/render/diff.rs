//! What changed between two datasets (docs/analysis.md#diff) as JSON
//! (docs/formats.md#json-diff), as tables for people and as Markdown.
//!
//! Every format writes the same [`DiffView`]: the comparison with the two
//! datasets it indexes into. Names come from the side a record is on: a
//! removed firm is named as the old dataset had it, an added or changed one
//! as the new dataset has it. People's tables are in Chinese, or in English
//! with `Lang::En`; JSON carries ids and English words.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::number::{fixed, no_negative_zero};
use super::report::lists::yes_no;
use super::table::Table;
use crate::analysis::LinkStatus;
use crate::analysis::diff::firms::links_of;
use crate::analysis::diff::{ChainChange, Diff, FieldValue, FirmField, ProblemIdentity, Side, StageChanges};
use crate::model::{Dataset, Engagement, Lang, ProblemCategory, ProjectStage};

/// A comparison with the two datasets it indexes into.
#[derive(Debug, Clone, Copy)]
pub struct DiffView<'a> {
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub diff: &'a Diff,
}

// ---------------------------------------------------------------- JSON

/// A chain in both datasets (`chains[]`).
#[derive(Debug, Serialize)]
pub struct ChainDoc<'a> {
    pub id: &'a str,
    /// `[old, new]`.
    pub completeness: [f64; 2],
    /// `[old, new]`.
    pub closed_loop: [bool; 2],
    pub status_changes: Vec<StatusChangeDoc<'a>>,
    /// Link ids.
    pub links_added: Vec<&'a str>,
    /// Link ids.
    pub links_removed: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct StatusChangeDoc<'a> {
    pub link: &'a str,
    pub from: LinkStatus,
    pub to: LinkStatus,
}

#[derive(Debug, Serialize)]
pub struct FirmDoc<'a> {
    pub firm: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Serialize)]
pub struct FirmChangeDoc<'a> {
    pub firm: &'a str,
    pub name: &'a str,
    pub field: FirmField,
    /// A word (`status`, `role`), a boolean (`above_scale`), a county's
    /// name or null (`county`), `chain/link;…` (`links`).
    pub from: Value,
    pub to: Value,
}

#[derive(Debug, Serialize)]
pub struct FirmsDoc<'a> {
    pub added: Vec<FirmDoc<'a>>,
    pub removed: Vec<FirmDoc<'a>>,
    pub changed: Vec<FirmChangeDoc<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CandidateDoc<'a> {
    pub candidate: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Serialize)]
pub struct CandidateStageDoc<'a> {
    pub candidate: &'a str,
    pub name: &'a str,
    pub from: Engagement,
    pub to: Engagement,
}

#[derive(Debug, Serialize)]
pub struct CandidatesDoc<'a> {
    pub added: Vec<CandidateDoc<'a>>,
    pub removed: Vec<CandidateDoc<'a>>,
    pub stage_changes: Vec<CandidateStageDoc<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ProjectDoc<'a> {
    pub project: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ProjectStageDoc<'a> {
    pub project: &'a str,
    pub name: &'a str,
    /// Null for a project without a stage.
    pub from: Option<ProjectStage>,
    pub to: Option<ProjectStage>,
}

#[derive(Debug, Serialize)]
pub struct ProjectsDoc<'a> {
    pub added: Vec<ProjectDoc<'a>>,
    pub removed: Vec<ProjectDoc<'a>>,
    pub stage_changes: Vec<ProjectStageDoc<'a>>,
}

/// A problem of the new dataset (`opened[]`, `resolved[]`).
#[derive(Debug, Serialize)]
pub struct ProblemDoc<'a> {
    /// Its `problem_id`, or null.
    pub problem: Option<&'a str>,
    pub firm: &'a str,
    pub name: &'a str,
    pub category: ProblemCategory,
    pub description: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ProblemsDoc<'a> {
    pub opened: Vec<ProblemDoc<'a>>,
    pub resolved: Vec<ProblemDoc<'a>>,
    pub open: usize,
    pub resolved_total: usize,
    pub total: usize,
    /// Null without problems.
    pub resolution_rate: Option<f64>,
}

/// The JSON document of `chainmap diff --format json`.
#[derive(Debug, Serialize)]
pub struct DiffDoc<'a> {
    pub chains: Vec<ChainDoc<'a>>,
    pub chains_added: Vec<&'a str>,
    pub chains_removed: Vec<&'a str>,
    pub firms: FirmsDoc<'a>,
    pub candidates: CandidatesDoc<'a>,
    pub projects: ProjectsDoc<'a>,
    pub problems: ProblemsDoc<'a>,
    pub above_scale_net: i64,
}

/// A firm field's value as JSON.
fn field_json(value: &FieldValue) -> Value {
    match value {
        FieldValue::Status(status) => Value::from(status.as_str()),
        FieldValue::AboveScale(yes) => Value::from(*yes),
        FieldValue::Role(role) => Value::from(role.as_str()),
        FieldValue::County(county) => county.as_deref().map_or(Value::Null, Value::from),
        FieldValue::Links(links) => Value::from(links.join(";")),
    }
}

fn chain_doc<'a>(view: &DiffView<'a>, c: &ChainChange) -> ChainDoc<'a> {
    let (old, new) = (&view.old.dataset.chains[c.old], &view.new.dataset.chains[c.new]);
    ChainDoc {
        id: &new.id,
        completeness: [no_negative_zero(c.completeness.from), no_negative_zero(c.completeness.to)],
        closed_loop: [c.closed_loop.from, c.closed_loop.to],
        status_changes: c
            .status_changes
            .iter()
            .map(|l| StatusChangeDoc { link: &new.links[l.new].id, from: l.status.from, to: l.status.to })
            .collect(),
        links_added: c.links_added.iter().map(|&l| new.links[l].id.as_str()).collect(),
        links_removed: c.links_removed.iter().map(|&l| old.links[l].id.as_str()).collect(),
    }
}

fn firms_doc<'a>(view: &DiffView<'a>) -> FirmsDoc<'a> {
    let firm = |d: &'a Dataset, f: u32| {
        let firm = d.firms.get(f);
        FirmDoc { firm: firm.id, name: firm.name }
    };
    let firms = &view.diff.firms;
    FirmsDoc {
        added: firms.added.iter().map(|&f| firm(view.new.dataset, f)).collect(),
        removed: firms.removed.iter().map(|&f| firm(view.old.dataset, f)).collect(),
        changed: firms
            .changed
            .iter()
            .map(|c| {
                let FirmDoc { firm, name } = firm(view.new.dataset, c.new);
                FirmChangeDoc {
                    firm,
                    name,
                    field: c.field,
                    from: field_json(&c.value.from),
                    to: field_json(&c.value.to),
                }
            })
            .collect(),
    }
}

fn candidates_doc<'a>(view: &DiffView<'a>) -> CandidatesDoc<'a> {
    let (old, new) = (&view.old.dataset.candidates, &view.new.dataset.candidates);
    let changes = &view.diff.candidates;
    CandidatesDoc {
        added: changes.added.iter().map(|&i| CandidateDoc { candidate: new.id(i), name: new.name(i) }).collect(),
        removed: changes.removed.iter().map(|&i| CandidateDoc { candidate: old.id(i), name: old.name(i) }).collect(),
        stage_changes: changes
            .stage_changes
            .iter()
            .map(|c| CandidateStageDoc {
                candidate: new.id(c.new),
                name: new.name(c.new),
                from: c.stage.from,
                to: c.stage.to,
            })
            .collect(),
    }
}

fn projects_doc<'a>(view: &DiffView<'a>) -> ProjectsDoc<'a> {
    let (old, new) = (&view.old.dataset.projects, &view.new.dataset.projects);
    let changes = &view.diff.projects;
    ProjectsDoc {
        added: changes.added.iter().map(|&i| ProjectDoc { project: &new[i].id, name: &new[i].name }).collect(),
        removed: changes.removed.iter().map(|&i| ProjectDoc { project: &old[i].id, name: &old[i].name }).collect(),
        stage_changes: changes
            .stage_changes
            .iter()
            .map(|c| ProjectStageDoc {
                project: &new[c.new].id,
                name: &new[c.new].name,
                from: c.stage.from,
                to: c.stage.to,
            })
            .collect(),
    }
}

fn problems_doc<'a>(view: &DiffView<'a>) -> ProblemsDoc<'a> {
    let new = view.new.dataset;
    let problem = |&i: &usize| {
        let p = &new.problems[i];
        let firm = new.firms.get(p.firm);
        ProblemDoc {
            problem: p.id.as_deref(),
            firm: firm.id,
            name: firm.name,
            category: p.category,
            description: &p.description,
        }
    };
    let changes = &view.diff.problems;
    ProblemsDoc {
        opened: changes.opened.iter().map(problem).collect(),
        resolved: changes.resolved.iter().map(problem).collect(),
        open: changes.open,
        resolved_total: changes.resolved_total,
        total: changes.total,
        resolution_rate: changes.resolution_rate,
    }
}

/// Builds the JSON document: ids and English words as values, every list
/// in the order of its ids.
#[must_use]
pub fn diff_doc<'a>(view: &DiffView<'a>) -> DiffDoc<'a> {
    let chains = &view.diff.chains;
    DiffDoc {
        chains: chains.chains.iter().map(|c| chain_doc(view, c)).collect(),
        chains_added: chains.added.iter().map(|&c| view.new.dataset.chains[c].id.as_str()).collect(),
        chains_removed: chains.removed.iter().map(|&c| view.old.dataset.chains[c].id.as_str()).collect(),
        firms: firms_doc(view),
        candidates: candidates_doc(view),
        projects: projects_doc(view),
        problems: problems_doc(view),
        above_scale_net: view.diff.above_scale_net,
    }
}

// ---------------------------------------------------------------- for people

/// A completeness as a percentage with one decimal.
fn percent(x: f64) -> String {
    format!("{}%", fixed(x * 100.0, 1))
}

/// `old → new`, or the value alone when it did not change.
fn before_after(from: &str, to: &str) -> String {
    if from == to { to.to_owned() } else { format!("{from} → {to}") }
}

/// A firm field's value for people.
fn field_words(value: &FieldValue, lang: Lang) -> String {
    match value {
        FieldValue::Status(status) => status.label(lang).to_owned(),
        FieldValue::AboveScale(yes) => yes_no(*yes, lang).to_owned(),
        FieldValue::Role(role) => role.label(lang).to_owned(),
        FieldValue::County(county) => county.clone().unwrap_or_else(|| "—".to_owned()),
        FieldValue::Links(links) if links.is_empty() => "—".to_owned(),
        FieldValue::Links(links) => links.join("; "),
    }
}

/// A project's stage for people; "—" for none.
fn project_stage(stage: Option<ProjectStage>, lang: Lang) -> &'static str {
    stage.map_or("—", |s| s.label(lang))
}

/// A count with its sign: "+2", "-1", "0".
fn net(n: i64) -> String {
    if n > 0 { format!("+{n}") } else { n.to_string() }
}

/// A part of the comparison for people: a heading, and a table unless the
/// part is empty.
type Section = (String, Option<Table>);

fn chains_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let chains = &view.diff.chains.chains;
    let changed = chains.iter().filter(|c| !c.is_unchanged()).count();
    let heading = match lang {
        Lang::Zh => format!("产业链: 两份数据共有 {} 条, 其中 {changed} 条有变化", chains.len()),
        Lang::En => format!("Chains in both datasets: {}, of which {changed} changed", chains.len()),
    };
    let headers = match lang {
        Lang::Zh => ["id", "产业链", "完整度", "闭环", "状态变化", "新增环节", "删除环节"],
        Lang::En => ["id", "chain", "completeness", "closed loop", "status changes", "links added", "links removed"],
    };
    let mut table = Table::new(&headers).right(&[4, 5, 6]);
    for c in chains {
        let chain = &view.new.dataset.chains[c.new];
        table.push(vec![
            chain.id.clone(),
            chain.display_name(lang).to_owned(),
            before_after(&percent(c.completeness.from), &percent(c.completeness.to)),
            before_after(yes_no(c.closed_loop.from, lang), yes_no(c.closed_loop.to, lang)),
            c.status_changes.len().to_string(),
            c.links_added.len().to_string(),
            c.links_removed.len().to_string(),
        ]);
    }
    (heading, (!chains.is_empty()).then_some(table))
}

/// The chains one side has and the other does not.
fn chains_only_section(view: &DiffView<'_>, added: bool, lang: Lang) -> Section {
    let (side, list) = if added { (view.new, &view.diff.chains.added) } else { (view.old, &view.diff.chains.removed) };
    let heading = match (added, lang) {
        (true, Lang::Zh) => format!("新增产业链: {} 条", list.len()),
        (false, Lang::Zh) => format!("删除产业链: {} 条", list.len()),
        (true, Lang::En) => format!("Chains added: {}", list.len()),
        (false, Lang::En) => format!("Chains removed: {}", list.len()),
    };
    let headers = lang.pick("id|产业链|环节|完整度|闭环", "id|chain|links|completeness|closed loop");
    let headers: Vec<&str> = headers.split('|').collect();
    let mut table = Table::new(&headers).right(&[2, 3]);
    for &c in list {
        let (chain, analysis) = (&side.dataset.chains[c], &side.analyses[c]);
        table.push(vec![
            chain.id.clone(),
            chain.display_name(lang).to_owned(),
            chain.links.len().to_string(),
            percent(analysis.completeness),
            yes_no(analysis.closed_loop, lang).to_owned(),
        ]);
    }
    (heading, (!list.is_empty()).then_some(table))
}

fn status_changes_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let chains = &view.diff.chains.chains;
    let count: usize = chains.iter().map(|c| c.status_changes.len()).sum();
    let filled: usize = chains.iter().flat_map(|c| &c.status_changes).filter(|l| l.is_filled()).count();
    let lost: usize = chains.iter().flat_map(|c| &c.status_changes).filter(|l| l.is_lost()).count();
    let heading = match lang {
        Lang::Zh => format!("环节状态变化: {count} 个 (补上缺失环节 {filled} 个, 新断链 {lost} 个)"),
        Lang::En => {
            format!("Link status changes: {count} (missing links filled: {filled}, covered links lost: {lost})")
        }
    };
    let headers = lang.pick("产业链|环节|名称|原状态|现状态", "chain|link|name|was|now");
    let mut table = Table::new(&headers.split('|').collect::<Vec<_>>());
    for c in chains {
        let chain = &view.new.dataset.chains[c.new];
        for l in &c.status_changes {
            let link = &chain.links[l.new];
            table.push(vec![
                chain.display_name(lang).to_owned(),
                link.id.clone(),
                link.display_name(lang).to_owned(),
                l.status.from.label(lang).to_owned(),
                l.status.to.label(lang).to_owned(),
            ]);
        }
    }
    (heading, (count > 0).then_some(table))
}

fn links_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let chains = &view.diff.chains.chains;
    let added: usize = chains.iter().map(|c| c.links_added.len()).sum();
    let removed: usize = chains.iter().map(|c| c.links_removed.len()).sum();
    let heading = match lang {
        Lang::Zh => format!("环节增删: 新增 {added} 个, 删除 {removed} 个"),
        Lang::En => format!("Links added: {added}, removed: {removed}"),
    };
    let headers = lang.pick("产业链|环节|名称|变化|状态", "chain|link|name|change|status");
    let mut table = Table::new(&headers.split('|').collect::<Vec<_>>());
    for c in chains {
        let rows = c.links_added.iter().map(|&l| (view.new, c.new, l, lang.pick("新增", "added")));
        let rows = rows.chain(c.links_removed.iter().map(|&l| (view.old, c.old, l, lang.pick("删除", "removed"))));
        let mut rows: Vec<_> = rows.collect();
        rows.sort_by(|a, b| a.0.dataset.chains[a.1].links[a.2].id.cmp(&b.0.dataset.chains[b.1].links[b.2].id));
        for (side, c, link, change) in rows {
            let chain = &side.dataset.chains[c];
            table.push(vec![
                chain.display_name(lang).to_owned(),
                chain.links[link].id.clone(),
                chain.links[link].display_name(lang).to_owned(),
                change.to_owned(),
                side.analyses[c].links[link].status.label(lang).to_owned(),
            ]);
        }
    }
    (heading, (added + removed > 0).then_some(table))
}

fn firms_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let firms = &view.diff.firms;
    let heading = match lang {
        Lang::Zh => format!("企业: 新增 {} 家, 退出 {} 家", firms.added.len(), firms.removed.len()),
        Lang::En => format!("Firms added: {}, removed: {}", firms.added.len(), firms.removed.len()),
    };
    let headers = lang.pick("变化|编号|企业|规上|状态|环节", "change|id|firm|above scale|status|links");
    let mut table = Table::new(&headers.split('|').collect::<Vec<_>>());
    let rows = firms.added.iter().map(|&f| (view.new.dataset, f, lang.pick("新增", "added")));
    let rows = rows.chain(firms.removed.iter().map(|&f| (view.old.dataset, f, lang.pick("退出", "removed"))));
    for (dataset, f, change) in rows {
        let firm = dataset.firms.get(f);
        let links = links_of(dataset, f);
        table.push(vec![
            change.to_owned(),
            firm.id.to_string(),
            firm.name.to_string(),
            yes_no(firm.above_scale, lang).to_owned(),
            firm.status.label(lang).to_owned(),
            field_words(&FieldValue::Links(links), lang),
        ]);
    }
    (heading, (!table.rows.is_empty()).then_some(table))
}

fn firm_changes_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let changed = &view.diff.firms.changed;
    let heading = match lang {
        Lang::Zh => format!("企业信息变更: {} 项", changed.len()),
        Lang::En => format!("Firm changes: {}", changed.len()),
    };
    let headers = lang.pick("编号|企业|字段|原值|现值", "id|firm|field|was|now");
    let mut table = Table::new(&headers.split('|').collect::<Vec<_>>());
    for c in changed {
        let firm = view.new.dataset.firms.get(c.new);
        table.push(vec![
            firm.id.to_string(),
            firm.name.to_string(),
            c.field.label(lang).to_owned(),
            field_words(&c.value.from, lang),
            field_words(&c.value.to, lang),
        ]);
    }
    (heading, (!changed.is_empty()).then_some(table))
}

/// The heading of a part with records added, removed and moved.
fn stages_heading<S>(changes: &StageChanges<S>, what: (&str, &str), lang: Lang) -> String {
    let (added, removed, moved) = (changes.added.len(), changes.removed.len(), changes.stage_changes.len());
    match lang {
        Lang::Zh => format!("{}: 新增 {added} 个, 移出 {removed} 个, 阶段变化 {moved} 个", what.0),
        Lang::En => format!("{}: {added} added, {removed} removed, {moved} moved stage", what.1),
    }
}

/// One row of a candidates or projects table: change, id, name, was, now.
type StageRow = [String; 5];

fn stages_table(rows: Vec<StageRow>, lang: Lang) -> Option<Table> {
    let headers = lang.pick("变化|编号|名称|原阶段|现阶段", "change|id|name|was|now");
    let mut table = Table::new(&headers.split('|').collect::<Vec<_>>());
    for row in rows {
        table.push(row);
    }
    (!table.rows.is_empty()).then_some(table)
}

fn candidates_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let (old, new) = (&view.old.dataset.candidates, &view.new.dataset.candidates);
    let changes = &view.diff.candidates;
    let (added, removed, moved) =
        (lang.pick("新增", "added"), lang.pick("移出", "removed"), lang.pick("阶段变化", "stage changed"));
    let mut rows: Vec<StageRow> = Vec::new();
    for &i in &changes.added {
        let c = new.get(i);
        rows.push([added.into(), c.id.to_string(), c.name.to_string(), "—".into(), c.stage.label(lang).into()]);
    }
    for &i in &changes.removed {
        let c = old.get(i);
        rows.push([removed.into(), c.id.to_string(), c.name.to_string(), c.stage.label(lang).into(), "—".into()]);
    }
    for s in &changes.stage_changes {
        let c = new.get(s.new);
        let stage = |e: Engagement| e.label(lang).to_owned();
        rows.push([moved.into(), c.id.to_string(), c.name.to_string(), stage(s.stage.from), stage(s.stage.to)]);
    }
    (stages_heading(changes, ("招商目标", "Candidates"), lang), stages_table(rows, lang))
}

fn projects_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let (old, new) = (&view.old.dataset.projects, &view.new.dataset.projects);
    let changes = &view.diff.projects;
    let (added, removed, moved) =
        (lang.pick("新增", "added"), lang.pick("移出", "removed"), lang.pick("阶段变化", "stage changed"));
    let mut rows: Vec<StageRow> = Vec::new();
    for &i in &changes.added {
        let p = &new[i];
        rows.push([
            added.into(),
            p.id.to_string(),
            p.name.to_string(),
            "—".into(),
            project_stage(p.stage, lang).into(),
        ]);
    }
    for &i in &changes.removed {
        let p = &old[i];
        rows.push([
            removed.into(),
            p.id.to_string(),
            p.name.to_string(),
            project_stage(p.stage, lang).into(),
            "—".into(),
        ]);
    }
    for s in &changes.stage_changes {
        let p = &new[s.new];
        rows.push([
            moved.into(),
            p.id.to_string(),
            p.name.to_string(),
            project_stage(s.stage.from, lang).into(),
            project_stage(s.stage.to, lang).into(),
        ]);
    }
    (stages_heading(changes, ("重点项目", "Projects"), lang), stages_table(rows, lang))
}

fn problems_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let p = &view.diff.problems;
    let rate = p.resolution_rate.map_or_else(|| "—".to_owned(), percent);
    let by = match (p.identity, lang) {
        (ProblemIdentity::ById, Lang::Zh) => "按问题编号对应",
        (ProblemIdentity::ByDescription, Lang::Zh) => "按企业、类别和描述对应",
        (ProblemIdentity::ById, Lang::En) => "matched by problem_id",
        (ProblemIdentity::ByDescription, Lang::En) => "matched by firm, category and description",
    };
    let heading = match lang {
        Lang::Zh => format!(
            "企业问题: 新增待解决 {}, 新销号 {}; 现有 {} 个, 待解决 {}, 已解决 {}, 销号率 {rate} ({by})",
            p.opened.len(),
            p.resolved.len(),
            p.total,
            p.open,
            p.resolved_total
        ),
        Lang::En => format!(
            "Problems: {} opened, {} resolved; now {} in all, {} open, {} resolved, resolution rate {rate} ({by})",
            p.opened.len(),
            p.resolved.len(),
            p.total,
            p.open,
            p.resolved_total
        ),
    };
    let headers = lang.pick("变化|问题编号|企业|类别|描述", "change|problem|firm|category|description");
    let mut table = Table::new(&headers.split('|').collect::<Vec<_>>());
    let new = view.new.dataset;
    let rows = p.opened.iter().map(|&i| (i, lang.pick("新增待解决", "opened")));
    for (i, change) in rows.chain(p.resolved.iter().map(|&i| (i, lang.pick("销号", "resolved")))) {
        let problem = &new.problems[i];
        table.push(vec![
            change.to_owned(),
            problem.id.as_deref().unwrap_or("—").to_owned(),
            new.firms.name(problem.firm).to_string(),
            problem.category.label(lang).to_owned(),
            problem.description.to_string(),
        ]);
    }
    (heading, (!table.rows.is_empty()).then_some(table))
}

fn above_scale_section(view: &DiffView<'_>, lang: Lang) -> Section {
    let count = |d: &Dataset| d.firms.iter().filter(|f| f.above_scale).count();
    let (old, new) = (count(view.old.dataset), count(view.new.dataset));
    let net = net(view.diff.above_scale_net);
    let heading = match lang {
        Lang::Zh => format!("净增规上企业: {net} ({old} → {new})"),
        Lang::En => format!("Net change of above-scale firms: {net} ({old} → {new})"),
    };
    (heading, None)
}

/// Every part for people, in the order a monthly bulletin reads them.
#[must_use]
pub fn sections(view: &DiffView<'_>, lang: Lang) -> Vec<Section> {
    vec![
        chains_section(view, lang),
        chains_only_section(view, true, lang),
        chains_only_section(view, false, lang),
        status_changes_section(view, lang),
        links_section(view, lang),
        firms_section(view, lang),
        firm_changes_section(view, lang),
        above_scale_section(view, lang),
        candidates_section(view, lang),
        projects_section(view, lang),
        problems_section(view, lang),
    ]
}

/// The first line: which datasets were compared, and whether anything changed.
fn title(view: &DiffView<'_>, labels: (&str, &str), lang: Lang) -> String {
    let (old, new) = labels;
    match (view.diff.is_empty(), lang) {
        (true, Lang::Zh) => format!("{old} → {new}: 无变化"),
        (false, Lang::Zh) => format!("{old} → {new} 的变化"),
        (true, Lang::En) => format!("{old} → {new}: no change"),
        (false, Lang::En) => format!("Changes from {old} to {new}"),
    }
}

/// Writes the tables for people: a title naming the two datasets (as
/// `labels` shows them), then every part, blank lines between.
///
/// # Errors
/// When writing fails.
pub fn write_diff_text(out: &mut dyn Write, view: &DiffView<'_>, labels: (&str, &str), lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", title(view, labels, lang))?;
    for (heading, table) in sections(view, lang) {
        writeln!(out)?;
        writeln!(out, "{heading}")?;
        if let Some(table) = table {
            table.write_text(out)?;
        }
    }
    Ok(())
}

/// Writes Markdown: the title as a heading, then every part as a heading
/// and a table.
///
/// # Errors
/// When writing fails.
pub fn write_diff_markdown(
    out: &mut dyn Write,
    view: &DiffView<'_>,
    labels: (&str, &str),
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "# {}", title(view, labels, lang).replace('<', "&lt;"))?;
    for (heading, table) in sections(view, lang) {
        writeln!(out)?;
        writeln!(out, "## {}", heading.replace('<', "&lt;"))?;
        if let Some(table) = table {
            writeln!(out)?;
            table.write_markdown(out)?;
        }
    }
    Ok(())
}
