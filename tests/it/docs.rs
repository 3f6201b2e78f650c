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

/// The string literals of the Rust sources under `src/`, unescaped enough to
/// compare with prose: `\"` as `"`, a `\` line continuation dropped with the
/// indentation after it.
fn literals() -> Vec<String> {
    let mut paths = Vec::new();
    files(&root().join("src"), "rs", &mut paths);
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            // A '"' char literal is no string.
            if chars[i] != '"' || (i > 0 && chars[i - 1] == '\'' && chars.get(i + 1) == Some(&'\'')) {
                i += 1;
                continue;
            }
            let mut literal = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    if chars[i + 1] == '\n' {
                        i += 2;
                        while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t') {
                            i += 1;
                        }
                        continue;
                    }
                    literal.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                literal.push(chars[i]);
                i += 1;
            }
            out.push(literal);
            i += 1;
        }
    }
    out
}

/// A format string's fixed pieces, between its `{…}` holes.
fn pieces(format: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.last_mut().unwrap().push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.last_mut().unwrap().push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                out.push(String::new());
            }
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// Whether `text` is what the format string of `pieces` can print.
fn fits(pieces: &[String], text: &str) -> bool {
    let [first, middle @ .., last] = pieces else { return pieces.first().is_some_and(|p| p == text) };
    let Some(mut rest) = text.strip_prefix(first.as_str()) else { return false };
    for piece in middle {
        let Some(at) = rest.find(piece.as_str()) else { return false };
        rest = &rest[at + piece.len()..];
    }
    rest.ends_with(last.as_str())
}

/// Whether the sources can print `part` of a message: a format string that
/// prints exactly it, or a literal that holds it.
fn printable(part: &str, literals: &[String], formats: &[Vec<String>]) -> bool {
    formats.iter().any(|p| fits(p, part)) || literals.iter().any(|l| l.contains(part))
}

/// The messages the docs quote (``` `` … `` ``` spans that read as a
/// diagnostic) without their `file:line:col: error: ` prefix.
fn documented_messages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    files(&root().join("docs"), "md", &mut pages);
    pages.push(root().join("README.md"));
    let mut out = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        // Prose only: fenced code blocks are left out.
        let mut fenced = false;
        let prose: String = text
            .lines()
            .filter(|line| {
                if line.trim_start().starts_with("```") {
                    fenced = !fenced;
                    return false;
                }
                !fenced
            })
            .collect::<Vec<_>>()
            .join("\n");
        for span in prose.split("``").skip(1).step_by(2) {
            let span = span.trim();
            if span.contains('\n') || !["error", "warning", "note", ";"].iter().any(|w| span.contains(w)) {
                continue;
            }
            // Drop "file:12:5: error: ".
            let body = ["error: ", "warning: ", "note: "]
                .iter()
                .find_map(|s| span.split_once(s).filter(|(head, _)| !head.trim_end().contains(' ')).map(|(_, m)| m))
                .unwrap_or(span);
            out.push((name.clone(), body.to_owned()));
        }
    }
    out
}

#[test]
fn every_message_the_docs_quote_is_one_the_code_prints() {
    let literals = literals();
    // A format of holes alone ("{} {}") would fit anything.
    let formats: Vec<Vec<String>> = literals
        .iter()
        .map(|l| pieces(l))
        .filter(|p| p.iter().map(|piece| piece.chars().filter(char::is_ascii_alphabetic).count()).sum::<usize>() >= 8)
        .collect();
    let messages = documented_messages();
    assert!(messages.len() >= 10, "{messages:#?}");
    let mut stale = Vec::new();
    for (page, message) in &messages {
        if printable(message, &literals, &formats) {
            continue;
        }
        // A message and its hint are printed joined by "; ".
        for part in message.split("; ") {
            if !printable(part, &literals, &formats) {
                stale.push(format!("{page}: {part}"));
            }
        }
    }
    assert!(stale.is_empty(), "documented messages the code does not print:\n{}", stale.join("\n"));
    // The check can fail: a message nobody wrote is not printable.
    assert!(!printable("no firm may juggle `w` in region.json", &literals, &formats));
}
