//! What changed in the chains: chains added and removed, and for a chain in
//! both datasets its completeness and closed loop before and after, the
//! links whose status changed, and the links added and removed. Chains pair
//! by id, links by chain and id.

use super::identity::{Pairing, pair_by_key};
use super::{Change, Side};
use crate::analysis::LinkStatus;
use crate::analysis::risk::TIE;
use crate::model::{ChainIdx, LinkIdx};

/// A link in both datasets whose status changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkChange {
    /// The link's index in the old chain…
    pub old: LinkIdx,
    /// …and in the new one.
    pub new: LinkIdx,
    pub status: Change<LinkStatus>,
}

impl LinkChange {
    /// A missing link that now has an active firm (补上).
    #[must_use]
    pub fn is_filled(&self) -> bool {
        !self.status.from.is_covered() && self.status.to.is_covered()
    }

    /// A covered link that has lost its last active firm (断链).
    #[must_use]
    pub fn is_lost(&self) -> bool {
        self.status.from.is_covered() && !self.status.to.is_covered()
    }
}

/// A chain in both datasets, compared.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainChange {
    /// The chain's index in the old dataset…
    pub old: ChainIdx,
    /// …and in the new one.
    pub new: ChainIdx,
    pub completeness: Change<f64>,
    pub closed_loop: Change<bool>,
    /// By link id.
    pub status_changes: Vec<LinkChange>,
    /// Links of the new chain the old one did not have, by id.
    pub links_added: Vec<LinkIdx>,
    /// Links of the old chain the new one does not have, by id.
    pub links_removed: Vec<LinkIdx>,
}

impl ChainChange {
    /// Whether nothing about the chain changed; completeness figures that
    /// agree to 1e-9 count as equal (docs/analysis.md#ties).
    #[must_use]
    pub fn is_unchanged(&self) -> bool {
        (self.completeness.to - self.completeness.from).abs() <= TIE
            && !self.closed_loop.changed()
            && self.status_changes.is_empty()
            && self.links_added.is_empty()
            && self.links_removed.is_empty()
    }
}

/// The chains of two datasets compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainChanges {
    /// Every chain in both datasets, changed or not, by id.
    pub chains: Vec<ChainChange>,
    /// Chains of the new dataset the old one did not have, by id.
    pub added: Vec<ChainIdx>,
    /// Chains of the old dataset the new one does not have, by id.
    pub removed: Vec<ChainIdx>,
}

/// Ids with their index: what [`pair_by_key`] pairs.
fn keyed<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

/// Compares the chains of `old` and `new`.
#[must_use]
pub fn compare_chains(old: Side<'_>, new: Side<'_>) -> ChainChanges {
    let Pairing { both, removed, added } = pair_by_key(
        keyed(old.dataset.chains.iter().map(|c| c.id.as_str())),
        keyed(new.dataset.chains.iter().map(|c| c.id.as_str())),
    );
    let chains = both.into_iter().map(|(o, n)| compare_chain(old, new, o, n)).collect();
    ChainChanges { chains, added, removed }
}

fn compare_chain(old: Side<'_>, new: Side<'_>, o: ChainIdx, n: ChainIdx) -> ChainChange {
    let (old_chain, new_chain) = (&old.dataset.chains[o], &new.dataset.chains[n]);
    let (before, after) = (&old.analyses[o], &new.analyses[n]);
    let links = pair_by_key(
        keyed(old_chain.links.iter().map(|l| l.id.as_str())),
        keyed(new_chain.links.iter().map(|l| l.id.as_str())),
    );
    let status_changes = links
        .both
        .iter()
        .map(|&(ol, nl)| LinkChange {
            old: ol,
            new: nl,
            status: Change { from: before.links[ol].status, to: after.links[nl].status },
        })
        .filter(|c| c.status.changed())
        .collect();
    ChainChange {
        old: o,
        new: n,
        completeness: Change { from: before.completeness, to: after.completeness },
        closed_loop: Change { from: before.closed_loop, to: after.closed_loop },
        status_changes,
        links_added: links.added,
        links_removed: links.removed,
    }
}
