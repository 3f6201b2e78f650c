//! Synthetic region and tables: counties and parks, the firm roster, the
//! candidate pool, projects and problems, written row by row.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::chains::{ChainPlan, Profile, json_string};
use super::rng::Rng;
use super::vocab::{
    CANDIDATE_TAGS, COUNTY_SUFFIXES, FIRM_SUFFIXES, FIRM_TAGS, HOME_REGIONS, PARK_SUFFIXES, PREFERENCES, PROBLEMS,
    SYLLABLES,
};
use crate::load::keys::id_hash;
use crate::load::uscc::check_character;
use crate::model::Date;

/// A county of the synthetic region.
#[derive(Debug, Clone)]
pub struct CountyPlan {
    pub name: String,
    /// The name without its 县/区/市, for firm and park names.
    pub stem: String,
    pub code: String,
    /// Indices into `RegionPlan::parks`.
    pub parks: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct RegionPlan {
    pub counties: Vec<CountyPlan>,
    /// Park names and their county.
    pub parks: Vec<(String, usize)>,
}

/// A region with a county for every four chains (4 to 40), each with up to two parks.
#[must_use]
pub fn plan_region(seed: u64, chains: usize) -> RegionPlan {
    let mut rng = Rng::new(seed, 1);
    let count = (4 + chains / 4).min(40);
    let mut counties: Vec<CountyPlan> = Vec::with_capacity(count);
    let mut parks = Vec::new();
    while counties.len() < count {
        let stem = format!("{}{}", rng.pick(SYLLABLES), rng.pick(SYLLABLES));
        if counties.iter().any(|c| c.stem == stem) || stem.chars().next() == stem.chars().nth(1) {
            continue;
        }
        let i = counties.len();
        let name = format!("{stem}{}", rng.pick(COUNTY_SUFFIXES));
        let code = format!("61{:02}{:02}", 1 + i / 9, 1 + i % 9);
        let mut own = Vec::new();
        for suffix in PARK_SUFFIXES.iter().take(rng.below(3)) {
            own.push(parks.len());
            parks.push((format!("{stem}{suffix}"), i));
        }
        counties.push(CountyPlan { name, stem, code, parks: own });
    }
    RegionPlan { counties, parks }
}

#[must_use]
pub fn region_json(region: &RegionPlan) -> String {
    let mut out = String::from("{\n  \"name\": \"示例省\",\n  \"name_en\": \"Synthetic province\",\n  \"counties\": [");
    for (i, county) in region.counties.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str("{\"name\": ");
        json_string(&mut out, &county.name);
        let _ = write!(out, ", \"code\": \"{}\"}}", county.code);
    }
    out.push_str("\n  ],\n  \"parks\": [");
    for (i, (park, county)) in region.parks.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str("{\"name\": ");
        json_string(&mut out, park);
        out.push_str(", \"county\": ");
        json_string(&mut out, &region.counties[*county].name);
        out.push('}');
    }
    out.push_str(if region.parks.is_empty() { "],\n" } else { "\n  ],\n" });
    out.push_str("  \"min_strong_firms\": 2,\n  \"region_preference\": [");
    for (i, p) in PREFERENCES.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_string(&mut out, p);
    }
    out.push_str("]\n}\n");
    out
}

/// A link of the dataset: chain index and link index.
type At = (usize, usize);

/// The links of every chain grouped by what kind of firm may be placed there.
struct Pools {
    open: Vec<At>,
    weak: Vec<At>,
    halted_only: Vec<At>,
    sparse: Vec<At>,
    /// Links a candidate is most useful at: missing and weak ones.
    gaps: Vec<At>,
    all: Vec<At>,
}

impl Pools {
    fn new(chains: &[ChainPlan]) -> Self {
        let mut pools =
            Pools { open: vec![], weak: vec![], halted_only: vec![], sparse: vec![], gaps: vec![], all: vec![] };
        for (c, chain) in chains.iter().enumerate() {
            for (l, link) in chain.links.iter().enumerate() {
                let at = (c, l);
                pools.all.push(at);
                match link.profile {
                    Profile::Open => pools.open.push(at),
                    Profile::WeakDense => pools.weak.push(at),
                    Profile::HaltedOnly => pools.halted_only.push(at),
                    Profile::Sparse => pools.sparse.push(at),
                    Profile::Empty => {}
                }
                if link.profile != Profile::Open {
                    pools.gaps.push(at);
                }
            }
        }
        pools
    }
}

