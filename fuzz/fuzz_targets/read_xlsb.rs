#![no_main]

// calamine's panics on damaged `.xlsb` records are caught by the reader's guard, as in the binary
// (see `entry::xlsb`); every other panic still reaches libFuzzer's hook and aborts.
libfuzzer_sys::fuzz_target!(
    init: reconcile::ingest::excel::quiet_panic_hook(),
    |data: &[u8]| reconcile_fuzz::xlsb(data)
);
