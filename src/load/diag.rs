//! Problems found in a dataset, each with its place and a fix hint.

use std::fmt;

/// How bad a problem is: errors make the dataset invalid, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Marks a failure whose cause was already added to a `Diagnostics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
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

    fn push(&mut self, file: &str, line: usize, severity: Severity, message: String) -> &mut Diagnostic {
        self.items.push(Diagnostic { file: file.to_owned(), line, column: None, severity, message, hint: None });
        self.items.last_mut().expect("just pushed")
    }

    /// Adds a finished diagnostic.
    pub fn push_diagnostic(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
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
}
