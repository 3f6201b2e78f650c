//! `region.json` → `Region`: the region's name, counties, parks and settings.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::diag::Diagnostics;
use super::limits::Limit;
use super::locate::{key_offset, line_column, serde_error_position};
use crate::model::bounds::{MAX_AMOUNT, MAX_WEIGHT};
use crate::model::{County, CountyIdx, DeclineLevels, MonitorSettings, Park, Region};
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
    #[serde(default)]
    monitor: Option<MonitorDoc>,
}

/// `monitor` in `region.json`: decline levels in percent, lines in 万元.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MonitorDoc {
    #[serde(default)]
    decline: Option<DeclineDoc>,
    #[serde(default)]
    above_scale_line: Option<f64>,
    #[serde(default)]
    nurture_line: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclineDoc {
    #[serde(default)]
    yellow: Option<f64>,
    #[serde(default)]
    orange: Option<f64>,
    #[serde(default)]
    red: Option<f64>,
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
                diag.hint(if message.contains("`above_scale_line`") || message.contains("`orange`") {
                    "monitor takes decline (with yellow, orange and red, in percent), above_scale_line and nurture_line; see docs/formats.md"
                } else {
                    "region.json takes name, name_en, counties, parks, min_strong_firms, region_preference, priority_weights, fit_weights, monitor"
                });
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
            } else if w > MAX_WEIGHT {
                let (line, column) = key_offset(text, name).map_or_else(|| at_key(key), |o| line_column(text, o));
                diags
                    .error(file, line, format!("{key}.{name} is {w:e}, more than the most, {MAX_WEIGHT}"))
                    .column(column)
                    .hint("weights are relative: the defaults run from 10 to 30");
            }
        }
    }
    if let Some(monitor) = &doc.monitor {
        region.monitor = monitor_settings(monitor, file, text, diags);
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

/// The monitoring thresholds of `monitor`, each left at its default when
/// absent; every bad value is reported at its key, and the defaults are
/// kept for the rest of the load.
fn monitor_settings(doc: &MonitorDoc, file: &str, text: &str, diags: &mut Diagnostics) -> MonitorSettings {
    let defaults = MonitorSettings::default();
    // Keys of `monitor` are found after the key `monitor`, so that a
    // same-named key elsewhere in the file is not taken for them.
    let monitor_at = key_offset(text, "monitor").unwrap_or(0);
    let at = |key: &str| {
        key_offset(&text[monitor_at..], key)
            .map_or_else(|| line_column(text, monitor_at), |o| line_column(text, monitor_at + o))
    };
    let mut error = |key: &str, message: String, hint: &str| {
        let (line, column) = at(key);
        diags.error(file, line, message).column(column).hint(hint);
    };
    let mut out = defaults;
    let decline = doc.decline.as_ref();
    let percent = |value: Option<f64>, default: f64| value.map_or(default, |v| v / 100.0);
    let levels = DeclineLevels {
        yellow: percent(decline.and_then(|d| d.yellow), defaults.decline.yellow),
        orange: percent(decline.and_then(|d| d.orange), defaults.decline.orange),
        red: percent(decline.and_then(|d| d.red), defaults.decline.red),
    };
    let ordered =
        -1.0 <= levels.red && levels.red < levels.orange && levels.orange < levels.yellow && levels.yellow < 0.0;
    if ordered {
        out.decline = levels;
    } else {
        let shown = |v: f64| format!("{}", v * 100.0);
        error(
            "decline",
            format!(
                "monitor.decline levels must fall from yellow to red between 0 and -100 (percent), got yellow {}, orange {}, red {}",
                shown(levels.yellow),
                shown(levels.orange),
                shown(levels.red)
            ),
            "the defaults are yellow -20, orange -30, red -50: a firm whose year-to-date output fell by 20 % or more is yellow",
        );
    }
    let above = doc.above_scale_line.unwrap_or(defaults.above_scale_line);
    if above.is_finite() && above > 0.0 && above <= MAX_AMOUNT {
        out.above_scale_line = above;
    } else {
        error(
            "above_scale_line",
            format!("monitor.above_scale_line must be a positive number of 万元 up to {MAX_AMOUNT}, got {above}"),
            "the default is 2000 (万元 of revenue in twelve months)",
        );
    }
    let nurture = doc.nurture_line.unwrap_or(defaults.nurture_line);
    if nurture.is_finite() && nurture > 0.0 && nurture <= out.above_scale_line {
        out.nurture_line = nurture;
    } else {
        error(
            "nurture_line",
            format!(
                "monitor.nurture_line must be a positive number no higher than the above-scale line {}, got {nurture}",
                out.above_scale_line
            ),
            "the default is 1500 (万元 of revenue in twelve months)",
        );
    }
    out
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
    fn monitor_settings_in_percent_with_defaults() {
        let mut diags = Diagnostics::default();
        let text = r#"{"monitor": {"decline": {"yellow": -15}, "nurture_line": 1200}}"#;
        let region = parse_region("region.json", text, &mut diags);
        assert!(!diags.has_errors());
        let m = region.monitor;
        assert!((m.decline.yellow + 0.15).abs() < 1e-12);
        assert!((m.decline.orange + 0.3).abs() < 1e-12);
        assert!((m.decline.red + 0.5).abs() < 1e-12);
        assert!((m.above_scale_line - 2000.0).abs() < 1e-12 && (m.nurture_line - 1200.0).abs() < 1e-12);
        assert_eq!(parse_region("r", "{}", &mut diags).monitor, MonitorSettings::default());
    }

    #[test]
    fn bad_monitor_settings_name_their_key() {
        let mut diags = Diagnostics::default();
        let text = "{\n  \"name\": \"x\",\n  \"monitor\": {\n    \"decline\": {\"yellow\": -40},\n    \"above_scale_line\": 0,\n    \"nurture_line\": 3000\n  }\n}";
        let region = parse_region("region.json", text, &mut diags);
        assert_eq!(region.monitor, MonitorSettings::default());
        let lines: Vec<String> = diags.into_sorted().iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(lines[0].starts_with("region.json:4:16: error: monitor.decline levels must fall"), "{}", lines[0]);
        assert!(lines[1].starts_with("region.json:5:25: error: monitor.above_scale_line must be"), "{}", lines[1]);
        assert!(lines[2].starts_with("region.json:6:21: error: monitor.nurture_line must be"), "{}", lines[2]);
        let mut diags = Diagnostics::default();
        parse_region("region.json", r#"{"monitor": {"decline": {"amber": -25}}}"#, &mut diags);
        let d = diags.into_sorted();
        assert!(d[0].hint.as_deref().is_some_and(|h| h.starts_with("monitor takes decline")), "{}", d[0]);
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
