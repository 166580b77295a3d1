//! The TOML configuration file: sources, column mapping, analysis window, costs and tier rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clientgrade_core::{Date, Settings};
use serde::Deserialize;

pub mod schema;

use schema::{
    ConcentrationSection, CostsSection, FlagsSection, LifetimeSection, MatrixSection,
    MovementSection, ParetoSection, ProfileSection, RankingSection, RfmSection, TiersSection,
};

use crate::schema::TableKind;
use crate::values::{DateOrder, DecimalMark};
use crate::{DataError, Result};

/// The configuration file, as written (kebab-case keys, unknown keys refused).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// `[analysis]`: as-of date and window.
    #[serde(default)]
    pub analysis: AnalysisConfig,
    /// `[costs]`: how effort and returns turn into money.
    #[serde(default)]
    pub costs: CostsSection,
    /// `[tiers]`: tier thresholds.
    #[serde(default)]
    pub tiers: TiersSection,
    /// `[pareto]`: ABC class boundaries.
    #[serde(default)]
    pub pareto: ParetoSection,
    /// `[concentration]`: alert thresholds.
    #[serde(default)]
    pub concentration: ConcentrationSection,
    /// `[rfm]`: cut-offs.
    #[serde(default)]
    pub rfm: RfmSection,
    /// `[flags]`: red-flag thresholds.
    #[serde(default)]
    pub flags: FlagsSection,
    /// `[matrix]`: the grading matrix.
    #[serde(default)]
    pub matrix: MatrixSection,
    /// `[ranking]`: key-customer ranking factors.
    #[serde(default)]
    pub ranking: RankingSection,
    /// `[lifetime]`: horizon and discounting of lifetime values.
    #[serde(default)]
    pub lifetime: LifetimeSection,
    /// `[movement]`: thresholds of the movement lists.
    #[serde(default)]
    pub movement: MovementSection,
    /// `[transactions]`.
    pub transactions: Option<TableConfig>,
    /// `[customers]`.
    pub customers: Option<TableConfig>,
    /// `[invoices]`.
    pub invoices: Option<TableConfig>,
    /// `[service]`.
    pub service: Option<TableConfig>,
    /// `[complaints]`.
    pub complaints: Option<TableConfig>,
    /// `[prospects]`: the prospects to score against the ideal customer profile.
    pub prospects: Option<TableConfig>,
    /// `[profile]`: how the ideal customer profile is learnt.
    #[serde(default)]
    pub profile: ProfileSection,
}

/// `[analysis]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AnalysisConfig {
    /// Last day that counts, `YYYY-MM-DD` (default: the latest transaction date).
    pub as_of: Option<String>,
    /// Window length: `12m`, `6m`, `1y` (default 12 months).
    pub window: Option<String>,
    /// IANA time zone the sales are counted in, e.g. `America/New_York`:
    /// times in UTC or with an offset are moved to its local day.
    pub timezone: Option<String>,
    /// Grade as of this earlier date too and write the movement, `YYYY-MM-DD`.
    pub compare_to: Option<String>,
}

/// One table's source and how to read it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TableConfig {
    /// The file, relative to the config file.
    pub path: Option<PathBuf>,
    /// `csv` or `parquet` (default: from the file extension).
    pub format: Option<String>,
    /// CSV field delimiter, or `whitespace` for aligned columns (default:
    /// detected among `,` `;` tab `|`, else whitespace).
    pub delimiter: Option<String>,
    /// Date format of every date column, e.g. `%d.%m.%Y` (default: detected per column).
    pub date_format: Option<String>,
    /// Decimal mark, `.` or `,` (default: detected per column).
    pub decimal: Option<String>,
    /// Column names: contract key → header in the file, or `false` to leave
    /// a detected column unused.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnChoice>,
    // Reading rules (crate::rules; docs/configuration.md, "Exports").
    /// `auto` (default), `none`, or a known export: `shopify`, `woocommerce`,
    /// `quickbooks`, `stripe`, `xero`.
    pub source: Option<String>,
    /// 1-based line of the header row (default: detected below title rows).
    pub header_row: Option<u64>,
    /// `customer-id`: a row with only its first cell filled names the
    /// customer of the rows below it.
    pub group_heading: Option<String>,
    /// `line` (default) or `order`: the amount is the order's, taken once per order id.
    pub amount_level: Option<String>,
    /// Parts included in the amount that are subtracted: `tax`, `shipping`.
    pub amount_includes: Option<Vec<String>>,
    /// Refunds include tax: only their net share is subtracted.
    pub refunds_include_tax: Option<bool>,
    /// The discount column is a percentage.
    pub discount_is_rate: Option<bool>,
    /// Status values that leave a row out (default: cancelled, voided, failed, draft, refunded …).
    pub status_exclude: Option<Vec<String>>,
    /// Status values that alone count.
    pub status_include: Option<Vec<String>>,
    /// `fold` or `exact` comparison of customer ids (default: fold e-mails).
    pub id_case: Option<String>,
    /// Customer = the e-mail when the row has one.
    pub merge_by_email: Option<bool>,
    /// Rates to the reporting currency, e.g. `{ EUR = 1.08 }`.
    pub currency_rates: Option<BTreeMap<String, f64>>,
    /// The reporting currency when rates are given.
    pub base_currency: Option<String>,
    /// The share of rows (0 to 1) that may be rejected before the run
    /// needs a decision (default 0.01).
    pub max_rejected_share: Option<f64>,
}

