//! CSV sniffing: BOM, delimiter, line ends and the header row below any title rows.

use std::io::Read;

use crate::config::SourceSpec;
use crate::csv_records::{LineEnds, WHITESPACE};
use crate::reject::TableStats;
use crate::row::required_list;
use crate::source::open;
use crate::{DataError, Result};

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

fn delimiter_name(d: u8) -> String {
    match d {
        WHITESPACE => "whitespace".into(),
        b'\t' => "\\t".into(),
        d => (d as char).to_string(),
    }
}

/// Count a delimiter in a header line, outside double quotes.
fn count_outside_quotes(line: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// What the start of a CSV file says: delimiter, size, line ends, where the
/// header is (after any BOM).
pub(super) struct Sniffed {
    pub(super) delimiter: u8,
    pub(super) total: u64,
    pub(super) ends: LineEnds,
    /// The header row (below any title rows, crate::layout): its byte
    /// offset in the file and its line.
    pub(super) header: (u64, u64),
    /// Non-blank lines above the header (title rows).
    pub(super) header_titles: u64,
}

pub(super) fn sniff(spec: &SourceSpec, stats: &mut TableStats) -> Result<Sniffed> {
    let path = &spec.path;
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = open(path)?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = Vec::with_capacity(65_536);
    (&mut file)
        .take(65_536)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DataError::structure(
            path,
            format!(
                "the file is empty; expected a header row naming the columns ({})",
                required_list(spec)
            ),
        ));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(DataError::structure(
            path,
            "the file is UTF-16 encoded; save it as UTF-8 (with or without BOM)",
        ));
    }
    let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    // the header may sit below title rows (crate::layout)
    let at = crate::layout::find_header(&head[bom..], spec.rules.header_row)
        .map_err(|m| DataError::structure(path, m))?;
    if at.line > 1 {
        stats.detected.push(format!(
            "header on line {} ({} title lines above it)",
            at.line, at.titles
        ));
    }
    let header_start = bom + at.offset;
    let first_line_end = memchr::memchr2(b'\n', b'\r', &head[header_start..])
        .map_or(head.len(), |p| p + header_start);
    let header_line = &head[header_start..first_line_end];
    if header_line.contains(&0) {
        return Err(DataError::structure(
            path,
            "the header row holds NUL bytes: the file is probably UTF-16 without a byte order \
             mark, or not text; save it as UTF-8",
        ));
    }
    let counts: Vec<(u8, usize)> = DELIMITERS
        .iter()
        .map(|&d| (d, count_outside_quotes(header_line, d)))
        .collect();
    let best = counts
        .iter()
        .copied()
        .max_by_key(|&(d, n)| {
            (
                n,
                std::cmp::Reverse(DELIMITERS.iter().position(|&x| x == d)),
            )
        })
        .unwrap_or((b',', 0));
    let header_text = String::from_utf8_lossy(header_line);
    let whitespace_only = best.1 == 0 && header_text.split_whitespace().count() > 1;
    let delimiter = match spec.delimiter {
        Some(WHITESPACE) => WHITESPACE,
        Some(d @ (b'"' | b'\r' | b'\n')) => {
            return Err(DataError::structure(
                path,
                format!(
                    "the configured delimiter `{}` is a quote or a line end; set another in [{}]",
                    (d as char).escape_default(),
                    spec.table
                ),
            ));
        }
        Some(d) => {
            let own = count_outside_quotes(header_line, d);
            if own == 0 && best.1 > 0 {
                return Err(DataError::structure(
                    path,
                    format!(
                        "the header has no `{}` (the configured delimiter) but {} `{}`; the file \
                         is probably delimited by `{}`: set delimiter = \"{}\" in [{}] or remove \
                         the setting to detect it",
                        delimiter_name(d),
                        best.1,
                        delimiter_name(best.0),
                        delimiter_name(best.0),
                        delimiter_name(best.0),
                        spec.table
                    ),
                ));
            }
            d
        }
        None if whitespace_only => WHITESPACE,
        None => best.0,
    };
    stats
        .detected
        .push(format!("delimiter `{}`", delimiter_name(delimiter)));
    let ends = LineEnds::detect(&head[bom..], delimiter != WHITESPACE);
    if ends == LineEnds::Cr {
        stats.detected.push("lines end with CR".into());
    }
    Ok(Sniffed {
        delimiter,
        total,
        ends,
        header: (header_start as u64, at.line),
        header_titles: at.titles,
    })
}
