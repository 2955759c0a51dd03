//! Replays every committed fuzz input through the same entry points as the fuzz targets (no
//! fuzzing, just the inputs), so that `cargo test` catches a regression on any of them without
//! the nightly-only fuzzing build. Inputs: the minimised corpora under `fuzz/corpus/<target>/`
//! and the crash/hang reproducers under `tests/data/fuzz/<target>/`.

#[path = "../fuzz/src/entry.rs"]
#[allow(dead_code)]
mod entry;

use std::path::Path;

/// What a fuzz target does with one input.
type EntryPoint = fn(&[u8]);

/// Whether an input may raise a panic that the workbook reader's guard catches.
#[derive(Clone, Copy, PartialEq)]
enum GuardedPanics {
    /// No: under libFuzzer such a panic aborts the target, so it is a finding to fix.
    Refused,
    /// Yes: the `read_xlsb` target runs with the binary's quiet hook (calamine's `.xlsb` parser
    /// panics on many damaged records, and the guard reports the file as damaged), so only an
    /// uncaught panic is a finding.
    Tolerated,
}

/// The fuzz targets, the entry point each one calls, and whether guarded panics are findings.
const TARGETS: &[(&str, EntryPoint, GuardedPanics)] = &[
    ("read_csv", entry::csv, GuardedPanics::Refused),
    ("read_workbook", entry::workbook, GuardedPanics::Refused),
    ("read_xlsb", entry::xlsb, GuardedPanics::Tolerated),
    ("norm_name", entry::name, GuardedPanics::Refused),
    ("norm_company", entry::company, GuardedPanics::Refused),
    ("norm_passport", entry::passport, GuardedPanics::Refused),
    ("norm_nik", entry::nik, GuardedPanics::Refused),
    ("norm_date", entry::date, GuardedPanics::Refused),
    (
        "norm_nationality",
        entry::nationality,
        GuardedPanics::Refused,
    ),
    ("norm_sex", entry::sex, GuardedPanics::Refused),
    ("norm_address", entry::address, GuardedPanics::Refused),
    ("norm_place_date", entry::place_date, GuardedPanics::Refused),
    ("norm_record", entry::record, GuardedPanics::Refused),
];

thread_local! {
    /// Panics raised on this thread, caught or not.
    static PANICS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts every panic, including one the workbook reader's guard catches and reports as a
/// damaged file: under libFuzzer such a panic aborts the fuzzer, so a replayed input must not
/// raise one either.
fn count_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|p| p.set(p.get() + 1));
            previous(info);
        }));
    });
}

/// Runs every file of `dir/<target>/` through the target's entry point; returns how many ran.
fn replay(dir: &Path, target: &str, run: EntryPoint, guarded: GuardedPanics) -> usize {
    count_panics();
    let Ok(entries) = std::fs::read_dir(dir.join(target)) else {
        return 0;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let before = PANICS.with(|p| p.get());
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target} panicked on {}", file.display());
        if guarded == GuardedPanics::Tolerated {
            continue;
        }
        assert_eq!(
            PANICS.with(|p| p.get()),
            before,
            "{target} raised a panic (caught inside) on {}",
            file.display()
        );
    }
    files.len()
}

#[test]
fn committed_fuzz_inputs_replay_without_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for &(target, run, guarded) in TARGETS {
        let corpus = replay(&root.join("fuzz/corpus"), target, run, guarded);
        replay(&root.join("tests/data/fuzz"), target, run, guarded);
        // An empty corpus would make this test pass without checking anything.
        assert!(corpus > 0, "fuzz/corpus/{target} holds no inputs");
    }
}
