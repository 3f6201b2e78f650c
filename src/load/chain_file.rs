//! One chain file (`<chain-id>.json`) → a validated `Chain`.

use rustc_hash::FxHashMap;

use petgraph::graph::NodeIndex;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::diag::Diagnostics;
use super::limits::Limit;
use super::locate::{LineIndex, key_offset, line_column, offset_of, serde_error_position};
use super::suggest::best_match;
use super::table::MAX_NAME_CHARS;
use crate::model::bounds::MAX_WEIGHT;
use crate::model::{Chain, Link, LinkGraph, RESERVED_CHAIN_IDS, Segment, Stage};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChainDoc<'a> {
    id: String,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    positioning: Option<String>,
    #[serde(default, borrow)]
    segments: Vec<&'a RawValue>,
    #[serde(borrow)]
    links: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    edges: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentDoc {
    id: String,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkDoc {
    id: String,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    stage: String,
    #[serde(default)]
    segment: Option<String>,
    #[serde(default)]
    weight: Option<f64>,
    #[serde(default)]
    technologies: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeDoc {
    from: String,
    to: String,
    #[serde(default)]
    kind: Option<String>,
}

/// An edge as (from, to) link indices.
type Edge = (usize, usize);

/// What an edge carries: supplies (the default) or recycled material.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EdgeKind {
    Supply,
    Recycle,
}

/// Whether `id` is a slug: `[a-z0-9][a-z0-9-]*`.
#[must_use]
pub fn is_slug(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// A slug close to `id`, for the hint of a bad id.
fn slug_hint(id: &str) -> String {
    let mut slug = String::new();
    for c in id.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "use lowercase letters, digits and '-', e.g. `tea-growing`".to_owned()
    } else {
        format!("use lowercase letters, digits and '-', e.g. `{slug}`")
    }
}

/// The string value of the first `"key":` in `text`, read even when the
/// document as a whole is malformed.
fn string_value(text: &str, key: &str) -> Option<String> {
    let start = key_offset(text, key)?;
    serde_json::Deserializer::from_str(&text[start..]).into_iter::<String>().next()?.ok()
}

/// What a table may call a chain whose file has errors (its id and name as
/// far as they can be read), so rows naming it are not reported as unknown too.
#[must_use]
pub fn names_of_broken_chain(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ["id", "name", "name_en"].iter().filter_map(|k| string_value(text, k)).collect()
}

/// Reads the chain file `file` with contents `text`. Returns `None` when the
/// chain has errors (all of which are in `diags`).
pub fn parse_chain(file: &str, text: &str, diags: &mut Diagnostics) -> Option<Chain> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let before = diags_errors(diags);
    let doc: ChainDoc = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(err) => {
            let (line, column, message) = serde_error_position(text, 0, &err);
            diags.error(file, line, format!("malformed JSON: {message}")).column(column);
            return None;
        }
    };
    let at_key = |key: &str| key_offset(text, key).map_or((1, 1), |o| line_column(text, o));

    if !is_slug(&doc.id) {
        let (line, column) = at_key("id");
        diags.error(file, line, format!("chain id `{}` is not a slug", doc.id)).column(column).hint(slug_hint(&doc.id));
    }
    if let Some((id, files)) = RESERVED_CHAIN_IDS.iter().find(|(id, _)| *id == doc.id) {
        let (line, column) = at_key("id");
        diags
            .error(file, line, format!("chain id `{id}` is reserved: the report writes {files} for the region"))
            .column(column)
            .hint("choose another id");
    }
    if doc.name.trim().is_empty() {
        let (line, column) = at_key("name");
        diags.error(file, line, "chain name is empty").column(column);
    }
    check_length(file, || at_key("id"), "the chain id", &doc.id, diags);
    check_length(file, || at_key("name"), "the chain name", &doc.name, diags);
    if let Some(name_en) = &doc.name_en {
        check_length(file, || at_key("name_en"), "the chain's English name", name_en, diags);
    }

    let lines = LineIndex::new(text);
    let segments = parse_segments(file, &lines, &doc.segments, diags);
    let mut links = parse_links(file, &lines, &doc.id, &doc.links, &segments, diags);
    if links.is_empty() && doc.links.is_empty() {
        let (line, column) = at_key("links");
        diags.error(file, line, "chain has no links").column(column).hint("a chain needs at least one link in `links`");
    }

    // Links are kept sorted by id so every walk over them is in a stable order.
    links.sort_by(|a, b| a.id.cmp(&b.id));
    let index: FxHashMap<&str, usize> = links.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let (edges, mut recycle) = parse_edges(file, &lines, &doc.edges, &links, &index, diags);
    recycle.sort_unstable();

    if diags_errors(diags) > before {
        return None;
    }
    let mut graph = LinkGraph::with_capacity(links.len(), edges.len());
    for _ in &links {
        graph.add_node(());
    }
    for (from, to) in edges {
        graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
    }
    Some(Chain {
        id: doc.id,
        name: doc.name,
        name_en: doc.name_en,
        positioning: doc.positioning,
        segments,
        links,
        graph,
        recycle,
    })
}

