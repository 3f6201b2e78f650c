//! Numbering the tags and counties that table rows name. Rows are parsed in
//! runs on several threads, each run numbering its names in a [`Scratch`];
//! the [`Interner`] then numbers every run's names across the dataset in
//! file order, so the numbers do not depend on the threads.
//!
//! Tags and counties are numbered in 16 bits. A name past the limit is
//! reported once, at the line where it first appears, and left out of its
//! row: the line is the same however the file was cut into runs, because a
//! name past the limit of its run is past the limit of the dataset too.

use rustc_hash::FxHashMap;

use super::diag::{Diagnostics, Reported};
use super::limits::Limit;
use crate::model::tags::LIST_SEPARATORS;
use crate::model::{County, CountyIdx, Region, TagIdx};

/// The tags and counties named by a run of rows, numbered in order of first
/// appearance within the run, each with the line it first appears on.
#[derive(Debug, Default)]
pub struct Scratch {
    tags: Vec<(String, usize)>,
    tag_keys: FxHashMap<String, TagIdx>,
    /// The first line with a tag this run could not number.
    tags_past: Option<usize>,
    /// For each tag of the run, the last cell it was found in (cells are
    /// counted by `cells`): a cell's repeats are dropped in constant time,
    /// however many tags it holds.
    tag_seen_in: Vec<usize>,
    cells: usize,
    counties: Vec<(String, usize)>,
    county_keys: FxHashMap<String, CountyIdx>,
    /// The first line with a county this run could not number.
    counties_past: Option<usize>,
    /// The firm the run's previous row named, for tables that refer to
    /// firms (monthly figures): the next row usually names it again or the
    /// firm after it in the roster, which is checked before the index.
    pub last_firm: Option<crate::model::FirmIdx>,
    /// Rows in a row that named neither that firm nor the next.
    pub misses: usize,
    /// The text and tags of the run's parsed rows, for rows that keep
    /// them here rather than in allocations of their own.
    pub arena: RowArena,
    /// Cells of firm ids to be looked up together when the run is parsed
    /// (`RowParser::end_run`): the number of the row's output in the run,
    /// a number of the parser's own (a candidate row's line; where a
    /// monthly row's firm id ends and its firm name begins), and the
    /// cells' text in the arena.
    pub deferred: Vec<(usize, usize, std::ops::Range<usize>)>,
    /// Outputs the run's parser has given so far, counted by a parser that
    /// defers (it gives an output for every row, so this numbers them).
    pub outputs: usize,
    /// The number of the output of the run's last row read whole, when it
    /// gave no problem and every row since repeats it but for its place:
    /// the next row that repeats it too need not be read again
    /// (`Row::repeats_previous`). Kept by parsers that count `outputs`.
    pub repeatable: Option<u32>,
}

/// Text, tags and partners of a run's rows, side by side: a row refers to
/// its part by position, and the run's rows cost a few allocations in all.
#[derive(Debug, Default)]
pub struct RowArena {
    pub text: String,
    pub tags: Vec<TagIdx>,
    /// Candidates' partners, as the run's look-ups found them.
    pub partners: Vec<crate::model::FirmIdx>,
}

impl Scratch {
    /// The tags of a cell on line `line`, separated by any of
    /// [`LIST_SEPARATORS`], numbered in this run.
    pub fn tags(&mut self, value: &str, line: usize) -> Vec<TagIdx> {
        let mut out: Vec<TagIdx> = Vec::new();
        self.tags_onto(value, line, &mut out);
        out
    }

    /// [`Scratch::tags`], kept in the run's arena: where they are in
    /// `arena.tags`.
    pub fn tags_into_arena(&mut self, value: &str, line: usize) -> std::ops::Range<usize> {
        let mut tags = std::mem::take(&mut self.arena.tags);
        let start = tags.len();
        self.tags_onto(value, line, &mut tags);
        let range = start..tags.len();
        self.arena.tags = tags;
        range
    }

