//! Links into the docs: every `docs/<page>.md#<anchor>` that a comment in
//! the code names, and every `<page>.md#<anchor>` link between the docs,
//! leads to a page that exists and a section it has.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::root;

/// The files under `dir` (recursively) whose name ends with `ext`.
fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The anchor GitHub gives a heading: lower case, spaces as hyphens, other
/// punctuation dropped ("Gap kind (缺口类型)" → "gap-kind-缺口类型").
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown page: its headings' and its `<a id="…">`s.
fn anchors(page: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in page.lines() {
        if let Some(heading) = line.strip_prefix('#') {
            out.insert(slug(heading.trim_start_matches('#').trim()));
        }
        if let Some(rest) = line.trim().strip_prefix("<a id=\"") {
            out.insert(rest.split('"').next().unwrap().to_owned());
        }
    }
    out
}

/// Every `<prefix><page>.md#<anchor>` in `text`, as (page, anchor).
fn links(text: &str, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        let rest = &text[at + prefix.len()..];
        let page: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let Some(after) = rest[page.len()..].strip_prefix(".md#") else { continue };
        let anchor: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect();
        if !page.is_empty() && !anchor.is_empty() {
            out.push((page, anchor));
        }
    }
    out
}

fn check(from: &Path, found: Vec<(String, String)>, broken: &mut Vec<String>) -> usize {
    let n = found.len();
    for (page, anchor) in found {
        let path = root().join("docs").join(format!("{page}.md"));
        let ok = std::fs::read_to_string(&path).is_ok_and(|text| anchors(&text).contains(&anchor));
        if !ok {
            broken.push(format!("{}: docs/{page}.md#{anchor}", from.strip_prefix(root()).unwrap_or(from).display()));
        }
    }
    n
}

#[test]
fn every_docs_link_leads_to_a_section() {
    let (mut sources, mut pages) = (Vec::new(), Vec::new());
    for dir in ["src", "tests", "benches"] {
        files(&root().join(dir), "rs", &mut sources);
    }
    files(&root().join("docs"), "md", &mut pages);
    let mut broken = Vec::new();
    let mut seen = 0;
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        seen += check(path, links(&text, "docs/"), &mut broken);
    }
    for path in &pages {
        let text = std::fs::read_to_string(path).unwrap();
        seen += check(path, links(&text, "]("), &mut broken);
    }
    assert!(broken.is_empty(), "links to no section:\n{}", broken.join("\n"));
    assert!(seen >= 15, "only {seen} links found: is the scan still reading the comments?");
}

#[test]
fn anchors_as_github_makes_them() {
    assert_eq!(slug("Gap kind (缺口类型)"), "gap-kind-缺口类型");
    assert_eq!(slug("`gaps --format json`"), "gaps---format-json");
    let page = "# T\n\n<a id=\"plan\"></a>\n\n## Plan (招商组合) and simulate (模拟)\n";
    assert_eq!(anchors(page), ["plan", "plan-招商组合-and-simulate-模拟", "t"].map(String::from).into());
    assert_eq!(links("see docs/analysis.md#gap-kind.", "docs/"), [("analysis".into(), "gap-kind".into())]);
}