/// A column named in `[<table>.columns]`: a header, or `false` for none.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ColumnChoice {
    /// The header of the column.
    Name(String),
    /// `false`: no column for this key, even if one is detected.
    Off(bool),
}

impl TableConfig {
    /// The reading-rule keys this section sets.
    pub(crate) fn rule_keys(&self) -> Vec<String> {
        let set = [
            ("source", self.source.is_some()),
            ("header-row", self.header_row.is_some()),
            ("group-heading", self.group_heading.is_some()),
            ("amount-level", self.amount_level.is_some()),
            ("amount-includes", self.amount_includes.is_some()),
            ("refunds-include-tax", self.refunds_include_tax.is_some()),
            ("discount-is-rate", self.discount_is_rate.is_some()),
            ("status-exclude", self.status_exclude.is_some()),
            ("status-include", self.status_include.is_some()),
            ("id-case", self.id_case.is_some()),
            ("merge-by-email", self.merge_by_email.is_some()),
            ("currency-rates", self.currency_rates.is_some()),
            ("base-currency", self.base_currency.is_some()),
        ];
        set.iter()
            .filter(|(_, on)| *on)
            .map(|(k, _)| k.to_string())
            .collect()
    }
}

/// File format of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// A table source with its reading options resolved and validated.
#[derive(Clone, Debug)]
pub struct SourceSpec {
    /// Which table.
    pub table: TableKind,
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// CSV delimiter, when fixed by the user.
    pub delimiter: Option<u8>,
    /// Date order, when fixed by the user.
    pub date_order: Option<DateOrder>,
    /// Decimal mark, when fixed by the user.
    pub decimal: Option<DecimalMark>,
    /// Explicit column names: (contract key, header).
    pub columns: Vec<(String, String)>,
    /// Threads to read a large CSV file with (default: one per core).
    pub threads: Option<usize>,
    /// Reading rules: known export, layout, amounts, status, identity, currencies.
    pub rules: crate::rules::Rules,
    /// The time zone sales are counted in (times in UTC or with an offset move to its day).
    pub timezone: Option<crate::timezone::Zone>,
}

impl SourceSpec {
    /// A source with everything detected.
    pub fn detect(table: TableKind, path: impl Into<PathBuf>) -> SourceSpec {
        let path = path.into();
        SourceSpec {
            table,
            format: format_from_extension(&path),
            path,
            delimiter: None,
            date_order: None,
            decimal: None,
            columns: Vec::new(),
            threads: None,
            rules: crate::rules::Rules::default(),
            timezone: None,
        }
    }
}

fn format_from_extension(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq") => {
            Format::Parquet
        }
        _ => Format::Csv,
    }
}

