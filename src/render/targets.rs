//! Recruitment targets, plans and simulations as JSON (SPEC §5.2), tables,
//! CSV and Markdown, with the reasons an analyst reads.

use std::collections::BTreeMap;

use serde::Serialize;

use super::number::{fixed, no_negative_zero, signed};
use super::table::Table;
use crate::analysis::recruit::{Plan, Simulation, StatusChange};
use crate::analysis::targets::{Fill, Target, Targets};
use crate::analysis::{GapKind, LinkStatus};
use crate::model::{Dataset, Engagement, Role};

#[derive(Debug, Serialize)]
pub struct FillDoc<'a> {
    pub chain: &'a str,
    pub link: &'a str,
    pub gap: GapKind,
    pub priority: f64,
}

#[derive(Debug, Serialize)]
pub struct TargetDoc<'a> {
    pub rank: usize,
    pub candidate: &'a str,
    pub name: &'a str,
    pub region: Option<&'a str>,
    pub score: f64,
    pub fills: Vec<FillDoc<'a>>,
    pub factors: crate::analysis::targets::FitFactors,
    pub stage: Engagement,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TargetsDoc<'a> {
    pub targets: Vec<TargetDoc<'a>>,
    /// Signed candidates (已签约), listed apart: not targets.
    pub signed: Vec<TargetDoc<'a>>,
}

fn fill_docs<'a>(dataset: &'a Dataset, fills: &[Fill]) -> Vec<FillDoc<'a>> {
    fills
        .iter()
        .map(|f| {
            let chain = &dataset.chains[f.chain];
            FillDoc { chain: &chain.id, link: &chain.links[f.link].id, gap: f.gap, priority: f.priority }
        })
        .collect()
}

/// The link a fill is at, named for people: `链/环节` when several chains are involved.
fn link_name(dataset: &Dataset, f: &Fill, with_chain: bool, english: bool) -> String {
    let chain = &dataset.chains[f.chain];
    let link = &chain.links[f.link];
    let name = match (&link.name_en, english) {
        (Some(en), true) => en.as_str(),
        _ => link.name.as_str(),
    };
    if with_chain { format!("{}/{name}", chain.display_name(english)) } else { name.to_owned() }
}

/// The reasons to approach a target, in words: what it fills, whom it
/// already works with, how far talks have gone, its standing, its region.
#[must_use]
pub fn reasons(dataset: &Dataset, target: &Target, english: bool) -> Vec<String> {
    let candidate = &dataset.candidates[target.candidate];
    let several_chains = target.fills.iter().any(|f| f.chain != target.fills[0].chain);
    let mut out: Vec<String> = target
        .fills
        .iter()
        .map(|f| {
            let name = link_name(dataset, f, several_chains, english);
            match (f.gap, english) {
                (GapKind::Bridge, false) => format!("补 {name} 断链"),
                (GapKind::ExtendDownstream | GapKind::ExtendUpstream, false) => format!("延链 {name}"),
                (GapKind::Isolated, false) => format!("填补空白 {name}"),
                (GapKind::Strengthen, false) => format!("强链 {name}"),
                (GapKind::Bridge, true) => format!("bridges the break at {name}"),
                (GapKind::ExtendDownstream | GapKind::ExtendUpstream, true) => format!("extends the chain at {name}"),
                (GapKind::Isolated, true) => format!("fills the blank at {name}"),
                (GapKind::Strengthen, true) => format!("strengthens {name}"),
            }
        })
        .collect();
    if let Some(f) = target.best_partner {
        let firm = &dataset.firms[f as usize];
        out.push(match (firm.role == Role::Leader, english) {
            (true, false) => format!("已与本地龙头 {} 配套", firm.name),
            (false, false) => format!("已与本地企业 {} 配套", firm.name),
            (true, true) => format!("already supplies local leader {}", firm.name),
            (false, true) => format!("already trades with local firm {}", firm.name),
        });
    }
    if candidate.stage != Engagement::None {
        out.push(if english { candidate.stage.as_str().to_owned() } else { candidate.stage.zh().to_owned() });
    }
    let tags: Vec<&str> = candidate
        .tags
        .iter()
        .map(|&t| dataset.tag(t))
        .filter(|t| ["500强", "上市", "头部", "小巨人", "专精特新"].contains(t))
        .collect();
    if !tags.is_empty() {
        out.push(tags.join("、"));
    }
    if let (Some(i), Some(region)) = (target.preferred_region, candidate.region.as_deref()) {
        let preferred = &dataset.region.region_preference[i];
        out.push(if english {
            format!("based in {region} ({preferred})")
        } else {
            format!("位于{region}（{preferred}）")
        });
    }
    out
}

fn target_doc<'a>(dataset: &'a Dataset, rank: usize, t: &'a Target) -> TargetDoc<'a> {
    let c = &dataset.candidates[t.candidate];
    TargetDoc {
        rank,
        candidate: &c.id,
        name: &c.name,
        region: c.region.as_deref(),
        score: t.score,
        fills: fill_docs(dataset, &t.fills),
        factors: t.factors,
        stage: c.stage,
        reasons: reasons(dataset, t, false),
    }
}

