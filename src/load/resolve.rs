//! Resolving what table cells refer to: chains and links by id or name,
//! counties by name or code, and parks.

use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};

use super::diag::{DiagKind, Diagnostics, Reported};
use super::intern::Scratch;
use super::keys::{Full, NameTable, id_hash};
use super::suggest::best_match;
use crate::model::{Chain, County, CountyIdx, Region};

/// Looks up what the cells of a table row name. Read-only, so rows can be
/// resolved on several threads at once; what a row adds (tags, and counties
/// when the region does not list them) goes to a [`Scratch`] first and is
/// numbered by an [`Interner`](super::intern::Interner) in file order.
pub struct Resolver<'d> {
    chains: &'d [Chain],
    chain_keys: Keys,
    /// Ids and names of chains whose files have errors: rows naming them are
    /// skipped without a second report.
    broken_chains: FxHashSet<String>,
    link_keys: Vec<Keys>,
    /// County names and codes → index into the region's counties.
    county_keys: FxHashMap<&'d str, CountyIdx>,
    counties: &'d [County],
    /// Whether unknown counties are errors (the region lists its counties).
    closed_counties: bool,
    parks: Vec<&'d str>,
    park_keys: FxHashSet<&'d str>,
    /// "Did you mean …?" hints already worked out, by what was looked for
    /// and the value not found. Finding one compares the value with every
    /// name it could be; a column with the same wrong value on every row of
    /// a province (a chain's name misspelt) would ask it a million times.
    hints: Mutex<FxHashMap<Sought, FxHashMap<Box<str>, String>>>,
}

/// What a value was looked up as, for [`Resolver::hint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Sought {
    Chain,
    Link(usize),
    County,
    Park,
}

impl<'d> Resolver<'d> {
    /// A resolver for the rows of a dataset with these chains and region.
    ///
    /// # Errors
    /// [`Full`] when the ids and names of the chains, or of one chain's
    /// links, take more than 4 GiB.
    pub fn new(chains: &'d [Chain], region: &'d Region, broken_chains: FxHashSet<String>) -> Result<Self, Full> {
        let chain_keys = keys_of(chains, |c| [Some(c.id.as_str()), Some(c.name.as_str()), c.name_en.as_deref()])?;
        let link_keys = chains
            .iter()
            .map(|chain| keys_of(&chain.links, |l| [Some(l.id.as_str()), Some(l.name.as_str()), l.name_en.as_deref()]))
            .collect::<Result<_, _>>()?;
        let mut county_keys = FxHashMap::default();
        // `region.json` reports counties past the limit and keeps no more.
        for (i, county) in (0..=CountyIdx::MAX).zip(&region.counties) {
            county_keys.insert(county.name.as_str(), i);
            if let Some(code) = &county.code {
                county_keys.insert(code.as_str(), i);
            }
        }
        Ok(Self {
            chains,
            chain_keys,
            broken_chains,
            link_keys,
            county_keys,
            counties: &region.counties,
            closed_counties: !region.counties.is_empty(),
            parks: region.parks.iter().map(|p| p.name.as_str()).collect(),
            park_keys: region.parks.iter().map(|p| p.name.as_str()).collect(),
            hints: Mutex::default(),
        })
    }

    /// The hint for `value` not found as `sought`: made by `make` the first
    /// time, then remembered.
    fn hint(&self, sought: Sought, value: &str, make: impl FnOnce() -> String) -> String {
        // A poisoned lock is a panic elsewhere; the hint is still right to make.
        let mut hints = self.hints.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let known = hints.entry(sought).or_default();
        if let Some(hint) = known.get(value) {
            return hint.clone();
        }
        let hint = make();
        known.insert(value.into(), hint.clone());
        hint
    }

