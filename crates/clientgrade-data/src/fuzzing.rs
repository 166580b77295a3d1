//! Checks on arbitrary input, shared by the cargo-fuzz targets (`fuzz/`) and the property tests: no panic, and the reader's promises hold.
//!
//! Not part of the supported API: each function panics when a promise is
//! broken, which is what a fuzzer reports.

use std::path::{Path, PathBuf};

use clientgrade_core::{Date, Value};

use crate::reader::{read_csv_in_parts, read_table, NoProgress, Outcome, RowSink};
use crate::values::{
    bounded, detect_date_order, detect_decimal_mark, parse_amount, parse_amount_simple, parse_flag,
    parse_money, plausible, MarkDetection,
};
use crate::{
    load, parse_as_of, parse_window, Config, DateOrder, DecimalMark, Reject, SourceSpec, Sources,
    TableKind, TableStats,
};

/// Rows a sink saw, as text; what it makes of a row depends on the row alone
/// (so that parts and a whole read agree): negative amounts are rejected,
/// rows whose text has an odd length skipped.
#[derive(Default)]
struct Rows(Vec<String>);

impl RowSink for Rows {
    fn row(&mut self, row: &[Value<'_>], line: u64) -> Outcome {
        let text = format!("{row:?}");
        let odd = text.len() % 2 == 1;
        self.0.push(text);
        match row.get(2) {
            Some(Value::Money(m)) if m.is_negative() => Outcome::Rejected(Reject {
                line,
                column: "amount",
                reason: "negative (fuzz sink)".into(),
                value: String::new(),
            }),
            _ if odd => Outcome::Skipped("odd (fuzz sink)"),
            _ => Outcome::Used,
        }
    }
}

/// A file of this process and thread in `dir`.
fn scratch_file(dir: &Path, ext: &str) -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    dir.join(format!("fuzz-{}-{thread}.{ext}", std::process::id()))
}

/// The CSV reader on arbitrary bytes. The first byte chooses the table
/// (transactions or customers), the threads (1-4) and the part size (1-94
/// bytes) of a parallel read; the rest is the file, written into `dir`.
///
/// Checks: no panic; every row read is used, skipped or rejected; reject
/// lines increase and lie within the file; a read in parts equals the whole
/// read (rows, counts, reasons, reject lines); `load` accounts for every row.
pub fn csv_reader(data: &[u8], dir: &Path) {
    let (control, bytes) = data.split_first().map_or((0, data), |(c, r)| (*c, r));
    let table = if control & 0x80 == 0 {
        TableKind::Transactions
    } else {
        TableKind::Customers
    };
    let threads = 1 + usize::from(control & 3);
    let part_bytes = 1 + u64::from((control >> 2) & 0x1f) * 3;
    let path = scratch_file(dir, "csv");
    std::fs::write(&path, bytes).expect("write the fuzz input");
    let spec = SourceSpec::detect(table, &path);

    let mut stats = TableStats::new(table, path.clone());
    let mut whole = Rows::default();
    let mut row_lines = Vec::new();
    let read = read_table(&spec, &NoProgress, &mut stats, &mut |row, line| {
        row_lines.push(line);
        whole.row(row, line)
    });
    let mut parts_spec = spec.clone();
    parts_spec.threads = Some(threads);
    let mut parts_stats = TableStats::new(table, path.clone());
    let parts = read_csv_in_parts(&parts_spec, &mut parts_stats, &Rows::default, part_bytes);
    assert_eq!(
        read.is_ok(),
        parts.is_ok(),
        "a whole read and a read in parts end differently: {read:?}"
    );
    let (Ok(()), Ok(parts)) = (read, parts) else {
        return;
    };
    assert_eq!(
        stats.read,
        stats.used + stats.skipped_total() + stats.rejected,
        "read = used + skipped + rejected: {}",
        stats.summary_line()
    );
    assert_eq!(stats.reasons.values().sum::<u64>(), stats.rejected);
    // lines: at most one per line-break byte, plus the last line
    let max_line = bytes
        .iter()
        .filter(|b| **b == b'\n' || **b == b'\r')
        .count() as u64
        + 1;
    let mut lines: Vec<u64> = stats.rejects.iter().map(|r| r.line).collect();
    assert!(
        lines.windows(2).all(|w| w[0] <= w[1]),
        "reject lines out of order: {lines:?}"
    );
    lines.extend(&row_lines);
    assert!(
        lines.iter().all(|l| (2..=max_line).contains(l)),
        "a line outside 2..={max_line}: {lines:?}"
    );
    assert!(row_lines.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        parts_stats, stats,
        "a read in parts differs from a whole read"
    );
    let part_rows: Vec<String> = parts.into_iter().flat_map(|s| s.0).collect();
    assert_eq!(part_rows, whole.0, "a read in parts gave other rows");

    if table == TableKind::Transactions {
        let sources = Sources {
            transactions: parts_spec,
            customers: None,
            invoices: None,
            service: None,
            complaints: None,
        };
        if let Ok(l) = load(&sources, Date::from_ymd(2025, 12, 31), 12, &NoProgress) {
            let t = &l.tables[0];
            assert_eq!(t.read, t.used + t.skipped_total() + t.rejected);
            assert_eq!(t.read, stats.read);
        }
    }
}