impl Config {
    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parse config text; `path` is used in messages and to resolve relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| DataError::Config {
            path: path.to_path_buf(),
            message: describe_toml_error(text, &e),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        for table in TableKind::ALL {
            if let Some(t) = config.table_mut(table) {
                if let Some(p) = &t.path {
                    if p.is_relative() {
                        t.path = Some(base.join(p));
                    }
                }
                for (key, choice) in &t.columns {
                    let bad = |message: String| DataError::Config {
                        path: path.to_path_buf(),
                        message: format!("[{table}.columns] {key}: {message}"),
                    };
                    match choice {
                        ColumnChoice::Off(true) => {
                            return Err(bad(
                                "write the column's name, or false to leave it unused".into()
                            ))
                        }
                        ColumnChoice::Off(false)
                            if table.columns().iter().any(|c| c.key == key && c.required)
                                || (table == TableKind::Transactions
                                    && key == "amount"
                                    && !t.columns.contains_key("unit-price")
                                    && !t.columns.contains_key("converted-amount")) =>
                        {
                            return Err(bad(format!(
                                "is required in [{table}] and cannot be false"
                            )))
                        }
                        _ => {}
                    }
                    if table.column_index(key).is_none() {
                        let valid: Vec<&str> = table.columns().iter().map(|c| c.key).collect();
                        return Err(DataError::Config {
                            path: path.to_path_buf(),
                            message: unknown_key_message(
                                key,
                                &valid,
                                &format!("[{table}.columns]"),
                            ),
                        });
                    }
                }
            }
        }
        for table in TableKind::ALL {
            if let Some(t) = config.table(table) {
                crate::rules::Rules::from_config(table, t).map_err(|(key, message)| {
                    DataError::Config {
                        path: path.to_path_buf(),
                        message: format!("[{table}] {key}: {message}"),
                    }
                })?;
            }
        }
        config.window_months(path)?;
        config.as_of(path)?;
        config.timezone(path)?;
        let settings = config.settings();
        check_numbers(&settings, text).map_err(|message| DataError::Config {
            path: path.to_path_buf(),
            message,
        })?;
        settings.validate().map_err(|message| DataError::Config {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(config)
    }

    /// Lay the settings this file gives over `s`; keys it does not give keep their value.
    pub fn apply(&self, s: &mut Settings) {
        self.costs.apply(&mut s.costs);
        self.tiers.apply(&mut s.tiers);
        self.pareto.apply(&mut s.pareto);
        self.concentration.apply(&mut s.concentration);
        self.rfm.apply(&mut s.rfm);
        self.flags.apply(&mut s.flags);
        self.matrix.apply(&mut s.matrix);
        self.ranking.apply(&mut s.ranking);
        self.lifetime.apply(&mut s.lifetime);
        self.movement.apply(&mut s.movement);
        self.profile.apply(&mut s.profile);
    }

    /// The analysis settings of this file on its own: the defaults with the
    /// file laid over them (what the file is validated as).
    pub fn settings(&self) -> Settings {
        let mut s = Settings::default();
        self.apply(&mut s);
        s
    }

    /// The section of one table.
    pub fn table(&self, table: TableKind) -> Option<&TableConfig> {
        match table {
            TableKind::Transactions => self.transactions.as_ref(),
            TableKind::Customers => self.customers.as_ref(),
            TableKind::Invoices => self.invoices.as_ref(),
            TableKind::Service => self.service.as_ref(),
            TableKind::Complaints => self.complaints.as_ref(),
            TableKind::Prospects => self.prospects.as_ref(),
        }
    }

    fn table_mut(&mut self, table: TableKind) -> Option<&mut TableConfig> {
        match table {
            TableKind::Transactions => self.transactions.as_mut(),
            TableKind::Customers => self.customers.as_mut(),
            TableKind::Invoices => self.invoices.as_mut(),
            TableKind::Service => self.service.as_mut(),
            TableKind::Complaints => self.complaints.as_mut(),
            TableKind::Prospects => self.prospects.as_mut(),
        }
    }

    /// The configured as-of date.
    pub fn as_of(&self, path: &Path) -> Result<Option<Date>> {
        match &self.analysis.as_of {
            None => Ok(None),
            Some(s) => parse_as_of(s).map(Some).map_err(|m| DataError::Config {
                path: path.to_path_buf(),
                message: format!("[analysis] as-of: {m}"),
            }),
        }
    }

    /// The configured earlier date to compare with.
    pub fn compare_to(&self, path: &Path) -> Result<Option<Date>> {
        match &self.analysis.compare_to {
            None => Ok(None),
            Some(s) => parse_as_of(s).map(Some).map_err(|m| DataError::Config {
                path: path.to_path_buf(),
                message: format!("[analysis] compare-to: {m}"),
            }),
        }
    }

    /// The configured time zone.
    pub fn timezone(&self, path: &Path) -> Result<Option<crate::timezone::Zone>> {
        match &self.analysis.timezone {
            None => Ok(None),
            Some(s) => crate::timezone::Zone::parse(s)
                .map(Some)
                .map_err(|m| DataError::Config {
                    path: path.to_path_buf(),
                    message: format!("[analysis] timezone: {m}"),
                }),
        }
    }

    /// The configured window in months.
    pub fn window_months(&self, path: &Path) -> Result<Option<u32>> {
        match &self.analysis.window {
            None => Ok(None),
            Some(s) => parse_window(s).map(Some).map_err(|m| DataError::Config {
                path: path.to_path_buf(),
                message: format!("[analysis] window: {m}"),
            }),
        }
    }

    /// One table's source as this file alone gives it, with `flag_path`
    /// (from the command line) in place of its `path` when given, and the
    /// file's time zone. `None` when the table is not given at all. A run
    /// resolves its sources with `clientgrade::RunSettings::resolve`; this is
    /// the shortcut for reading with a config file alone.
    pub fn source(
        &self,
        table: TableKind,
        flag_path: Option<&Path>,
        config_path: &Path,
    ) -> Result<Option<SourceSpec>> {
        let Some(path) = flag_path.or(self.table_path(table)) else {
            return Ok(None);
        };
        let mut spec = self.source_at(table, path.to_path_buf(), config_path)?;
        spec.timezone = self.timezone(config_path)?;
        Ok(Some(spec))
    }

    /// The file of `table` named in its section (relative to the config
    /// file's folder, already joined to it), if any.
    pub fn table_path(&self, table: TableKind) -> Option<&Path> {
        self.table(table).and_then(|s| s.path.as_deref())
    }

    /// `table` read from `path` with the reading options of its section
    /// (format, delimiter, date format, decimal mark, columns, rules);
    /// everything else detected. The time zone is left unset: it is a
    /// setting of the run, not of the table.
    pub fn source_at(
        &self,
        table: TableKind,
        path: PathBuf,
        config_path: &Path,
    ) -> Result<SourceSpec> {
        let mut spec = SourceSpec::detect(table, path);
        let section = self.table(table);
        let Some(s) = section else {
            return Ok(spec);
        };
        let bad = |key: &str, message: String| DataError::Config {
            path: config_path.to_path_buf(),
            message: format!("[{table}] {key}: {message}"),
        };
        if let Some(f) = &s.format {
            spec.format = match f.to_ascii_lowercase().as_str() {
                "csv" | "tsv" | "txt" => Format::Csv,
                "parquet" => Format::Parquet,
                _ => {
                    return Err(bad(
                        "format",
                        format!("`{f}` is not a format; use \"csv\" or \"parquet\""),
                    ))
                }
            };
        }
        if let Some(d) = &s.delimiter {
            spec.delimiter = Some(match d.as_str() {
                "\\t" | "\t" | "tab" => b'\t',
                " " | "whitespace" | "space" => crate::reader::WHITESPACE,
                d if d.len() == 1 && d.is_ascii() => d.as_bytes()[0],
                _ => {
                    return Err(bad(
                        "delimiter",
                        format!(
                        "`{d}` is not one ASCII character; use e.g. \",\", \";\", \"\\t\" or \"|\""
                    ),
                    ))
                }
            });
        }
        if let Some(f) = &s.date_format {
            spec.date_order = Some(DateOrder::from_pattern(f).ok_or_else(|| {
                bad(
                    "date-format",
                    format!("`{f}` is not supported; use \"%Y-%m-%d\", \"%d.%m.%Y\", \"%d/%m/%Y\", \"%m/%d/%Y\", \"%Y%m%d\", \"%d.%m.%y\", \"%m/%d/%y\" (any separator; %y: 00-29 are 2000-2029, 30-99 are 1930-1999) or \"excel\" (Excel serial day numbers)"),
                )
            })?);
        }
        if let Some(d) = &s.decimal {
            spec.decimal = Some(match d.as_str() {
                "." => DecimalMark::Dot,
                "," => DecimalMark::Comma,
                _ => {
                    return Err(bad(
                        "decimal",
                        format!("`{d}` is not a decimal mark; use \".\" or \",\""),
                    ))
                }
            });
        }
        spec.columns = s
            .columns
            .iter()
            .filter_map(|(k, v)| match v {
                ColumnChoice::Name(n) => Some((k.clone(), n.clone())),
                ColumnChoice::Off(_) => None,
            })
            .collect();
        spec.rules = crate::rules::Rules::from_config(table, s)
            .map_err(|(key, message)| bad(key, message))?;
        spec.rules.unmapped = s
            .columns
            .iter()
            .filter(|(_, v)| **v == ColumnChoice::Off(false))
            .map(|(k, _)| k.clone())
            .collect();
        Ok(spec)
    }
}

/// An allowed range of a number setting.
#[derive(Clone, Copy)]
struct Range {
    lo: f64,
    lo_incl: bool,
    hi: f64,
    hi_incl: bool,
}

const fn closed(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        lo_incl: true,
        hi,
        hi_incl: true,
    }
}

/// Greater than `lo`, at most `hi`.
const fn above(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        lo_incl: false,
        hi,
        hi_incl: true,
    }
}

