//! What every table reader shares: the row consumer's Outcome and RowSink, Progress, opening a file at an offset, parts run on threads, the parts' row accounting merged, and a source's header mapped under its rules.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::Path;

pub(crate) use clientgrade_core::parallel::on_threads;
use clientgrade_core::Value;

use crate::config::SourceSpec;
use crate::reject::{Reject, TableStats};
use crate::rules::{col, AmountLevel};
use crate::schema::{map_columns, Mapping, TableKind};
use crate::{DataError, Result};

/// Reports progress of long steps; the CLI draws a bar, tests and libraries pass [`NoProgress`].
pub trait Progress: Sync {
    /// A step starts; `total` is in bytes (CSV) or rows (Parquet), 0 when unknown.
    fn begin(&self, label: &str, total: u64);
    /// `done` of `total` are finished.
    fn advance_to(&self, done: u64);
    /// The step ended.
    fn end(&self);
}

/// Progress that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn begin(&self, _: &str, _: u64) {}
    fn advance_to(&self, _: u64) {}
    fn end(&self) {}
}

/// What the consumer made of one valid row.
pub enum Outcome {
    /// Went into the analysis.
    Used,
    /// Valid but not used, with the reason (e.g. after the as-of date).
    Skipped(&'static str),
    /// Rejected by a domain rule.
    Rejected(Reject),
}

pub(crate) fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Open a file positioned at byte `offset`.
pub(crate) fn open_at(path: &Path, offset: u64) -> Result<File> {
    let mut file = open(path)?;
    file.seek(SeekFrom::Start(offset))
        .map_err(|source| DataError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(file)
}

/// A consumer of typed rows that can run on its own thread; one per part
/// of a file read in parallel, merged by the caller in file order.
pub trait RowSink: Send {
    /// Take one valid row (like the `consume` closure of [`read_table`](crate::read_table)).
    /// `line` counts from the start of the sink's part (in a sequential read,
    /// the file's line); a reject the sink returns is moved to the file's
    /// line when the parts are merged.
    fn row(&mut self, row: &[Value<'_>], line: u64) -> Outcome;

    /// The sink read a part of a file whose lines were numbered from 1:
    /// `offset` lines precede it (lines the sink kept move by `offset`).
    fn shift_lines(&mut self, _offset: u64) {}
}

/// Add a chunk's row accounting to the table's; its lines or rows move by `offset`.
pub(crate) fn merge_stats(stats: &mut TableStats, local: TableStats, offset: u64) {
    stats.read += local.read;
    stats.used += local.used;
    stats.rejected += local.rejected;
    for (k, v) in local.skipped {
        *stats.skipped.entry(k).or_insert(0) += v;
    }
    for (k, lines) in local.skipped_lines {
        let mine = stats.skipped_lines.entry(k).or_default();
        mine.extend(lines.into_iter().map(|l| l + offset));
        mine.sort_unstable();
        mine.truncate(crate::reject::KEPT_SKIP_LINES);
    }
    for (k, v) in local.reasons {
        *stats.reasons.entry(k).or_insert(0) += v;
    }
    for mut rej in local.rejects {
        if stats.rejects.len() >= crate::reject::KEPT_REJECTS {
            break;
        }
        rej.line += offset;
        stats.rejects.push(rej);
    }
    for (column, r) in local.repaired {
        let mine = stats.repaired.entry(column).or_default();
        mine.rows += r.rows;
        for line in r.lines {
            if mine.lines.len() < crate::reject::KEPT_REPAIR_LINES {
                mine.lines.push(line + offset);
            }
        }
    }
}

/// Roles that are only looked at (and warned about) when found by their
/// name, and applied when named in the config or by a preset.
const OBSERVED: &[usize] = &[col::STATUS, col::REFUND];

/// Map a source's header: the explicit and detected columns, less the keys
/// set to `false` and the helper roles no rule asks for; with a group
/// heading, the customer id is the first column.
pub(crate) fn map_source(
    spec: &SourceSpec,
    headers: &[String],
) -> std::result::Result<Mapping, String> {
    let r = &spec.rules;
    let mut explicit = spec.columns.clone();
    if r.group_heading
        && spec.table == TableKind::Transactions
        && !explicit.iter().any(|(k, _)| k == "customer-id")
    {
        if let Some(first) = headers.first() {
            explicit.push(("customer-id".into(), first.clone()));
        }
    }
    let mut mapping =
        map_columns(spec.table, headers, &explicit).map_err(|e| with_hints(spec, headers, e))?;
    for key in &r.unmapped {
        if let Some(i) = spec.table.column_index(key) {
            mapping.positions[i] = None;
        }
    }
    if spec.table != TableKind::Transactions {
        return Ok(mapping);
    }
    let is_explicit = |i: usize| {
        let key = spec.table.columns()[i].key;
        explicit.iter().any(|(k, _)| k == key)
    };
    let amount_mapped = mapping.positions[col::AMOUNT].is_some();
    for i in col::STATUS..spec.table.columns().len() {
        if mapping.positions[i].is_none() || is_explicit(i) {
            continue;
        }
        let needed = match i {
            col::STATUS | col::REFUND | col::CURRENCY => true,
            col::EMAIL => r.merge_by_email,
            col::TAX => r.amount_includes_tax || r.refunds_include_tax,
            col::SHIPPING => r.amount_includes_shipping,
            col::QUANTITY | col::UNIT_PRICE => !amount_mapped || r.discount_is_rate,
            _ => false,
        };
        if !needed {
            mapping.positions[i] = None;
        }
    }
    if r.amount_level == Some(AmountLevel::Order)
        && mapping.positions[col::AMOUNT].is_none()
        && mapping.positions[col::CONVERTED_AMOUNT].is_none()
    {
        return Err(
            "amount-level = \"order\" takes the order's amount from a column: name it in \
             [transactions.columns] amount = \"<order amount column>\""
                .into(),
        );
    }
    if mapping.positions[col::AMOUNT].is_none()
        && mapping.positions[col::UNIT_PRICE].is_none()
        && mapping.positions[col::CONVERTED_AMOUNT].is_none()
    {
        return Err(format!(
            "no column for `amount` (required in transactions; it was set to false); \
             columns found: {}",
            headers
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(mapping)
}

/// Which contract columns are read leniently: observed roles found by
/// their name (a value that does not parse is ignored, not a reject).
pub(crate) fn lenient(spec: &SourceSpec, mapping: &Mapping) -> Vec<bool> {
    let n = spec.table.columns().len();
    (0..n)
        .map(|i| {
            spec.table == TableKind::Transactions
                && OBSERVED.contains(&i)
                && mapping.positions[i].is_some()
                && !spec
                    .columns
                    .iter()
                    .any(|(k, _)| k == spec.table.columns()[i].key)
        })
        .collect()
}

/// Whether a role of the transactions is applied (named in the config or by
/// a preset) rather than only observed.
pub(crate) fn applied(spec: &SourceSpec, key: &str) -> bool {
    spec.columns.iter().any(|(k, _)| k == key)
}

/// Add what the layout suggests to a missing-column message.
fn with_hints(spec: &SourceSpec, headers: &[String], message: String) -> String {
    let mut m = message;
    if spec.table == TableKind::Transactions
        && headers.first().is_some_and(|h| h.is_empty())
        && m.contains("`customer-id`")
    {
        m.push_str(
            "; the first column has no name: if it holds group headings (a customer's name on a \
             row of its own, its sales on the rows below), set group-heading = \"customer-id\" in \
             [transactions]",
        );
    }
    m
}
