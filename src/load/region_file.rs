//! `region.json` → `Region`: the region's name, counties, parks and settings.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::diag::Diagnostics;
use super::limits::Limit;
use super::locate::{key_offset, line_column, serde_error_position};
use crate::model::{County, CountyIdx, Park, Region};
use crate::model::{FitFactor, PriorityFactor};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionDoc {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    counties: Vec<CountyDoc>,
    #[serde(default)]
    parks: Vec<ParkDoc>,
    #[serde(default)]
    min_strong_firms: Option<u32>,
    #[serde(default)]
    region_preference: Vec<String>,
    #[serde(default)]
    priority_weights: BTreeMap<String, f64>,
    #[serde(default)]
    fit_weights: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CountyDoc {
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        code: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ParkDoc {
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        county: Option<String>,
    },
}

/// Reads `region.json`. On errors, reports them and returns the defaults so
/// the tables can still be checked against what was readable.
pub fn parse_region(file: &str, text: &str, diags: &mut Diagnostics) -> Region {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: RegionDoc = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(err) => {
            let (line, column, message) = serde_error_position(text, 0, &err);
            let diag = diags.error(file, line, format!("malformed JSON: {message}"));
            diag.column(column);
            if message.starts_with("unknown field") {
                diag.hint("region.json takes name, name_en, counties, parks, min_strong_firms, region_preference, priority_weights, fit_weights");
            }
            return Region::default();
        }
    };
    let at_key = |key: &str| key_offset(text, key).map_or((1, 1), |o| line_column(text, o));
    let mut region =
        Region { name: doc.name, name_en: doc.name_en, region_preference: doc.region_preference, ..Region::default() };
    if let Some(min) = doc.min_strong_firms {
        if min == 0 {
            let (line, column) = at_key("min_strong_firms");
            diags.error(file, line, "min_strong_firms must be at least 1").column(column).hint("the default is 2");
        } else {
            region.min_strong_firms = min;
        }
    }
    for (key, weights) in [("priority_weights", &doc.priority_weights), ("fit_weights", &doc.fit_weights)] {
        for (name, &w) in weights {
            let known: &[&str] = if key == "priority_weights" { PriorityFactor::KEYS } else { FitFactor::KEYS };
            if !known.contains(&name.as_str()) {
                let (line, column) = key_offset(text, name).map_or_else(|| at_key(key), |o| line_column(text, o));
                let hint = super::suggest::best_match(name, known.iter().map(|f| (*f, ""))).map_or_else(
                    || format!("the factors are {}", known.join(", ")),
                    |(f, _)| format!("did you mean `{f}`?"),
                );
                diags.error(file, line, format!("unknown factor `{name}` in {key}")).column(column).hint(hint);
            }
            if !(w.is_finite() && w >= 0.0) {
                let (line, column) = key_offset(text, name).map_or_else(|| at_key(key), |o| line_column(text, o));
                diags.error(file, line, format!("{key}.{name} must be finite and >= 0, got {w}")).column(column);
            }
        }
    }
    region.priority_weights = doc.priority_weights;
    region.fit_weights = doc.fit_weights;
    let mut county_names: HashSet<String> = HashSet::new();
    let at_county = |name: &str| {
        key_offset(text, "counties")
            .and_then(|start| text[start..].find(&format!("\"{name}\"")).map(|o| start + o))
            .map_or_else(|| at_key("counties"), |o| line_column(text, o))
    };
    for county in doc.counties {
        let county = match county {
            CountyDoc::Name(name) => County { name, code: None },
            CountyDoc::Full { name, code } => County { name, code },
        };
        if !county_names.insert(county.name.clone()) {
            let (line, column) = at_county(&county.name);
            diags.error(file, line, format!("duplicate county `{}`", county.name)).column(column);
            continue;
        }
        if Limit::Counties.index::<CountyIdx>(region.counties.len()).is_none() {
            let (line, column) = at_county(&county.name);
            diags.too_many(file, line, Limit::Counties, "").column(column).hint("list fewer counties in region.json");
            break;
        }
        region.counties.push(county);
    }
    for park in doc.parks {
        let park = match park {
            ParkDoc::Name(name) => Park { name, county: None },
            ParkDoc::Full { name, county } => Park { name, county },
        };
        if let Some(county) = &park.county
            && !region.counties.is_empty()
            && !region.counties.iter().any(|c| &c.name == county)
        {
            let (line, column) = key_offset(text, "parks").map_or_else(|| at_key("parks"), |o| line_column(text, o));
            diags
                .error(file, line, format!("park `{}` is in unknown county `{county}`", park.name))
                .column(column)
                .hint("list the county in `counties`");
        }
        region.parks.push(park);
    }
    region
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counties_in_both_forms() {
        let text = r#"{"name": "安康市", "counties": ["汉滨区", {"name": "汉阴县", "code": "610921"}],
            "parks": [{"name": "安康高新区", "county": "汉滨区"}], "min_strong_firms": 3}"#;
        let mut diags = Diagnostics::default();
        let region = parse_region("region.json", text, &mut diags);
        assert!(!diags.has_errors());
        assert_eq!(region.counties.len(), 2);
        assert_eq!(region.counties[1].code.as_deref(), Some("610921"));
        assert_eq!(region.min_strong_firms, 3);
    }

    #[test]
    fn unknown_field_names_its_place() {
        let mut diags = Diagnostics::default();
        parse_region("region.json", "{\n  \"nmae\": \"x\"\n}", &mut diags);
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1);
        assert!(d[0].to_string().starts_with("region.json:2:"), "{}", d[0]);
    }
}
