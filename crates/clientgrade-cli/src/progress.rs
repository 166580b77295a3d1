//! A progress bar on stderr for long steps, hidden when stderr is not a terminal; with `--timings`, each step's seconds.

use std::io::IsTerminal;
use std::time::Duration;

use clientgrade_data::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws one bar per reading step with indicatif, cleared when reading
/// ends; prints each step's seconds to stderr when asked for.
pub struct Bar {
    bar: ProgressBar,
    timings: bool,
}

impl Bar {
    /// A bar that draws only when stderr is a terminal; with `timings`, each
    /// finished step's seconds go to stderr.
    pub fn new(timings: bool) -> Bar {
        let bar = ProgressBar::hidden();
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        Bar { bar, timings }
    }
}

/// A step's line of `--timings`.
pub fn timing_line(step: &str, took: Duration) -> String {
    format!("{step:<26}{:>8.3} s", took.as_secs_f64())
}

impl clientgrade::Progress for Bar {
    fn step_done(&mut self, step: &'static str, took: Duration) {
        // reading is the only step with a bar, and it comes first
        self.bar.finish_and_clear();
        if self.timings {
            crate::output::errln(&timing_line(step, took));
        }
    }
}

impl Progress for Bar {
    fn begin(&self, label: &str, total: u64) {
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_style(
            ProgressStyle::with_template("{msg:>24} [{bar:30}] {percent:>3}% {elapsed}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        self.bar.set_message(label.to_string());
    }

    fn advance_to(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn end(&self) {
        self.bar.set_position(self.bar.length().unwrap_or(0));
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
