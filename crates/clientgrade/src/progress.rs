//! What a run reports while it works: the reader's progress and each finished step.

use std::time::{Duration, Instant};

use clientgrade_data::{NoProgress, Progress as ReadProgress};

/// Reports the progress of a run: the reader's long steps (inherited from
/// [`clientgrade_data::Progress`]: a bar for bytes or rows) and, after each
/// step of the pipeline, its name and duration. The command draws a bar and
/// prints the durations with `--timings`; a server or a test passes
/// [`NoProgress`].
pub trait Progress: ReadProgress {
    /// A step ended: `step` is one of the [`STEPS`], `took` how long it ran.
    /// Reading ends before any other step (a bar can be cleared then).
    fn step_done(&mut self, step: &'static str, took: Duration) {
        let _ = (step, took);
    }
}

impl Progress for NoProgress {}

/// The steps of [`crate::run`], in order; the earlier date's grading and the
/// movement are only run with a date to compare to.
pub const STEPS: [&str; 6] = [
    "reading and aggregating",
    "grading",
    "lifetime model",
    "grading the earlier date",
    "movement",
    "ideal customer profile",
];

/// Times the steps of one run, keeps them and reports each as it ends.
pub(crate) struct Clock {
    lap: Instant,
    pub(crate) laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    pub(crate) fn new() -> Clock {
        Clock {
            lap: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// `step` ended now.
    pub(crate) fn lap(&mut self, step: &'static str, progress: &mut dyn Progress) {
        let took = self.lap.elapsed();
        self.laps.push((step, took));
        progress.step_done(step, took);
        self.lap = Instant::now();
    }
}