    /// The chain a cell names, by id or name.
    pub fn chain(&self, value: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<usize> {
        if let Some(c) = self.chain_keys.get(value) {
            return Some(c as usize);
        }
        if self.broken_chains.contains(value) {
            return None;
        }
        let hint = self.hint(Sought::Chain, value, || {
            best_match(value, self.chains.iter().map(|c| (c.id.as_str(), c.name.as_str()))).map_or_else(
                || {
                    let ids: Vec<&str> = self.chains.iter().map(|c| c.id.as_str()).collect();
                    format!("use a chain id or name; the chains are {}", ids.join(", "))
                },
                |(id, name)| format!("did you mean 产业链 `{id}` {name}?"),
            )
        });
        diags
            .error(file, line, format!("unknown chain `{value}`"))
            .hint(hint)
            .kind(DiagKind::UnknownChain { value: value.into() });
        None
    }

    /// The id of chain `chain`.
    #[must_use]
    pub fn chain_id(&self, chain: usize) -> &str {
        &self.chains[chain].id
    }

    /// The link a cell names inside chain `chain`, by id or name.
    pub fn link(&self, chain: usize, value: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<usize> {
        if let Some(l) = self.link_keys[chain].get(value) {
            return Some(l as usize);
        }
        let links = &self.chains[chain].links;
        let hint = self.hint(Sought::Link(chain), value, || {
            best_match(value, links.iter().map(|l| (l.id.as_str(), l.name.as_str()))).map_or_else(
                || "use a link id or name from the chain file".to_owned(),
                |(id, name)| format!("did you mean 环节 `{id}` {name}?"),
            )
        });
        let chain = &self.chains[chain].id;
        diags
            .error(file, line, format!("unknown link `{value}` in chain `{chain}`"))
            .hint(hint)
            .kind(DiagKind::UnknownLink { chain: chain.as_str().into(), value: value.into() });
        None
    }

    /// The county a cell names (empty → `Ok(None)`); `Err` after reporting.
    /// When the region lists no counties, any name is accepted and numbered
    /// in `scratch` (see [`Interner::remap`](super::intern::Interner::remap)).
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
            return scratch.county(value, line).map(Some);
        }
        let hint = self.hint(Sought::County, value, || {
            best_match(value, self.counties.iter().map(|c| (c.name.as_str(), c.code.as_deref().unwrap_or(""))))
                .map_or_else(
                    || {
                        let names: Vec<&str> = self.counties.iter().map(|c| c.name.as_str()).collect();
                        format!("the counties in region.json are {}", names.join(", "))
                    },
                    |(name, _)| format!("did you mean 县区 `{name}`?"),
                )
        });
        diags
            .error(file, line, format!("unknown county `{value}`"))
            .hint(hint)
            .kind(DiagKind::UnknownCounty { value: value.into() });
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
        let hint = self.hint(Sought::Park, value, || {
            best_match(value, self.parks.iter().map(|p| (*p, ""))).map_or_else(
                || "add it to `parks` in region.json".to_owned(),
                |(p, _)| format!("did you mean 园区 `{p}`?"),
            )
        });
        diags.warning(file, line, format!("park `{value}` is not in region.json")).hint(hint);
    }
}

/// The keys of things numbered in order (chains, or the links of a
/// chain): ids in a table of their own, names and English names in
/// another. Rows almost always name things by id, so the tables looked up
/// for every row stay small enough for the cache (a province of 100 chains
/// × 200 links has 60,000 keys, of which 20,000 are ids).
struct Keys {
    ids: NameTable,
    names: NameTable,
}

impl Keys {
    /// The number of the thing `key` names: an id always means its own
    /// thing, even when another one is named like it.
    fn get(&self, key: &str) -> Option<u16> {
        let hash = id_hash(key);
        self.ids.get_hashed(hash, key).or_else(|| self.names.get_hashed(hash, key))
    }
}

/// The [`Keys`] of things, each with its id, name and English name. Names
/// go in before English names, and the first thing to take a key keeps it.
fn keys_of<T>(things: &[T], names: impl Fn(&T) -> [Option<&str>; 3]) -> Result<Keys, Full> {
    let mut keys = Keys { ids: NameTable::default(), names: NameTable::default() };
    for pass in 0..3 {
        let table = if pass == 0 { &mut keys.ids } else { &mut keys.names };
        // Chains and links are fewer than 2^16 (see `Limit`), so their numbers fit.
        for (n, thing) in (0..=u16::MAX).zip(things) {
            if let Some(key) = names(thing)[pass] {
                table.insert(key, n)?;
            }
        }
    }
    Ok(keys)
}
