//! The region the dataset describes: its counties, parks and settings.

use std::collections::BTreeMap;

use super::lang::{Lang, localized};

/// A county-level division (县区).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    pub name: String,
    /// The six-digit administrative division code, when known.
    pub code: Option<String>,
}

/// An industrial park or functional zone (园区).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Park {
    pub name: String,
    pub county: Option<String>,
}

/// Index into `Region::counties`.
pub type CountyIdx = u16;

/// Settings and geography from `region.json` (all optional in the file).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub name: Option<String>,
    pub name_en: Option<String>,
    /// The region's counties. When empty, any county name in the tables is
    /// accepted and becomes a county here.
    pub counties: Vec<County>,
    pub parks: Vec<Park>,
    /// A link with this many active above-scale firms is strong.
    pub min_strong_firms: u32,
    /// Preferred home regions of candidates, best first (e.g. 陕西, 成渝).
    pub region_preference: Vec<String>,
    /// Overrides of the default priority factor weights, by factor key
    /// (read them with `Weights::from_overrides`).
    pub priority_weights: BTreeMap<String, f64>,
    /// Overrides of the default candidate fit factor weights, by factor key.
    pub fit_weights: BTreeMap<String, f64>,
    /// The lines of operations monitoring (运行监测, SPEC §8).
    pub monitor: MonitorSettings,
}

/// The thresholds of operations monitoring (`monitor` in `region.json`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonitorSettings {
    /// Year-to-date growth at or below which a firm's decline (下滑) is
    /// yellow, orange and red, as fractions: −0.2 is −20 %.
    /// −1 ≤ red < orange < yellow < 0.
    pub decline: DeclineLevels,
    /// The above-scale line (规上标准) in 万元 of twelve months' revenue: an
    /// above-scale firm below it is at risk of leaving (退规), a firm not
    /// above scale at or over it is ready (达规). Finite and > 0.
    pub above_scale_line: f64,
    /// The nurture line (培育线) in 万元 of twelve months' revenue: a firm
    /// not above scale at or over it, below the above-scale line, is
    /// nurtured (培育). 0 < nurture line ≤ above-scale line.
    pub nurture_line: f64,
}

/// The three levels of a firm's decline, as growth fractions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeclineLevels {
    pub yellow: f64,
    pub orange: f64,
    pub red: f64,
}

impl Default for MonitorSettings {
    fn default() -> Self {
        Self {
            decline: DeclineLevels { yellow: -0.2, orange: -0.3, red: -0.5 },
            above_scale_line: 2000.0,
            nurture_line: 1500.0,
        }
    }
}

impl Default for Region {
    fn default() -> Self {
        Self {
            name: None,
            name_en: None,
            counties: Vec::new(),
            parks: Vec::new(),
            min_strong_firms: 2,
            region_preference: Vec::new(),
            priority_weights: BTreeMap::new(),
            fit_weights: BTreeMap::new(),
            monitor: MonitorSettings::default(),
        }
    }
}

impl Region {
    /// The region's name in the given language, when the file gives one.
    #[must_use]
    pub fn display_name(&self, lang: Lang) -> Option<&str> {
        match (self.name.as_deref(), lang) {
            (Some(name), _) => Some(localized(name, self.name_en.as_deref(), lang)),
            (None, Lang::En) => self.name_en.as_deref().filter(|en| !en.trim().is_empty()),
            (None, Lang::Zh) => None,
        }
    }
}
