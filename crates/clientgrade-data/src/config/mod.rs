//! The TOML configuration file: sources, column mapping, analysis window, costs and tier rules.
//!
//! `Config` is the file as written and validated: the settings sections
//! (`schema.rs`, laid over core's defaults by [`Config::apply`]), the
//! `[analysis]` dates and the table sections (`source.rs`: a table's
//! reading options). `numbers.rs` holds every number key's allowed range,
//! `messages.rs` turns TOML errors into the user's terms. Which value wins
//! over which (flags, file, defaults) is decided in one place, outside this
//! crate: `clientgrade::RunSettings::resolve`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clientgrade_core::{Date, Settings};
use serde::Deserialize;

mod messages;
mod numbers;
mod rules;
pub mod schema;
mod source;
#[cfg(test)]
mod tests;

pub use source::{Format, SourceSpec};

use crate::schema::TableKind;
use crate::{DataError, Result};
use messages::{describe_toml_error, unknown_key_message};
use numbers::check_numbers;
use schema::{
    ConcentrationSection, CostsSection, FlagsSection, LifetimeSection, MatrixSection,
    MovementSection, ParetoSection, ProfileSection, RankingSection, RfmSection, TiersSection,
};

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
