//! The sequence of a run: read → grade → lifetime → earlier date and movement → profile and prospects; then the outputs.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use clientgrade_core::movement::{compare, Movement, Origin, Snapshot};
use clientgrade_core::{grade, Portfolio, Profile, ProspectTable};
use clientgrade_data::{load_compared, read_prospects, Loaded, TableKind};
use clientgrade_report::view::View;
use clientgrade_report::{terminal_summary, write_outputs, RunInfo};

use crate::progress::Clock;
use crate::settings::refuse_overwriting;
use crate::{Error, Progress, RunSettings};

/// What a run read and graded.
#[derive(Debug)]
pub struct Analysis {
    /// What was read: the window and where its as-of date came from, the
    /// row accounting and decisions per table (prospects last), notes about
    /// the inputs; its facts moved into `portfolio` (each customer's `facts`).
    pub loaded: Loaded,
    /// The graded customers with the portfolio's verdicts; with them the
    /// lifetime models, the movement since the earlier date
    /// ([`Analysis::movement`]) and the ideal customer profile with the
    /// prospects' scores ([`Analysis::profile`]).
    pub portfolio: Portfolio,
    /// Why the lifetime models could not be fitted, when they could not.
    pub lifetime_not_fitted: Option<String>,
    /// How long each step took, in order (names from [`crate::STEPS`]).
    pub timings: Vec<(&'static str, Duration)>,
    /// The input files, which no output may replace.
    inputs: Vec<(PathBuf, String)>,
    /// The report's figures, built on first use and shared by the output
    /// files and the terminal summary ([`Analysis::view`]).
    view: OnceLock<View>,
}

impl Analysis {
    /// What the reports say about the run besides the portfolio.
    pub fn run_info(&self) -> RunInfo<'_> {
        let l = &self.loaded;
        RunInfo {
            tables: &l.tables,
            as_of_source: l.as_of_source,
            listed_without_activity: l.listed_without_activity,
            notes: &l.notes,
            lifetime_not_fitted: self.lifetime_not_fitted.as_deref(),
        }
    }

    /// Movement between the earlier date and as-of, when one was given.
    pub fn movement(&self) -> Option<&Movement> {
        self.portfolio.movement.as_ref()
    }

    /// The ideal customer profile and the prospects' scores, when learnt.
    pub fn profile(&self) -> Option<&Profile> {
        self.portfolio.profile.as_ref()
    }

    /// Decisions the data needs (trap detectors, too many rejects), over all tables.
    pub fn decisions(&self) -> usize {
        decisions(&self.loaded)
    }

    /// The figures the outputs and the terminal summary show, computed once
    /// from `portfolio` (on first use: [`write()`] and
    /// [`Analysis::terminal_summary`] share it).
    pub fn view(&self) -> &View {
        self.view.get_or_init(|| View::of(&self.portfolio))
    }

    /// The terminal summary, naming `out_dir` as where the files are.
    pub fn terminal_summary(&self, out_dir: &str, top: usize) -> String {
        terminal_summary(&self.run_info(), &self.portfolio, self.view(), out_dir, top)
    }
}

/// Decisions the data needs over all tables of `loaded`.
pub fn decisions(loaded: &Loaded) -> usize {
    loaded.tables.iter().map(|t| t.warnings.len()).sum()
}

/// Run the whole analysis: read every table once (with the holdout and the
/// earlier date in the same pass), grade the customers, fit the lifetime
/// models, grade the earlier date and compare, learn the ideal customer
/// profile and score the prospects. Writes nothing; see [`write()`].
pub fn run(s: &RunSettings, progress: &mut dyn Progress) -> Result<Analysis, Error> {
    let mut clock = Clock::new();
    let mut loaded = load_compared(
        &s.sources,
        s.as_of,
        s.months,
        s.holdout_end,
        s.compare_to,
        &*progress,
    )?;
    let prospects = read_prospect_table(s, &mut loaded, progress)?;
    clock.lap("reading and aggregating", progress);
    // the portfolio keeps the facts; nothing reads them from `loaded` after this
    let mut portfolio = grade(
        std::mem::take(&mut loaded.facts),
        loaded.coverage,
        &s.settings,
        loaded.window,
    );
    clock.lap("grading", progress);
    let lifetime_not_fitted = crate::lifetime::attach(&mut portfolio, s.holdout_end);
    clock.lap("lifetime model", progress);
    if let Some(earlier) = loaded.earlier.take() {
        let mut before = grade(earlier.facts, loaded.coverage, &s.settings, earlier.window);
        crate::lifetime::attach(&mut before, None);
        clock.lap("grading the earlier date", progress);
        portfolio.movement = Some(compare(
            Snapshot::all(&before),
            Snapshot::all(&portfolio),
            (
                earlier.window.as_of,
                loaded.window.as_of,
                loaded.window.months,
            ),
            Origin::SamePass,
            &s.settings.movement,
        ));
        clock.lap("movement", progress);
    }
    clientgrade_core::profile::attach(&mut portfolio, prospects.as_ref());
    clock.lap("ideal customer profile", progress);
    Ok(Analysis {
        loaded,
        portfolio,
        lifetime_not_fitted,
        timings: clock.laps,
        inputs: s.inputs(),
        view: OnceLock::new(),
    })
}

/// Read every source as [`run`] would (as-of date and window, without the
/// holdout or the earlier date), the prospects for their row accounting
/// only, and grade nothing: what `clientgrade check` reports on.
pub fn check(s: &RunSettings, progress: &mut dyn Progress) -> Result<Loaded, Error> {
    let mut clock = Clock::new();
    let mut loaded = load_compared(&s.sources, s.as_of, s.months, None, None, &*progress)?;
    read_prospect_table(s, &mut loaded, progress)?;
    clock.lap("reading and aggregating", progress);
    Ok(loaded)
}

/// Write every output of `a` into the folder `out` (created if missing),
/// each file whole or not at all; refused when an output would replace an
/// input.
pub fn write(a: &Analysis, out: &Path) -> Result<(), Error> {
    refuse_overwriting(out, &a.inputs)?;
    write_outputs(out, &a.run_info(), &a.portfolio, a.view())?;
    Ok(())
}

/// The prospects table, when given, its row accounting added to `loaded`.
fn read_prospect_table(
    s: &RunSettings,
    loaded: &mut Loaded,
    progress: &dyn Progress,
) -> Result<Option<ProspectTable>, Error> {
    let Some(spec) = &s.prospects else {
        return Ok(None);
    };
    let (table, stats) = read_prospects(spec, &customer_attributes(loaded), progress)?;
    loaded.tables.push(stats);
    Ok(Some(table))
}

/// The attribute columns of the customers table (empty without one).
fn customer_attributes(l: &Loaded) -> Vec<String> {
    l.tables
        .iter()
        .find(|t| t.table == TableKind::Customers)
        .map(|t| t.extra_columns.clone())
        .unwrap_or_default()
}
