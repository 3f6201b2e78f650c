//! Resolving what table cells refer to: chains and links by id or name,
//! counties by name or code, parks, tags; and reading numbers and words.

use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHashSet};

use super::diag::{Diagnostics, Reported};
use super::records::id_hash;
use super::suggest::best_match;
use super::table::Row;
use crate::model::{Chain, County, CountyIdx, Region, TagIdx};

/// The ids and names of a fixed set of things (chains, or the links of one
/// chain), stored side by side: looking up a cell touches little memory,
/// which matters with millions of rows.
#[derive(Debug, Default)]
struct KeyTable {
    text: String,
    /// Start and length of a key in `text`, and what it names.
    entries: HashTable<(u32, u32, u32)>,
}

impl KeyTable {
    fn key(&self, (start, len, _): (u32, u32, u32)) -> &str {
        &self.text[start as usize..(start + len) as usize]
    }

    /// Adds `key` for `value`, unless the key is taken.
    fn insert(&mut self, key: &str, value: usize) {
        let hash = id_hash(key);
        if self.entries.find(hash, |&e| self.key(e) == key).is_some() {
            return;
        }
        let start = u32::try_from(self.text.len()).expect("keys under 4 GB");
        self.text.push_str(key);
        let entry = (start, u32::try_from(key.len()).expect("short key"), u32::try_from(value).expect("few values"));
        let text = &self.text;
        self.entries.insert_unique(hash, entry, |&(s, l, _)| id_hash(&text[s as usize..(s + l) as usize]));
    }

    fn get(&self, key: &str) -> Option<usize> {
        self.entries.find(id_hash(key), |&e| self.key(e) == key).map(|&(_, _, v)| v as usize)
    }
}

/// Looks up what the cells of a table row name. Read-only, so rows can be
/// resolved on several threads at once; what a row adds (tags, and counties
/// when the region does not list them) goes to a [`Scratch`] first and is
/// numbered by an [`Interner`] in file order.
pub struct Resolver<'d> {
    chains: &'d [Chain],
    chain_keys: KeyTable,
    /// Ids and names of chains whose files have errors: rows naming them are
    /// skipped without a second report.
    broken_chains: FxHashSet<String>,
    link_keys: Vec<KeyTable>,
    /// County names and codes → index into the region's counties.
    county_keys: FxHashMap<&'d str, CountyIdx>,
    counties: &'d [County],
    /// Whether unknown counties are errors (the region lists its counties).
    closed_counties: bool,
    parks: Vec<&'d str>,
    park_keys: FxHashSet<&'d str>,
}

impl<'d> Resolver<'d> {
    #[must_use]
    pub fn new(chains: &'d [Chain], region: &'d Region, broken_chains: FxHashSet<String>) -> Self {
        let mut chain_keys = KeyTable::default();
        let mut link_keys = Vec::with_capacity(chains.len());
        // Ids first, then names, then English names: an id always means its
        // own chain or link, even when another one is named like it.
        for pass in 0..3 {
            for (c, chain) in chains.iter().enumerate() {
                if let Some(key) = [Some(chain.id.as_str()), Some(chain.name.as_str()), chain.name_en.as_deref()][pass]
                {
                    chain_keys.insert(key, c);
                }
            }
        }
        for chain in chains {
            let mut links = KeyTable::default();
            for pass in 0..3 {
                for (l, link) in chain.links.iter().enumerate() {
                    if let Some(key) = [Some(link.id.as_str()), Some(link.name.as_str()), link.name_en.as_deref()][pass]
                    {
                        links.insert(key, l);
                    }
                }
            }
            link_keys.push(links);
        }
        let mut county_keys = FxHashMap::default();
        for (i, county) in region.counties.iter().enumerate() {
            let i = CountyIdx::try_from(i).expect("fewer than 65536 counties");
            county_keys.insert(county.name.as_str(), i);
            if let Some(code) = &county.code {
                county_keys.insert(code.as_str(), i);
            }
        }
        Self {
            chains,
            chain_keys,
            broken_chains,
            link_keys,
            county_keys,
            counties: &region.counties,
            closed_counties: !region.counties.is_empty(),
            parks: region.parks.iter().map(|p| p.name.as_str()).collect(),
            park_keys: region.parks.iter().map(|p| p.name.as_str()).collect(),
        }
    }

