//! A table's row of text cells, held as one text and where each cell ends.
//!
//! A row of a `String` a cell costs an allocation and 24 bytes a cell
//! beside the text; a province's report holds some five million rows of
//! ten or more cells (the key firms of the region and of each chain, the
//! targets), and as `Vec<String>` they were 2.6 GB of its 5.3 GB. Held so,
//! a row is two allocations whatever its cells.

use std::fmt;
use std::ops::Index;

#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Row {
    /// The cells one after another.
    text: Box<str>,
    /// Where each cell ends in `text`; cell `c` starts where `c - 1` ends.
    ends: Box<[u32]>,
}

impl Row {
    /// The number of cells.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Cell `c`, if the row has it.
    #[must_use]
    pub fn get(&self, c: usize) -> Option<&str> {
        let end = *self.ends.get(c)? as usize;
        let start = if c == 0 { 0 } else { self.ends[c - 1] as usize };
        Some(&self.text[start..end])
    }

    /// The cells in order.
    #[must_use]
    pub fn iter(&self) -> Cells<'_> {
        Cells { row: self, front: 0, back: self.len() }
    }

    /// The cells as owned strings.
    #[must_use]
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

/// Writes rows cell by cell into buffers kept from row to row, so that a
/// row costs its own two allocations and no cell one of its own: the
/// report writes millions.
#[derive(Default)]
pub struct RowWriter {
    text: String,
    ends: Vec<u32>,
}

impl RowWriter {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a cell.
    pub fn cell(&mut self, cell: &str) -> &mut Self {
        self.text.push_str(cell);
        self.end_cell()
    }

    /// Adds a cell written by `write` into the row's text.
    pub fn cell_with(&mut self, write: impl FnOnce(&mut String)) -> &mut Self {
        write(&mut self.text);
        self.end_cell()
    }

    /// Adds a cell of `parts` with `separator` between them.
    pub fn joined<'p>(&mut self, parts: impl IntoIterator<Item = &'p str>, separator: &str) -> &mut Self {
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(separator);
            }
            self.text.push_str(part);
        }
        self.end_cell()
    }

    fn end_cell(&mut self) -> &mut Self {
        // As in `from_iter`: a row of 4 GiB cannot be written anywhere.
        self.ends.push(u32::try_from(self.text.len()).expect("a row of less than 4 GiB"));
        self
    }

    /// The row written since the last, which the writer forgets.
    pub fn finish(&mut self) -> Row {
        let row = Row { text: self.text.as_str().into(), ends: self.ends.as_slice().into() };
        self.text.clear();
        self.ends.clear();
        row
    }
}

impl Index<usize> for Row {
    type Output = str;

    fn index(&self, c: usize) -> &str {
        match self.get(c) {
            Some(cell) => cell,
            None => panic!("cell {c} of a row of {} cells", self.len()),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for Row {
    fn from_iter<I: IntoIterator<Item = S>>(cells: I) -> Self {
        let mut text = String::new();
        let mut ends = Vec::new();
        for cell in cells {
            text.push_str(cell.as_ref());
            // A row's text beyond 4 GiB cannot be written to any of the
            // formats a table goes to; the cut would show at once.
            ends.push(u32::try_from(text.len()).expect("a row of less than 4 GiB"));
        }
        Self { text: text.into_boxed_str(), ends: ends.into_boxed_slice() }
    }
}

impl From<Vec<String>> for Row {
    fn from(cells: Vec<String>) -> Self {
        cells.into_iter().collect()
    }
}

impl<S: AsRef<str>, const N: usize> From<[S; N]> for Row {
    fn from(cells: [S; N]) -> Self {
        cells.into_iter().collect()
    }
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Row {
    type Item = &'a str;
    type IntoIter = Cells<'a>;

    fn into_iter(self) -> Cells<'a> {
        self.iter()
    }
}

/// The cells of a [`Row`], in order.
#[derive(Clone)]
pub struct Cells<'a> {
    row: &'a Row,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Cells<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.row.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.back - self.front, Some(self.back - self.front))
    }
}

impl DoubleEndedIterator for Cells<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.row.get(self.back)
    }
}

impl ExactSizeIterator for Cells<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_as_written() {
        let cells = ["", "富硒茶", "", "12", ""];
        let row = Row::from(cells);
        assert_eq!(row.len(), 5);
        assert_eq!(row.iter().collect::<Vec<_>>(), cells);
        assert_eq!(row.iter().rev().collect::<Vec<_>>(), cells.iter().rev().copied().collect::<Vec<_>>());
        assert_eq!(&row[1], "富硒茶");
        assert_eq!(row.get(5), None);
        assert_eq!(row.to_vec(), cells.map(str::to_owned));
        assert!(Row::default().is_empty());
        assert_eq!(format!("{row:?}"), r#"["", "富硒茶", "", "12", ""]"#);
    }

    #[test]
    fn a_writer_makes_the_rows_cells_make() {
        let mut writer = RowWriter::new();
        let row = writer
            .cell("富硒茶")
            .cell_with(|s| s.push_str("12"))
            .joined(["a", "b", "c"], "、")
            .joined([], ";")
            .finish();
        assert_eq!(row, Row::from(["富硒茶", "12", "a、b、c", ""]));
        // The next row starts empty.
        assert_eq!(writer.cell("x").finish(), Row::from(["x"]));
        assert!(writer.finish().is_empty());
    }

    #[test]
    fn rows_equal_when_their_cells_are() {
        // The same text cut differently is another row.
        assert_ne!(Row::from(["ab", "c"]), Row::from(["a", "bc"]));
        assert_eq!(Row::from(["ab", "c"]), Row::from(vec!["ab".to_owned(), "c".to_owned()]));
    }
}
