//! A table of any bytes as CSV, read both ways (in parallel blocks and row
//! by row): never a panic, and both ways say the same.
#![no_main]

mod common;

use chainmap::load::Reading;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(parallel) = common::load_with_table(data, "csv", Reading::Parallel) else { return };
    let row_by_row = common::load_with_table(data, "csv", Reading::RowByRow).unwrap();
    assert_eq!(parallel, row_by_row);
});
