//! The settings of one run (sources, grading settings, dates), resolved in one step from the config file and the flags over the defaults, and the guard that keeps outputs off the inputs.

use std::path::{Path, PathBuf};

use clientgrade_core::{Date, Settings};
use clientgrade_data::{
    parse_as_of, parse_window, Config, DataError, SourceSpec, Sources, TableKind, Zone,
};

/// The window length when neither a flag nor the config file sets one
/// (docs/configuration.md, `[analysis] window`).
pub const DEFAULT_WINDOW_MONTHS: u32 = 12;

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
            months: DEFAULT_WINDOW_MONTHS,
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

/// A config file read and validated, with where it is (its relative paths
/// are already resolved against its folder).
#[derive(Clone, Debug)]
pub struct ConfigFile {
    /// The file, as given: messages name it and no output may replace it.
    pub path: PathBuf,
    /// What it says.
    pub config: Config,
}

impl ConfigFile {
    /// Read and validate the config file at `path`.
    pub fn load(path: &Path) -> Result<ConfigFile, DataError> {
        Ok(ConfigFile {
            path: path.to_path_buf(),
            config: Config::load(path)?,
        })
    }
}

/// What the command line (or a caller such as a server) sets over the
/// config file, as the user typed it: each `None` leaves the file's value,
/// or the default. Messages about a value name it by its flag (`--as-of`).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// `--transactions`.
    pub transactions: Option<PathBuf>,
    /// `--customers`.
    pub customers: Option<PathBuf>,
    /// `--invoices`.
    pub invoices: Option<PathBuf>,
    /// `--service`.
    pub service: Option<PathBuf>,
    /// `--complaints`.
    pub complaints: Option<PathBuf>,
    /// `--prospects`.
    pub prospects: Option<PathBuf>,
    /// `--as-of`, `YYYY-MM-DD`.
    pub as_of: Option<String>,
    /// `--window`, e.g. `12m` or `1y`.
    pub window: Option<String>,
    /// `--timezone`, an IANA name.
    pub timezone: Option<String>,
    /// `--max-rejected-share`, 0 to 1.
    pub max_rejected_share: Option<f64>,
    /// `--matrix-x`.
    pub matrix_x: Option<String>,
    /// `--matrix-y`.
    pub matrix_y: Option<String>,
    /// `--holdout-end`, `YYYY-MM-DD` (after as-of).
    pub holdout_end: Option<String>,
    /// `--compare-to`, `YYYY-MM-DD`.
    pub compare_to: Option<String>,
}

impl Overrides {
    /// The file given for `table`.
    fn path(&self, table: TableKind) -> Option<&Path> {
        match table {
            TableKind::Transactions => self.transactions.as_deref(),
            TableKind::Customers => self.customers.as_deref(),
            TableKind::Invoices => self.invoices.as_deref(),
            TableKind::Service => self.service.as_deref(),
            TableKind::Complaints => self.complaints.as_deref(),
            TableKind::Prospects => self.prospects.as_deref(),
        }
    }
}

/// A flag's value that does not parse: the message names the flag.
fn flag(name: &str) -> impl Fn(String) -> DataError + '_ {
    move |m| DataError::Inputs(format!("--{name}: {m}"))
}

