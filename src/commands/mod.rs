//! One file per subcommand, picked by a single `match`.

pub mod diff;
pub mod evaluate;
pub mod explain;
pub mod generate;
pub mod init;
pub mod inspect;
pub mod progress;
pub mod run;

use crate::cli::{Cli, Command};
use crate::exit::ExitStatus;

/// Runs the parsed command line.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Inspect(args) => inspect::inspect(&args, cli.quiet),
        Command::Run(args) => run::run(&args, cli.quiet),
        Command::Init(args) => init::init(&args, cli.quiet),
        Command::Explain(args) => explain::explain(&args, cli.quiet),
        Command::Evaluate(args) => evaluate::evaluate(&args, cli.quiet),
        Command::Generate(args) => generate::generate(&args, cli.quiet),
        Command::Diff(args) => diff::diff(&args, cli.quiet),
    }
}
