//! A table of any bytes as JSON: never a panic.
#![no_main]

mod common;

use chainmap::load::Reading;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = common::load_with_table(data, "json", Reading::Parallel);
});