impl RunSettings {
    /// The one place that decides every setting of a run: a flag beats the
    /// config file, the file beats the default, and each default is defined
    /// once (core's `Settings::default()`, [`DEFAULT_WINDOW_MONTHS`], the
    /// reading rules' own defaults in `clientgrade-data`). A problem stops
    /// it with a message naming the flag or the file's key and the fix;
    /// they are checked in a fixed order, so the same inputs give the same
    /// message.
    pub fn resolve(file: Option<&ConfigFile>, flags: &Overrides) -> Result<RunSettings, DataError> {
        let empty = Config::default();
        let (config, config_path) = match file {
            Some(f) => (&f.config, f.path.as_path()),
            None => (&empty, Path::new("clientgrade.toml")),
        };
        let source = |table: TableKind| -> Result<Option<SourceSpec>, DataError> {
            match flags.path(table).or(config.table_path(table)) {
                Some(p) => config
                    .source_at(table, p.to_path_buf(), config_path)
                    .map(Some),
                None => Ok(None),
            }
        };
        let Some(transactions) = source(TableKind::Transactions)? else {
            return Err(DataError::Inputs(
                "no transactions: pass --transactions FILE or set path in [transactions] of the config file".into(),
            ));
        };
        let file_timezone = config.timezone(config_path)?;
        let timezone = match &flags.timezone {
            Some(z) => Some(Zone::parse(z).map_err(flag("timezone"))?),
            None => file_timezone,
        };
        let max_rejected = match flags.max_rejected_share {
            Some(m) if !(0.0..=1.0).contains(&m) => return Err(DataError::Inputs(format!(
                "--max-rejected-share: {m} is not a share; use a number from 0 to 1 (0.05 = 5% of the rows)"
            ))),
            m => m,
        };
        // A table's rejected share: the flag, else its section's
        // `max-rejected-share` (kept in its rules), else the rules' default.
        let graded = |mut s: SourceSpec| {
            s.timezone = timezone;
            if max_rejected.is_some() {
                s.rules.max_rejected_share = max_rejected;
            }
            s
        };
        let sources = Sources {
            transactions: graded(transactions),
            customers: source(TableKind::Customers)?.map(graded),
            invoices: source(TableKind::Invoices)?.map(graded),
            service: source(TableKind::Service)?.map(graded),
            complaints: source(TableKind::Complaints)?.map(graded),
        };
        // Prospects keep the file's time zone (--timezone names the tables
        // graded, whose dates it moves); --max-rejected-share is every table's.
        let prospects = source(TableKind::Prospects)?.map(|mut s| {
            s.timezone = file_timezone;
            if max_rejected.is_some() {
                s.rules.max_rejected_share = max_rejected;
            }
            s
        });
        let as_of = match &flags.as_of {
            Some(s) => Some(parse_as_of(s).map_err(flag("as-of"))?),
            None => config.as_of(config_path)?,
        };
        let months = match &flags.window {
            Some(s) => parse_window(s).map_err(flag("window"))?,
            None => config
                .window_months(config_path)?
                .unwrap_or(DEFAULT_WINDOW_MONTHS),
        };
        let settings = resolve_settings(file, flags)?;
        let file_compare_to = config.compare_to(config_path)?;
        let holdout_end = match &flags.holdout_end {
            None => None,
            Some(h) => {
                let end = parse_as_of(h).map_err(flag("holdout-end"))?;
                match as_of {
                    Some(as_of) if end > as_of => Some(end),
                    Some(_) => return Err(DataError::Inputs(
                        "--holdout-end must be after --as-of (the end of the calibration period)".into(),
                    )),
                    None => return Err(DataError::Inputs(
                        "--holdout-end needs --as-of: the models are fitted up to as-of and checked on the purchases after it".into(),
                    )),
                }
            }
        };
        let compare_to = match &flags.compare_to {
            Some(c) => Some(parse_as_of(c).map_err(flag("compare-to"))?),
            None => file_compare_to,
        };
        Ok(RunSettings {
            sources,
            prospects,
            settings,
            as_of,
            months,
            holdout_end,
            compare_to,
            config: file.map(|f| f.path.clone()),
        })
    }
}

