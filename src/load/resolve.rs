//! Resolving what table cells refer to: chains and links by id or name,
//! counties by name or code, parks, tags; and reading numbers and words.

use rustc_hash::{FxHashMap, FxHashSet};

use super::diag::{Diagnostics, Reported};
use super::suggest::best_match;
use super::table::Row;
use crate::model::{Chain, County, CountyIdx, Region, TagIdx};

/// Looks up what the cells of a table row name.
pub struct Resolver<'d> {
    chains: &'d [Chain],
    chain_keys: FxHashMap<&'d str, usize>,
    /// Ids and names of chains whose files have errors: rows naming them are
    /// skipped without a second report.
    broken_chains: FxHashSet<String>,
    link_keys: Vec<FxHashMap<&'d str, usize>>,
    /// County names and codes → index into `counties`.
    county_keys: FxHashMap<String, CountyIdx>,
    pub counties: Vec<County>,
    /// Whether unknown counties are errors (the region lists its counties).
    closed_counties: bool,
    parks: Vec<String>,
    tag_keys: FxHashMap<String, TagIdx>,
    pub tags: Vec<String>,
}

impl<'d> Resolver<'d> {
    #[must_use]
    pub fn new(chains: &'d [Chain], region: &Region, broken_chains: FxHashSet<String>) -> Self {
        let mut chain_keys = FxHashMap::default();
        let mut link_keys = Vec::with_capacity(chains.len());
        // Ids first, then names, then English names: an id always means its
        // own chain or link, even when another one is named like it.
        for pass in 0..3 {
            for (c, chain) in chains.iter().enumerate() {
                if let Some(key) = [Some(chain.id.as_str()), Some(chain.name.as_str()), chain.name_en.as_deref()][pass]
                {
                    chain_keys.entry(key).or_insert(c);
                }
            }
        }
        for chain in chains {
            let mut links = FxHashMap::default();
            for pass in 0..3 {
                for (l, link) in chain.links.iter().enumerate() {
                    if let Some(key) = [Some(link.id.as_str()), Some(link.name.as_str()), link.name_en.as_deref()][pass]
                    {
                        links.entry(key).or_insert(l);
                    }
                }
            }
            link_keys.push(links);
        }
        let mut county_keys = FxHashMap::default();
        for (i, county) in region.counties.iter().enumerate() {
            let i = CountyIdx::try_from(i).expect("fewer than 65536 counties");
            county_keys.insert(county.name.clone(), i);
            if let Some(code) = &county.code {
                county_keys.insert(code.clone(), i);
            }
        }
        Self {
            chains,
            chain_keys,
            broken_chains,
            link_keys,
            county_keys,
            counties: region.counties.clone(),
            closed_counties: !region.counties.is_empty(),
            parks: region.parks.iter().map(|p| p.name.clone()).collect(),
            tag_keys: FxHashMap::default(),
            tags: Vec::new(),
        }
    }

    /// The chain a cell names, by id or name.
    pub fn chain(&self, value: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<usize> {
        if let Some(&c) = self.chain_keys.get(value) {
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
        if let Some(&l) = self.link_keys[chain].get(value) {
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
    pub fn county(
        &mut self,
        value: &str,
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
            let i = CountyIdx::try_from(self.counties.len()).map_err(|_| Reported)?;
            self.counties.push(County { name: value.to_owned(), code: None });
            self.county_keys.insert(value.to_owned(), i);
            return Ok(Some(i));
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

    /// Checks a park name against the region's parks (a warning when unknown).
    pub fn park(&self, value: &str, file: &str, line: usize, diags: &mut Diagnostics) {
        if value.is_empty() || self.parks.is_empty() || self.parks.iter().any(|p| p == value) {
            return;
        }
        let hint = best_match(value, self.parks.iter().map(|p| (p.as_str(), ""))).map_or_else(
            || "add it to `parks` in region.json".to_owned(),
            |(p, _)| format!("did you mean 园区 `{p}`?"),
        );
        diags.warning(file, line, format!("park `{value}` is not in region.json")).hint(hint);
    }

    /// Interns the `;`-separated tags of a cell.
    pub fn tags(&mut self, value: &str) -> Vec<TagIdx> {
        let mut out: Vec<TagIdx> = Vec::new();
        for tag in value.split([';', '；', '、']).map(str::trim).filter(|t| !t.is_empty()) {
            let next = TagIdx::try_from(self.tags.len()).unwrap_or(TagIdx::MAX);
            let idx = *self.tag_keys.entry(tag.to_owned()).or_insert_with(|| {
                self.tags.push(tag.to_owned());
                next
            });
            if !out.contains(&idx) {
                out.push(idx);
            }
        }
        out
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
    let cleaned: String = value.chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect();
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
