//! The named factors of a gap link's priority and of a candidate's fit,
//! each declared once with its key (as `region.json` and the JSON output
//! write it), its labels and its default weight; per-factor figures kept by
//! factor, never by hand-kept position; and the weights in force: the
//! defaults with `region.json`'s overrides applied.
//!
//! Adding a factor is one line in its declaration below, plus its
//! computation (the compiler points at the `match` that lacks it).

use std::collections::BTreeMap;
use std::ops::Index;

use super::lang::Lang;

/// A closed set of named factors whose weighted figures make a score.
pub trait Factor: Copy + Eq + Ord + std::fmt::Debug + 'static {
    /// Every factor, in declaration order: the order of tables and notes.
    const ALL: &'static [Self];
    /// One figure per factor, at the factor's `index`.
    type Array: Copy + PartialEq + std::fmt::Debug + AsRef<[f64]> + AsMut<[f64]>;
    /// The factor's place in `ALL` and in an `Array`.
    fn index(self) -> usize;
    /// The factor's name in `region.json` and in JSON output (`gap_kind`, …).
    fn key(self) -> &'static str;
    /// The factor as prose names it (缺口类型, path share, …).
    fn label(self, lang: Lang) -> &'static str;
    /// The head of the factor's column in a table (路径因子, f: path share, …).
    fn column(self, lang: Lang) -> &'static str;
    /// The weight of the factor when `region.json` does not set one.
    fn default_weight(self) -> f64;
    /// An array holding `value(f)` for each factor `f`.
    fn array(value: impl FnMut(Self) -> f64) -> Self::Array;
}

/// Declares a set of factors: for each, its key, its labels in Chinese and
/// English, its default weight and, where the table needs another word than
/// the label, its Chinese column head (English column heads are `f: label`).
macro_rules! factor_enum {
    (@column $zh:literal) => { $zh };
    (@column $zh:literal $column:literal) => { $column };
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident => $key:literal [$zh:literal, $en:literal] weight $weight:literal
            $(column $column:literal)?),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every factor, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// How many factors there are.
            pub const COUNT: usize = $name::ALL.len();
            /// Every key, in declaration order, for checks and hints.
            pub const KEYS: &'static [&'static str] = &[$($key),+];

            /// The factor with this key.
            #[must_use]
            pub fn parse(key: &str) -> Option<Self> {
                $name::ALL.iter().copied().find(|f| f.key() == key)
            }
        }

        impl Factor for $name {
            const ALL: &'static [Self] = $name::ALL;
            type Array = [f64; $name::COUNT];

            fn index(self) -> usize {
                self as usize
            }
            fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($zh, $en)),+ }
            }
            fn column(self, lang: Lang) -> &'static str {
                match self {
                    $($name::$variant => lang.pick(factor_enum!(@column $zh $($column)?), concat!("f: ", $en))),+
                }
            }
            fn default_weight(self) -> f64 {
                match self { $($name::$variant => $weight),+ }
            }
            fn array(mut value: impl FnMut(Self) -> f64) -> Self::Array {
                [$(value($name::$variant)),+]
            }
        }
    };
}

factor_enum! {
    /// The factors of a gap link's priority (`priority_weights` in `region.json`).
    PriorityFactor {
        /// The kind of gap: bridges first.
        GapKind => "gap_kind" ["缺口类型", "gap kind"] weight 40.0,
        /// The link's path share.
        PathShare => "path_share" ["路径占比", "path share"] weight 25.0 column "路径因子",
        /// Active output at the link's direct neighbours, against the chain's largest.
        DemandPull => "demand_pull" ["需求拉动", "demand pull"] weight 20.0,
        /// The link's weight, against the chain's largest.
        Weight => "weight" ["权重", "weight"] weight 15.0 column "权重因子",
    }
}

factor_enum! {
    /// The factors of a candidate's fit (`fit_weights` in `region.json`).
    FitFactor {
        /// Revenue on a log scale.
        Size => "size" ["规模", "size"] weight 25.0,
        /// The best tag (see `model::tags`).
        Tags => "tags" ["资质标签", "tags"] weight 20.0,
        /// Trade already done with local firms.
        Ties => "ties" ["本地配套", "ties"] weight 20.0,
        /// How far talks have gone.
        Stage => "stage" ["对接阶段", "stage"] weight 20.0,
        /// Where the candidate is based, against the preferred regions.
        Region => "region" ["地区偏好", "region"] weight 15.0,
        /// The share of the gap links it fills that hang on one firm
        /// (单一来源, SPEC §10), where it would be a second source.
        SecondSource => "second_source" ["新增第二来源", "second source"] weight 10.0,
    }
}