    /// Appends the tags of a cell to `out`.
    fn tags_onto(&mut self, value: &str, line: usize, out: &mut Vec<TagIdx>) {
        if value.is_empty() {
            return;
        }
        self.cells += 1;
        for tag in value.split(LIST_SEPARATORS).map(crate::model::text::trim).filter(|t| !t.is_empty()) {
            let idx = match self.tag_keys.get(tag) {
                Some(&idx) => idx,
                None => {
                    let Some(idx) = Limit::Tags.index(self.tags.len()) else {
                        self.tags_past.get_or_insert(line);
                        continue;
                    };
                    self.tag_keys.insert(tag.to_owned(), idx);
                    self.tags.push((tag.to_owned(), line));
                    self.tag_seen_in.push(0);
                    idx
                }
            };
            let seen_in = &mut self.tag_seen_in[usize::from(idx)];
            if *seen_in != self.cells {
                *seen_in = self.cells;
                out.push(idx);
            }
        }
    }

    /// The number in this run of a county the region does not list, named
    /// on line `line`. `Err` past the limit, which [`Interner::remap`]
    /// reports.
    pub fn county(&mut self, name: &str, line: usize) -> Result<CountyIdx, Reported> {
        if let Some(&i) = self.county_keys.get(name) {
            return Ok(i);
        }
        let Some(i) = Limit::Counties.index(self.counties.len()) else {
            self.counties_past.get_or_insert(line);
            return Err(Reported);
        };
        self.county_keys.insert(name.to_owned(), i);
        self.counties.push((name.to_owned(), line));
        Ok(i)
    }
}

/// How one run's tag and county numbers map to the dataset's; `None` for a
/// name past the limit.
#[derive(Debug, Default)]
pub struct Remap {
    tags: Vec<Option<TagIdx>>,
    /// Empty when the region lists its counties (the numbers are the region's).
    counties: Vec<Option<CountyIdx>>,
}

impl Remap {
    /// Renumbers a row's tags, leaving out those past the limit.
    pub fn tags(&self, tags: &mut Vec<TagIdx>) {
        tags.retain_mut(|t| match self.tags[usize::from(*t)] {
            Some(dataset) => {
                *t = dataset;
                true
            }
            None => false,
        });
    }

    /// The dataset's number of a tag as the run numbered it; `None` past
    /// the limit.
    #[must_use]
    pub fn tag(&self, tag: TagIdx) -> Option<TagIdx> {
        self.tags[usize::from(tag)]
    }

    /// Renumbers a row's county; `None` past the limit.
    #[must_use]
    pub fn county(&self, county: Option<CountyIdx>) -> Option<CountyIdx> {
        if self.counties.is_empty() { county } else { county.and_then(|c| self.counties[usize::from(c)]) }
    }
}

/// The dataset's tags and counties, numbered in order of first appearance
/// in the files, whatever the threads did.
#[derive(Debug, Clone)]
pub struct Interner {
    pub counties: Vec<County>,
    county_keys: FxHashMap<String, CountyIdx>,
    pub tags: Vec<String>,
    tag_keys: FxHashMap<String, TagIdx>,
    /// Whether a name past a limit was reported: once per dataset is enough.
    tags_full: bool,
    counties_full: bool,
}

impl Interner {
    /// Starts with the region's counties (`region.json` reports any past
    /// the limit).
    #[must_use]
    pub fn new(region: &Region) -> Self {
        let county_keys = (0..=CountyIdx::MAX).zip(&region.counties).map(|(i, c)| (c.name.clone(), i)).collect();
        Self {
            counties: region.counties.clone(),
            county_keys,
            tags: Vec::new(),
            tag_keys: FxHashMap::default(),
            tags_full: false,
            counties_full: false,
        }
    }