/// Reports `value` (the `what` at `place`) when it is longer than an id or
/// a name may be: maps, file names and workbook cells must hold it.
/// The place is found only then: finding it costs a search of the file.
fn check_length(file: &str, place: impl FnOnce() -> (usize, usize), what: &str, value: &str, diags: &mut Diagnostics) {
    if value.len() <= MAX_NAME_CHARS {
        return;
    }
    let chars = value.chars().count();
    if chars > MAX_NAME_CHARS {
        let (line, column) = place();
        diags
            .error(
                file,
                line,
                format!("{what} is {chars} characters long; an id or a name holds at most {MAX_NAME_CHARS}"),
            )
            .column(column)
            .hint("shorten it: maps, file names and reports show it whole");
    }
}

fn diags_errors(diags: &Diagnostics) -> usize {
    diags.error_count()
}

/// Parses one element of an array, reporting type errors at their place.
fn parse_element<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
    raw: &RawValue,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    match serde_json::from_str(raw.get()) {
        Ok(value) => Some(value),
        Err(err) => {
            let (line, column, message) = serde_error_position(text, offset_of(text, raw), &err);
            diags.error(file, line, format!("bad {what}: {message}")).column(column);
            None
        }
    }
}

/// Line and column of `key`'s value inside the element `raw`, or of the element.
fn place(lines: &LineIndex<'_>, raw: &RawValue, key: &str) -> (usize, usize) {
    let base = offset_of(lines.text(), raw);
    let offset = key_offset(raw.get(), key).map_or(base, |o| base + o);
    lines.line_column(offset)
}

fn parse_segments(file: &str, lines: &LineIndex<'_>, raws: &[&RawValue], diags: &mut Diagnostics) -> Vec<Segment> {
    let text = lines.text();
    let mut segments: Vec<Segment> = Vec::new();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for raw in raws {
        let Some(doc) = parse_element::<SegmentDoc>(file, text, raw, "segment", diags) else {
            continue;
        };
        let (line, column) = place(lines, raw, "id");
        if !is_slug(&doc.id) {
            diags
                .error(file, line, format!("segment id `{}` is not a slug", doc.id))
                .column(column)
                .hint(slug_hint(&doc.id));
        }
        if let Some(first) = seen.get(&doc.id) {
            diags
                .error(file, line, format!("duplicate segment id `{}` (first at line {first})", doc.id))
                .column(column)
                .hint("segment ids must be unique in their chain");
            continue;
        }
        seen.insert(doc.id.clone(), line);
        check_length(file, || (line, column), "a segment id", &doc.id, diags);
        check_length(file, || place(lines, raw, "name"), "a segment name", &doc.name, diags);
        if let Some(name_en) = &doc.name_en {
            check_length(file, || place(lines, raw, "name_en"), "a segment's English name", name_en, diags);
        }
        segments.push(Segment { id: doc.id, name: doc.name, name_en: doc.name_en });
    }
    segments
}

/// Reports the id, names and key technologies of a link longer than they may be.
fn check_link_lengths(file: &str, lines: &LineIndex<'_>, raw: &RawValue, doc: &LinkDoc, diags: &mut Diagnostics) {
    check_length(file, || place(lines, raw, "id"), "a link id", &doc.id, diags);
    check_length(file, || place(lines, raw, "name"), "a link name", &doc.name, diags);
    if let Some(name_en) = &doc.name_en {
        check_length(file, || place(lines, raw, "name_en"), "a link's English name", name_en, diags);
    }
    for technology in &doc.technologies {
        check_length(file, || place(lines, raw, "technologies"), "a key technology", technology, diags);
    }
}

