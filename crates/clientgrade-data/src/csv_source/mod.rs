//! CSV tables: sniffing (BOM, delimiter, line ends), the header, typing records, and reading sequentially or in verified parallel parts.
//!
//! This module holds the per-record typing step ([`Prepared`]) and the
//! sequential read; [`sniff`] decides delimiter, line ends and where the
//! header is; [`open`] reads the header, samples rows and decides formats;
//! [`parts`] cuts a file at line ends and reads the parts in parallel,
//! verified against a sequential read; [`date_scan`] is the fast scan for the
//! latest date.

mod date_scan;
mod open;
mod parts;
mod sniff;

use clientgrade_core::Value;

use crate::config::SourceSpec;
use crate::csv_records::Record;
use crate::reject::{Reject, TableStats};
use crate::row::{RowConverter, MAX_COLUMNS};
use crate::schema::{ColumnSpec, ColumnType, Mapping};
use crate::source::{Outcome, Progress};
use crate::{DataError, Result};

/// Everything needed to turn a record into a typed row.
struct Prepared {
    width: usize,
    /// The header's names, trimmed.
    headers: Vec<String>,
    mapping: Mapping,
    extra_positions: Vec<usize>,
    converter: RowConverter,
    /// Report-like rows (headings, totals, footers), when the file has them.
    layout: Option<crate::layout::RowLayout>,
}

impl Prepared {
    /// Check, type and hand over one record.
    fn process(
        &self,
        r: &Record<'_>,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        let line = r.line;
        if let Some(fault) = r.fault() {
            stats.read += 1;
            stats.reject(Reject {
                line,
                column: "",
                reason: fault.kind.reason().into(),
                value: fault.value.clone(),
            });
            return;
        }
        // rows of report layouts: headings carried down, totals and footers skipped
        let filled;
        let r: Record<'_> = match self.layout.as_ref().map(|l| l.classify(r, stats)) {
            None | Some(crate::layout::Row::Data) => *r,
            Some(crate::layout::Row::Filled(f)) => {
                filled = f;
                filled.view()
            }
            Some(crate::layout::Row::Skipped(_)) => return,
        };
        let specs = self.converter.specs;
        let width = self.width;
        let extra_empty = r.len() > width
            && r.iter()
                .skip(width)
                .all(|f| f.iter().all(u8::is_ascii_whitespace));
        if r.len() != width && !extra_empty {
            stats.read += 1;
            stats.reject(Reject {
                line,
                column: "",
                reason: "wrong number of fields".into(),
                value: format!("{} fields, the header has {width}", r.len()),
            });
            return;
        }
        // Validate the record once; a field is then a slice of it.
        let Some(whole) = std::str::from_utf8(r.bytes()).ok() else {
            return self.process_invalid_utf8(&r, stats, consume);
        };
        let field = |p: usize| whole.get(r.range(p)?);
        let mut raw = [Value::Null; MAX_COLUMNS];
        for (i, p) in self.mapping.positions.iter().enumerate() {
            if let Some(p) = *p {
                raw[i] = field(p).map_or(Value::Null, Value::Text);
            }
        }
        if self.extra_positions.is_empty() {
            self.converter
                .row::<false>(&raw[..specs.len()], line, stats, consume);
        } else {
            let mut all = raw[..specs.len()].to_vec();
            all.extend(
                self.extra_positions
                    .iter()
                    .map(|&p| field(p).map_or(Value::Null, Value::Text)),
            );
            self.converter.row::<false>(&all, line, stats, consume);
        }
    }

    /// [`Prepared::process`] for a record that is not valid UTF-8:
    /// descriptive text (names, managers, service kinds, severities,
    /// attributes) is kept with the bad bytes replaced by U+FFFD, counted per
    /// column with its line; an id, key, date or number with invalid UTF-8
    /// rejects the row.
    #[cold]
    fn process_invalid_utf8(
        &self,
        r: &Record<'_>,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        let line = r.line;
        let specs = self.converter.specs;
        let fixed: Vec<Option<String>> = r
            .iter()
            .map(|f| match std::str::from_utf8(f) {
                Ok(_) => None,
                Err(_) => Some(String::from_utf8_lossy(f).into_owned()),
            })
            .collect();
        let bytes = |p: usize| r.get(p).unwrap_or_default();
        let mut raw = [Value::Null; MAX_COLUMNS];
        for (i, p) in self.mapping.positions.iter().enumerate() {
            if let Some(p) = *p {
                match (std::str::from_utf8(bytes(p)), &fixed[p]) {
                    (Ok(s), _) => raw[i] = Value::Text(s),
                    (Err(_), Some(s)) if descriptive(&specs[i]) => {
                        stats.repair(specs[i].key, line);
                        raw[i] = Value::Text(s);
                    }
                    (Err(_), _) => {
                        stats.read += 1;
                        stats.reject(Reject {
                            line,
                            column: specs[i].key,
                            reason: "invalid UTF-8 (save the file as UTF-8)".into(),
                            value: String::from_utf8_lossy(bytes(p)).into_owned(),
                        });
                        return;
                    }
                }
            }
        }
        let mut all = raw[..specs.len()].to_vec();
        for &p in &self.extra_positions {
            all.push(match &fixed[p] {
                Some(s) => {
                    // the header's name: a part's own stats do not hold the
                    // attribute names, and a read in parts must name it alike
                    stats.repair(&self.headers[p], line);
                    Value::Text(s)
                }
                None => std::str::from_utf8(bytes(p)).map_or(Value::Null, Value::Text),
            });
        }
        self.converter.row::<false>(&all, line, stats, consume);
    }
}

/// Whether a column holds descriptive text (kept when repaired), not a key.
fn descriptive(col: &ColumnSpec) -> bool {
    col.ty == ColumnType::Text && !matches!(col.key, "order-id" | "product" | "invoice-id")
}

/// Read a CSV table from start to end.
pub(crate) fn read_csv(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let sniffed = sniff(spec, stats)?;
    let Opened {
        prepared,
        mut records,
        sample,
        eof,
        ..
    } = prepare_csv(spec, &sniffed, stats)?;
    progress.begin(&format!("reading {}", spec.table), sniffed.total);
    for r in &sample {
        prepared.process(&r.view(), stats, consume);
    }
    drop(sample);
    if !eof {
        let mut n = 0u64;
        loop {
            let next = records.next(u64::MAX).map_err(|source| DataError::Io {
                path: spec.path.clone(),
                source,
            })?;
            let Some(r) = next else { break };
            prepared.process(&r, stats, consume);
            n += 1;
            if n.is_multiple_of(65_536) {
                progress.advance_to(records.offset());
            }
        }
    }
    progress.end();
    Ok(())
}

pub(crate) use date_scan::latest_date_upper_bound;
pub(crate) use open::read_header;
use open::{prepare_csv, Opened};
pub(crate) use parts::{read_csv_in_parts, Cutting};
use sniff::sniff;
