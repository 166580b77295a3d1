//! `clientgrade analyze`: load, grade, write the outputs, print the summary.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clientgrade_core::{grade, Portfolio};
use clientgrade_data::{load_with_holdout, Loaded};
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
    let (loaded, portfolio) = analyze(&resolved, &a.out)?;
    print!("{}", summary(&loaded, &portfolio, &a.out, a.top));
    Ok(ExitCode::SUCCESS)
}

/// Load and grade, then write every output into `out`.
pub fn analyze(r: &Resolved, out: &Path) -> Result<(Loaded, Portfolio)> {
    let bar = Bar::new();
    let loaded = load_with_holdout(&r.sources, r.as_of, r.months, r.holdout_end, &bar)?;
    drop(bar);
    let mut portfolio = grade(
        loaded.facts.clone(),
        loaded.coverage,
        &r.settings,
        loaded.window,
    );
    crate::lifetime::attach(&mut portfolio, r.holdout_end);
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