/// The links, in the order of the file.
fn parse_links(
    file: &str,
    lines: &LineIndex<'_>,
    chain_id: &str,
    raws: &[&RawValue],
    segments: &[Segment],
    diags: &mut Diagnostics,
) -> Vec<Link> {
    let text = lines.text();
    let mut links: Vec<Link> = Vec::new();
    // Each link's element, placed in the text only when a problem is
    // reported: placing every link's id and name searched the text twice a
    // link for messages that almost never come.
    let mut ids: FxHashMap<String, &RawValue> = FxHashMap::default();
    let mut names: FxHashMap<String, &RawValue> = FxHashMap::default();
    let mut past_limit = false;
    for &raw in raws {
        let Some(doc) = parse_element::<LinkDoc>(file, text, raw, "link", diags) else {
            continue;
        };
        if !is_slug(&doc.id) {
            let (line, column) = place(lines, raw, "id");
            diags
                .error(file, line, format!("link id `{}` is not a slug", doc.id))
                .column(column)
                .hint(slug_hint(&doc.id));
        }
        if let Some(&first) = ids.get(&doc.id) {
            let (line, column) = place(lines, raw, "id");
            let (first, _) = place(lines, first, "id");
            diags
                .error(file, line, format!("duplicate link id `{}` (first at line {first})", doc.id))
                .column(column)
                .hint("link ids must be unique in their chain");
            continue;
        }
        ids.insert(doc.id.clone(), raw);
        if doc.name.trim().is_empty() {
            let (name_line, name_column) = place(lines, raw, "name");
            diags.error(file, name_line, format!("link `{}` has an empty name", doc.id)).column(name_column);
        } else if let Some(&first) = names.get(&doc.name) {
            let (name_line, name_column) = place(lines, raw, "name");
            let (first, _) = place(lines, first, "name");
            diags
                .error(file, name_line, format!("duplicate link name `{}` (first at line {first})", doc.name))
                .column(name_column)
                .hint("tables may name links by name, so names must be unique in their chain");
        } else {
            names.insert(doc.name.clone(), raw);
        }
        check_link_lengths(file, lines, raw, &doc, diags);
        let stage = Stage::parse(&doc.stage);
        if stage.is_none() {
            let (l, c) = place(lines, raw, "stage");
            diags
                .error(file, l, format!("unknown stage `{}` of link `{}`", doc.stage, doc.id))
                .column(c)
                .hint(format!("use one of {}", Stage::accepted()));
        }
        let segment = match &doc.segment {
            None => None,
            Some(s) => {
                let found = segments.iter().position(|seg| &seg.id == s || &seg.name == s);
                if found.is_none() {
                    let (l, c) = place(lines, raw, "segment");
                    let hint = best_match(s, segments.iter().map(|seg| (seg.id.as_str(), seg.name.as_str())))
                        .map_or_else(
                            || "declare it in `segments` first".to_owned(),
                            |(id, name)| format!("did you mean 子链 `{id}` {name}?"),
                        );
                    diags.error(file, l, format!("link `{}` names unknown segment `{s}`", doc.id)).column(c).hint(hint);
                }
                found
            }
        };
        let weight = doc.weight.unwrap_or(1.0);
        if !(weight.is_finite() && weight > 0.0) {
            let (l, c) = place(lines, raw, "weight");
            diags
                .error(file, l, format!("weight of link `{}` must be finite and > 0, got {weight}", doc.id))
                .column(c)
                .hint("use a positive number such as 1.0 (the default)");
        } else if weight > MAX_WEIGHT {
            let (l, c) = place(lines, raw, "weight");
            diags
                .error(file, l, format!("weight of link `{}` is {weight:e}, more than the most, {MAX_WEIGHT}", doc.id))
                .column(c)
                .hint("weights are relative: 1.0 is the default, 3 a link three times as important");
        }
        if Limit::Links.index::<u16>(links.len()).is_none() {
            // Reported once, at the first link past the limit; the chain is rejected.
            if !past_limit {
                past_limit = true;
                let (line, column) = place(lines, raw, "id");
                diags.too_many(file, line, Limit::Links, chain_id).column(column);
            }
            continue;
        }
        // A link with errors is still kept, so edges to it are not reported
        // as unknown too; the chain as a whole is rejected by its errors.
        links.push(Link {
            id: doc.id,
            name: doc.name,
            name_en: doc.name_en,
            stage: stage.unwrap_or(Stage::Upstream),
            segment,
            weight,
            technologies: doc.technologies,
        });
    }
    links
}