    /// Numbers the names of one run of rows of `file`, which comes after
    /// every run remapped before it; reports the first name past a limit.
    pub fn remap(&mut self, scratch: &Scratch, file: &str, diags: &mut Diagnostics) -> Remap {
        let mut tags_past = scratch.tags_past;
        let tags = scratch
            .tags
            .iter()
            .map(|(tag, line)| {
                let found = number(&mut self.tag_keys, tag, Limit::Tags, |tag| self.tags.push(tag.to_owned()));
                if found.is_none() {
                    tags_past = Some(tags_past.map_or(*line, |past| past.min(*line)));
                }
                found
            })
            .collect();
        let mut counties_past = scratch.counties_past;
        let counties = scratch
            .counties
            .iter()
            .map(|(name, line)| {
                let found = number(&mut self.county_keys, name, Limit::Counties, |name| {
                    self.counties.push(County { name: name.to_owned(), code: None });
                });
                if found.is_none() {
                    counties_past = Some(counties_past.map_or(*line, |past| past.min(*line)));
                }
                found
            })
            .collect();
        for (past, full, limit) in
            [(tags_past, &mut self.tags_full, Limit::Tags), (counties_past, &mut self.counties_full, Limit::Counties)]
        {
            if let Some(line) = past
                && !*full
            {
                *full = true;
                diags.too_many(file, line, limit, "");
            }
        }
        Remap { tags, counties }
    }
}

/// The dataset's number of `name`, numbering it next (and calling `add`)
/// when it is new; `None` when it is new and past `limit`.
fn number<I: Copy + TryFrom<usize>>(
    keys: &mut FxHashMap<String, I>,
    name: &str,
    limit: Limit,
    add: impl FnOnce(&str),
) -> Option<I> {
    if let Some(&i) = keys.get(name) {
        return Some(i);
    }
    let i = limit.index(keys.len())?;
    keys.insert(name.to_owned(), i);
    add(name);
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::diag::DiagKind;

    #[test]
    fn tags_of_a_cell_once_each_in_order() {
        let mut scratch = Scratch::default();
        assert_eq!(scratch.tags("专精特新;高新技术企业；专精特新、 上市 ", 2), [0, 1, 2]);
        assert_eq!(scratch.tags("上市;上市;专精特新", 3), [2, 0]);
        assert_eq!(scratch.tags("", 4), Vec::<TagIdx>::new());
        assert_eq!(scratch.tags("上市", 5), [2]);
    }

    #[test]
    fn runs_are_numbered_in_file_order() {
        let mut interner = Interner::new(&Region::default());
        let mut diags = Diagnostics::default();
        let (mut first, mut second) = (Scratch::default(), Scratch::default());
        let mut a = first.tags("甲;乙", 2);
        let mut b = second.tags("丙;甲", 9);
        interner.remap(&first, "f", &mut diags).tags(&mut a);
        interner.remap(&second, "f", &mut diags).tags(&mut b);
        assert_eq!((a, b), (vec![0, 1], vec![2, 0]));
        assert_eq!(interner.tags, ["甲", "乙", "丙"]);
        assert!(!diags.has_errors());
    }

    #[test]
    fn names_past_the_limit_are_reported_once_at_their_first_line() {
        let mut interner = Interner::new(&Region::default());
        let mut diags = Diagnostics::default();
        let mut runs: Vec<(Scratch, Vec<TagIdx>)> = Vec::new();
        // Three runs of 30,000 new tags each, one tag per line.
        for run in 0..3 {
            let mut scratch = Scratch::default();
            let mut tags = Vec::new();
            for i in 0..30_000 {
                let line = 2 + run * 30_000 + i;
                tags.extend(scratch.tags(&format!("t{line}"), line));
            }
            runs.push((scratch, tags));
        }
        let mut kept = 0;
        for (scratch, mut tags) in runs {
            interner.remap(&scratch, "firms.csv", &mut diags).tags(&mut tags);
            kept += tags.len();
        }
        assert_eq!(kept, 65_536);
        let problems = diags.into_sorted();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, &problems[0].kind), (2 + 65_536, &DiagKind::TooMany { limit: Limit::Tags }));
    }
}
