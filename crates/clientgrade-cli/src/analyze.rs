//! `clientgrade analyze`: load, grade, write the outputs, print the summary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clientgrade_core::movement::{compare, Origin, Snapshot};
use clientgrade_core::{grade, Portfolio};
use clientgrade_data::{load_compared, read_prospects, Loaded, TableKind};
use clientgrade_report::{terminal_summary, write_outputs, RunInfo};

use crate::args::AnalyzeArgs;
use crate::progress::Bar;
use crate::settings::{resolve, shown, Resolved};

pub fn run(a: &AnalyzeArgs) -> Result<ExitCode> {
    let mut resolved = resolve(&a.sources)?;
    refuse_overwriting_inputs(&a.out, &resolved, a.sources.config.as_deref())?;
    if let Some(h) = &a.holdout_end {
        let end = clientgrade_data::parse_as_of(h)
            .map_err(|m| clientgrade_data::DataError::Inputs(format!("--holdout-end: {m}")))?;
        match resolved.as_of {
            Some(as_of) if end > as_of => resolved.holdout_end = Some(end),
            Some(_) => {
                return Err(clientgrade_data::DataError::Inputs(
                    "--holdout-end must be after --as-of (the end of the calibration period)".into(),
                )
                .into())
            }
            None => {
                return Err(clientgrade_data::DataError::Inputs(
                    "--holdout-end needs --as-of: the models are fitted up to as-of and checked on the purchases after it".into(),
                )
                .into())
            }
        }
    }
    if let Some(c) = &a.compare_to {
        resolved.compare_to = Some(
            clientgrade_data::parse_as_of(c)
                .map_err(|m| clientgrade_data::DataError::Inputs(format!("--compare-to: {m}")))?,
        );
    }
    let done = analyze(&resolved, &a.out, a.timings)?;
    crate::output::out(&summary(&done, &a.out, a.top))?;
    let decisions: usize = done.loaded.tables.iter().map(|t| t.warnings.len()).sum();
    Ok(exit_code(decisions, a.accept_undecided))
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
        crate::output::errln(&format!(
            "note: the data needs {things} (listed at the top and at the end); \
             --accept-undecided was given, so the exit code is 0 and the figures count the rows as read"
        ));
        ExitCode::SUCCESS
    } else {
        crate::output::errln(&format!(
            "clientgrade: exit code {}: the data needs {things} (listed at the top and at the end); \
             take {them} with the key named in each fix, or pass --accept-undecided to accept the figures as they are",
            crate::check::EXIT_DECISION
        ));
        ExitCode::from(crate::check::EXIT_DECISION)
    }
}

/// Where `p` is: its folder resolved (symlinks, `..`) and its own name kept.
fn location(p: &Path) -> Option<PathBuf> {
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(p.file_name()?))
}

/// Refuse, before reading any data, an output folder in which an output
/// file would replace an input (or the config file): compared as given (a
/// symlink at an output name is replaced, not followed, but it is still the
/// input's path) and resolved.
fn refuse_overwriting_inputs(out: &Path, r: &Resolved, config: Option<&Path>) -> Result<()> {
    let Ok(out_dir) = out.canonicalize() else {
        return Ok(()); // a new folder holds no input
    };
    let s = &r.sources;
    let inputs = std::iter::once(&s.transactions)
        .chain(&s.customers)
        .chain(&s.invoices)
        .chain(&s.service)
        .chain(&s.complaints)
        .chain(&r.prospects)
        .map(|spec| {
            (
                spec.path.as_path(),
                format!("the {} table", spec.table.name()),
            )
        })
        .chain(config.map(|c| (c, "the config file".to_string())));
    for (input, what) in inputs {
        let places = [location(input), input.canonicalize().ok()];
        for name in clientgrade_report::OUTPUT_FILES {
            let output = out_dir.join(name);
            if places.iter().flatten().any(|p| *p == output) {
                return Err(clientgrade_data::DataError::Inputs(format!(
                    "{}: --out {} would overwrite this input ({what}) with its {name}; \
                     choose another output folder with --out, or move the input out of it",
                    input.display(),
                    out.display()
                ))
                .into());
            }
        }
    }
    Ok(())
}

