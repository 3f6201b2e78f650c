//! Writes the shipped dataset's illustrative earlier snapshot,
//! `chains/snapshots/2026-02/`: the dataset as the office kept it at the
//! end of February 2026, one month before the latest monthly period, so
//! that `chainmap bulletin` and `chainmap diff` on a fresh clone show a
//! month's changes.
//!
//! ```sh
//! cargo run --example shipped_snapshot       # rewrites chains/snapshots/2026-02/
//! ```
//!
//! The snapshot is made from today's files by undoing what happened in
//! March 2026, the way a real month goes:
//!
//! | change in March                          | in the February copy                         |
//! |------------------------------------------|----------------------------------------------|
//! | a firm halted: AK-X591 秦巴锂电池          | `reduced`                                    |
//! | a firm arrived: AK-X568 恒口玩具检测, the only firm at emerging/plush-qc (a link filled) | not in the roster, nor in the monthly table |
//! | a candidate signed: C571 汽车线束          | `negotiating`                                |
//! | a project started: PRJ563 线束扩能 (from C571) | `planned`, nothing completed             |
//! | problems resolved in March                | `open`, no `resolved_on`                     |
//! | problems reported in March or later       | not yet there                                |
//! | the March monthly figures                 | not yet there                                |
//!
//! Every other file is copied as it is. Same input, same bytes; a test
//! (`tests/it/bulletin.rs`) holds the committed snapshot to this program.

use std::collections::BTreeMap;
use std::path::Path;

/// The month of the snapshot.
pub const PERIOD: &str = "2026-02";
/// Days of March 2026 start with this.
const MARCH: &str = "2026-03";

/// One CSV table, with its header, split on commas (the shipped tables
/// quote nothing).
fn edit_rows(text: &str, edit: impl Fn(&[&str], &mut Vec<String>) -> bool) -> String {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let mut out = header.join(",");
    out.push('\n');
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
        if edit(&header, &mut cells) {
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}

/// Sets the cell of column `name`.
fn set(row: &mut [String], header: &[&str], name: &str, value: &str) {
    value.clone_into(&mut row[col(header, name)]);
}

fn col(header: &[&str], name: &str) -> usize {
    header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("column {name}"))
}

/// The February copy of one of today's files, by its name.
fn february(name: &str, text: &str) -> String {
    match name {
        "firms.csv" => edit_rows(text, |h, row| {
            let id = row[col(h, "firm_id")].clone();
            if id == "AK-X591" {
                set(row, h, "status", "reduced");
            }
            id != "AK-X568"
        }),
        "candidates.csv" => edit_rows(text, |h, row| {
            if row[col(h, "candidate_id")] == "C571" {
                set(row, h, "stage", "negotiating");
            }
            true
        }),
        "projects.csv" => edit_rows(text, |h, row| {
            if row[col(h, "project_id")] == "PRJ563" {
                set(row, h, "stage", "planned");
                set(row, h, "completed_investment", "0");
            }
            true
        }),
        "problems.csv" => edit_rows(text, |h, row| {
            if row[col(h, "resolved_on")].starts_with(MARCH) {
                set(row, h, "status", "open");
                row[col(h, "resolved_on")] = String::new();
            }
            // ISO dates compare as text: anything from March on was not yet there.
            row[col(h, "reported")].as_str() < MARCH
        }),
        "monthly.csv" => {
            edit_rows(text, |h, row| row[col(h, "period")] != MARCH && row[col(h, "firm_id")] != "AK-X568")
        }
        _ => text.to_owned(),
    }
}

/// The snapshot's files, by name, made from the dataset in `dir`.
#[must_use]
pub fn snapshot_files(dir: &Path) -> BTreeMap<String, String> {
    chainmap::load::input_files(dir)
        .expect("the shipped dataset")
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name)).expect("readable");
            let copy = february(&name, &text);
            (name, copy)
        })
        .collect()
}

#[allow(dead_code, reason = "the test includes this file for snapshot_files alone")]
fn main() {
    let dir = Path::new("chains");
    let target = dir.join("snapshots").join(PERIOD);
    std::fs::create_dir_all(&target).expect("can create the snapshot directory");
    for (name, text) in snapshot_files(dir) {
        std::fs::write(target.join(&name), text).expect("can write");
    }
}