/// The grading settings alone: the defaults, the config file's sections
/// over them, the flags (`--matrix-x`, `--matrix-y`) over those, checked
/// together. Also what `compare` uses for its `[movement]` thresholds.
pub fn resolve_settings(
    file: Option<&ConfigFile>,
    flags: &Overrides,
) -> Result<Settings, DataError> {
    let mut s = Settings::default();
    if let Some(f) = file {
        f.config.apply(&mut s);
    }
    if let Some(x) = &flags.matrix_x {
        s.matrix.x = x.clone();
    }
    if let Some(y) = &flags.matrix_y {
        s.matrix.y = y.clone();
    }
    s.validate().map_err(DataError::Inputs)?;
    Ok(s)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A config file at `dir/cg.toml` saying `text`.
    fn file(text: &str) -> ConfigFile {
        let path = PathBuf::from("dir/cg.toml");
        ConfigFile {
            config: Config::parse(text, &path).unwrap(),
            path,
        }
    }

    const FILE: &str = "[analysis]\nas-of = \"2025-06-30\"\nwindow = \"24m\"\n\
        timezone = \"Europe/Berlin\"\ncompare-to = \"2024-06-30\"\n\
        [costs]\nhourly-rate = 80\n[matrix]\nx = \"orders\"\n\
        [transactions]\npath = \"sales.csv\"\nmax-rejected-share = 0.2\n\
        [prospects]\npath = \"prospects.csv\"\n";

    fn flags() -> Overrides {
        Overrides {
            transactions: Some("flag-sales.csv".into()),
            as_of: Some("2025-12-31".into()),
            window: Some("6m".into()),
            timezone: Some("America/New_York".into()),
            max_rejected_share: Some(0.05),
            matrix_x: Some("tenure_days".into()),
            compare_to: Some("2025-01-31".into()),
            holdout_end: Some("2026-03-31".into()),
            ..Overrides::default()
        }
    }

    fn only_transactions() -> Overrides {
        Overrides {
            transactions: Some("sales.csv".into()),
            ..Overrides::default()
        }
    }

    #[test]
    fn a_flag_beats_the_file() {
        let f = file(FILE);
        let r = RunSettings::resolve(Some(&f), &flags()).unwrap();
        assert_eq!(r.as_of, Date::from_ymd(2025, 12, 31));
        assert_eq!(r.months, 6);
        assert_eq!(r.compare_to, Date::from_ymd(2025, 1, 31));
        assert_eq!(r.holdout_end, Date::from_ymd(2026, 3, 31));
        assert_eq!(r.settings.matrix.x, "tenure_days");
        let t = &r.sources.transactions;
        assert_eq!(t.path, PathBuf::from("flag-sales.csv"));
        assert_eq!(t.timezone, Some(Zone::parse("America/New_York").unwrap()));
        assert_eq!(t.rules.max_rejected_share, Some(0.05));
        // the file still says what no flag says
        assert_eq!(r.settings.costs.hourly_rate, 80.0);
        assert_eq!(r.config, Some(PathBuf::from("dir/cg.toml")));
    }

    #[test]
    fn the_file_beats_the_defaults() {
        let f = file(FILE);
        let r = RunSettings::resolve(Some(&f), &Overrides::default()).unwrap();
        assert_eq!(r.as_of, Date::from_ymd(2025, 6, 30));
        assert_eq!(r.months, 24);
        assert_eq!(r.compare_to, Date::from_ymd(2024, 6, 30));
        assert_eq!(r.holdout_end, None);
        assert_eq!(r.settings.matrix.x, "orders");
        assert_eq!(r.settings.costs.hourly_rate, 80.0);
        let t = &r.sources.transactions;
        assert_eq!(t.path, PathBuf::from("dir/sales.csv"));
        assert_eq!(t.timezone, Some(Zone::parse("Europe/Berlin").unwrap()));
        assert_eq!(t.rules.max_rejected_share, Some(0.2));
        // keys the file does not give keep their defaults
        let d = Settings::default();
        assert_eq!(r.settings.tiers, d.tiers);
        assert_eq!(r.settings.matrix.y, d.matrix.y);
        assert_eq!(
            r.settings.costs.return_handling_cost,
            d.costs.return_handling_cost
        );
    }

    #[test]
    fn without_file_or_flags_the_defaults_hold() {
        let r = RunSettings::resolve(None, &only_transactions()).unwrap();
        let new = RunSettings::new(SourceSpec::detect(TableKind::Transactions, "sales.csv"));
        assert_eq!(r.settings, Settings::default());
        assert_eq!(r.months, DEFAULT_WINDOW_MONTHS);
        assert_eq!(
            (r.as_of, r.months, r.holdout_end, r.compare_to, &r.config),
            (
                new.as_of,
                new.months,
                new.holdout_end,
                new.compare_to,
                &new.config
            )
        );
        assert_eq!(r.sources.transactions.timezone, None);
        assert_eq!(r.sources.transactions.rules.max_rejected_share, None);
        assert!(r.prospects.is_none() && r.sources.customers.is_none());
    }

    /// Prospects keep the file's time zone (the flag names the graded
    /// tables) but take --max-rejected-share like every table.
    #[test]
    fn prospects_keep_the_files_time_zone() {
        let f = file(FILE);
        let r = RunSettings::resolve(Some(&f), &flags()).unwrap();
        let p = r.prospects.expect("prospects in the file");
        assert_eq!(p.path, PathBuf::from("dir/prospects.csv"));
        assert_eq!(p.timezone, Some(Zone::parse("Europe/Berlin").unwrap()));
        assert_eq!(p.rules.max_rejected_share, Some(0.05));
    }

    #[test]
    fn the_holdout_end_needs_an_as_of_before_it_from_a_flag_or_the_file() {
        let holdout = |h: &str| Overrides {
            holdout_end: Some(h.into()),
            ..only_transactions()
        };
        let f = file("[analysis]\nas-of = \"2025-06-30\"\n");
        let r = RunSettings::resolve(Some(&f), &holdout("2025-12-31")).unwrap();
        assert_eq!(r.holdout_end, Date::from_ymd(2025, 12, 31));
        let e = RunSettings::resolve(Some(&f), &holdout("2025-06-30")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--holdout-end must be after --as-of (the end of the calibration period)"
        );
        let e = RunSettings::resolve(None, &holdout("2025-12-31")).unwrap_err();
        assert!(
            e.to_string().starts_with("--holdout-end needs --as-of"),
            "{e}"
        );
    }

    #[test]
    fn a_bad_flag_is_named_by_its_flag() {
        for (flags, want) in [
            (
                Overrides {
                    as_of: Some("soon".into()),
                    ..only_transactions()
                },
                "--as-of: `soon` is not a date",
            ),
            (
                Overrides {
                    window: Some("0m".into()),
                    ..only_transactions()
                },
                "--window: `0m` must be between 1 and 240 months",
            ),
            (
                Overrides {
                    max_rejected_share: Some(2.0),
                    ..only_transactions()
                },
                "--max-rejected-share: 2 is not a share",
            ),
            (
                Overrides::default(),
                "no transactions: pass --transactions FILE",
            ),
            (
                Overrides {
                    matrix_x: Some("colour".into()),
                    ..only_transactions()
                },
                "matrix.x: `colour` is not a characteristic",
            ),
        ] {
            let e = RunSettings::resolve(None, &flags).unwrap_err().to_string();
            assert!(e.starts_with(want), "{e}");
        }
    }

    /// docs/configuration.md's `[analysis] window` is the default window.
    #[test]
    fn the_documented_window_is_the_default() {
        let doc = include_str!("../../../docs/configuration.md");
        let line = doc
            .lines()
            .find(|l| l.starts_with("window = "))
            .expect("docs/configuration.md shows [analysis] window");
        assert!(line.contains("default 12 months"), "{line}");
        let value = line.split('"').nth(1).expect("a quoted window");
        assert_eq!(parse_window(value), Ok(DEFAULT_WINDOW_MONTHS));
    }
}
