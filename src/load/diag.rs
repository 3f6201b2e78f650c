//! Problems found in a dataset, each with its place, a fix hint, and a
//! kind that code can tell problems apart by.

use std::fmt;

pub use super::limits::Limit;

/// How bad a problem is: errors make the dataset invalid, warnings do not.
/// A note is not a problem: it says how the loader read a file that was
/// not laid out as expected (the sheet and the row it took the table from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    /// The word a diagnostic line shows.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// Marks a failure whose cause was already added to a `Diagnostics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

/// What a problem is about, for code that reacts to some problems (the
/// message is for people and may be reworded).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagKind {
    /// Any other problem: its message says what it is.
    #[default]
    Other,
    /// A table lacks a required column.
    MissingColumn { column: &'static str },
    /// A row names a chain that no chain file defines.
    UnknownChain { value: Box<str> },
    /// A row names a link that its chain does not have.
    UnknownLink { chain: Box<str>, value: Box<str> },
    /// A row names a county that `region.json` does not list.
    UnknownCounty { value: Box<str> },
    /// A problem belongs to a firm that is not in the firms table.
    UnknownFirm { id: Box<str> },
    /// A candidate's partners name a firm that is not in the firms table.
    UnknownPartner { id: Box<str> },
    /// The dataset holds more of something than the loader can number.
    TooMany { limit: Limit },
}

impl DiagKind {
    /// The id of the local firm a reference points to in vain, for the
    /// problems that are references to a firm not in the roster.
    #[must_use]
    pub fn missing_firm(&self) -> Option<&str> {
        match self {
            Self::UnknownFirm { id } | Self::UnknownPartner { id } => Some(id),
            _ => None,
        }
    }
}

/// One problem in one place of one input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file as the user named it (dataset directory joined with file name).
    pub file: String,
    /// 1-based line (CSV/JSON) or row (XLSX); 0 when the problem is the whole file.
    pub line: usize,
    /// 1-based column, for JSON.
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: String,
    /// How to fix it, e.g. "did you mean 环节 `tea-processing` 茶叶加工?".
    pub hint: Option<String>,
    /// What the problem is about. Last, so that problems sort by place and text.
    pub kind: DiagKind,
}

/// Writes `text` with every control character shown as an escape (`\u{1b}`):
/// a message quotes the data, and data must not drive the terminal.
fn write_visible(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for c in text.chars() {
        if c.is_control() {
            write!(f, "{}", c.escape_unicode())?;
        } else {
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_visible(f, &self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}: ", self.severity.word())?;
        write_visible(f, &self.message)?;
        if let Some(hint) = &self.hint {
            f.write_str("; ")?;
            write_visible(f, hint)?;
        }
        Ok(())
    }
}

/// Collects every problem of one load, so all are reported in one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, file: &str, line: usize, message: impl Into<String>) -> &mut Diagnostic {
        self.push(file, line, Severity::Error, message.into())
    }

    pub fn warning(&mut self, file: &str, line: usize, message: impl Into<String>) -> &mut Diagnostic {
        self.push(file, line, Severity::Warning, message.into())
    }

    pub fn note(&mut self, file: &str, line: usize, message: impl Into<String>) -> &mut Diagnostic {
        self.push(file, line, Severity::Note, message.into())
    }

    fn push(&mut self, file: &str, line: usize, severity: Severity, message: String) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            file: file.to_owned(),
            line,
            column: None,
            severity,
            message,
            hint: None,
            kind: DiagKind::Other,
        });
        self.items.last_mut().expect("just pushed")
    }

    /// Adds a finished diagnostic.
    pub fn push_diagnostic(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Reports that the dataset holds more than `limit` allows, at the
    /// place of the first thing past it; `what` names the chain (for
    /// links) or the kind of record (for records).
    pub fn too_many(&mut self, file: &str, line: usize, limit: Limit, what: &str) -> &mut Diagnostic {
        self.error(file, line, limit.message(what)).hint(limit.hint()).kind(DiagKind::TooMany { limit })
    }

    /// Keeps only the problems `keep` says to keep.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// How many problems so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many errors so far.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All problems, by file, then line, then column, then text.
    #[must_use]
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

impl Diagnostic {
    /// Adds a fix hint.
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a fix hint when there is one.
    pub fn maybe_hint(&mut self, hint: Option<String>) -> &mut Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// Sets the column.
    pub fn column(&mut self, column: usize) -> &mut Self {
        self.column = Some(column);
        self
    }

    /// Sets what the problem is about.
    pub fn kind(&mut self, kind: DiagKind) -> &mut Self {
        self.kind = kind;
        self
    }
}