/// The JSON document of `chainmap targets`, the first `top` targets.
#[must_use]
pub fn targets_doc<'a>(dataset: &'a Dataset, targets: &'a Targets, top: Option<usize>) -> TargetsDoc<'a> {
    TargetsDoc {
        targets: targets
            .targets
            .iter()
            .take(top.unwrap_or(usize::MAX))
            .enumerate()
            .map(|(i, t)| target_doc(dataset, i + 1, t))
            .collect(),
        signed: targets.signed.iter().map(|t| target_doc(dataset, 0, t)).collect(),
    }
}

/// The targets table for people (Chinese headers) or, with `english_headers`, for CSV.
#[must_use]
pub fn targets_table(dataset: &Dataset, targets: &Targets, top: Option<usize>, english_headers: bool) -> Table {
    let headers: &[&str] = if english_headers {
        &["rank", "candidate", "name", "region", "score", "fills", "stage", "reasons"]
    } else {
        &["排名", "编号", "目标企业", "所在地区", "得分", "目标环节", "对接阶段", "理由"]
    };
    let mut table = Table::new(headers).right(&[0, 4]);
    for (i, t) in targets.targets.iter().take(top.unwrap_or(usize::MAX)).enumerate() {
        let c = &dataset.candidates[t.candidate];
        let several = t.fills.iter().any(|f| f.chain != t.fills[0].chain);
        let fills: Vec<String> = t.fills.iter().map(|f| link_name(dataset, f, several, false)).collect();
        table.push(vec![
            (i + 1).to_string(),
            c.id.to_string(),
            c.name.to_string(),
            c.region.as_deref().unwrap_or("").to_owned(),
            if english_headers { t.score.to_string() } else { format!("{:.1}", t.score) },
            fills.join("、"),
            if english_headers { c.stage.as_str() } else { c.stage.zh() }.to_owned(),
            reasons(dataset, t, false).join("; "),
        ]);
    }
    table
}

/// The signed candidates (已签约), for the line under the targets table.
#[must_use]
pub fn signed_line(dataset: &Dataset, targets: &Targets) -> Option<String> {
    if targets.signed.is_empty() {
        return None;
    }
    let names: Vec<String> = targets
        .signed
        .iter()
        .map(|t| {
            let c = &dataset.candidates[t.candidate];
            let fills: Vec<String> = t.fills.iter().map(|f| link_name(dataset, f, false, false)).collect();
            format!("{} {}（{}）", c.id, c.name, fills.join("、"))
        })
        .collect();
    Some(format!("已签约（不列为招商目标）: {}", names.join("; ")))
}

#[derive(Debug, Serialize)]
pub struct ChangeDoc<'a> {
    pub chain: &'a str,
    pub link: &'a str,
    pub from: LinkStatus,
    pub to: LinkStatus,
}

fn change_docs<'a>(dataset: &'a Dataset, changes: &[StatusChange]) -> Vec<ChangeDoc<'a>> {
    changes
        .iter()
        .map(|c| {
            let chain = &dataset.chains[c.chain];
            ChangeDoc { chain: &chain.id, link: &chain.links[c.link].id, from: c.from, to: c.to }
        })
        .collect()
}

fn by_chain_id(dataset: &Dataset, values: impl IntoIterator<Item = (usize, f64)>) -> BTreeMap<&str, f64> {
    values.into_iter().map(|(c, v)| (dataset.chains[c].id.as_str(), no_negative_zero(v))).collect()
}

#[derive(Debug, Serialize)]
pub struct PickDoc<'a> {
    pub step: usize,
    pub candidate: &'a str,
    pub name: &'a str,
    pub fills: Vec<FillDoc<'a>>,
    pub gain: f64,
    pub changes: Vec<ChangeDoc<'a>>,
    pub after: BTreeMap<&'a str, f64>,
}

#[derive(Debug, Serialize)]
pub struct PlanDoc<'a> {
    pub budget: usize,
    pub picks: Vec<PickDoc<'a>>,
    pub before: BTreeMap<&'a str, f64>,
    pub after: BTreeMap<&'a str, f64>,
}

#[must_use]
pub fn plan_doc<'a>(dataset: &'a Dataset, plan: &Plan) -> PlanDoc<'a> {
    PlanDoc {
        budget: plan.budget,
        picks: plan
            .picks
            .iter()
            .map(|p| {
                let c = &dataset.candidates[p.candidate];
                PickDoc {
                    step: p.step,
                    candidate: &c.id,
                    name: &c.name,
                    fills: fill_docs(dataset, &p.fills),
                    gain: no_negative_zero(p.gain),
                    changes: change_docs(dataset, &p.changes),
                    after: by_chain_id(dataset, p.after.iter().map(|(&c, &v)| (c, v))),
                }
            })
            .collect(),
        before: by_chain_id(dataset, plan.before.iter().map(|(&c, &v)| (c, v))),
        after: by_chain_id(dataset, plan.after.iter().map(|(&c, &v)| (c, v))),
    }
}