/// The kinds of local firm, which decide where a firm may work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// An active above-scale leader (链主).
    Leader,
    /// An active above-scale firm.
    AboveScale,
    /// An active small firm.
    Small,
    /// A halted firm.
    Halted,
}

impl Class {
    fn fits(self, profile: Profile) -> bool {
        match self {
            Class::Leader | Class::AboveScale => profile == Profile::Open,
            Class::Small | Class::Halted => matches!(profile, Profile::Open | Profile::WeakDense),
        }
    }
}

/// The symbols of the credit code, in value order.
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// 31^8: how many distinct organisation code bodies there are.
const BODIES: u64 = 852_891_037_441;
/// Spreads consecutive firm numbers over the bodies; coprime with 31, so a bijection.
const SPREAD: u64 = 0x9E37_79B1;

/// A Unified Social Credit Code for firm number `n` in `county_code`: the
/// organisation code (positions 9–17) carries its own GB 11714 check digit,
/// and the 18th character is the GB 32100 check character.
fn credit_code(n: u64, offset: u64, county_code: &str, cooperative: bool) -> String {
    let mut v = (n.wrapping_mul(SPREAD) % BODIES + offset) % BODIES;
    let mut body = [0u8; 8];
    for b in body.iter_mut().rev() {
        *b = USCC_ALPHABET[usize::try_from(v % 31).expect("< 31")];
        v /= 31;
    }
    // GB 11714: weights 3 7 9 10 5 8 4 2, digit values 0–9, letters A=10 … Z=35.
    let sum: u32 = body
        .iter()
        .zip([3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(&b, w)| w * if b.is_ascii_digit() { u32::from(b - b'0') } else { u32::from(b - b'A') + 10 })
        .sum();
    let org_check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).expect("digit"),
    };
    let mut code = String::with_capacity(18);
    code.push_str(if cooperative { "93" } else { "91" });
    code.push_str(county_code);
    code.push_str(std::str::from_utf8(&body).expect("ASCII"));
    code.push(org_check);
    let check = check_character(&code).expect("valid characters");
    code.push(check);
    code
}

/// A table cell for a chain or link: its id, or now and then its name.
fn place_cells(chains: &[ChainPlan], (c, l): At, by_name: bool) -> (&str, &str) {
    let chain = &chains[c];
    if by_name { (&chain.name, &chain.links[l].name) } else { (&chain.id, &chain.links[l].id) }
}

