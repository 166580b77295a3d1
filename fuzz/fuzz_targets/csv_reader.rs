//! Fuzz target: the CSV reader on arbitrary bytes (accounting, line numbers, parts equal a whole read).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // the input goes through a file, as the reader reads files
    let dir = std::env::temp_dir();
    clientgrade_data::fuzzing::csv_reader(data, &dir);
});
