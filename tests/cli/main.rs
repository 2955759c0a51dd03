//! Integration tests: run the real `reconcile` binary on the files in `fixtures/` and `tests/data/`.
//! One module per subcommand; `util` holds the temp-dir and CSV helpers.

mod bad_input;
mod conflicts;
mod crash;
mod diff;
mod evaluate;
mod generate;
mod hostile;
mod init;
mod inspect;
mod link;
mod outputs_safety;
mod parquet;
mod progress;
mod reports;
mod run;
mod util;