    /// The chain a cell names, by id or name.
    pub fn chain(&self, value: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<usize> {
        if let Some(c) = self.chain_keys.get(value) {
            return Some(c);
        }
        if self.broken_chains.contains(value) {
            return None;
        }
        let hint = best_match(value, self.chains.iter().map(|c| (c.id.as_str(), c.name.as_str()))).map_or_else(
            || {
                let ids: Vec<&str> = self.chains.iter().map(|c| c.id.as_str()).collect();
                format!("use a chain id or name; the chains are {}", ids.join(", "))
            },
            |(id, name)| format!("did you mean 产业链 `{id}` {name}?"),
        );
        diags.error(file, line, format!("unknown chain `{value}`")).hint(hint);
        None
    }

    /// The link a cell names inside chain `chain`, by id or name.
    pub fn link(&self, chain: usize, value: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<usize> {
        if let Some(l) = self.link_keys[chain].get(value) {
            return Some(l);
        }
        let links = &self.chains[chain].links;
        let hint = best_match(value, links.iter().map(|l| (l.id.as_str(), l.name.as_str()))).map_or_else(
            || "use a link id or name from the chain file".to_owned(),
            |(id, name)| format!("did you mean 环节 `{id}` {name}?"),
        );
        diags.error(file, line, format!("unknown link `{value}` in chain `{}`", self.chains[chain].id)).hint(hint);
        None
    }

    /// The county a cell names (empty → `Ok(None)`); `Err` after reporting.
    /// When the region lists no counties, any name is accepted and numbered
    /// in `scratch` (see [`Interner::remap`]).
    pub fn county(
        &self,
        value: &str,
        scratch: &mut Scratch,
        file: &str,
        line: usize,
        diags: &mut Diagnostics,
    ) -> Result<Option<CountyIdx>, Reported> {
        if value.is_empty() {
            return Ok(None);
        }
        if let Some(&i) = self.county_keys.get(value) {
            return Ok(Some(i));
        }
        if !self.closed_counties {
            return scratch.county(value).map(Some);
        }
        let hint = best_match(value, self.counties.iter().map(|c| (c.name.as_str(), c.code.as_deref().unwrap_or(""))))
            .map_or_else(
                || {
                    let names: Vec<&str> = self.counties.iter().map(|c| c.name.as_str()).collect();
                    format!("the counties in region.json are {}", names.join(", "))
                },
                |(name, _)| format!("did you mean 县区 `{name}`?"),
            );
        diags.error(file, line, format!("unknown county `{value}`")).hint(hint);
        Err(Reported)
    }

    /// Whether county indices of rows are numbered by a [`Scratch`] (the
    /// region lists no counties) rather than by the region.
    #[must_use]
    pub fn open_counties(&self) -> bool {
        !self.closed_counties
    }

    /// Checks a park name against the region's parks (a warning when unknown).
    pub fn park(&self, value: &str, file: &str, line: usize, diags: &mut Diagnostics) {
        if value.is_empty() || self.parks.is_empty() || self.park_keys.contains(value) {
            return;
        }
        let hint = best_match(value, self.parks.iter().map(|p| (*p, ""))).map_or_else(
            || "add it to `parks` in region.json".to_owned(),
            |(p, _)| format!("did you mean 园区 `{p}`?"),
        );
        diags.warning(file, line, format!("park `{value}` is not in region.json")).hint(hint);
    }
}

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

    fn county(&mut self, name: &str) -> Result<CountyIdx, Reported> {
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

/// The value of a required column, or an error naming it.
pub fn required<'r>(row: &'r Row<'_>, col: usize, name: &str, file: &str, diags: &mut Diagnostics) -> Option<&'r str> {
    let value = row.get(col);
    if value.is_empty() {
        diags.error(file, row.line, format!("empty `{name}`")).hint(format!("every row needs a `{name}`"));
        None
    } else {
        Some(value)
    }
}

/// A non-negative number (thousands separators allowed); empty → `Ok(None)`.
pub fn number(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<f64>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    // Most numbers in a roster are plain whole numbers.
    if value.len() <= 15 && value.bytes().all(|b| b.is_ascii_digit()) {
        #[allow(clippy::cast_precision_loss, reason = "below 10^15, exact")]
        return Ok(value.parse::<u64>().ok().map(|n| n as f64));
    }
    let cleaned: std::borrow::Cow<'_, str> = if value.contains([',', '，', ' ']) {
        value.chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect::<String>().into()
    } else {
        value.into()
    };
    match cleaned.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
        Ok(n) if n < 0.0 => {
            diags.error(file, line, format!("`{name}` must not be negative, got {value}"));
            Err(Reported)
        }
        _ => {
            let hint = if name == "employees" || name == "year" {
                "write a plain whole number such as 120".to_owned()
            } else {
                "write a plain number such as 1200 or 1200.5 (units are 万元)".to_owned()
            };
            diags.error(file, line, format!("`{name}` is not a number: `{value}`")).hint(hint);
            Err(Reported)
        }
    }
}

/// A whole non-negative number that fits `T`; empty → `Ok(None)`.
pub fn whole<T: TryFrom<u64>>(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<T>, Reported> {
    let Some(n) = number(value, name, file, line, diags)? else {
        return Ok(None);
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked whole and non-negative")]
    let converted = (n.fract() == 0.0 && n < 1.8e19).then(|| T::try_from(n as u64).ok()).flatten();
    match converted {
        Some(v) => Ok(Some(v)),
        None => {
            diags.error(file, line, format!("`{name}` must be a whole number in range, got {value}"));
            Err(Reported)
        }
    }
}

/// A word of an enumeration; empty → `Ok(None)`.
pub fn word<T>(
    value: &str,
    name: &str,
    parse: fn(&str) -> Option<T>,
    accepted: fn() -> String,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<T>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    match parse(value) {
        Some(v) => Ok(Some(v)),
        None => {
            diags.error(file, line, format!("unknown {name} `{value}`")).hint(format!("use one of {}", accepted()));
            Err(Reported)
        }
    }
}

/// A date as `YYYY-MM-DD` from `YYYY-MM-DD`, `YYYY/M/D` or `YYYY年M月D日`; empty → `Ok(None)`.
pub fn date(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<String>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = value.trim_end_matches('日').split(['-', '/', '.', '年', '月']).collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => match (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>()) {
            (Ok(y), Ok(m), Ok(d))
                if (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d) =>
            {
                Some(format!("{y:04}-{m:02}-{d:02}"))
            }
            _ => None,
        },
        _ => None,
    };
    parsed.map(Some).ok_or_else(|| {
        diags
            .error(file, line, format!("`{name}` is not a date: `{value}`"))
            .hint("write it as YYYY-MM-DD, e.g. 2026-03-15");
        Reported
    })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        let mut d = Diagnostics::default();
        assert_eq!(number("1,200.5", "output", "f", 2, &mut d), Ok(Some(1200.5)));
        assert_eq!(number("", "output", "f", 2, &mut d), Ok(None));
        assert!(number("-3", "output", "f", 2, &mut d).is_err());
        assert!(number("abc", "output", "f", 2, &mut d).is_err());
        assert_eq!(whole::<u32>("12", "employees", "f", 2, &mut d), Ok(Some(12)));
        assert!(whole::<u32>("1.5", "employees", "f", 2, &mut d).is_err());
        assert_eq!(date("2026/3/5", "reported", "f", 2, &mut d), Ok(Some("2026-03-05".into())));
        assert_eq!(date("2026年3月5日", "reported", "f", 2, &mut d), Ok(Some("2026-03-05".into())));
        assert!(date("2026-02-30", "reported", "f", 2, &mut d).is_err());
    }
}
