//! Progress bars on a terminal, silence elsewhere: cron logs never get bar drawings.

use crate::pipeline::Observer;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Whether bars may be drawn: not when quiet, and only when stderr is a terminal.
pub fn drawing(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// A bar over `len` steps, hidden when quiet or when stderr is not a terminal.
pub fn bar(len: u64, what: &str, quiet: bool) -> ProgressBar {
    if !drawing(quiet) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(counted_style());
    bar.set_message(what.to_string());
    bar
}

fn counted_style() -> ProgressStyle {
    match ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})") {
        Ok(style) => style.progress_chars("=> "),
        Err(_) => ProgressStyle::default_bar(),
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// One line on stderr that follows a whole run: a bar for the stages whose steps can be counted
/// (files read, records normalised, outputs written), a spinner for the others (linking,
/// conflicts). Nothing at all is drawn when quiet or when stderr is not a terminal.
pub struct RunProgress {
    bar: Option<ProgressBar>,
}

impl RunProgress {
    pub fn new(quiet: bool) -> RunProgress {
        RunProgress {
            bar: drawing(quiet).then(ProgressBar::no_length),
        }
    }

    /// Removes the line, leaving the terminal as it was.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.disable_steady_tick();
            bar.finish_and_clear();
        }
    }

    /// Shows `message` on the current stage's line (e.g. the output being written).
    pub fn note(&self, message: String) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }
}

impl Observer for RunProgress {
    fn stage(&self, name: &'static str, steps: Option<u64>) {
        let Some(bar) = &self.bar else { return };
        bar.reset();
        match steps {
            Some(n) => {
                bar.disable_steady_tick();
                bar.set_style(counted_style());
                bar.set_length(n);
            }
            None => {
                bar.set_style(spinner_style());
                bar.unset_length();
                bar.enable_steady_tick(Duration::from_millis(120));
            }
        }
        bar.set_message(name);
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_never_draws() {
        // Whatever stderr is, quiet means no bar.
        assert!(!drawing(true));
        assert!(bar(10, "reading", true).is_hidden());
        let progress = RunProgress::new(true);
        assert!(progress.bar.is_none());
        progress.stage("normalising", Some(5));
        progress.advance(5);
        progress.finish();
    }
}