/// At least `lo`, less than `hi`.
const fn below(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        lo_incl: true,
        hi,
        hi_incl: false,
    }
}

impl Range {
    fn contains(self, v: f64) -> bool {
        v.is_finite()
            && (if self.lo_incl {
                v >= self.lo
            } else {
                v > self.lo
            })
            && (if self.hi_incl {
                v <= self.hi
            } else {
                v < self.hi
            })
    }

    fn describe(self) -> String {
        let lo = if self.lo_incl { "from" } else { "greater than" };
        let hi = if self.hi_incl {
            "to"
        } else {
            "up to (not including)"
        };
        format!("{lo} {} {hi} {}", self.lo, self.hi)
    }
}

/// The number settings with their allowed ranges (docs/configuration.md
/// lists the same): (section, key, range, what it is).
type NumberRule = (&'static str, &'static str, f64, Range, &'static str);

/// `v` as written in TOML (`nan`, `inf`, `-inf`, or the number).
fn toml_number(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        v.to_string()
    }
}

/// The line of `key` in `[section]` of the text, if found.
fn line_of(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (n, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.starts_with('[') {
            current = l.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            continue;
        }
        if current == section {
            if let Some((k, _)) = l.split_once('=') {
                if k.trim().trim_matches('"') == key {
                    return Some(n + 1);
                }
            }
        }
    }
    None
}

