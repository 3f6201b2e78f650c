//! How many of each thing a dataset may hold: the model numbers chains,
//! links, counties, tags and records with small integer types to keep
//! millions of rows compact. Input past a limit is reported (with its file
//! and line, as [`DiagKind::TooMany`](super::diag::DiagKind::TooMany)),
//! never cut short or wrapped around.

use crate::model::{CountyIdx, FirmIdx, TagIdx};

/// A limit of the loader's index types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// Chains of a dataset: `Placement::chain` is a `u16`.
    Chains,
    /// Links of one chain: `Placement::link` is a `u16`.
    Links,
    /// Counties of a dataset: [`CountyIdx`].
    Counties,
    /// Distinct tags of a dataset: [`TagIdx`].
    Tags,
    /// Records (firms, candidates, projects) of one table, their rows'
    /// lines and the bytes of their ids: 32-bit numbers and offsets
    /// ([`FirmIdx`], `Placement::owner`).
    Records,
    /// Bytes of the chains' and links' ids and names: 32-bit offsets.
    Names,
}

impl Limit {
    /// The most there may be.
    #[must_use]
    pub const fn max(self) -> u64 {
        match self {
            // `u16` placements.
            Self::Chains | Self::Links => u16::MAX as u64 + 1,
            Self::Counties => CountyIdx::MAX as u64 + 1,
            Self::Tags => TagIdx::MAX as u64 + 1,
            Self::Records => FirmIdx::MAX as u64,
            Self::Names => u32::MAX as u64,
        }
    }

    /// The message of a dataset past this limit.
    #[must_use]
    pub fn message(self, what: &str) -> String {
        let max = self.max();
        match self {
            Self::Chains => format!("too many chains: a dataset holds at most {max}"),
            Self::Links => format!("chain `{what}` has too many links: a chain holds at most {max}"),
            Self::Counties => format!("too many counties: a dataset holds at most {max}"),
            Self::Tags => format!("too many different tags: a dataset holds at most {max}"),
            Self::Records => {
                format!("the {what}s table is too large: it may hold {max} {what}s and {max} lines, with 4 GiB of ids")
            }
            Self::Names => "the ids and names of the chains and their links take more than 4 GiB".to_owned(),
        }
    }

    /// How to get below the limit.
    #[must_use]
    pub fn hint(self) -> &'static str {
        match self {
            Self::Chains | Self::Records | Self::Names => "split the region over several dataset directories",
            Self::Links => "split the chain into several chains",
            Self::Counties => "a county cell names one county (县区); check that the column holds counties",
            Self::Tags => {
                "tags are a short vocabulary such as 专精特新;高新技术企业; put other details in columns of their own"
            }
        }
    }

    /// `n`, the number of the next thing of this kind, as the index type
    /// `T` that holds it; `None` past the limit.
    #[must_use]
    pub fn index<T: TryFrom<usize>>(self, n: usize) -> Option<T> {
        u64::try_from(n).ok().filter(|&n| n < self.max()).and_then(|_| T::try_from(n).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_stop_at_the_limit() {
        assert_eq!(Limit::Tags.index::<TagIdx>(65_535), Some(65_535));
        assert_eq!(Limit::Tags.index::<TagIdx>(65_536), None);
        assert_eq!(Limit::Chains.index::<u16>(65_536), None);
        assert_eq!(Limit::Records.index::<u32>(4_294_967_294), Some(4_294_967_294));
        assert_eq!(Limit::Records.index::<u32>(4_294_967_295), None);
        assert_eq!(Limit::Counties.max(), 65_536);
    }
}
