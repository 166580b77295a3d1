//! The whole clientgrade analysis as one library call: settings in, graded portfolio out.
//!
//! [`run`] reads every input table once (`clientgrade-data`), grades the
//! customers (`clientgrade-core`), fits the lifetime models and attaches
//! their values (`clientgrade-btyd`, in this crate's `lifetime` module),
//! grades the earlier date and the movement when asked, learns the ideal
//! customer profile and scores the prospects. [`write()`] writes every output
//! (`clientgrade-report`). The `clientgrade` command is these two calls plus
//! its flags and its printing; a server, the tests and the benchmarks call
//! them the same way. [`compare_folders`] and [`write_comparison`] compare
//! two result folders (`clientgrade compare`).
//!
//! ```no_run
//! use std::path::Path;
//!
//! use clientgrade::{NoProgress, RunSettings, SourceSpec, TableKind};
//!
//! let settings = RunSettings::new(SourceSpec::detect(TableKind::Transactions, "sales.csv"));
//! let analysis = clientgrade::run(&settings, &mut NoProgress)?;
//! println!("{} customers graded", analysis.portfolio.total.customers);
//! clientgrade::write(&analysis, Path::new("clientgrade-out"))?;
//! # Ok::<(), clientgrade::Error>(())
//! ```

mod compare;
mod error;
mod lifetime;
mod pipeline;
mod progress;
mod settings;

pub use clientgrade_core::{Portfolio, Settings};
pub use clientgrade_data::{
    DataError, Loaded, NoProgress, Progress as ReadProgress, SourceSpec, Sources, TableKind,
};
pub use clientgrade_report::ReportError;
pub use compare::{compare_folders, refuse_comparing_into, write_comparison, Comparison};
pub use error::Error;
pub use pipeline::{check, decisions, run, write, Analysis};
pub use progress::{Progress, STEPS};
pub use settings::{
    refuse_overwriting_inputs, resolve_settings, ConfigFile, Overrides, RunSettings,
    DEFAULT_WINDOW_MONTHS,
};
