//! Integration tests: run the real `reconcile` binary on the files in `fixtures/` and `tests/data/`.
//! One module per subcommand; `util` holds the temp-dir and CSV helpers.

mod bad_input;
mod conflicts;
mod diff;
mod generate;
mod init;
mod inspect;
mod link;
mod parquet;
mod reports;
mod run;
mod util;
