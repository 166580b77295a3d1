//! `clientgrade analyze`: flags into settings, the analysis run and written by the library, the summary printed, the exit code.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clientgrade::{Analysis, RunSettings};

use crate::args::AnalyzeArgs;
use crate::output::errln;
use crate::progress::{timing_line, Bar};
use crate::settings::{overrides, resolve, shown};

pub fn run(a: &AnalyzeArgs) -> Result<ExitCode> {
    let flags = overrides(
        &a.sources,
        a.holdout_end.as_deref(),
        a.compare_to.as_deref(),
    );
    let resolved = resolve(&flags, a.sources.config.as_deref())?;
    clientgrade::refuse_overwriting_inputs(&a.out, &resolved)?;
    let done = analyze(&resolved, &a.out, a.timings)?;
    crate::output::out(&summary(&done, &a.out, a.top))?;
    Ok(exit_code(done.decisions(), a.accept_undecided))
}

/// The exit code of a finished analysis: [`crate::check::EXIT_DECISION`]
/// while the data needs a decision nobody took (the figures are biased),
/// unless `--accept-undecided` acknowledges it; the terminal says which.
fn exit_code(decisions: usize, accepted: bool) -> ExitCode {
    if decisions == 0 {
        return ExitCode::SUCCESS;
    }
    let (things, them) = if decisions == 1 {
        ("1 decision", "it")
    } else {
        ("decisions", "them")
    };
    if accepted {
        errln(&format!(
            "note: the data needs {things} (listed at the top and at the end); \
             --accept-undecided was given, so the exit code is 0 and the figures count the rows as read"
        ));
        ExitCode::SUCCESS
    } else {
        errln(&format!(
            "clientgrade: exit code {}: the data needs {things} (listed at the top and at the end); \
             take {them} with the key named in each fix, or pass --accept-undecided to accept the figures as they are",
            crate::check::EXIT_DECISION
        ));
        ExitCode::from(crate::check::EXIT_DECISION)
    }
}

/// Run the analysis and write every output into `out`; with `timings`,
/// the seconds of each step go to stderr.
pub fn analyze(r: &RunSettings, out: &Path, timings: bool) -> Result<Analysis> {
    let start = Instant::now();
    let mut bar = Bar::new(timings);
    let done = clientgrade::run(r, &mut bar)?;
    drop(bar);
    let writing = Instant::now();
    clientgrade::write(&done, out)?;
    if timings {
        errln(&timing_line("writing outputs", writing.elapsed()));
        errln(&timing_line("total", start.elapsed()));
    }
    Ok(done)
}

pub fn summary(a: &Analysis, out: &Path, top: usize) -> String {
    a.terminal_summary(&shown(out), top)
}
