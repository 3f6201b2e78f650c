//! A region.json of any bytes: parsed or reported, never a panic.
#![no_main]

use chainmap::load::Diagnostics;
use chainmap::load::region_file::parse_region;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut diags = Diagnostics::default();
    let _ = parse_region("region.json", text, &mut diags);
    for d in diags.into_sorted() {
        let _ = d.to_string();
    }
});
