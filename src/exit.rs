//! Process exit codes, in one place. They are a contract with cron jobs and scripts (README).

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything ran.
    Success,
    /// Something went wrong: an unreadable input, an unwritable output, a bad config.
    Failure,
    /// The command line was wrong (clap reports these itself with the same code).
    Usage,
    /// `--fail-on` was given and conflicts of at least that severity were found.
    ConflictsFound,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::ConflictsFound => 3,
        }
    }
}
