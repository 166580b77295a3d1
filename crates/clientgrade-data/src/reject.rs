//! Rejected rows: counted per reason, kept with their source line for the rejects file; a table's row accounting (TableStats) and its decisions to take (Warning).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::schema::TableKind;

/// At most this many rejected rows are kept per table for the rejects file;
/// all of them are counted.
pub const KEPT_REJECTS: usize = 100_000;

/// One rejected row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    /// Source line (CSV, header = line 1) or row number (Parquet, first row = 1).
    pub line: u64,
    /// The contract column at fault (empty for whole-row problems).
    pub column: &'static str,
    /// Why, e.g. `bad date`.
    pub reason: String,
    /// The offending value as written (empty when missing).
    pub value: String,
}

/// A decision the user has to take before the figures can be trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// A stable name: `amount-repeated`, `amount-first-row-only`,
    /// `status-not-applied`, `refund-not-applied`, `ids-differ-by-case`.
    pub kind: &'static str,
    /// What was seen (counts and column names, no customer data).
    pub message: String,
    /// The key to set.
    pub fix: String,
}

/// What happened to the rows of one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableStats {
    /// Which table.
    pub table: TableKind,
    /// Its file.
    pub path: PathBuf,
    /// Data rows read.
    pub read: u64,
    /// Rows that went into the analysis.
    pub used: u64,
    /// Rows rejected (see `reasons`).
    pub rejected: u64,
    /// Valid rows not used, by reason (e.g. dated after the as-of date).
    pub skipped: BTreeMap<String, u64>,
    /// The first `KEPT_SKIP_LINES` lines (rows) of rows skipped as totals,
    /// per reason (other skips are counted only).
    pub skipped_lines: BTreeMap<String, Vec<u64>>,
    /// Rejected rows per reason.
    pub reasons: BTreeMap<String, u64>,
    /// The first [`KEPT_REJECTS`] rejected rows.
    pub rejects: Vec<Reject>,
    /// How the file was read (delimiter, date formats, decimal marks, columns).
    pub detected: Vec<String>,
    /// The contract columns found in the file: key → header (empty when
    /// the column has no name).
    pub mapped: BTreeMap<&'static str, String>,
    /// Columns kept as customer attributes (customers table only), in the
    /// order their values follow the contract columns in each row.
    pub extra_columns: Vec<String>,
    /// The known export recognised (or forced), in words.
    pub source: Option<String>,
    /// The reading rules applied, one line each.
    pub rules: Vec<String>,
    /// Decisions to take before the figures can be trusted.
    pub warnings: Vec<Warning>,
    /// Values kept after a repair (invalid UTF-8 replaced by U+FFFD), per column.
    pub repaired: BTreeMap<String, Repaired>,
}

/// The rows of one column whose value was kept after a repair.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repaired {
    /// Rows.
    pub rows: u64,
    /// The first [`KEPT_REPAIR_LINES`] of their lines (rows for Parquet).
    pub lines: Vec<u64>,
}

/// Lines kept per reason of rows skipped as totals.
pub const KEPT_SKIP_LINES: usize = 10;

/// Whether rows skipped for this reason are listed with their lines: totals
/// rows, which a misread would have made customers.
pub fn lists_lines(reason: &str) -> bool {
    reason.starts_with("total row")
}

/// Lines kept per repaired column.
pub const KEPT_REPAIR_LINES: usize = 10;

impl TableStats {
    /// Empty stats for a table.
    pub fn new(table: TableKind, path: PathBuf) -> TableStats {
        TableStats {
            table,
            path,
            read: 0,
            used: 0,
            rejected: 0,
            skipped: BTreeMap::new(),
            skipped_lines: BTreeMap::new(),
            reasons: BTreeMap::new(),
            rejects: Vec::new(),
            detected: Vec::new(),
            mapped: BTreeMap::new(),
            extra_columns: Vec::new(),
            source: None,
            rules: Vec::new(),
            warnings: Vec::new(),
            repaired: BTreeMap::new(),
        }
    }

    /// Whether the file has a column for contract key `key`.
    pub fn maps(&self, key: &str) -> bool {
        self.mapped.contains_key(key)
    }

    /// Count a value of `column` on `line` kept after a repair.
    pub fn repair(&mut self, column: &str, line: u64) {
        let r = self.repaired.entry(column.to_string()).or_default();
        r.rows += 1;
        if r.lines.len() < KEPT_REPAIR_LINES {
            r.lines.push(line);
        }
    }

    /// Count a rejected row.
    pub fn reject(&mut self, r: Reject) {
        self.rejected += 1;
        *self.reasons.entry(r.reason.clone()).or_insert(0) += 1;
        if self.rejects.len() < KEPT_REJECTS {
            self.rejects.push(r);
        }
    }

    /// Count a valid row left out, with the reason.
    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_insert(0) += 1;
    }

    /// Count a valid row left out on `line`, with the reason; the lines of
    /// totals rows are kept (`lists_lines`).
    pub fn skip_at(&mut self, reason: &str, line: u64) {
        self.skip(reason);
        if lists_lines(reason) {
            let l = self.skipped_lines.entry(reason.to_string()).or_default();
            if l.len() < KEPT_SKIP_LINES {
                l.push(line);
            }
        }
    }

    /// Rows skipped for any reason.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// `read N, used M, rejected K (reason: count, …)`.
    pub fn summary_line(&self) -> String {
        let mut s = format!(
            "read {}, used {}, rejected {}",
            self.read, self.used, self.rejected
        );
        if !self.reasons.is_empty() {
            let r: Vec<String> = self
                .reasons
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            s.push_str(&format!(" ({})", r.join(", ")));
        }
        for (k, v) in &self.skipped {
            match self.skipped_lines.get(k) {
                Some(lines) if !lines.is_empty() => {
                    let l: Vec<String> = lines.iter().map(u64::to_string).collect();
                    let more = if *v > lines.len() as u64 { " …" } else { "" };
                    let word = if lines.len() == 1 { "line" } else { "lines" };
                    s.push_str(&format!(
                        ", skipped {v} ({k}: {word} {}{more})",
                        l.join(", ")
                    ));
                }
                _ => s.push_str(&format!(", skipped {v} ({k})")),
            }
        }
        s
    }
}
