//! The `reconcile` binary: parse the command line, run the command, print any error once with
//! its whole chain, and map the outcome to an exit code.

use clap::Parser;
use reconcile::cli::Cli;
use reconcile::exit::ExitStatus;

/// mimalloc instead of the system allocator: a big run allocates and frees hundreds of millions
/// of small strings (normalised fields, blocking keys, spreadsheet cells) from two threads, and
/// glibc's malloc spent a tenth of a million-row run in its own bookkeeping (see
/// docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same index in its v2 and v3 headers; the Rust binding
/// has no name for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Stops mimalloc from returning freed pages to the kernel. A run frees each stage's data just
/// before the next stage allocates as much again; by default mimalloc gives the pages back after
/// a second and the kernel zeroes them afresh on the next touch (7 % of a million-row run's CPU
/// samples). Kept, they cost some peak memory instead: at 100,000 rows 55,000 page faults become
/// 630 and the run is about 5 % faster for 25 MB more; at a million rows the peak grows from 3.4
/// to 3.9 GB, still inside the 4 GiB target (docs/benchmarks.md). `MIMALLOC_PURGE_DELAY` in the
/// environment still takes precedence, for a machine short of memory.
fn keep_freed_pages() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option of the allocator; valid at any time.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
}

fn main() {
    keep_freed_pages();
    reconcile::ingest::excel::quiet_panic_hook();
    let cli = Cli::parse();
    let status = match reconcile::commands::dispatch(cli) {
        Ok(status) => status,
        Err(err) => {
            // A closed pipe (`reconcile inspect … | head`) is not a failure.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                ExitStatus::Success
            } else {
                let mut message = format!("error: {err}");
                for cause in err.chain().skip(1) {
                    message.push_str(&format!("\n  caused by: {cause}"));
                }
                eprintln!("{message}");
                ExitStatus::Failure
            }
        }
    };
    std::process::exit(status.code());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_pages_are_kept_unless_the_environment_decides() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads one integer option of the allocator.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // mimalloc v3's default purge delay, 1000 ms (options.c): index 15 is that option.
        assert_eq!(get(), 1000);
        keep_freed_pages();
        assert_eq!(get(), -1);
    }
}
