//! Recruitment targets, plans and simulations as JSON (docs/formats.md#json-targets), tables,
//! CSV and Markdown, with the reasons an analyst reads.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::number::{fixed, no_negative_zero, signed};
use super::table::Table;
use crate::analysis::recruit::{Plan, Simulation, StatusChange};
use crate::analysis::risk::Exposure;
use crate::analysis::targets::{Fill, Target, Targets};
use crate::analysis::{GapKind, LinkStatus};
use crate::model::{Dataset, Engagement, Lang, Role, Tag};

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
    /// Candidates that serve only strong links (no gap to fill): not targets.
    pub strong_only: Vec<StrongOnlyDoc<'a>>,
}

/// Writes `doc` as `serde_json::to_writer_pretty` does, its lists made on
/// every core ([`super::json`]): 48 MB for a province's pool.
///
/// # Errors
/// When `out` cannot be written.
pub fn write_targets_json(out: &mut impl std::io::Write, doc: &TargetsDoc<'_>) -> std::io::Result<()> {
    super::json::Object::new(out)
        .list("targets", &doc.targets)?
        .list("signed", &doc.signed)?
        .list("strong_only", &doc.strong_only)?
        .end()
}

/// A candidate that serves only strong links.
#[derive(Debug, Serialize)]
pub struct StrongOnlyDoc<'a> {
    pub candidate: &'a str,
    pub name: &'a str,
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
fn link_name(dataset: &Dataset, f: &Fill, with_chain: bool, lang: Lang) -> String {
    let chain = &dataset.chains[f.chain];
    let name = chain.links[f.link].display_name(lang);
    if with_chain { format!("{}/{name}", chain.display_name(lang)) } else { name.to_owned() }
}

/// The reasons to approach a target, in words: what it fills, where it
/// would be a second source, whom it already works with, how far talks
/// have gone, its standing, its region.
#[must_use]
pub fn reasons(dataset: &Dataset, target: &Target, lang: Lang) -> Vec<String> {
    let candidate = dataset.candidates.get(target.candidate);
    let several_chains = target.fills.iter().any(|f| f.chain != target.fills[0].chain);
    let mut out: Vec<String> =
        target.fills.iter().map(|f| f.gap.pitch(lang, &link_name(dataset, f, several_chains, lang))).collect();
    let sole: Vec<String> =
        target.fills.iter().filter(|f| f.single_source).map(|f| link_name(dataset, f, several_chains, lang)).collect();
    if !sole.is_empty() {
        let single = Exposure::SingleSource.label(lang);
        out.push(match lang {
            Lang::Zh => format!("可为{single}环节 {} 增加第二来源", sole.join("、")),
            Lang::En => format!("a second source at {single} link {}", sole.join(", ")),
        });
    }
    if let Some(f) = target.best_partner {
        let firm = dataset.firms.get(f);
        out.push(match (firm.role == Role::Leader, lang) {
            (true, Lang::Zh) => format!("已与本地龙头 {} 配套", firm.name),
            (false, Lang::Zh) => format!("已与本地企业 {} 配套", firm.name),
            (true, Lang::En) => format!("already supplies local leader {}", firm.name),
            (false, Lang::En) => format!("already trades with local firm {}", firm.name),
        });
    }
    if candidate.stage != Engagement::None {
        out.push(candidate.stage.word(lang).to_owned());
    }
    let tags: Vec<&str> =
        candidate.tags.iter().map(|&t| dataset.tag(t)).filter(|t| Tag::parse(t).is_some_and(Tag::is_named)).collect();
    if !tags.is_empty() {
        out.push(tags.join("、"));
    }
    if let (Some(i), Some(region)) = (target.preferred_region, candidate.region) {
        let preferred = &dataset.region.region_preference[i];
        out.push(match lang {
            Lang::Zh => format!("位于{region}（{preferred}）"),
            Lang::En => format!("based in {region} ({preferred})"),
        });
    }
    out
}