/// "茶叶深加工 缺失→薄弱".
fn change_words(dataset: &Dataset, change: &StatusChange, with_chain: bool) -> String {
    let chain = &dataset.chains[change.chain];
    let link = &chain.links[change.link].name;
    let place = if with_chain { format!("{}/{link}", chain.name) } else { link.clone() };
    format!("{place} {}→{}", change.from.zh(), change.to.zh())
}

/// The plan's steps for people or, with `english_headers`, for CSV.
#[must_use]
pub fn plan_table(dataset: &Dataset, plan: &Plan, english_headers: bool) -> Table {
    let headers: &[&str] = if english_headers {
        &["step", "candidate", "name", "gain", "changes", "completeness_after"]
    } else {
        &["步骤", "编号", "目标企业", "增益(百分点)", "环节变化", "完整度(之后)"]
    };
    let mut table = Table::new(headers).right(&[0, 3]);
    let several = plan.before.len() > 1;
    for p in &plan.picks {
        let c = &dataset.candidates[p.candidate];
        let changes: Vec<String> = p.changes.iter().map(|ch| change_words(dataset, ch, several)).collect();
        let after: Vec<String> = p
            .after
            .iter()
            .map(|(&chain, &v)| {
                if english_headers {
                    format!("{}={}", dataset.chains[chain].id, no_negative_zero(v))
                } else {
                    format!("{} {}%", dataset.chains[chain].name, fixed(v * 100.0, 1))
                }
            })
            .collect();
        table.push(vec![
            p.step.to_string(),
            c.id.to_string(),
            c.name.to_string(),
            if english_headers { no_negative_zero(p.gain).to_string() } else { fixed(p.gain * 100.0, 2) },
            changes.join("、"),
            after.join("、"),
        ]);
    }
    table
}

/// Before → after per chain, for people or CSV.
#[must_use]
pub fn completeness_table(
    dataset: &Dataset,
    before: &BTreeMap<usize, f64>,
    after: &BTreeMap<usize, f64>,
    english_headers: bool,
) -> Table {
    let headers: &[&str] = if english_headers {
        &["chain", "name", "before", "after"]
    } else {
        &["id", "产业链", "之前", "之后", "变化"]
    };
    let mut table = Table::new(headers).right(if english_headers { &[2, 3] } else { &[2, 3, 4] });
    for (&c, &b) in before {
        let a = after.get(&c).copied().unwrap_or(b);
        let chain = &dataset.chains[c];
        if english_headers {
            table.push(vec![
                chain.id.clone(),
                chain.name.clone(),
                no_negative_zero(b).to_string(),
                no_negative_zero(a).to_string(),
            ]);
        } else {
            table.push(vec![
                chain.id.clone(),
                chain.name.clone(),
                format!("{}%", fixed(b * 100.0, 1)),
                format!("{}%", fixed(a * 100.0, 1)),
                if (a - b).abs() < 1e-12 { String::new() } else { signed((a - b) * 100.0, 1) },
            ]);
        }
    }
    table
}

#[derive(Debug, Serialize)]
pub struct SimulationDoc<'a> {
    pub recruit: Vec<&'a str>,
    pub before: BTreeMap<&'a str, f64>,
    pub after: BTreeMap<&'a str, f64>,
    pub changed_links: Vec<ChangeDoc<'a>>,
}

#[must_use]
pub fn simulation_doc<'a>(dataset: &'a Dataset, sim: &Simulation) -> SimulationDoc<'a> {
    SimulationDoc {
        recruit: sim.recruit.iter().map(|&c| &*dataset.candidates[c].id).collect(),
        before: by_chain_id(dataset, sim.before.iter().copied().enumerate()),
        after: by_chain_id(dataset, sim.after.iter().copied().enumerate()),
        changed_links: change_docs(dataset, &sim.changed_links),
    }
}

/// The links a simulation changes, for people or CSV.
#[must_use]
pub fn changes_table(dataset: &Dataset, changes: &[StatusChange], english_headers: bool) -> Table {
    let headers: &[&str] = if english_headers {
        &["chain", "link", "from", "to"]
    } else {
        &["产业链", "环节", "名称", "之前", "之后"]
    };
    let mut table = Table::new(headers);
    for ch in changes {
        let chain = &dataset.chains[ch.chain];
        let link = &chain.links[ch.link];
        if english_headers {
            table.push(vec![chain.id.clone(), link.id.clone(), ch.from.as_str().into(), ch.to.as_str().into()]);
        } else {
            table.push(vec![
                chain.name.clone(),
                link.id.clone(),
                link.name.clone(),
                ch.from.zh().into(),
                ch.to.zh().into(),
            ]);
        }
    }
    table
}
