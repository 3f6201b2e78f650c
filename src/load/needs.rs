//! Which of the optional tables a load reads: a command that does not use
//! the candidate pool, the projects, the problems or the monthly figures
//! need not pay for reading and checking them.
//!
//! The chain files, `region.json` and the firms table are always read: every
//! analysis stands on them, and the other tables refer to them. The firms'
//! names are read and checked too, but a command that prints none may leave
//! them out of the dataset it gets.

use super::columns::{CANDIDATES, MONTHLY, PROBLEMS, PROJECTS};
use super::table::TableFormat;

/// The optional tables to read. A table left out is not opened: its records
/// are missing from the dataset and its problems go unreported, as if the
/// file were not there. `validate` (and everything that writes or compares
/// whole datasets) reads [`Needs::ALL`].
// Independent yes-or-no choices, one per table and one for the names: a set,
// not a state machine.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// The candidate pool (`candidates.*`).
    pub candidates: bool,
    /// Key projects (`projects.*`).
    pub projects: bool,
    /// Firm problems (`problems.*`).
    pub problems: bool,
    /// Monthly figures (`monthly.*`).
    pub monthly: bool,
    /// The firms' names, in the dataset. Without them every check of the
    /// names still runs while the firms table is read, and then the names
    /// are let go: 41 bytes a firm on a province roster. Kept whenever the
    /// monthly table is read, whose hints name firms.
    pub firm_names: bool,
}

/// The chains, the region and the firms with their names: [`Needs::FIRMS`].
impl Default for Needs {
    fn default() -> Self {
        Needs::FIRMS
    }
}

impl Needs {
    /// Every table.
    pub const ALL: Needs = Needs { candidates: true, projects: true, problems: true, monthly: true, firm_names: true };
    /// The chains, the region and the firms, nothing else.
    pub const FIRMS: Needs =
        Needs { candidates: false, projects: false, problems: false, monthly: false, firm_names: true };

    /// These needs and the candidate pool.
    #[must_use]
    pub const fn candidates(self) -> Needs {
        Needs { candidates: true, ..self }
    }

    /// These needs and the projects.
    #[must_use]
    pub const fn projects(self) -> Needs {
        Needs { projects: true, ..self }
    }

    /// These needs and the problems.
    #[must_use]
    pub const fn problems(self) -> Needs {
        Needs { problems: true, ..self }
    }

    /// These needs without the firms' names, for a command that prints none.
    #[must_use]
    pub const fn without_firm_names(self) -> Needs {
        Needs { firm_names: false, ..self }
    }

    /// These needs and the monthly figures.
    #[must_use]
    pub const fn monthly(self) -> Needs {
        Needs { monthly: true, ..self }
    }

    /// Whether the file `name` of a dataset directory holds a table these
    /// needs leave out. Matched as the loader finds tables: the stem and a
    /// table format's extension, ignoring ASCII case.
    #[must_use]
    pub fn skips_file(self, name: &str) -> bool {
        let skipped = [
            (self.candidates, CANDIDATES.stem),
            (self.projects, PROJECTS.stem),
            (self.problems, PROBLEMS.stem),
            (self.monthly, MONTHLY.stem),
        ];
        skipped.iter().any(|&(needed, stem)| {
            !needed
                && TableFormat::ALL
                    .iter()
                    .any(|format| name.eq_ignore_ascii_case(&format!("{stem}.{}", format.extension())))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_only_the_tables_left_out_in_any_format_and_case() {
        let needs = Needs::FIRMS.problems();
        assert!(needs.skips_file("candidates.csv"));
        assert!(needs.skips_file("Candidates.XLSX"));
        assert!(needs.skips_file("candidates.json"));
        assert!(needs.skips_file("monthly.csv"));
        assert!(needs.skips_file("projects.xlsx"));
        assert!(!needs.skips_file("problems.csv"));
        assert!(!needs.skips_file("firms.csv"));
        assert!(!needs.skips_file("region.json"));
        assert!(!needs.skips_file("selenium-food.json"));
        assert!(!needs.skips_file("candidates.csv.bak"));
        for name in ["candidates.csv", "projects.json", "problems.xlsx", "monthly.csv"] {
            assert!(!Needs::ALL.skips_file(name), "{name}");
        }
    }
}
