//! Numbering the tags and counties that table rows name. Rows are parsed in
//! runs on several threads, each run numbering its names in a [`Scratch`];
//! the [`Interner`] then numbers every run's names across the dataset in
//! file order, so the numbers do not depend on the threads.

use rustc_hash::FxHashMap;

use super::diag::Reported;
use crate::model::{County, CountyIdx, Region, TagIdx};

/// The tags and counties named by a run of rows, numbered in order of first
/// appearance within the run. Rows are resolved in runs on several threads;
/// the [`Interner`] then numbers each run's names across the whole dataset.
#[derive(Debug, Default)]
pub struct Scratch {
    tags: Vec<String>,
    tag_keys: FxHashMap<String, TagIdx>,
    counties: Vec<String>,
    county_keys: FxHashMap<String, CountyIdx>,
}

impl Scratch {
    /// The `;`-separated tags of a cell, numbered in this run.
    pub fn tags(&mut self, value: &str) -> Vec<TagIdx> {
        let mut out: Vec<TagIdx> = Vec::new();
        if value.is_empty() {
            return out;
        }
        for tag in value.split([';', '；', '、']).map(str::trim).filter(|t| !t.is_empty()) {
            let idx = match self.tag_keys.get(tag) {
                Some(&idx) => idx,
                None => {
                    let idx = TagIdx::try_from(self.tags.len()).unwrap_or(TagIdx::MAX);
                    self.tag_keys.insert(tag.to_owned(), idx);
                    self.tags.push(tag.to_owned());
                    idx
                }
            };
            if !out.contains(&idx) {
                out.push(idx);
            }
        }
        out
    }

    /// The number in this run of a county the region does not list.
    pub fn county(&mut self, name: &str) -> Result<CountyIdx, Reported> {
        if let Some(&i) = self.county_keys.get(name) {
            return Ok(i);
        }
        let i = CountyIdx::try_from(self.counties.len()).map_err(|_| Reported)?;
        self.county_keys.insert(name.to_owned(), i);
        self.counties.push(name.to_owned());
        Ok(i)
    }
}

/// How one run's tag and county numbers map to the dataset's.
#[derive(Debug, Default)]
pub struct Remap {
    tags: Vec<TagIdx>,
    /// Empty when the region lists its counties (the numbers are the region's).
    counties: Vec<CountyIdx>,
}

impl Remap {
    /// Renumbers a row's tags.
    pub fn tags(&self, tags: &mut [TagIdx]) {
        for t in tags {
            *t = self.tags[usize::from(*t)];
        }
    }

    /// Renumbers a row's county.
    #[must_use]
    pub fn county(&self, county: Option<CountyIdx>) -> Option<CountyIdx> {
        if self.counties.is_empty() { county } else { county.map(|c| self.counties[usize::from(c)]) }
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
}

impl Interner {
    /// Starts with the region's counties.
    #[must_use]
    pub fn new(region: &Region) -> Self {
        let county_keys = region
            .counties
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((c.name.clone(), CountyIdx::try_from(i).ok()?)))
            .collect();
        Self { counties: region.counties.clone(), county_keys, tags: Vec::new(), tag_keys: FxHashMap::default() }
    }

    /// Numbers the names of one run of rows, which comes after every run
    /// remapped before it.
    pub fn remap(&mut self, scratch: &Scratch) -> Remap {
        let tags = scratch
            .tags
            .iter()
            .map(|tag| {
                let next = TagIdx::try_from(self.tags.len()).unwrap_or(TagIdx::MAX);
                *self.tag_keys.entry(tag.clone()).or_insert_with(|| {
                    self.tags.push(tag.clone());
                    next
                })
            })
            .collect();
        let counties = scratch
            .counties
            .iter()
            .map(|name| {
                let next = CountyIdx::try_from(self.counties.len()).unwrap_or(CountyIdx::MAX);
                *self.county_keys.entry(name.clone()).or_insert_with(|| {
                    self.counties.push(County { name: name.clone(), code: None });
                    next
                })
            })
            .collect();
        Remap { tags, counties }
    }
}
