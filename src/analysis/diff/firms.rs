//! What changed among the local firms: firms added and removed, and for a
//! firm in both datasets (paired by `firm_id`) each of the fields a chain
//! office follows month to month; and the net change of above-scale firms
//! (净增规上).

use std::ops::Range;

use rayon::prelude::*;

use super::identity::{Pairing, pair_by_key};
use super::{Change, Side};
use crate::model::words::word_enum;
use crate::model::{Dataset, FirmIdx, FirmStatus, Role};

word_enum! {
    /// A field of a firm whose change the comparison reports.
    FirmField {
        Status => "status" ["状态"],
        AboveScale => "above_scale" ["规上"] label "above scale",
        Role => "role" ["角色"],
        County => "county" ["县区"],
        /// Its placements, `chain/link`, sorted.
        Links => "links" ["环节"],
    }
}

/// The value of a [`FirmField`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Status(FirmStatus),
    AboveScale(bool),
    Role(Role),
    /// The county's name; `None` for a firm in no county.
    County(Option<String>),
    /// `chain/link` of each placement, sorted.
    Links(Vec<String>),
}

/// One field of a firm in both datasets that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirmChange {
    /// The firm's index in the old dataset…
    pub old: FirmIdx,
    /// …and in the new one.
    pub new: FirmIdx,
    pub field: FirmField,
    pub value: Change<FieldValue>,
}

/// The firms of two datasets compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirmChanges {
    /// Firms of the new dataset the old one did not have, by id.
    pub added: Vec<FirmIdx>,
    /// Firms of the old dataset the new one does not have, by id.
    pub removed: Vec<FirmIdx>,
    /// By firm id, then field in the order of [`FirmField::ALL`].
    pub changed: Vec<FirmChange>,
}

/// Index conversions for firm numbers, which the loader keeps below `u32::MAX`.
fn firm_idx(i: usize) -> FirmIdx {
    FirmIdx::try_from(i).expect("the loader numbers firms in u32")
}

/// The range of `dataset.firm_placements` that belongs to firm `f` (they
/// are sorted by firm).
fn placements_of(dataset: &Dataset, f: FirmIdx) -> Range<usize> {
    let placements = &dataset.firm_placements;
    placements.partition_point(|p| p.owner < f)..placements.partition_point(|p| p.owner <= f)
}

/// A firm's placements as `chain/link`, sorted as text.
#[must_use]
pub fn links_of(dataset: &Dataset, f: FirmIdx) -> Vec<String> {
    let mut links: Vec<String> = dataset.firm_placements[placements_of(dataset, f)]
        .iter()
        .map(|p| {
            let chain = &dataset.chains[p.chain()];
            format!("{}/{}", chain.id, chain.links[p.link()].id)
        })
        .collect();
    links.sort_unstable();
    links
}

/// The value of `field` for firm `f`.
fn value(dataset: &Dataset, f: FirmIdx, field: FirmField) -> FieldValue {
    let firm = &dataset.firms[f as usize];
    match field {
        FirmField::Status => FieldValue::Status(firm.status),
        FirmField::AboveScale => FieldValue::AboveScale(firm.above_scale),
        FirmField::Role => FieldValue::Role(firm.role),
        FirmField::County => FieldValue::County(firm.county.map(|c| dataset.county_name(c).to_owned())),
        FirmField::Links => FieldValue::Links(links_of(dataset, f)),
    }
}

/// Compares the firms of `old` and `new`.
#[must_use]
pub fn compare_firms(old: Side<'_>, new: Side<'_>) -> FirmChanges {
    fn ids(d: &Dataset) -> Vec<(&str, usize)> {
        (0..d.firms.len()).map(|i| (d.firms.id(firm_idx(i)), i)).collect()
    }
    let Pairing { both, removed, added } = pair_by_key(ids(old.dataset), ids(new.dataset));
    // Formatting every firm's placements is the bulk of the work at
    // province scale; the pairs stay in id order whatever the threads.
    let changed = both
        .into_par_iter()
        .flat_map_iter(|(o, n)| {
            let (o, n) = (firm_idx(o), firm_idx(n));
            FirmField::ALL.iter().filter_map(move |&field| {
                let value = Change { from: value(old.dataset, o, field), to: value(new.dataset, n, field) };
                value.changed().then_some(FirmChange { old: o, new: n, field, value })
            })
        })
        .collect();
    FirmChanges {
        added: added.into_iter().map(firm_idx).collect(),
        removed: removed.into_iter().map(firm_idx).collect(),
        changed,
    }
}

/// Above-scale firms (规上) in the new dataset less those in the old.
#[must_use]
pub fn above_scale_net(old: &Dataset, new: &Dataset) -> i64 {
    let count = |d: &Dataset| d.firms.iter().filter(|f| f.above_scale).count();
    i64::try_from(count(new)).unwrap_or(i64::MAX) - i64::try_from(count(old)).unwrap_or(i64::MAX)
}
