//! The settings of one run (sources, grading settings, dates) and the guard that keeps outputs off the inputs.

use std::path::{Path, PathBuf};

use clientgrade_core::{Date, Settings};
use clientgrade_data::{DataError, SourceSpec, Sources};

/// Everything a run needs, validated: where the tables are and how to read
/// them, how to grade, and which dates. The command builds it from its flags
/// and the config file; a server or a test builds it directly
/// ([`RunSettings::new`] gives the defaults).
#[derive(Clone, Debug)]
pub struct RunSettings {
    /// The input tables.
    pub sources: Sources,
    /// Prospects to score against the ideal customer profile.
    pub prospects: Option<SourceSpec>,
    /// Grading settings (tiers, costs, matrix, lifetime, profile, movement).
    pub settings: Settings,
    /// The last day that counts (`None`: the latest transaction date).
    pub as_of: Option<Date>,
    /// Window length in months.
    pub months: u32,
    /// End of the holdout period of the lifetime check (analyze only).
    pub holdout_end: Option<Date>,
    /// The earlier date to grade as of too, for movement (analyze only).
    pub compare_to: Option<Date>,
    /// The config file the settings came from, if any: no output may
    /// replace it.
    pub config: Option<PathBuf>,
}

impl RunSettings {
    /// The transactions alone, with the default settings: every column
    /// name detected, as of the latest transaction date, a 12-month window.
    pub fn new(transactions: SourceSpec) -> RunSettings {
        RunSettings {
            sources: Sources {
                transactions,
                customers: None,
                invoices: None,
                service: None,
                complaints: None,
            },
            prospects: None,
            settings: Settings::default(),
            as_of: None,
            months: 12,
            holdout_end: None,
            compare_to: None,
            config: None,
        }
    }

    /// Every input file (tables, prospects, config) with what it is, for messages.
    pub(crate) fn inputs(&self) -> Vec<(PathBuf, String)> {
        let s = &self.sources;
        std::iter::once(&s.transactions)
            .chain(&s.customers)
            .chain(&s.invoices)
            .chain(&s.service)
            .chain(&s.complaints)
            .chain(&self.prospects)
            .map(|spec| {
                (
                    spec.path.clone(),
                    format!("the {} table", spec.table.name()),
                )
            })
            .chain(
                self.config
                    .iter()
                    .map(|c| (c.clone(), "the config file".to_string())),
            )
            .collect()
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

/// Refuse an output folder in which an output file would replace an input
/// (or the config file): compared as given (a symlink at an output name is
/// replaced, not followed, but it is still the input's path) and resolved.
/// Cheap: call it before [`crate::run`] to fail before reading any data;
/// [`crate::write`] checks again.
pub fn refuse_overwriting_inputs(out: &Path, settings: &RunSettings) -> Result<(), DataError> {
    refuse_overwriting(out, &settings.inputs())
}

pub(crate) fn refuse_overwriting(
    out: &Path,
    inputs: &[(PathBuf, String)],
) -> Result<(), DataError> {
    let Ok(out_dir) = out.canonicalize() else {
        return Ok(()); // a new folder holds no input
    };
    for (input, what) in inputs {
        let places = [location(input), input.canonicalize().ok()];
        for name in clientgrade_report::OUTPUT_FILES {
            let output = out_dir.join(name);
            if places.iter().flatten().any(|p| *p == output) {
                return Err(DataError::Inputs(format!(
                    "{}: --out {} would overwrite this input ({what}) with its {name}; \
                     choose another output folder with --out, or move the input out of it",
                    input.display(),
                    out.display()
                )));
            }
        }
    }
    Ok(())
}
