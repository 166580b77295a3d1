//! Fuzz target: amount, date, flag and window parsing on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| clientgrade_data::fuzzing::values(data));