fn parse_edges(
    file: &str,
    lines: &LineIndex<'_>,
    raws: &[&RawValue],
    links: &[Link],
    index: &FxHashMap<&str, usize>,
    diags: &mut Diagnostics,
) -> (Vec<Edge>, Vec<Edge>) {
    let text = lines.text();
    let mut edges = Vec::new();
    let mut recycle = Vec::new();
    let mut seen: FxHashMap<(usize, usize), &RawValue> = FxHashMap::default();
    for &raw in raws {
        let Some(doc) = parse_element::<EdgeDoc>(file, text, raw, "edge", diags) else {
            continue;
        };
        let end = |key: &str, id: &str, diags: &mut Diagnostics| -> Option<usize> {
            if let Some(&i) = index.get(id) {
                return Some(i);
            }
            let (line, column) = place(lines, raw, key);
            let hint = best_match(id, links.iter().map(|l| (l.id.as_str(), l.name.as_str()))).map_or_else(
                || "edges name links by id".to_owned(),
                |(id, name)| format!("did you mean 环节 `{id}` {name}?"),
            );
            diags.error(file, line, format!("edge {key} unknown link `{id}`")).column(column).hint(hint);
            None
        };
        let from = end("from", &doc.from, diags);
        let to = end("to", &doc.to, diags);
        let kind = match doc.kind.as_deref() {
            None | Some("supply") => Some(EdgeKind::Supply),
            Some("recycle") => Some(EdgeKind::Recycle),
            Some(other) => {
                let (line, column) = place(lines, raw, "kind");
                diags.error(file, line, format!("edge kind `{other}` is not known")).column(column).hint(
                    "`\"kind\": \"recycle\"` marks a recycling edge (回收再利用); leave it out for a supply edge",
                );
                None
            }
        };
        let (Some(from), Some(to), Some(kind)) = (from, to, kind) else {
            continue;
        };
        if from == to {
            let (line, column) = place(lines, raw, "from");
            diags
                .error(file, line, format!("edge from `{}` to itself (self-loop)", doc.from))
                .column(column)
                .hint("remove it; a recycling loop runs through at least two links");
            continue;
        }
        if let Some(&first) = seen.get(&(from, to)) {
            let (line, column) = place(lines, raw, "from");
            let (first, _) = place(lines, first, "from");
            diags
                .warning(
                    file,
                    line,
                    format!("duplicate edge `{}` → `{}` (first at line {first}) ignored", doc.from, doc.to),
                )
                .column(column);
            continue;
        }
        seen.insert((from, to), raw);
        match kind {
            EdgeKind::Supply => edges.push((from, to)),
            EdgeKind::Recycle => recycle.push((from, to)),
        }
    }
    (edges, recycle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "id": "tea", "name": "茶产业链",
  "segments": [{"id": "green", "name": "绿茶"}],
  "links": [
    {"id": "grow", "name": "种植", "stage": "upstream", "segment": "green"},
    {"id": "make", "name": "加工", "stage": "中游", "weight": 2},
    {"id": "sell", "name": "销售", "stage": "downstream"}
  ],
  "edges": [{"from": "grow", "to": "make"}, {"from": "make", "to": "sell"}]
}"#;

    #[test]
    fn parses_a_chain() {
        let mut diags = Diagnostics::default();
        let chain = parse_chain("tea.json", GOOD, &mut diags).expect("valid");
        assert!(!diags.has_errors());
        let ids: Vec<_> = chain.links.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["grow", "make", "sell"]);
        assert_eq!(chain.links[1].stage, Stage::Midstream);
        assert!((chain.links[1].weight - 2.0).abs() < f64::EPSILON);
        assert_eq!(chain.links[0].segment, Some(0));
        assert_eq!(chain.edges(), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn recycle_edges_stay_out_of_the_supply_graph() {
        let text = GOOD.replace(
            r#"{"from": "make", "to": "sell"}"#,
            r#"{"from": "make", "to": "sell"}, {"from": "sell", "to": "grow", "kind": "recycle"}"#,
        );
        let mut diags = Diagnostics::default();
        let chain = parse_chain("tea.json", &text, &mut diags).expect("valid");
        assert!(!diags.has_errors());
        assert_eq!(chain.edges(), vec![(0, 1), (1, 2)]);
        assert_eq!(chain.recycle, vec![(2, 0)]);
    }

    #[test]
    fn an_unknown_edge_kind_is_an_error_at_its_line() {
        let text =
            GOOD.replace(r#"{"from": "make", "to": "sell"}"#, r#"{"from": "make", "to": "sell", "kind": "return"}"#);
        let mut diags = Diagnostics::default();
        assert!(parse_chain("tea.json", &text, &mut diags).is_none());
        let messages: Vec<String> = diags.into_sorted().iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(messages[0].starts_with("tea.json:9:"), "{}", messages[0]);
        assert!(messages[0].contains("edge kind `return` is not known"), "{}", messages[0]);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("tea-growing"));
        assert!(is_slug("5g"));
        assert!(!is_slug("-tea"));
        assert!(!is_slug("Tea"));
        assert!(!is_slug("茶"));
        assert!(!is_slug(""));
    }

    #[test]
    fn reports_every_problem() {
        let text = GOOD.replace(r#""weight": 2"#, r#""weight": -1"#).replace(
            r#"{"from": "make", "to": "sell"}"#,
            r#"{"from": "make", "to": "make"}, {"from": "make", "to": "加工厂"}"#,
        );
        let mut diags = Diagnostics::default();
        assert!(parse_chain("tea.json", &text, &mut diags).is_none());
        let messages: Vec<String> = diags.into_sorted().iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].starts_with("tea.json:6:"), "{}", messages[0]);
    }
    /// Problems are placed at their key's value (found only when a problem
    /// is reported), with the line of the first where one repeats another,
    /// and an element that does not parse leaves the others' places as
    /// they were.
    #[test]
    fn problems_are_placed_whether_or_not_every_element_parses() {
        let text = r#"{
  "id": "tea", "name": "茶产业链",
  "segments": [{"id": "green", "name": "绿茶"}, {"id": "green", "name": "红茶"}],
  "links": [
    {"id": "grow", "name": "种植", "stage": "upstream"},
    {"id": "make", "name": "种植", "stage": "中游"},
    {"id": "grow", "name": "采摘", "stage": "downstream"},
    {"id": "sell", "name": "销售", "stage": "sideways"}
  ],
  "edges": [
    {"from": "grow", "to": "make"},
    {"from": "grow", "to": "make"},
    {"from": "make", "to": "nowhere"}
  ]
}"#;
        let messages = |text: &str| {
            let mut diags = Diagnostics::default();
            assert!(parse_chain("tea.json", text, &mut diags).is_none());
            diags.into_sorted().iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        let whole = messages(text);
        let starts: Vec<&str> = whole.iter().map(|m| &m[..m.find(": ").map_or(m.len(), |i| i + 1)]).collect();
        assert_eq!(
            starts,
            [
                "tea.json:3:54:",
                "tea.json:6:28:",
                "tea.json:7:12:",
                "tea.json:8:43:",
                "tea.json:12:14:",
                "tea.json:13:28:"
            ],
            "{whole:#?}"
        );
        assert!(whole[1].contains("duplicate link name `种植` (first at line 5)"), "{}", whole[1]);
        assert!(whole[2].contains("duplicate link id `grow` (first at line 5)"), "{}", whole[2]);
        assert!(whole[4].contains("(first at line 11)"), "{}", whole[4]);
        let broken = text.replace(r#""stage": "sideways"}"#, r#""stage": "sideways"}, {"id": 7}"#);
        let mut each = messages(&broken);
        assert!(each.iter().any(|m| m.starts_with("tea.json:8:") && m.contains("bad link")), "{each:#?}");
        each.retain(|m| !m.contains("bad link"));
        assert_eq!(each, whole);
    }
}
