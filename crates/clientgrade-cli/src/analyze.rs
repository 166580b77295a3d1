//! `clientgrade analyze`: load, grade, write the outputs, print the summary.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clientgrade_core::{grade, Portfolio};
use clientgrade_data::{load, Loaded};
use clientgrade_report::{terminal_summary, write_outputs, RunInfo};

use crate::args::AnalyzeArgs;
use crate::progress::Bar;
use crate::settings::{resolve, shown, Resolved};

pub fn run(a: &AnalyzeArgs) -> Result<ExitCode> {
    let resolved = resolve(&a.sources)?;
    let (loaded, portfolio) = analyze(&resolved, &a.out)?;
    print!("{}", summary(&loaded, &portfolio, &a.out, a.top));
    Ok(ExitCode::SUCCESS)
}

/// Load and grade, then write every output into `out`.
pub fn analyze(r: &Resolved, out: &Path) -> Result<(Loaded, Portfolio)> {
    let bar = Bar::new();
    let loaded = load(&r.sources, r.as_of, r.months, &bar)?;
    drop(bar);
    let mut portfolio = grade(
        loaded.facts.clone(),
        loaded.coverage,
        &r.settings,
        loaded.window,
    );
    crate::lifetime::attach(&mut portfolio);
    write_outputs(out, &run_info(&loaded), &portfolio)?;
    Ok((loaded, portfolio))
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