/// Refuse numbers outside their meaningful range (NaN and infinity
/// included), naming the line, the key, the value and the range.
fn check_numbers(s: &Settings, text: &str) -> std::result::Result<(), String> {
    let (c, t, f) = (&s.costs, &s.tiers, &s.flags);
    let mut rules: Vec<NumberRule> = vec![
        (
            "costs",
            "hourly-rate",
            c.hourly_rate,
            closed(0.0, 1e6),
            "the cost of one hour of service effort",
        ),
        (
            "costs",
            "cost-per-service-event",
            c.cost_per_service_event,
            closed(0.0, 1e9),
            "a cost per service event",
        ),
        (
            "costs",
            "return-handling-cost",
            c.return_handling_cost,
            closed(0.0, 1e9),
            "a cost per returned line",
        ),
        (
            "tiers",
            "tier1-min-margin",
            t.tier1_min_margin,
            closed(-1.0, 1.0),
            "a profit margin as a fraction, e.g. 0.20",
        ),
        (
            "tiers",
            "tier2-min-margin",
            t.tier2_min_margin,
            closed(-1.0, 1.0),
            "a profit margin as a fraction, e.g. 0.05",
        ),
        (
            "tiers",
            "tier1-min-growth",
            t.tier1_min_growth,
            closed(-1.0, 1000.0),
            "a growth rate as a fraction, e.g. 0.10",
        ),
        (
            "tiers",
            "tier1-high-margin",
            t.tier1_high_margin,
            closed(-1.0, 1.0),
            "a profit margin as a fraction, e.g. 0.30",
        ),
        (
            "tiers",
            "growth-confidence",
            t.growth_confidence,
            above(0.0, 0.999),
            "the confidence of the growth interval, e.g. 0.80",
        ),
        (
            "tiers",
            "tier1-min-profit",
            t.tier1_min_profit,
            closed(-1e12, 1e12),
            "a profit in currency units",
        ),
        (
            "tiers",
            "tier1-profit-percentile",
            t.tier1_profit_percentile,
            closed(0.0, 1.0),
            "a share of profitable customers, e.g. 0.5 for the median (0: off)",
        ),
        (
            "tiers",
            "tier1-high-margin-vs-portfolio",
            t.tier1_high_margin_vs_portfolio,
            closed(0.0, 100.0),
            "a multiple of the portfolio's profit margin, e.g. 1.25",
        ),
        (
            "tiers",
            "tier1-top-profit-share",
            t.tier1_top_profit_share,
            closed(0.0, 1.0),
            "a share of profitable customers, e.g. 0.10 (0: off)",
        ),
        (
            "tiers",
            "effort-confidence",
            t.effort_confidence,
            above(0.5, 0.999),
            "a one-sided confidence, e.g. 0.95",
        ),
        (
            "tiers",
            "max-effort-ratio",
            t.max_effort_ratio,
            above(0.0, 1000.0),
            "a ratio of shares, e.g. 2",
        ),
        (
            "pareto",
            "abc-a",
            s.pareto.abc_a,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.80",
        ),
        (
            "pareto",
            "abc-b",
            s.pareto.abc_b,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.95",
        ),
        (
            "concentration",
            "customer-alert",
            s.concentration.customer_alert,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.10",
        ),
        (
            "concentration",
            "manager-alert",
            s.concentration.manager_alert,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.25",
        ),
        (
            "flags",
            "effort-ratio",
            f.effort_ratio,
            above(0.0, 1000.0),
            "a ratio of shares, e.g. 3",
        ),
        (
            "flags",
            "discount-vs-median",
            f.discount_vs_median,
            above(0.0, 1000.0),
            "a multiple of the median, e.g. 2",
        ),
        (
            "flags",
            "discount-min",
            f.discount_min,
            closed(0.0, 1.0),
            "a discount rate as a fraction, e.g. 0.05",
        ),
        (
            "flags",
            "late-days",
            f.late_days,
            closed(0.0, 36_500.0),
            "days late on average",
        ),
        (
            "flags",
            "overdue-share",
            f.overdue_share,
            closed(0.0, 1000.0),
            "a share of window revenue, e.g. 0.10",
        ),
        (
            "flags",
            "complaints-vs-rate",
            f.complaints_vs_rate,
            above(0.0, 1000.0),
            "a multiple of the portfolio's rate, e.g. 3",
        ),
        (
            "flags",
            "returns-vs-rate",
            f.returns_vs_rate,
            above(0.0, 1000.0),
            "a multiple of the portfolio's rate, e.g. 2",
        ),
        (
            "flags",
            "returns-min",
            f.returns_min,
            closed(0.0, 1.0),
            "a return rate as a fraction, e.g. 0.10",
        ),
        (
            "flags",
            "late-grace-days",
            f.late_grace_days,
            closed(0.0, 365.0),
            "days after the due date still counted as on time",
        ),
        (
            "flags",
            "significance",
            f.significance,
            above(0.0, 0.5),
            "a p-value level, e.g. 0.01",
        ),
        (
            "lifetime",
            "horizon-weeks",
            s.lifetime.horizon_weeks,
            above(0.0, 520.0),
            "weeks ahead",
        ),
        (
            "lifetime",
            "discount-rate",
            s.lifetime.discount_rate,
            below(0.0, 1.0),
            "a yearly rate as a fraction, e.g. 0.10",
        ),
        (
            "movement",
            "p-alive-drop",
            s.movement.p_alive_drop,
            above(0.0, 1.0),
            "a drop in probability, e.g. 0.25 for 25 points",
        ),
        (
            "movement",
            "profit-drop",
            s.movement.profit_drop,
            above(0.0, 1.0),
            "a share of the earlier window's profit, e.g. 0.5",
        ),
        (
            "movement",
            "no-contact-gaps",
            s.movement.no_contact_gaps,
            above(0.0, 1000.0),
            "a multiple of the customer's usual days between orders, e.g. 2",
        ),
    ];
    if let Some(m) = c.assumed_gross_margin {
        rules.push((
            "costs",
            "assumed-gross-margin",
            m,
            below(-1.0, 1.0),
            "a gross margin as a fraction of revenue, e.g. 0.3",
        ));
    }
    for (key, split) in [
        ("split-x", &s.matrix.split_x),
        ("split-y", &s.matrix.split_y),
    ] {
        if let clientgrade_core::Split::Value(v) = split {
            rules.push(("matrix", key, *v, closed(-1e15, 1e15), "a split value"));
        }
    }
    for factor in &s.ranking.factors {
        rules.push((
            "ranking.factors",
            "weight",
            factor.weight,
            above(0.0, 1e6),
            "a factor's weight",
        ));
    }
    let at = |section: &str, key: &str| {
        line_of(text, section, key).map_or(String::new(), |n| format!("line {n}: "))
    };
    for (section, key, v, range, what) in rules {
        if !range.contains(v) {
            let why = if v.is_finite() {
                "is outside the allowed range"
            } else {
                "is not a number"
            };
            return Err(format!(
                "{}[{section}] {key} = {} {why}: expected {what}, {}",
                at(section, key),
                toml_number(v),
                range.describe()
            ));
        }
    }
    if s.pareto.abc_a >= s.pareto.abc_b {
        return Err(format!(
            "{}[pareto] abc-a = {} must be below abc-b = {}: class A is the first share of \
                 revenue, class B goes on up to abc-b",
            at("pareto", "abc-a"),
            s.pareto.abc_a,
            s.pareto.abc_b
        ));
    }
    let r = &s.rfm;
    for (key, cuts, lo) in [
        ("recency-cuts", r.recency_cuts, 0.0),
        ("frequency-cuts", r.frequency_cuts, 0.0),
        ("monetary-cuts", r.monetary_cuts, -1e15),
    ] {
        let Some(cuts) = cuts else { continue };
        let finite = cuts.iter().all(|v| v.is_finite() && *v >= lo && *v <= 1e15);
        if !finite || cuts.windows(2).any(|w| w[0] > w[1]) {
            let shown: Vec<String> = cuts.iter().map(|v| toml_number(*v)).collect();
            return Err(format!(
                "{}[rfm] {key} = [{}] must be four ascending numbers{}",
                at("rfm", key),
                shown.join(", "),
                if lo == 0.0 { " of 0 or more" } else { "" }
            ));
        }
    }
    Ok(())
}