fn target_doc<'a>(dataset: &'a Dataset, rank: usize, t: &'a Target) -> TargetDoc<'a> {
    let c = dataset.candidates.get(t.candidate);
    TargetDoc {
        rank,
        candidate: c.id,
        name: c.name,
        region: c.region,
        score: t.score,
        fills: fill_docs(dataset, &t.fills),
        factors: t.factors,
        stage: c.stage,
        reasons: reasons(dataset, t, Lang::Zh),
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
        // Some 50,000 signed on the province, each with its reasons in words.
        signed: targets.signed.par_iter().map(|t| target_doc(dataset, 0, t)).collect(),
        strong_only: targets
            .strong_only
            .iter()
            .map(|&c| StrongOnlyDoc { candidate: dataset.candidates.id(c), name: dataset.candidates.name(c) })
            .collect(),
    }
}

/// The targets table for people in Chinese or, in English, for CSV: English
/// headers and words, figures unrounded; names and reasons stay as the
/// office writes them.
#[must_use]
pub fn targets_table(dataset: &Dataset, targets: &Targets, top: Option<usize>, lang: Lang) -> Table {
    let headers: &[&str] = match lang {
        Lang::Zh => &["排名", "编号", "目标企业", "所在地区", "得分", "目标环节", "对接阶段", "理由"],
        Lang::En => &["rank", "candidate", "name", "region", "score", "fills", "stage", "reasons"],
    };
    let mut table = Table::new(headers).right(&[0, 4]);
    for (i, t) in targets.targets.iter().take(top.unwrap_or(usize::MAX)).enumerate() {
        let c = dataset.candidates.get(t.candidate);
        let several = t.fills.iter().any(|f| f.chain != t.fills[0].chain);
        let fills: Vec<String> = t.fills.iter().map(|f| link_name(dataset, f, several, Lang::Zh)).collect();
        table.push(vec![
            (i + 1).to_string(),
            c.id.to_string(),
            c.name.to_string(),
            c.region.unwrap_or("").to_owned(),
            match lang {
                Lang::Zh => format!("{:.1}", t.score),
                Lang::En => t.score.to_string(),
            },
            fills.join("、"),
            c.stage.word(lang).to_owned(),
            reasons(dataset, t, Lang::Zh).join("; "),
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
            let c = dataset.candidates.get(t.candidate);
            let fills: Vec<String> = t.fills.iter().map(|f| link_name(dataset, f, false, Lang::Zh)).collect();
            format!("{} {}（{}）", c.id, c.name, fills.join("、"))
        })
        .collect();
    Some(format!("已签约（不列为招商目标）: {}", names.join("; ")))
}

/// The candidates that serve only strong links, for the line under the
/// targets table.
#[must_use]
pub fn strong_only_line(dataset: &Dataset, targets: &Targets) -> Option<String> {
    if targets.strong_only.is_empty() {
        return None;
    }
    let names: Vec<String> = targets
        .strong_only
        .iter()
        .map(|&c| format!("{} {}", dataset.candidates.id(c), dataset.candidates.name(c)))
        .collect();
    Some(format!("只对应强链环节, 无缺口可补（不列为招商目标）: {}", names.join("; ")))
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
                let c = dataset.candidates.get(p.candidate);
                PickDoc {
                    step: p.step,
                    candidate: c.id,
                    name: c.name,
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

/// The plan's steps for people in Chinese or, in English, for CSV (as
/// [`targets_table`]).
#[must_use]
pub fn plan_table(dataset: &Dataset, plan: &Plan, lang: Lang) -> Table {
    let headers: &[&str] = match lang {
        Lang::Zh => &["步骤", "编号", "目标企业", "增益(百分点)", "环节变化", "完整度(之后)"],
        Lang::En => &["step", "candidate", "name", "gain", "changes", "completeness_after"],
    };
    let mut table = Table::new(headers).right(&[0, 3]);
    let several = plan.before.len() > 1;
    for p in &plan.picks {
        let c = dataset.candidates.get(p.candidate);
        let changes: Vec<String> = p.changes.iter().map(|ch| change_words(dataset, ch, several)).collect();
        let after: Vec<String> = p
            .after
            .iter()
            .map(|(&chain, &v)| match lang {
                Lang::Zh => format!("{} {}%", dataset.chains[chain].name, fixed(v * 100.0, 1)),
                Lang::En => format!("{}={}", dataset.chains[chain].id, no_negative_zero(v)),
            })
            .collect();
        table.push(vec![
            p.step.to_string(),
            c.id.to_string(),
            c.name.to_string(),
            match lang {
                Lang::Zh => fixed(p.gain * 100.0, 2),
                Lang::En => no_negative_zero(p.gain).to_string(),
            },
            changes.join("、"),
            after.join("、"),
        ]);
    }
    table
}

/// Before → after per chain, for people in Chinese or, in English, for CSV.
#[must_use]
pub fn completeness_table(
    dataset: &Dataset,
    before: &BTreeMap<usize, f64>,
    after: &BTreeMap<usize, f64>,
    lang: Lang,
) -> Table {
    let mut table = match lang {
        Lang::Zh => Table::new(&["id", "产业链", "之前", "之后", "变化"]).right(&[2, 3, 4]),
        Lang::En => Table::new(&["chain", "name", "before", "after"]).right(&[2, 3]),
    };
    for (&c, &b) in before {
        let a = after.get(&c).copied().unwrap_or(b);
        let chain = &dataset.chains[c];
        table.push(match lang {
            Lang::Zh => vec![
                chain.id.clone(),
                chain.name.clone(),
                format!("{}%", fixed(b * 100.0, 1)),
                format!("{}%", fixed(a * 100.0, 1)),
                if (a - b).abs() < 1e-12 { String::new() } else { signed((a - b) * 100.0, 1) },
            ],
            Lang::En => vec![
                chain.id.clone(),
                chain.name.clone(),
                no_negative_zero(b).to_string(),
                no_negative_zero(a).to_string(),
            ],
        });
    }
    table
}

#[derive(Debug, Serialize)]
pub struct SimulationDoc<'a> {
    pub recruit: Vec<&'a str>,
    /// Local firms halted (SPEC §10).
    pub halt: Vec<&'a str>,
    pub before: BTreeMap<&'a str, f64>,
    pub after: BTreeMap<&'a str, f64>,
    pub changed_links: Vec<ChangeDoc<'a>>,
}

#[must_use]
pub fn simulation_doc<'a>(dataset: &'a Dataset, sim: &Simulation) -> SimulationDoc<'a> {
    SimulationDoc {
        recruit: sim.recruit.iter().map(|&c| dataset.candidates.id(c)).collect(),
        halt: sim.halt.iter().map(|&f| dataset.firms.id(f)).collect(),
        before: by_chain_id(dataset, sim.before.iter().copied().enumerate()),
        after: by_chain_id(dataset, sim.after.iter().copied().enumerate()),
        changed_links: change_docs(dataset, &sim.changed_links),
    }
}