/// One figure per factor of `F`, each in its factor's place: a link's factor
/// values, say. Serialises as a map from key to figure, keys sorted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactorValues<F: Factor> {
    values: F::Array,
}

impl<F: Factor> FactorValues<F> {
    /// The figures `value(f)` for each factor `f`.
    #[must_use]
    pub fn from_fn(value: impl FnMut(F) -> f64) -> Self {
        Self { values: F::array(value) }
    }

    /// Each factor with its figure, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (F, f64)> + '_ {
        F::ALL.iter().map(|&f| (f, self[f]))
    }

    /// The figures with `op` applied to each.
    #[must_use]
    pub fn map(&self, mut op: impl FnMut(f64) -> f64) -> Self {
        Self::from_fn(|f| op(self[f]))
    }

    /// Key → figure, keys sorted (as JSON shows them).
    #[must_use]
    pub fn named(&self) -> BTreeMap<&'static str, f64> {
        self.iter().map(|(f, v)| (f.key(), v)).collect()
    }
}

impl<F: Factor> Index<F> for FactorValues<F> {
    type Output = f64;
    fn index(&self, factor: F) -> &f64 {
        &self.values.as_ref()[factor.index()]
    }
}

impl<F: Factor> serde::Serialize for FactorValues<F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.named().serialize(serializer)
    }
}

/// The weights in force of each factor of `F`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights<F: Factor> {
    weights: FactorValues<F>,
}

impl<F: Factor> Default for Weights<F> {
    fn default() -> Self {
        Self { weights: FactorValues::from_fn(F::default_weight) }
    }
}

impl<F: Factor> Weights<F> {
    /// The defaults with the overrides of `region.json` applied, by key (the
    /// loader checked that every key names a factor of `F`).
    #[must_use]
    pub fn from_overrides(overrides: &BTreeMap<String, f64>) -> Self {
        Self {
            weights: FactorValues::from_fn(|f: F| {
                overrides.get(f.key()).copied().unwrap_or_else(|| f.default_weight())
            }),
        }
    }

    /// Each factor with its weight, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (F, f64)> + '_ {
        self.weights.iter()
    }

    /// Σ of the weights.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.weights.values.as_ref().iter().sum()
    }

    /// Σ weight × value, factor by factor in declaration order.
    #[must_use]
    pub fn weighted_sum(&self, values: &FactorValues<F>) -> f64 {
        values.values.as_ref().iter().zip(self.weights.values.as_ref()).map(|(v, w)| v * w).sum()
    }
}

impl<F: Factor> Index<F> for Weights<F> {
    type Output = f64;
    fn index(&self, factor: F) -> &f64 {
        &self.weights[factor]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations() {
        assert_eq!(PriorityFactor::KEYS, ["gap_kind", "path_share", "demand_pull", "weight"]);
        assert_eq!(FitFactor::KEYS, ["size", "tags", "ties", "stage", "region", "second_source"]);
        assert_eq!(PriorityFactor::PathShare.column(Lang::Zh), "路径因子");
        assert_eq!(PriorityFactor::GapKind.column(Lang::Zh), "缺口类型");
        assert_eq!(PriorityFactor::DemandPull.column(Lang::En), "f: demand pull");
        assert_eq!(PriorityFactor::parse("weight"), Some(PriorityFactor::Weight));
        for (i, f) in PriorityFactor::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
        }
        let total: f64 = PriorityFactor::ALL.iter().map(|f| f.default_weight()).sum();
        assert!((total - 100.0).abs() < 1e-12);
        // The five original fit factors make 100; `second_source` adds 10 on top.
        let total: f64 = FitFactor::ALL.iter().map(|f| f.default_weight()).sum();
        assert!((total - 110.0).abs() < 1e-12);
    }

    #[test]
    fn overrides_by_key() {
        let w = Weights::<FitFactor>::from_overrides(&BTreeMap::from([("ties".to_owned(), 50.0)]));
        assert!((w[FitFactor::Ties] - 50.0).abs() < 1e-12);
        assert!((w[FitFactor::Size] - 25.0).abs() < 1e-12);
        assert!((w.total() - 140.0).abs() < 1e-12);
        assert_ne!(w, Weights::default());
        let values = FactorValues::from_fn(|f| if f == FitFactor::Ties { 1.0 } else { 0.0 });
        assert!((w.weighted_sum(&values) - 50.0).abs() < 1e-12);
        assert_eq!(
            values.named().keys().copied().collect::<Vec<_>>(),
            ["region", "second_source", "size", "stage", "tags", "ties"]
        );
        assert_eq!(
            serde_json::to_string(&values.map(|v| v * 2.0)).unwrap(),
            r#"{"region":0.0,"second_source":0.0,"size":0.0,"stage":0.0,"tags":0.0,"ties":2.0}"#
        );
    }
}
