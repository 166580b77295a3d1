//! A table's source (file, format, reading options) as the config file gives it: `SourceSpec` and `Config::source_at`.

use std::path::{Path, PathBuf};

use super::{ColumnChoice, Config};
use crate::schema::TableKind;
use crate::values::{DateOrder, DecimalMark};
use crate::{DataError, Result};

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
                " " | "whitespace" | "space" => crate::csv_records::WHITESPACE,
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
