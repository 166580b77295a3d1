//! `clientgrade analyze`: load, grade, write the outputs, print the summary.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clientgrade_core::{grade, Portfolio};
use clientgrade_data::{load_with_holdout, read_prospects, Loaded, TableKind};
use clientgrade_report::{terminal_summary, write_outputs, RunInfo};

use crate::args::AnalyzeArgs;
use crate::progress::Bar;
use crate::settings::{resolve, shown, Resolved};

pub fn run(a: &AnalyzeArgs) -> Result<ExitCode> {
    let mut resolved = resolve(&a.sources)?;
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
    let (loaded, portfolio) = analyze(&resolved, &a.out, a.timings)?;
    print!("{}", summary(&loaded, &portfolio, &a.out, a.top));
    Ok(ExitCode::SUCCESS)
}

/// Load and grade, then write every output into `out`; with `timings`, the
/// seconds of each step go to stderr.
pub fn analyze(r: &Resolved, out: &Path, timings: bool) -> Result<(Loaded, Portfolio)> {
    let mut clock = Clock::new(timings);
    let bar = Bar::new();
    let mut loaded = load_with_holdout(&r.sources, r.as_of, r.months, r.holdout_end, &bar)?;
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
    let mut portfolio = grade(
        loaded.facts.clone(),
        loaded.coverage,
        &r.settings,
        loaded.window,
    );
    clock.lap("grading");
    crate::lifetime::attach(&mut portfolio, r.holdout_end);
    clock.lap("lifetime model");
    clientgrade_core::profile::attach(&mut portfolio, prospects.as_ref());
    clock.lap("ideal customer profile");
    write_outputs(out, &run_info(&loaded), &portfolio)?;
    clock.lap("writing outputs");
    clock.total();
    Ok((loaded, portfolio))
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
            eprintln!("{step:<26}{:>8.3} s", self.lap.elapsed().as_secs_f64());
        }
        self.lap = Instant::now();
    }

    fn total(&self) {
        if self.on {
            eprintln!(
                "{:<26}{:>8.3} s",
                "total",
                self.start.elapsed().as_secs_f64()
            );
        }
    }
}

pub fn run_info(l: &Loaded) -> RunInfo<'_> {
    RunInfo {
        tables: &l.tables,
        as_of_source: l.as_of_source,
        listed_without_activity: l.listed_without_activity,
        notes: &l.notes,
    }
}

pub fn summary(l: &Loaded, p: &Portfolio, out: &Path, top: usize) -> String {
    terminal_summary(&run_info(l), p, &shown(out), top)
}