/// What a run read and graded.
pub struct Analysis {
    /// What was read; its facts moved into `portfolio` (each customer's `facts`).
    pub loaded: Loaded,
    pub portfolio: Portfolio,
    /// Why the lifetime models could not be fitted, when they could not.
    pub lifetime_not_fitted: Option<String>,
}

/// Load and grade, then write every output into `out`; with `timings`, the
/// seconds of each step go to stderr.
pub fn analyze(r: &Resolved, out: &Path, timings: bool) -> Result<Analysis> {
    let mut clock = Clock::new(timings);
    let bar = Bar::new();
    let mut loaded = load_compared(
        &r.sources,
        r.as_of,
        r.months,
        r.holdout_end,
        r.compare_to,
        &bar,
    )?;
    let prospects = match &r.prospects {
        Some(spec) => {
            let (table, stats) = read_prospects(spec, &customer_attributes(&loaded), &bar)?;
            loaded.tables.push(stats);
            Some(table)
        }
        None => None,
    };
    drop(bar);
    clock.lap("reading and aggregating");
    // the portfolio keeps the facts; nothing reads them from `loaded` after this
    let mut portfolio = grade(
        std::mem::take(&mut loaded.facts),
        loaded.coverage,
        &r.settings,
        loaded.window,
    );
    clock.lap("grading");
    let lifetime_not_fitted = crate::lifetime::attach(&mut portfolio, r.holdout_end);
    clock.lap("lifetime model");
    if let Some(earlier) = loaded.earlier.take() {
        let mut before = grade(earlier.facts, loaded.coverage, &r.settings, earlier.window);
        crate::lifetime::attach(&mut before, None);
        clock.lap("grading the earlier date");
        portfolio.movement = Some(compare(
            Snapshot::all(&before),
            Snapshot::all(&portfolio),
            (
                earlier.window.as_of,
                loaded.window.as_of,
                loaded.window.months,
            ),
            Origin::SamePass,
            &r.settings.movement,
        ));
        clock.lap("movement");
    }
    clientgrade_core::profile::attach(&mut portfolio, prospects.as_ref());
    clock.lap("ideal customer profile");
    let done = Analysis {
        loaded,
        portfolio,
        lifetime_not_fitted,
    };
    write_outputs(out, &run_info(&done), &done.portfolio)?;
    clock.lap("writing outputs");
    clock.total();
    Ok(done)
}

/// The attribute columns of the customers table (empty without one).
pub fn customer_attributes(l: &Loaded) -> Vec<String> {
    l.tables
        .iter()
        .find(|t| t.table == TableKind::Customers)
        .map(|t| t.extra_columns.clone())
        .unwrap_or_default()
}

/// Seconds per step, printed to stderr when asked for.
struct Clock {
    on: bool,
    start: Instant,
    lap: Instant,
}

impl Clock {
    fn new(on: bool) -> Clock {
        let now = Instant::now();
        Clock {
            on,
            start: now,
            lap: now,
        }
    }

    fn lap(&mut self, step: &str) {
        if self.on {
            crate::output::errln(&format!(
                "{step:<26}{:>8.3} s",
                self.lap.elapsed().as_secs_f64()
            ));
        }
        self.lap = Instant::now();
    }

    fn total(&self) {
        if self.on {
            crate::output::errln(&format!(
                "{:<26}{:>8.3} s",
                "total",
                self.start.elapsed().as_secs_f64()
            ));
        }
    }
}

pub fn run_info(a: &Analysis) -> RunInfo<'_> {
    let l = &a.loaded;
    RunInfo {
        tables: &l.tables,
        as_of_source: l.as_of_source,
        listed_without_activity: l.listed_without_activity,
        notes: &l.notes,
        lifetime_not_fitted: a.lifetime_not_fitted.as_deref(),
    }
}

pub fn summary(a: &Analysis, out: &Path, top: usize) -> String {
    terminal_summary(&run_info(a), &a.portfolio, &shown(out), top)
}
