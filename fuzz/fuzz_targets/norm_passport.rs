#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| reconcile_fuzz::passport(data));
