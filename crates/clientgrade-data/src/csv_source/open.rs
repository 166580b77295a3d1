//! A CSV file opened for reading: the header's names, the columns mapped, a sample read and the formats decided from it.

use std::fs::File;

use crate::config::SourceSpec;
use crate::csv_records::{OwnedRecord, Records};
use crate::reject::TableStats;
use crate::row::{extra_columns, formats, needs_more, required_list, MAX_SAMPLE_ROWS, SAMPLE_ROWS};
use crate::schema::ColumnType;
use crate::source::open_at;
use crate::{DataError, Result};

use super::sniff::{sniff, Sniffed};
use super::Prepared;

/// A CSV file opened for reading: its preparation and where its data rows
/// start.
pub(super) struct Opened {
    pub(super) prepared: Prepared,
    /// The records after the header, the sampled ones already read.
    pub(super) records: Records<File>,
    /// The sampled records.
    pub(super) sample: Vec<OwnedRecord>,
    /// Whether the sample reached the end of the file.
    pub(super) eof: bool,
    /// Byte offset and line just after the header.
    pub(super) data_start: (u64, u64),
}

/// Open the file at its header row (below any title rows) and read the
/// header's names, trimmed; the records continue after the header.
fn open_header(
    spec: &SourceSpec,
    sniffed: &Sniffed,
    buffer: usize,
) -> Result<(Records<File>, Vec<String>)> {
    let path = &spec.path;
    let (offset, line) = sniffed.header;
    let file = open_at(path, offset)?;
    let mut records =
        Records::new(file, offset, line, sniffed.delimiter, sniffed.ends).with_buffer(buffer);
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let headers: Vec<String> = match records.next(u64::MAX).map_err(io)? {
        None => {
            return Err(DataError::structure(
                path,
                format!(
                    "the file is empty; expected a header row naming the columns ({})",
                    required_list(spec)
                ),
            ))
        }
        Some(r) => {
            if let Some(f) = r.fault() {
                return Err(DataError::structure(
                    path,
                    format!(
                        "cannot read the header row (line {}): {} (`{}`); fix the header so that \
                         it names the columns",
                        r.line,
                        f.kind.reason(),
                        f.value
                    ),
                ));
            }
            r.iter()
                .map(|h| String::from_utf8_lossy(h).trim().to_string())
                .collect()
        }
    };
    Ok((records, headers))
}

/// The header names of a CSV source, below any title rows.
pub(crate) fn read_header(spec: &SourceSpec) -> Result<Vec<String>> {
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let sniffed = sniff(spec, &mut stats)?;
    Ok(open_header(spec, &sniffed, 64 << 10)?.1)
}

/// Open the file, read the header, map the columns and decide the formats
/// from a sample.
pub(super) fn prepare_csv(
    spec: &SourceSpec,
    sniffed: &Sniffed,
    stats: &mut TableStats,
) -> Result<Opened> {
    let path = &spec.path;
    let buffer = usize::try_from(sniffed.total).map_or(1 << 20, |t| (t + 4096).min(1 << 20));
    let (mut records, headers) = open_header(spec, sniffed, buffer)?;
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let data_start = (records.offset(), records.line());
    let mapping =
        crate::source::map_source(spec, &headers).map_err(|m| DataError::structure(path, m))?;
    let specs = spec.table.columns();

    // Sample rows until every text date column is decided (or the cap).
    let mut sample: Vec<OwnedRecord> = Vec::new();
    let mut eof = false;
    let field_text = |r: &OwnedRecord, i: usize| -> Option<String> {
        let p = mapping.positions[i]?;
        let s = std::str::from_utf8(r.view().get(p)?).ok()?.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let collect = |sample: &[OwnedRecord], i: usize| -> Vec<String> {
        sample.iter().filter_map(|r| field_text(r, i)).collect()
    };
    let mut target = SAMPLE_ROWS;
    loop {
        while sample.len() < target {
            match records.next(u64::MAX).map_err(io)? {
                Some(r) => sample.push(r.keep()),
                None => {
                    eof = true;
                    break;
                }
            }
        }
        if eof || target >= MAX_SAMPLE_ROWS || spec.date_order.is_some() {
            break;
        }
        let date_samples: Vec<Vec<String>> = (0..specs.len())
            .filter(|&i| specs[i].ty == ColumnType::Date)
            .map(|i| collect(&sample, i))
            .collect();
        if !needs_more(&date_samples) {
            break;
        }
        target *= 4;
    }
    let converter = formats(spec, &mapping, &headers, &|i| collect(&sample, i), stats)?;
    let extra_positions = extra_columns(spec, &mapping, &headers, stats);
    // report-like rows and the traps a sample shows (crate::layout, crate::warnings)
    let layout = crate::layout::RowLayout::detect(
        spec.rules.group_heading,
        sniffed.header_titles,
        mapping.positions.get(1).copied().flatten(),
        sample.iter().map(OwnedRecord::view),
    );
    let sampled = crate::warnings::scan_sample(spec, &headers, &mapping, &sample, layout.as_ref());
    stats.warnings.extend(sampled);
    let prepared = Prepared {
        width: headers.len(),
        headers,
        mapping,
        extra_positions,
        converter,
        layout,
    };
    Ok(Opened {
        prepared,
        records,
        sample,
        eof,
        data_start,
    })
}
