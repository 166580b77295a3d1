//! The TOML configuration file: sources, column mapping, analysis window, costs and tier rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clientgrade_core::{
    ConcentrationSettings, CostSettings, Date, FlagSettings, MatrixSettings, ParetoSettings,
    RankingSettings, RfmSettings, Settings, TierRules,
};
use serde::Deserialize;

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
    pub costs: CostSettings,
    /// `[tiers]`: tier thresholds.
    #[serde(default)]
    pub tiers: TierRules,
    /// `[pareto]`: ABC class boundaries.
    #[serde(default)]
    pub pareto: ParetoSettings,
    /// `[concentration]`: alert thresholds.
    #[serde(default)]
    pub concentration: ConcentrationSettings,
    /// `[rfm]`: cut-offs.
    #[serde(default)]
    pub rfm: RfmSettings,
    /// `[flags]`: red-flag thresholds.
    #[serde(default)]
    pub flags: FlagSettings,
    /// `[matrix]`: the grading matrix.
    #[serde(default)]
    pub matrix: MatrixSettings,
    /// `[ranking]`: key-customer ranking factors.
    #[serde(default)]
    pub ranking: RankingSettings,
    /// `[lifetime]`: horizon and discounting of lifetime values.
    #[serde(default)]
    pub lifetime: clientgrade_core::LifetimeSettings,
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
    pub profile: clientgrade_core::ProfileSettings,
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
        config
            .settings()
            .validate()
            .map_err(|message| DataError::Config {
                path: path.to_path_buf(),
                message,
            })?;
        Ok(config)
    }

    /// The analysis settings of this file (defaults where it says nothing).
    pub fn settings(&self) -> Settings {
        Settings {
            costs: self.costs.clone(),
            tiers: self.tiers.clone(),
            pareto: self.pareto.clone(),
            concentration: self.concentration.clone(),
            rfm: self.rfm.clone(),
            flags: self.flags.clone(),
            matrix: self.matrix.clone(),
            ranking: self.ranking.clone(),
            lifetime: self.lifetime.clone(),
            profile: self.profile.clone(),
        }
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

    /// Resolve one table's source: `flag_path` (from the command line) wins
    /// over the config's `path`. `None` when the table is not given at all.
    pub fn source(
        &self,
        table: TableKind,
        flag_path: Option<&Path>,
        config_path: &Path,
    ) -> Result<Option<SourceSpec>> {
        let section = self.table(table);
        let path = match (flag_path, section.and_then(|s| s.path.as_ref())) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(p)) => p.clone(),
            (None, None) => return Ok(None),
        };
        let mut spec = SourceSpec::detect(table, path);
        spec.timezone = self.timezone(config_path)?;
        let Some(s) = section else {
            return Ok(Some(spec));
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
                    format!("`{f}` is not supported; use \"%Y-%m-%d\", \"%d.%m.%Y\", \"%d/%m/%Y\", \"%m/%d/%Y\" or \"%Y%m%d\" (any separator)"),
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
        Ok(Some(spec))
    }
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

/// Turn a TOML/serde error into a message with the line and, for an unknown
/// key, the nearest valid key.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let at = e
        .span()
        .map(|s| {
            let before = &text[..s.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            format!("line {line}: ")
        })
        .unwrap_or_default();
    let msg = e.message();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        return format!("{at}{}", unknown_key_message(key, &valid, "this section"));
    }
    format!("{at}{}", msg.trim_end_matches('.'))
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

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("hourly-rte", "hourly-rate"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
