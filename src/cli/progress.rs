//! A progress bar for long loads, on stderr when it is a terminal; nothing
//! at all when stderr is piped or redirected.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::load::LoadProgress;

/// Datasets smaller than this load too fast for a bar to help.
const SHOW_FROM_BYTES: u64 = 8 << 20;

/// Shows the progress of a load as a bar of bytes read.
pub struct LoadBar {
    bar: ProgressBar,
    terminal: bool,
}

impl LoadBar {
    /// A bar that appears when the load starts, if stderr is a terminal and
    /// the dataset is large.
    #[must_use]
    pub fn new() -> Self {
        Self { bar: ProgressBar::hidden(), terminal: std::io::stderr().is_terminal() }
    }
}

impl Default for LoadBar {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a load of `total` bytes shows a bar.
fn shows(total: u64, terminal: bool) -> bool {
    terminal && total >= SHOW_FROM_BYTES
}

impl LoadProgress for LoadBar {
    fn start(&self, total: u64) {
        if !shows(total, self.terminal) {
            return;
        }
        self.bar.set_length(total);
        self.bar.set_style(
            ProgressStyle::with_template("{msg:24!} [{bar:32}] {binary_bytes:>9}/{binary_total_bytes} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        self.bar.set_message("loading");
        self.bar.set_draw_target(ProgressDrawTarget::stderr());
    }

    fn file(&self, file: &str) {
        let name = std::path::Path::new(file).file_name().map_or(file.into(), |n| n.to_string_lossy());
        self.bar.set_message(format!("loading {name}"));
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_loads_on_a_terminal() {
        assert!(shows(100 << 20, true));
        assert!(!shows(100 << 20, false));
        assert!(!shows(1 << 20, true));
    }

    #[test]
    fn a_bar_without_a_terminal_stays_hidden() {
        let bar = LoadBar { bar: ProgressBar::hidden(), terminal: false };
        bar.start(1 << 30);
        bar.file("chains/firms.csv");
        bar.advance(1 << 20);
        assert!(bar.bar.is_hidden());
        bar.finish();
    }
}