/// Number and date parsing on arbitrary text (each line of the input, and
/// the whole): no panic; an accepted amount is within the bound and reads
/// back the same from its own display; the one-step amount path agrees with
/// the general one; a column whose mark no value decided accepts nothing the
/// decided reading would read otherwise; a parsed date reads back the same;
/// a decimal-mark verdict is backed by the values it names.
pub fn values(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().collect();
    for s in lines.iter().copied().chain(std::iter::once(&*text)) {
        for mark in [DecimalMark::Dot, DecimalMark::Comma] {
            let decided = parse_amount(s, mark, true);
            assert_eq!(parse_money(s, mark), decided.ok());
            if let Ok(m) = decided {
                assert!(bounded(m).is_ok(), "{s:?} read as {m}, beyond the bound");
                assert_eq!(
                    parse_money(&m.to_string(), DecimalMark::Dot),
                    Some(m),
                    "{s:?} read as {m} does not read back"
                );
            }
            if let Some(m) = parse_amount_simple(s, mark) {
                assert_eq!(decided, Ok(m), "{s:?}: the one-step path read {m}");
            }
            if let Ok(m) = parse_amount(s, mark, false) {
                assert_eq!(decided, Ok(m), "{s:?}: undecided read {m}");
            }
        }
        for order in [
            DateOrder::YearMonthDay,
            DateOrder::DayMonthYear,
            DateOrder::MonthDayYear,
            DateOrder::Compact,
        ] {
            if let Some(d) = order.parse(s) {
                let _ = plausible(d);
                assert_eq!(
                    DateOrder::YearMonthDay.parse(&d.to_string()),
                    Some(d),
                    "{s:?} read as {d} does not read back"
                );
            }
        }
        let _ = DateOrder::from_pattern(s);
        let _ = parse_flag(s);
        let _ = parse_as_of(s);
        let _ = parse_window(s);
    }
    let _ = detect_date_order(lines.iter().copied());
    let only = |v: &str, mark: DecimalMark| {
        parse_amount(v, mark, true).is_ok() && parse_amount(v, mark.other(), true).is_err()
    };
    match detect_decimal_mark(lines.iter().copied()) {
        MarkDetection::Found(mark) => assert!(
            lines.iter().any(|v| only(v, mark)),
            "{mark:?} found without a value read only with it"
        ),
        MarkDetection::Split { dot, comma } => {
            assert!(only(&dot, DecimalMark::Dot) && only(&comma, DecimalMark::Comma));
        }
        MarkDetection::Ambiguous { example } => {
            let d = parse_amount(&example, DecimalMark::Dot, true);
            let c = parse_amount(&example, DecimalMark::Comma, true);
            assert!(
                d.is_ok() && c.is_ok() && d != c,
                "{example:?} is not ambiguous"
            );
        }
        MarkDetection::Undecided => assert!(
            !lines
                .iter()
                .any(|v| only(v, DecimalMark::Dot) || only(v, DecimalMark::Comma)),
            "undecided although a value reads with one mark only"
        ),
    }
}

/// The TOML configuration parser on arbitrary text: no panic, and a file
/// that parses gives its settings and each table's source without panicking.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("fuzz/clientgrade.toml");
    if let Ok(config) = Config::parse(&text, path) {
        let _ = config.settings();
        for table in TableKind::ALL {
            let _ = config.source(table, None, path);
        }
    }
}
