//! A chain file of any bytes: parsed or reported, never a panic.
#![no_main]

use chainmap::load::Diagnostics;
use chainmap::load::chain_file::parse_chain;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut diags = Diagnostics::default();
    let chain = parse_chain("f.json", text, &mut diags);
    // A chain comes back exactly when nothing was wrong with it.
    assert_eq!(chain.is_some(), !diags.has_errors());
    for d in diags.into_sorted() {
        let _ = d.to_string();
    }
});
