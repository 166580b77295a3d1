//! A progress bar on stderr for long steps, hidden when stderr is not a terminal.

use std::io::IsTerminal;

use clientgrade_data::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws one bar per step with indicatif.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar that draws only when stderr is a terminal.
    pub fn new() -> Bar {
        let bar = ProgressBar::hidden();
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        Bar { bar }
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