/// Parse an as-of date given by the user (ISO only: it is typed by hand).
pub fn parse_as_of(s: &str) -> std::result::Result<Date, String> {
    Date::parse_iso(s.trim())
        .ok_or_else(|| format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2025-12-31"))
}

/// Parse a window length: `12m`, `12`, `6 months`, `1y`, `2 years`.
pub fn parse_window(s: &str) -> std::result::Result<u32, String> {
    let t = s.trim().to_ascii_lowercase();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let unit = t[digits.len()..].trim();
    let n: u32 = digits.parse().map_err(|_| {
        format!("`{s}` is not a window; write it as months, e.g. \"12m\", or years, e.g. \"1y\"")
    })?;
    let months = match unit {
        "" | "m" | "month" | "months" | "mo" => n,
        "y" | "year" | "years" => n.saturating_mul(12),
        _ => {
            return Err(format!(
                "`{s}` is not a window; write it as months, e.g. \"12m\", or years, e.g. \"1y\""
            ))
        }
    };
    if months == 0 || months > 240 {
        return Err(format!("`{s}` must be between 1 and 240 months"));
    }
    Ok(months)
}

/// Turn a TOML/serde error into a message in the user's terms: the line,
/// the key and its section, what was expected and what was found (never
/// serde's `invalid type: string "60", expected f64`), and for an unknown
/// key the nearest valid key.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let start = e.span().map(|s| s.start.min(text.len()));
    let at = start
        .map(|s| format!("line {}: ", text[..s].matches('\n').count() + 1))
        .unwrap_or_default();
    let key = start.and_then(|s| key_at(text, s));
    let section = start.and_then(|s| section_at(text, s));
    let named = match (&key, &section) {
        (Some(k), Some(s)) => format!("key `{k}` in [{s}]"),
        (Some(k), None) => format!("key `{k}`"),
        (None, Some(s)) => format!("[{s}]"),
        (None, None) => "a value".to_string(),
    };
    let msg = e.message().trim_end_matches('.');
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        let place = section.map_or("this section".to_string(), |s| format!("[{s}]"));
        return format!("{at}{}", unknown_key_message(key, &valid, &place));
    }
    let typed = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
        .and_then(|r| r.rsplit_once(", expected "));
    if let Some((got, expected)) = typed {
        return format!(
            "{at}{named} expects {}, got {}",
            expected_words(expected),
            got_words(got)
        );
    }
    if let Some(r) = msg.strip_prefix("invalid length ") {
        if let Some((n, expected)) = r.split_once(", expected ") {
            return format!(
                "{at}{named} expects {}, got {n} values",
                expected_words(expected)
            );
        }
    }
    if let Some(r) = msg.strip_prefix("missing field `") {
        let field = r.trim_end_matches('`');
        let place = section.map_or(String::new(), |s| format!(" in [{s}]"));
        return format!("{at}missing key `{field}`{place}");
    }
    if msg.starts_with("data did not match any variant of untagged enum Split") {
        return format!(
            "{at}{named} expects \"median\", \"mean\", a percentile such as \"p75\", or a number"
        );
    }
    if msg.starts_with("data did not match any variant") {
        return format!("{at}{named} has a value of the wrong kind");
    }
    if msg == "duplicate key" {
        return format!("{at}{named} is given twice");
    }
    format!("{at}not valid TOML: {msg}")
}

