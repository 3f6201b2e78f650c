//! Tables for people (aligned by display width, so CJK text lines up),
//! and the same rows as CSV and Markdown.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

pub use super::row::{Row, RowWriter};

/// A cell that a spreadsheet could read as a formula (it starts with `=`,
/// `+`, `-`, `@`, tab or carriage return) gets a leading `'`, so it stays
/// text. A plain number (`-12.5`, `1,234`) is left as it is: a spreadsheet
/// reads it as a number, never a formula.
#[must_use]
pub fn guard(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = || {
        cell.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b'e' | b'E'))
            && cell.replace(',', "").parse::<f64>().is_ok()
    };
    if risky && !number() { format!("'{cell}") } else { cell.to_owned() }
}

/// A cell of a column aligned `align`, [guarded](guard), except that a
/// column of figures keeps its signed percentages (growth such as "+12.3%"
/// or "-5.0%", which a spreadsheet reads as a number, never as a formula).
#[must_use]
pub fn guard_cell(cell: &str, align: Align) -> String {
    if align == Align::Right && signed_percentage(cell) { cell.to_owned() } else { guard(cell) }
}

/// "+12.3%", "-1,050.0%": a sign, digits (thousands separators and a
/// decimal point allowed) and a percent sign, nothing else.
fn signed_percentage(cell: &str) -> bool {
    let Some(body) = cell.strip_prefix(['+', '-']).and_then(|c| c.strip_suffix('%')) else { return false };
    body.starts_with(|c: char| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && body.replace(',', "").parse::<f64>().is_ok()
}

/// Text from the data made inert in Markdown: backslash, `|` and the markup
/// characters `[`, `]`, `*`, `_` (outside a word), backquote and `~` are
/// backslash-escaped, so a name can never
/// become a link (`[x](javascript:…)`), emphasis or code, and `<` becomes
/// `&lt;`, so it can never become HTML or an autolink. Line breaks are left
/// to the caller.
#[must_use]
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    // `_` inside a word (`land_construction`) is no emphasis in CommonMark,
    // so it stays as written.
    let in_word =
        |i: usize| i > 0 && chars[i - 1].is_alphanumeric() && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '_' if in_word(i) => out.push(c),
            '\\' | '|' | '[' | ']' | '*' | '_' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    out
}

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table of text cells with a header row.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Row>,
}

impl Table {
    /// A table with these headers; columns align left until `right` is called.
    #[must_use]
    pub fn new(headers: &[&str]) -> Self {
        Self {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            align: vec![Align::Left; headers.len()],
            rows: Vec::new(),
        }
    }

    /// Aligns the given columns to the right (numbers).
    #[must_use]
    pub fn right(mut self, columns: &[usize]) -> Self {
        for &c in columns {
            self.align[c] = Align::Right;
        }
        self
    }

    pub fn push(&mut self, row: impl Into<Row>) {
        let row = row.into();
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }

    /// Writes the table aligned by display width, two spaces between columns.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                std::iter::once(self.headers[c].as_str())
                    .chain(self.rows.iter().map(|r| &r[c]))
                    .map(UnicodeWidthStr::width)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let write_row = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
            let mut line = String::new();
            for (c, cell) in cells.enumerate() {
                let pad = widths[c].saturating_sub(cell.width());
                if c > 0 {
                    line.push_str("  ");
                }
                match self.align[c] {
                    Align::Left => {
                        line.push_str(cell);
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                    Align::Right => {
                        line.extend(std::iter::repeat_n(' ', pad));
                        line.push_str(cell);
                    }
                }
            }
            writeln!(out, "{}", line.trim_end())
        };
        write_row(out, &mut self.headers.iter().map(String::as_str))?;
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        write_row(out, &mut rule.iter().map(String::as_str))?;
        for row in &self.rows {
            write_row(out, &mut row.iter())?;
        }
        Ok(())
    }

    /// Writes the table as CSV (UTF-8, no BOM: the caller writes one where
    /// Excel will open the file), every cell [guarded](guard_cell) against
    /// formulas.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(self.headers.iter().map(|h| guard(h)))?;
        for row in &self.rows {
            writer.write_record(row.iter().zip(&self.align).map(|(c, &a)| guard_cell(c, a)))?;
        }
        writer.flush()
    }

    /// Writes the table as a GitHub-flavoured Markdown table.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        // `<` is escaped so a name from the data can never become HTML in a Markdown viewer.
        let escape = |s: &str| markdown_text(s).replace('\n', "<br>");
        let header: Vec<String> = self.headers.iter().map(|h| escape(h)).collect();
        writeln!(out, "| {} |", header.join(" | "))?;
        let rule: Vec<&str> = self
            .align
            .iter()
            .map(|a| match a {
                Align::Left => "---",
                Align::Right => "---:",
            })
            .collect();
        writeln!(out, "| {} |", rule.join(" | "))?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(&escape).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["id", "名称", "links"]).right(&[2]);
        t.push(vec!["tea".into(), "富硒茶".into(), "12".into()]);
        t.push(vec!["konjac-x".into(), "魔芋|x".into(), "3".into()]);
        t
    }

    #[test]
    fn aligns_by_display_width() {
        let mut out = Vec::new();
        sample().write_text(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "id        名称    links\n--------  ------  -----\ntea       富硒茶     12\nkonjac-x  魔芋|x      3\n"
        );
    }

    #[test]
    fn csv_cells_that_could_be_formulas_stay_text() {
        let mut t = Table::new(&["a", "b"]);
        for (a, b) in [("=cmd|' /C calc'!A0", "-12.5"), ("+1+2", "1,234"), ("@SUM(A1)", "-1+2"), ("\tx", "-")] {
            t.push(vec![a.into(), b.into()]);
        }
        let mut out = Vec::new();
        t.write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,b\n'=cmd|' /C calc'!A0,-12.5\n'+1+2,\"1,234\"\n'@SUM(A1),'-1+2\n'\tx,'-\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let mut out = Vec::new();
        sample().write_markdown(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("| konjac-x | 魔芋\\|x | 3 |"), "{text}");
        assert!(text.contains("| --- | --- | ---: |"));
    }

    #[test]
    fn markdown_cells_carry_no_links_or_html() {
        let mut t = Table::new(&["name"]);
        t.push(vec!["[点我](javascript:alert(1)) <script>x</script> **粗** `c`".into()]);
        let mut out = Vec::new();
        t.write_markdown(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r"| \[点我\](javascript:alert(1)) &lt;script>x&lt;/script> \*\*粗\*\* \`c\` |"),
            "{text}"
        );
    }
}
