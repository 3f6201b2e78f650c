//! A table of any bytes as XLSX: never a panic, never an abort.
#![no_main]

mod common;

use chainmap::load::Reading;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = common::load_with_table(data, "xlsx", Reading::Parallel);
});