/// Serde's name of an expected type in the user's words.
fn expected_words(e: &str) -> String {
    match e {
        "f64" | "f32" => "a number".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "a string" => "a text in quotes".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list in brackets".into(),
        e if e.starts_with("struct ") || e == "a map" => "a section (a table)".into(),
        e => match e.strip_prefix("an array of length ") {
            Some(n) => format!("a list of {n} numbers in brackets, e.g. [1, 2, 3, 4]"),
            None => e.to_string(),
        },
    }
}

/// Serde's description of a found value in the user's words.
fn got_words(g: &str) -> String {
    if let Some(s) = g.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(v) = g.strip_prefix(prefix) {
            return v.trim_matches('`').to_string();
        }
    }
    match g {
        "map" => "a table".into(),
        "sequence" => "a list".into(),
        g => g.to_string(),
    }
}

/// The key whose value starts at byte `at`: the name before the nearest
/// `=` on the same line (before `at` when there is one).
fn key_at(text: &str, at: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let before = &line[..at - line_start];
    let eq = before.rfind('=').or_else(|| line.find('='))?;
    let name = line[..eq]
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()?
        .trim_matches('"');
    (!name.is_empty()).then(|| name.to_string())
}

/// The `[section]` or `[[section]]` a byte of the text belongs to.
fn section_at(text: &str, at: usize) -> Option<String> {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[..line_end].lines().rev().find_map(|l| {
        let l = l.trim();
        let inner = l.strip_prefix("[[").and_then(|r| r.split_once("]]"));
        let inner = inner.or_else(|| l.strip_prefix('[').and_then(|r| r.split_once(']')));
        inner.map(|(name, _)| name.trim().to_string())
    })
}