/// The links a simulation changes, for people in Chinese or, in English, for CSV.
#[must_use]
pub fn changes_table(dataset: &Dataset, changes: &[StatusChange], lang: Lang) -> Table {
    let headers: &[&str] = match lang {
        Lang::Zh => &["产业链", "环节", "名称", "之前", "之后"],
        Lang::En => &["chain", "link", "from", "to"],
    };
    let mut table = Table::new(headers);
    for ch in changes {
        let chain = &dataset.chains[ch.chain];
        let link = &chain.links[ch.link];
        table.push(match lang {
            Lang::Zh => {
                vec![
                    chain.name.clone(),
                    link.id.clone(),
                    link.name.clone(),
                    ch.from.word(lang).into(),
                    ch.to.word(lang).into(),
                ]
            }
            Lang::En => vec![chain.id.clone(), link.id.clone(), ch.from.word(lang).into(), ch.to.word(lang).into()],
        });
    }
    table
}

#[cfg(test)]
mod json_tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::analysis::targets::{TargetFilter, rank_targets};

    #[test]
    fn targets_json_is_written_as_serde_json_writes_it() {
        let dataset = crate::load::load_dataset(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("chains"))
            .unwrap()
            .dataset;
        let targets = rank_targets(&dataset, &analyze(&dataset), &TargetFilter::default());
        for top in [None, Some(3), Some(0)] {
            let doc = targets_doc(&dataset, &targets, top);
            let mut written = Vec::new();
            write_targets_json(&mut written, &doc).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string_pretty(&doc).unwrap());
        }
        assert!(!targets_doc(&dataset, &targets, None).targets.is_empty());
    }
}