/// Writes one row per link of a record: `prefix`, chain, link, `suffix`
/// (which ends the line). About one row in ten names the chain and link by
/// name instead of id, as analysts' rosters do.
fn write_rows(
    out: &mut dyn Write,
    line: &mut String,
    prefix: &str,
    suffix: &str,
    links: &[At],
    chains: &[ChainPlan],
    rng: &mut Rng,
) -> io::Result<()> {
    for &at in links {
        let (chain, link) = place_cells(chains, at, rng.percent(10));
        line.clear();
        line.push_str(prefix);
        line.push_str(chain);
        line.push(',');
        line.push_str(link);
        line.push_str(suffix);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Up to `extra` more links for a record already at `first`: graph
/// neighbours in the same chain mostly, else links drawn from `pool`, all
/// accepted by `fits`.
fn more_links(
    rng: &mut Rng,
    chains: &[ChainPlan],
    first: At,
    extra: usize,
    pool: &[At],
    fits: &dyn Fn(At) -> bool,
) -> Vec<At> {
    let mut out = vec![first];
    for _ in 0..extra * 3 {
        if out.len() > extra {
            break;
        }
        let (c, l) = out[rng.below(out.len())];
        let near = &chains[c].neighbours[l];
        let at = if !near.is_empty() && rng.percent(70) { (c, *rng.pick(near)) } else { *rng.pick(pool) };
        if fits(at) && !out.contains(&at) {
            out.push(at);
        }
    }
    out
}

/// What was written, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub records: usize,
    pub rows: usize,
}

const FIRM_HEADER: &str = "firm_id,name,chain,link,county,park,above_scale,role,status,output,employees,tags\n";

/// A firm of no reserved link: its class, drawn by weight, and its links
/// (at most `left`), drawn from the pool its class may work in.
fn draw_firm(rng: &mut Rng, pools: &Pools, chains: &[ChainPlan], left: usize) -> (Vec<At>, Class) {
    let class = match rng.weighted(&[3, 22, 65, 10]) {
        0 => Class::Leader,
        1 => Class::AboveScale,
        2 => Class::Small,
        _ => Class::Halted,
    };
    let pool = match class {
        Class::Leader | Class::AboveScale => &pools.open,
        Class::Small | Class::Halted => {
            if pools.weak.is_empty() || rng.percent(75) {
                &pools.open
            } else {
                &pools.weak
            }
        }
    };
    let extra = (rng.weighted(&[80, 15, 5])).min(left - 1);
    let first = *rng.pick(pool);
    let fits = |(c, l): At| class.fits(chains[c].links[l].profile);
    let links = more_links(rng, chains, first, extra, pool, &fits);
    (links, class)
}

/// A firm's figures as its class makes them likely: role and status as
/// indices into their words, output, employees, and the percent chance
/// that it carries tags.
struct Figures {
    above: bool,
    role: usize,
    status: usize,
    output: u64,
    employees: u64,
    tag_percent: u64,
}

fn figures(rng: &mut Rng, class: Class) -> Figures {
    let (above, role, status, output, employees, tag_percent) = match class {
        Class::Leader => {
            let status = rng.weighted(&[85, 15]);
            (true, 0, status, rng.range(50_000, 2_000_000), rng.range(300, 20_000), 60)
        }
        Class::AboveScale => {
            let role = if rng.percent(65) { 1 } else { 2 };
            let status = rng.weighted(&[85, 15]);
            (true, role, status, rng.range(2_000, 100_000), rng.range(50, 3_000), 30)
        }
        Class::Small => {
            let role = if rng.percent(85) { 2 } else { 1 };
            let status = rng.weighted(&[88, 12]);
            (false, role, status, rng.range(30, 1_999), rng.range(3, 300), 8)
        }
        Class::Halted => {
            let role = if rng.percent(70) { 2 } else { 1 };
            (rng.percent(30), role, 2, rng.range(0, 3_000), rng.range(0, 200), 0)
        }
    };
    Figures { above, role, status, output, employees, tag_percent }
}

/// One or two distinct firm tags, with `percent` chance; else none.
fn firm_tags(rng: &mut Rng, percent: u64) -> Vec<&'static str> {
    let mut tags: Vec<&str> = Vec::new();
    if rng.percent(percent) {
        for _ in 0..rng.range(1, 2) {
            let tag = *rng.pick(FIRM_TAGS);
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// What the monthly table needs of a firm of the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirmSketch {
    pub above_scale: bool,
    pub halted: bool,
    /// The yearly output drawn for it (written to the roster 95 times in 100).
    pub output: u64,
}

/// Writes the firm roster: exactly `rows` rows. Returns the firm ids (for
/// partners, problems and the monthly table), a sketch of each firm (for
/// the monthly table) and the counts.
pub fn write_firms(
    out: &mut dyn Write,
    seed: u64,
    rows: usize,
    chains: &[ChainPlan],
    region: &RegionPlan,
) -> io::Result<(Vec<String>, Vec<FirmSketch>, Written)> {
    let mut rng = Rng::new(seed, 2);
    let offset = rng.range(0, BODIES - 1);
    let pools = Pools::new(chains);
    let mut ids: Vec<String> = Vec::new();
    let mut sketches: Vec<FirmSketch> = Vec::new();
    let mut names_taken: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
    let mut left = rows;
    let mut line = String::with_capacity(256);
    let mut prefix = String::with_capacity(128);
    let mut suffix = String::with_capacity(128);
    out.write_all(FIRM_HEADER.as_bytes())?;

    // First the links meant to be missing with halted firms and weak with
    // one small firm, then everything else.
    let reserved = pools
        .halted_only
        .iter()
        .map(|&at| (at, Class::Halted))
        .chain(pools.sparse.iter().map(|&at| (at, Class::Small)));
    let mut reserved: Vec<(At, Class)> = reserved.collect();
    rng.shuffle(&mut reserved);
    let mut reserved = reserved.into_iter();
    while left > 0 {
        let (links, class) = if let Some((at, class)) = reserved.next() {
            (vec![at], class)
        } else {
            draw_firm(&mut rng, &pools, chains, left)
        };
        let n = ids.len() as u64;
        let county = rng.below(region.counties.len());
        let county_plan = &region.counties[county];
        let suffix_word =
            if class == Class::Small && rng.percent(10) { "专业合作社" } else { *rng.pick(&FIRM_SUFFIXES[..4]) };
        let id = if rng.percent(5) {
            format!("QY{:08}", n + 1)
        } else {
            credit_code(n, offset, &county_plan.code, suffix_word == "专业合作社")
        };
        let product = chains[links[0].0].links[links[0].1].product;
        let name = format!("{}{}{}{product}{suffix_word}", county_plan.stem, rng.pick(SYLLABLES), rng.pick(SYLLABLES));
        // Registered names are unique, and the loader warns of one name
        // under two ids: a drawn name already taken gets the firm's number.
        let name = if names_taken.insert(id_hash(&name)) { name } else { format!("{name}{}号", n + 1) };
        let park =
            (!county_plan.parks.is_empty() && rng.percent(30)).then(|| &region.parks[*rng.pick(&county_plan.parks)].0);
        let zh = rng.percent(20);
        let yes_no = |b: bool| match (b, zh) {
            (true, false) => "yes",
            (false, false) => "no",
            (true, true) => "是",
            (false, true) => "否",
        };
        let Figures { above, role, status, output, employees, tag_percent } = figures(&mut rng, class);
        let halted = status == 2;
        let role = if zh { ["链主", "骨干", "配套"][role] } else { ["leader", "backbone", "supporting"][role] };
        let status =
            if zh { ["正常", "减产", "停产"][status] } else { ["operating", "reduced", "halted"][status] };
        let tags = firm_tags(&mut rng, tag_percent);
        prefix.clear();
        let _ = write!(prefix, "{id},{name},");
        suffix.clear();
        let _ = write!(
            suffix,
            ",{},{},{},{role},{status},",
            county_plan.name,
            park.map_or("", String::as_str),
            yes_no(above)
        );
        if rng.percent(95) {
            let _ = write!(suffix, "{output}");
        }
        suffix.push(',');
        if rng.percent(95) {
            let _ = write!(suffix, "{employees}");
        }
        suffix.push(',');
        suffix.push_str(&tags.join(";"));
        suffix.push('\n');
        write_rows(out, &mut line, &prefix, &suffix, &links, chains, &mut rng)?;
        left -= links.len();
        ids.push(id);
        sketches.push(FirmSketch { above_scale: above, halted, output });
    }
    let records = ids.len();
    Ok((ids, sketches, Written { records, rows }))
}

const CANDIDATE_HEADER: &str = "candidate_id,name,region,chain,link,revenue,tags,partners,stage\n";

/// Writes the candidate pool: exactly `rows` rows, partners drawn from `firm_ids`.
pub fn write_candidates(
    out: &mut dyn Write,
    seed: u64,
    rows: usize,
    chains: &[ChainPlan],
    firm_ids: &[String],
) -> io::Result<Written> {
    let mut rng = Rng::new(seed, 3);
    let pools = Pools::new(chains);
    out.write_all(CANDIDATE_HEADER.as_bytes())?;
    let mut left = rows;
    let mut records = 0;
    let mut prefix = String::with_capacity(128);
    let mut suffix = String::with_capacity(256);
    let mut line = String::with_capacity(384);
    while left > 0 {
        records += 1;
        let first =
            if pools.gaps.is_empty() || rng.percent(30) { *rng.pick(&pools.all) } else { *rng.pick(&pools.gaps) };
        let extra = rng.weighted(&[70, 20, 10]).min(left - 1);
        let same_chain: Vec<At> = (0..chains[first.0].links.len()).map(|l| (first.0, l)).collect();
        let links = more_links(&mut rng, chains, first, extra, &same_chain, &|_| true);
        let home = rng.percent(95).then(|| *rng.pick(HOME_REGIONS));
        let product = chains[first.0].links[first.1].product;
        let city = home.map_or("", |h| h.get(6..).filter(|c| !c.is_empty()).unwrap_or(h));
        let name =
            format!("{city}{}{}{product}{}", rng.pick(SYLLABLES), rng.pick(SYLLABLES), rng.pick(&FIRM_SUFFIXES[..4]));
        let tier = rng.weighted(&[40, 35, 20, 5]);
        let revenue = match tier {
            0 => rng.range(300, 5_000),
            1 => rng.range(5_000, 100_000),
            2 => rng.range(100_000, 2_000_000),
            _ => rng.range(2_000_000, 50_000_000),
        };
        let mut tags: Vec<&str> = Vec::new();
        let tag_count = [rng.range(0, 1), rng.range(0, 1), rng.range(1, 2), rng.range(1, 3)][tier];
        for _ in 0..tag_count {
            let tag = if tier >= 2 { *rng.pick(&CANDIDATE_TAGS[..3]) } else { *rng.pick(&CANDIDATE_TAGS[3..]) };
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let mut partners: Vec<&str> = Vec::new();
        if !firm_ids.is_empty() && rng.percent(40) {
            for _ in 0..rng.range(1, 3) {
                let p = rng.pick(firm_ids).as_str();
                if !partners.contains(&p) {
                    partners.push(p);
                }
            }
        }
        let stage = rng.weighted(&[40, 25, 15, 12, 8]);
        let stage = if rng.percent(20) {
            ["未接触", "已接洽", "有意向", "洽谈中", "已签约"][stage]
        } else {
            ["none", "contacted", "intent", "negotiating", "signed"][stage]
        };
        prefix.clear();
        let _ = write!(prefix, "ZS{records:07},{name},{},", home.unwrap_or(""));
        suffix.clear();
        suffix.push(',');
        if rng.percent(95) {
            let _ = write!(suffix, "{revenue}");
        }
        let _ = writeln!(suffix, ",{},{},{stage}", tags.join(";"), partners.join(";"));
        write_rows(out, &mut line, &prefix, &suffix, &links, chains, &mut rng)?;
        left -= links.len();
    }
    Ok(Written { records, rows })
}

/// Writes four key projects per chain, some at two links.
pub fn write_projects(
    out: &mut dyn Write,
    seed: u64,
    chains: &[ChainPlan],
    region: &RegionPlan,
) -> io::Result<Written> {
    let mut rng = Rng::new(seed, 4);
    out.write_all(b"project_id,name,chain,link,county,investment,stage,year\n")?;
    let mut written = Written::default();
    for (c, chain) in chains.iter().enumerate() {
        for _ in 0..4 {
            written.records += 1;
            let first = (c, rng.below(chain.links.len()));
            let same_chain: Vec<At> = (0..chain.links.len()).map(|l| (c, l)).collect();
            let extra = usize::from(rng.percent(15));
            let links = more_links(&mut rng, chains, first, extra, &same_chain, &|_| true);
            let county = rng.pick(&region.counties);
            let link = &chain.links[first.1];
            let name = format!("{}{}项目", county.stem, link.name);
            let investment = rng.range(1_000, 500_000);
            let stage = *rng.pick(&["planned", "construction", "completed", "producing"]);
            let year = rng.range(2023, 2027);
            for &at in &links {
                let (chain_cell, link_cell) = place_cells(chains, at, false);
                writeln!(
                    out,
                    "XM{:05},{name},{chain_cell},{link_cell},{},{investment},{stage},{year}",
                    written.records, county.name
                )?;
                written.rows += 1;
            }
        }
    }
    Ok(written)
}

/// A date `days` (fewer than 540) after 2025-01-01.
fn date_after(days: u64) -> Date {
    let days = i32::try_from(days).expect("fewer than 540 days");
    Date::new(2025, 1, 1).and_then(|start| start.plus_days(days)).expect("a day of 2025 or 2026")
}

/// Writes problems of random firms: one per ten firms, at most eight per chain.
pub fn write_problems(out: &mut dyn Write, seed: u64, chains: usize, firm_ids: &[String]) -> io::Result<Written> {
    let mut rng = Rng::new(seed, 5);
    out.write_all(b"firm_id,category,description,status,reported\n")?;
    let count = (firm_ids.len() / 10).min(chains * 8);
    for _ in 0..count {
        let firm = rng.pick(firm_ids);
        let (category, description) = rng.pick(PROBLEMS);
        let status = if rng.percent(60) { "open" } else { "resolved" };
        writeln!(out, "{firm},{category},{description},{status},{}", date_after(rng.range(0, 540)))?;
    }
    Ok(Written { records: count, rows: count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::uscc::check;

    #[test]
    fn credit_codes_are_valid_and_distinct() {
        let mut seen = rustc_hash::FxHashSet::default();
        for n in 0..5_000 {
            let code = credit_code(n, 123_456_789, "610902", n % 7 == 0);
            assert_eq!(code.len(), 18);
            assert_eq!(check(&code), Ok(()), "{code}");
            assert!(seen.insert(code[8..17].to_owned()), "{code}");
        }
        assert_ne!(SPREAD % 31, 0);
    }

    #[test]
    fn dates() {
        assert_eq!(date_after(0).to_string(), "2025-01-01");
        assert_eq!(date_after(31 + 28).to_string(), "2025-03-01");
        assert_eq!(date_after(365 + 31 + 28).to_string(), "2026-03-01");
    }
}
