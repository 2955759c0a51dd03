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

fn main() {
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
