//! Reading a CSV file in parallel parts gives exactly what a sequential read gives, wherever the file is cut.

use clientgrade_core::{Date, Value};
use clientgrade_data::{
    load, read_csv_in_parts, read_table, Column, CsvTableWriter, NoProgress, Outcome,
    ParquetTableWriter, Reject, RowSink, SourceSpec, TableKind, TableStats, TableWriter,
};
use clientgrade_synth::{generate, Sink, SynthConfig, SynthTable};

use crate::{folder, Rng};

struct Tx(Box<dyn TableWriter>);

impl Sink for Tx {
    type Error = clientgrade_data::DataError;
    fn row(&mut self, t: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error> {
        if t == SynthTable::Transactions {
            self.0.write_row(row)?;
        }
        Ok(())
    }
}

#[test]
fn parallel_chunks_equal_a_sequential_read() {
    let dir = folder("parallel");
    let path = dir.join("t.csv");
    let cols: Vec<Column> = SynthTable::Transactions
        .columns()
        .iter()
        .map(|(n, k)| Column::new(*n, *k))
        .collect();
    let mut config = SynthConfig::new(300, 4);
    config.messy = 0.02;
    let mut sink = Tx(Box::new(CsvTableWriter::create(&path, &cols).unwrap()));
    generate(&config, &mut sink).unwrap();
    sink.0.finish().unwrap();
    // the same rows as Parquet in row groups of 5,000
    let pq = dir.join("t.parquet");
    let mut config = SynthConfig::new(300, 4);
    config.messy = 0.0;
    let mut sink = Tx(Box::new(
        ParquetTableWriter::with_row_group_rows(&pq, &cols, 5_000).unwrap(),
    ));
    generate(&config, &mut sink).unwrap();
    sink.0.finish().unwrap();

    let run_file = |path: &std::path::Path, threads: usize| {
        let mut spec = SourceSpec::detect(TableKind::Transactions, path);
        spec.threads = Some(threads);
        load(
            &crate::tx_only(spec),
            Date::from_ymd(2025, 6, 30),
            12,
            &NoProgress,
        )
        .unwrap()
    };
    for file in [&path, &pq] {
        let one = run_file(file, 1);
        // 16 threads for 8 row groups: each run decodes ahead on a second thread
        for threads in [2, 3, 7, 16] {
            let many = run_file(file, threads);
            assert_eq!(one.facts, many.facts, "{threads} threads");
            assert_eq!(one.tables[0], many.tables[0], "{threads} threads");
        }
    }
    let t = &run_file(&path, 1).tables[0];
    assert!(
        t.rejected > 50 && t.skipped_total() > 1000,
        "{}",
        t.summary_line()
    );
}

/// Every row a sink saw, in order, as text; rows with a negative amount are
/// rejected by the sink (so its line numbers are checked too), rows after
/// 2025-06-30 skipped.
#[derive(Default)]
struct Rows(Vec<String>);

impl RowSink for Rows {
    fn row(&mut self, row: &[Value<'_>], line: u64) -> Outcome {
        self.0.push(format!("{row:?}"));
        match row[2] {
            Value::Money(m) if m.is_negative() => Outcome::Rejected(Reject {
                line,
                column: "amount",
                reason: "negative (test sink)".into(),
                value: m.to_string(),
            }),
            Value::Date(d) if d > Date::from_ymd(2025, 6, 30).unwrap() => {
                Outcome::Skipped("late (test sink)")
            }
            _ => Outcome::Used,
        }
    }
}

/// A random CSV file: quoted fields with escaped quotes, delimiters and line
/// ends inside, blank lines, bad values, wrong field counts, stray CRs and
/// now and then an unterminated quote; LF, CRLF or CR line ends.
fn random_csv(rng: &mut Rng) -> Vec<u8> {
    let eols: [&[u8]; 3] = [b"\n", b"\r\n", b"\r"];
    let eol = rng.pick(&eols);
    let mut out = b"customer_id,date,amount,product".to_vec();
    out.extend_from_slice(eol);
    let rows = rng.below(60);
    for _ in 0..rows {
        if rng.chance(5) {
            out.extend_from_slice(eol); // blank line
            continue;
        }
        let id = format!("C{}", rng.below(8));
        let id = match rng.below(10) {
            0 => format!("\"{id}\""),
            1 => format!("\"{id}\"\"x\""),
            2 => format!("\"{id},{id}\""),
            _ => id,
        };
        let date = match rng.below(12) {
            0 => "bad".to_string(),
            _ => format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        };
        let amount = match rng.below(12) {
            0 => "x".to_string(),
            1 => format!("\"{}.5\"", rng.below(100)),
            2 => format!("-{}", rng.below(50)),
            _ => rng.below(1000).to_string(),
        };
        let eol_text = String::from_utf8_lossy(eol).into_owned();
        let product = match rng.below(10) {
            0 => format!("\"two{eol_text}lines\""),
            1 => format!("\"a,b{eol_text}{eol_text}c\""),
            2 => "\"say \"\"hi\"\"\"".to_string(),
            3 => "\"\"".to_string(),
            _ => format!("p{}", rng.below(5)),
        };
        let mut line = format!("{id},{date},{amount},{product}");
        match rng.below(40) {
            0 => line.push_str(",extra"),
            1 => line = format!("{id},{date}"),
            2 if eol != b"\r" => line.push_str("\r5"),
            3 => line = format!("{id},\"{date},{amount}"),
            _ => {}
        }
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(eol);
    }
    if rng.chance(30) {
        // no line end after the last row
        let n = out.len() - eol.len();
        out.truncate(n.max(1));
    }
    out
}

#[test]
fn parts_cut_anywhere_read_exactly_like_one_pass() {
    let dir = folder("parallel_differential");
    let mut rng = Rng(0x5EED_0FC5);
    let mut cuts = 0u64;
    for case in 0..150 {
        let bytes = random_csv(&mut rng);
        let path = dir.join(format!("t{case}.csv"));
        std::fs::write(&path, &bytes).unwrap();
        let spec = SourceSpec::detect(TableKind::Transactions, &path);
        // the reference: one sequential pass
        let mut want_stats = TableStats::new(TableKind::Transactions, path.clone());
        let mut want = Rows::default();
        let reference = read_table(&spec, &NoProgress, &mut want_stats, &mut |row, line| {
            want.row(row, line)
        });
        if reference.is_err() {
            continue; // e.g. a header-only file with undecidable formats
        }
        for threads in [1, 2, 3, 7] {
            for part_bytes in [1, 5, 16, 40, 97, 300, 1 << 20] {
                let mut spec = spec.clone();
                spec.threads = Some(threads);
                let mut stats = TableStats::new(TableKind::Transactions, path.clone());
                let sinks =
                    read_csv_in_parts(&spec, &mut stats, &|| Rows::default(), part_bytes).unwrap();
                cuts += sinks.len() as u64 - 1;
                let got: Vec<String> = sinks.into_iter().flat_map(|s| s.0).collect();
                let what = format!("case {case}, {threads} threads, parts of {part_bytes} bytes");
                assert_eq!(got, want.0, "{what}: {:?}", String::from_utf8_lossy(&bytes));
                assert_eq!(
                    stats,
                    want_stats,
                    "{what}: {:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        }
    }
    assert!(cuts > 10_000, "the files were cut {cuts} times");
}

#[test]
fn a_quoted_field_across_the_cut_after_the_first_64_kb_is_not_split() {
    // issue 12 #2: the first 64 KB hold no quote, then a quoted product
    // spanning 2,000 lines (bytes 70,000 to about 150,000) lies across the
    // places where 2, 3 and 4 threads cut the file
    let mut text = String::from("customer_id,date,amount,product\n");
    let mut row = 0;
    while text.len() < 70_000 {
        text.push_str(&format!(
            "C{},2025-03-{:02},{}.25,p\n",
            row % 50,
            1 + row % 28,
            row % 90
        ));
        row += 1;
    }
    text.push_str("C1,2025-04-01,7,\"notes");
    for k in 0..2_000 {
        text.push_str(&format!("\nC{k},2025-04-02,1000,looks like a row"));
    }
    text.push_str("\"\n");
    while text.len() < 240_000 {
        text.push_str(&format!(
            "C{},2025-05-{:02},{}.5,p\n",
            row % 50,
            1 + row % 28,
            row % 90
        ));
        row += 1;
    }
    let path = folder("straddle").join("t.csv");
    std::fs::write(&path, &text).unwrap();
    let run = |threads: usize| {
        let mut spec = SourceSpec::detect(TableKind::Transactions, &path);
        spec.threads = Some(threads);
        load(
            &crate::tx_only(spec),
            Date::from_ymd(2025, 6, 30),
            12,
            &NoProgress,
        )
        .unwrap()
    };
    let one = run(1);
    assert_eq!(one.tables[0].read, row as u64 + 1);
    assert_eq!(one.tables[0].rejected, 0);
    for threads in [2, 3, 4] {
        let many = run(threads);
        assert_eq!(one.tables[0], many.tables[0], "{threads} threads");
        assert_eq!(one.facts, many.facts, "{threads} threads");
    }
}

/// A report-like export: title rows above the header, per-customer rows
/// closed by `Total for …` rows, a grand total and a footer; with
/// `headings`, each customer's name stands alone above its rows (which
/// leave the customer cell empty). Returns the text and the line of the
/// one row with a bad date.
fn report(headings: bool) -> (String, u64) {
    let mut lines = vec![
        "Sales by Customer Detail".to_string(),
        "\"Acme, Inc.\"".to_string(),
        String::new(),
        "Customer,Date,Amount".to_string(),
    ];
    let mut bad_line = 0;
    for c in 0..40 {
        if headings {
            lines.push(format!("C{c},,"));
        }
        let mut sum = 0;
        for k in 0..5 {
            let who = if headings {
                String::new()
            } else {
                format!("C{c}")
            };
            let date = if c == 7 && k == 3 {
                bad_line = lines.len() as u64 + 1;
                "2025-02-30".to_string()
            } else {
                format!("2025-{:02}-{:02}", 1 + k, 1 + c % 28)
            };
            lines.push(format!("{who},{date},{}.50", 10 + c + k));
            sum += 10 + c + k;
        }
        lines.push(format!("\"Total for C{c}\",,{sum}"));
    }
    lines.push("TOTAL,,999".into());
    lines.push("\"Accrual basis, printed 2026-01-05\"".into());
    (lines.join("\n") + "\n", bad_line)
}

#[test]
fn report_layouts_read_in_parts_equal_one_pass_and_headings_keep_one_reader() {
    let dir = folder("parallel_layouts");
    // totals and titles only: a row's kind depends on the row, so any cut is fine
    let (text, bad_line) = report(false);
    let path = dir.join("report.csv");
    std::fs::write(&path, &text).unwrap();
    let spec = SourceSpec::detect(TableKind::Transactions, &path);
    let mut want_stats = TableStats::new(TableKind::Transactions, path.clone());
    let mut want = Rows::default();
    read_table(&spec, &NoProgress, &mut want_stats, &mut |row, line| {
        want.row(row, line)
    })
    .unwrap();
    assert_eq!(
        (want_stats.read, want_stats.used, want_stats.rejected),
        (242, 199, 1),
        "{}",
        want_stats.summary_line()
    );
    assert_eq!(want_stats.skipped["total row"], 41);
    assert_eq!(want_stats.skipped["title or footer row"], 1);
    // the editor's line, title rows and the blank line counted
    assert_eq!(want_stats.rejects[0].line, bad_line);
    assert_eq!(bad_line, 4 + 7 * 6 + 4);
    for threads in [2, 3] {
        for part_bytes in [1, 7, 50, 333] {
            let mut spec = spec.clone();
            spec.threads = Some(threads);
            let mut stats = TableStats::new(TableKind::Transactions, path.clone());
            let sinks = read_csv_in_parts(&spec, &mut stats, &Rows::default, part_bytes).unwrap();
            assert!(sinks.len() > 1);
            let got: Vec<String> = sinks.into_iter().flat_map(|s| s.0).collect();
            let what = format!("{threads} threads, parts of {part_bytes} bytes");
            assert_eq!(got, want.0, "{what}");
            assert_eq!(stats, want_stats, "{what}");
        }
    }

    // carried headings need the rows above: one reader, whatever is asked
    let (text, bad_line) = report(true);
    let path = dir.join("headings.csv");
    std::fs::write(&path, &text).unwrap();
    let mut spec = SourceSpec::detect(TableKind::Transactions, &path);
    spec.rules.group_heading = true;
    let mut want_stats = TableStats::new(TableKind::Transactions, path.clone());
    let mut want = Rows::default();
    read_table(&spec, &NoProgress, &mut want_stats, &mut |row, line| {
        want.row(row, line)
    })
    .unwrap();
    assert_eq!((want_stats.used, want_stats.rejected), (199, 1));
    assert_eq!(want_stats.skipped["group heading row"], 40);
    assert_eq!(want_stats.rejects[0].line, bad_line);
    assert!(want.0[..5].iter().all(|r| r.contains("Text(\"C0\")")));
    assert!(want.0[195..].iter().all(|r| r.contains("Text(\"C39\")")));
    spec.threads = Some(3);
    let mut stats = TableStats::new(TableKind::Transactions, path.clone());
    let sinks = read_csv_in_parts(&spec, &mut stats, &Rows::default, 50).unwrap();
    assert_eq!(sinks.len(), 1, "read by one reader");
    assert_eq!(
        sinks.into_iter().flat_map(|s| s.0).collect::<Vec<_>>(),
        want.0
    );
    assert_eq!(stats, want_stats);
    let mut stats = TableStats::new(TableKind::Transactions, path.clone());
    let sinks =
        clientgrade_data::read_table_chunked(&spec, &NoProgress, &mut stats, &Rows::default)
            .unwrap();
    assert_eq!(sinks.len(), 1, "read by one reader");
    assert_eq!(stats, want_stats);
}