fn unknown_key_message(key: &str, valid: &[&str], section: &str) -> String {
    let nearest = valid
        .iter()
        .map(|v| (edit_distance(key, v), *v))
        .min()
        .filter(|(d, _)| *d <= 3.max(key.len() / 3));
    let list = valid
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match nearest {
        Some((_, v)) => {
            format!("unknown key `{key}` in {section}; did you mean `{v}`? (valid keys: {list})")
        }
        None => format!("unknown key `{key}` in {section}; valid keys: {list}"),
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_parse() {
        assert_eq!(parse_window("12m"), Ok(12));
        assert_eq!(parse_window("6 months"), Ok(6));
        assert_eq!(parse_window("2y"), Ok(24));
        assert!(parse_window("0m").is_err());
        assert!(parse_window("soon").is_err());
    }

    fn refused(text: &str) -> String {
        Config::parse(text, Path::new("cg.toml"))
            .unwrap_err()
            .to_string()
    }

    /// Type errors say which key expected what and what it got, in words.
    #[test]
    fn type_errors_are_said_in_the_users_terms() {
        for (text, want) in [
            (
                "[costs]\nhourly-rate = \"60\"\n",
                "line 2: key `hourly-rate` in [costs] expects a number, got the text \"60\"",
            ),
            (
                "[flags]\ncomplaints-min = -1\n",
                "line 2: key `complaints-min` in [flags] expects a whole number of 0 or more, got -1",
            ),
            (
                "[flags]\ncomplaints-min = 2.5\n",
                "line 2: key `complaints-min` in [flags] expects a whole number of 0 or more, got 2.5",
            ),
            (
                "[rfm]\nrecency-cuts = [1, 2]\n",
                "line 2: key `recency-cuts` in [rfm] expects a list of 4 numbers in brackets, e.g. \
                 [1, 2, 3, 4], got 2 values",
            ),
            (
                "[lifetime]\nenabled = \"yes\"\n",
                "line 2: key `enabled` in [lifetime] expects true or false, got the text \"yes\"",
            ),
            (
                "[matrix]\nx = 3\n",
                "line 2: key `x` in [matrix] expects a text in quotes, got 3",
            ),
            (
                "[matrix]\nsplit-x = true\n",
                "line 2: key `split-x` in [matrix] expects \"median\", \"mean\", a percentile such \
                 as \"p75\", or a number",
            ),
            (
                "[[ranking.factors]]\ncharacteristic = \"growth\"\n",
                "line 1: missing key `label` in [ranking.factors]",
            ),
            (
                "[costs]\nhourly-rate = 60\nhourly-rate = 70\n",
                "line 3: key `hourly-rate` in [costs] is given twice",
            ),
            (
                "costs = 5\n",
                "line 1: key `costs` expects a section (a table), got 5",
            ),
            (
                "[costs]\nhourly-rate = { a = 1 }\n",
                "line 2: key `hourly-rate` in [costs] expects a number, got a table",
            ),
        ] {
            let got = refused(text);
            assert_eq!(got, format!("cg.toml: {want}"), "{text}");
            assert!(!got.contains("f64") && !got.contains("invalid type"), "{got}");
        }
    }

    /// NaN, infinity and numbers outside their meaning are refused with the
    /// line, the key, the value and the allowed range.
    #[test]
    fn numbers_outside_their_range_are_refused() {
        assert_eq!(
            refused("[costs]\nassumed-gross-margin = nan\n"),
            "cg.toml: line 2: [costs] assumed-gross-margin = nan is not a number: expected a \
             gross margin as a fraction of revenue, e.g. 0.3, from -1 up to (not including) 1"
        );
        assert_eq!(
            refused("[costs]\nassumed-gross-margin = 1.0\n"),
            "cg.toml: line 2: [costs] assumed-gross-margin = 1 is outside the allowed range: \
             expected a gross margin as a fraction of revenue, e.g. 0.3, from -1 up to (not \
             including) 1"
        );
        assert_eq!(
            refused("# rates\n[costs]\nhourly-rate = -5\n"),
            "cg.toml: line 3: [costs] hourly-rate = -5 is outside the allowed range: expected \
             the cost of one hour of service effort, from 0 to 1000000"
        );
        assert_eq!(
            refused("[lifetime]\nhorizon-weeks = inf\n"),
            "cg.toml: line 2: [lifetime] horizon-weeks = inf is not a number: expected weeks \
             ahead, greater than 0 to 520"
        );
        assert_eq!(
            refused("[movement]\np-alive-drop = 25\n"),
            "cg.toml: line 2: [movement] p-alive-drop = 25 is outside the allowed range: \
             expected a drop in probability, e.g. 0.25 for 25 points, greater than 0 to 1"
        );
        assert_eq!(
            refused("[pareto]\nabc-a = 0.9\nabc-b = 0.8\n"),
            "cg.toml: line 2: [pareto] abc-a = 0.9 must be below abc-b = 0.8: class A is the \
             first share of revenue, class B goes on up to abc-b"
        );
        assert_eq!(
            refused("[rfm]\nrecency-cuts = [30, 20, 40, 50]\n"),
            "cg.toml: line 2: [rfm] recency-cuts = [30, 20, 40, 50] must be four ascending \
             numbers of 0 or more"
        );
        assert_eq!(
            refused(
                "[[ranking.factors]]\nlabel = \"x\"\ncharacteristic = \"growth\"\nweight = -inf\n"
            ),
            "cg.toml: line 4: [ranking.factors] weight = -inf is not a number: expected a \
             factor's weight, greater than 0 to 1000000"
        );
        // every number key: nan is refused naming its section and key
        for (section, key) in [
            ("costs", "hourly-rate"),
            ("costs", "cost-per-service-event"),
            ("costs", "return-handling-cost"),
            ("tiers", "tier1-min-margin"),
            ("tiers", "tier2-min-margin"),
            ("tiers", "tier1-min-growth"),
            ("tiers", "tier1-high-margin"),
            ("tiers", "growth-confidence"),
            ("tiers", "tier1-min-profit"),
            ("tiers", "max-effort-ratio"),
            ("pareto", "abc-a"),
            ("pareto", "abc-b"),
            ("concentration", "customer-alert"),
            ("concentration", "manager-alert"),
            ("flags", "effort-ratio"),
            ("flags", "discount-vs-median"),
            ("flags", "discount-min"),
            ("flags", "late-days"),
            ("flags", "overdue-share"),
            ("flags", "complaints-vs-rate"),
            ("flags", "returns-vs-rate"),
            ("flags", "returns-min"),
            ("flags", "late-grace-days"),
            ("flags", "significance"),
            ("lifetime", "discount-rate"),
            ("movement", "p-alive-drop"),
            ("movement", "profit-drop"),
            ("movement", "no-contact-gaps"),
            ("matrix", "split-y"),
        ] {
            let got = refused(&format!("[{section}]\n{key} = nan\n"));
            assert!(
                got.starts_with(&format!(
                    "cg.toml: line 2: [{section}] {key} = nan is not a number: expected "
                )),
                "{got}"
            );
        }
        // the defaults and the documented example values pass
        assert!(Config::parse("", Path::new("cg.toml")).is_ok());
        assert!(Config::parse(
            "[costs]\nassumed-gross-margin = -0.5\nhourly-rate = 0\n[rfm]\nmonetary-cuts = [-10, 0, 0, 5]\n",
            Path::new("cg.toml")
        )
        .is_ok());
    }

    #[test]
    fn a_missing_config_file_is_said_once() {
        let e = Config::load(Path::new("/no/such/folder/cg.toml")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "/no/such/folder/cg.toml: cannot read the file: no such file; check the path"
        );
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("hourly-rte", "hourly-rate"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
