//! Each kind of bad input: counted rejects with line numbers, or a structural error naming the fix.

use std::path::Path;

use clientgrade_data::{Config, DataError};

use crate::{file, load_tx, tx};

fn reasons(l: &clientgrade_data::Loaded) -> Vec<(String, u64)> {
    l.tables[0]
        .reasons
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect()
}

fn lines(l: &clientgrade_data::Loaded) -> Vec<u64> {
    l.tables[0].rejects.iter().map(|r| r.line).collect()
}

fn structural(e: DataError) -> String {
    match e {
        DataError::Structure { message, .. } => message,
        other => panic!("expected a structural error, got {other}"),
    }
}

#[test]
fn bad_dates_are_rejected_with_their_lines() {
    let p = file(
        "bad_date",
        "t.csv",
        b"customer_id,date,amount\nA,2025-01-05,10\nA,2025-02-30,10\nB,2025-03-01,5\nB,someday,7\nB,2025-04-01,1\n",
    );
    let l = load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (5, 3, 2));
    assert_eq!(reasons(&l), vec![("bad date".into(), 2)]);
    assert_eq!(lines(&l), vec![3, 5]);
    assert_eq!(t.rejects[1].value, "someday");
    assert_eq!(t.summary_line(), "read 5, used 3, rejected 2 (bad date: 2)");
}

#[test]
fn bad_amounts_are_rejected() {
    let p = file(
        "bad_amount",
        "t.csv",
        b"customer_id,date,amount\nA,2025-01-05,10.50\nA,2025-01-06,12.3x\nB,2025-03-01,\nB,2025-03-02,(4.00)\n",
    );
    let l = load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (4, 2, 2));
    assert_eq!(
        reasons(&l),
        vec![("bad amount".into(), 1), ("missing amount".into(), 1)]
    );
    assert_eq!(lines(&l), vec![3, 4]);
    // (4.00) is a credit of 4
    let b = l
        .facts
        .iter()
        .find(|f| f.id.as_ref().unwrap().expose() == "B")
        .unwrap();
    assert_eq!(b.revenue.to_string(), "-4.00");
}

#[test]
fn missing_ids_are_rejected() {
    let p = file(
        "missing_id",
        "t.csv",
        b"customer,date,amount\n,2025-01-05,10\n  ,2025-01-05,10\nA,2025-01-05,10\n",
    );
    let l = load_tx(tx(p)).unwrap();
    assert_eq!(reasons(&l), vec![("missing customer id".into(), 2)]);
    assert_eq!(lines(&l), vec![2, 3]);
    assert_eq!(l.facts.len(), 1);
}

#[test]
fn a_configured_delimiter_that_is_not_in_the_header_is_a_structural_error() {
    let p = file(
        "wrong_delimiter",
        "t.csv",
        b"customer_id,date,amount\nA,2025-01-05,10\n",
    );
    let mut spec = tx(p);
    spec.delimiter = Some(b';');
    let msg = structural(load_tx(spec).unwrap_err());
    assert_eq!(
        msg,
        "the header has no `;` (the configured delimiter) but 2 `,`; the file is probably \
         delimited by `,`: set delimiter = \",\" in [transactions] or remove the setting to detect it"
    );
}

#[test]
fn a_quote_or_line_end_as_the_delimiter_is_a_structural_error() {
    let p = file(
        "quote_delimiter",
        "t.csv",
        b"customer_id,date,amount\nA,2025-01-05,10\n",
    );
    for (d, shown) in [(b'"', "\\\""), (b'\n', "\\n")] {
        let mut spec = tx(p.clone());
        spec.delimiter = Some(d);
        assert_eq!(
            structural(load_tx(spec).unwrap_err()),
            format!(
                "the configured delimiter `{shown}` is a quote or a line end; set another in [transactions]"
            )
        );
    }
}

#[test]
fn rows_with_a_different_delimiter_are_rejected_as_wrong_field_counts() {
    let p = file(
        "wrong_fields",
        "t.csv",
        b"customer_id;date;amount\nA;2025-01-05;10\nB,2025-01-05,10\nC;2025-01-05;3;\n",
    );
    let l = load_tx(tx(p)).unwrap();
    assert_eq!(reasons(&l), vec![("wrong number of fields".into(), 1)]);
    assert_eq!(lines(&l), vec![3]);
    assert_eq!(l.tables[0].rejects[0].value, "1 fields, the header has 3");
    assert_eq!(l.tables[0].used, 2, "a trailing empty field is accepted");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let p = file(
        "bom",
        "t.csv",
        b"\xEF\xBB\xBFcustomer_id;date;amount\r\nA;2025-01-05;10\r\n",
    );
    let l = load_tx(tx(p)).unwrap();
    assert_eq!(l.tables[0].used, 1);
    assert!(l.tables[0]
        .detected
        .contains(&"customer-id ← `customer_id`".to_string()));
}

#[test]
fn utf16_is_refused_with_the_fix() {
    let p = file("utf16", "t.csv", b"\xFF\xFEc\0u\0");
    assert_eq!(
        structural(load_tx(tx(p)).unwrap_err()),
        "the file is UTF-16 encoded; save it as UTF-8 (with or without BOM)"
    );
}

#[test]
fn an_empty_file_is_a_structural_error() {
    let p = file("empty", "t.csv", b"");
    let e = load_tx(tx(p.clone())).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: the file is empty; expected a header row naming the columns (customer id, date, amount)",
            p.display()
        )
    );
}

#[test]
fn a_header_without_rows_has_no_usable_transaction() {
    let p = file("header_only", "t.csv", b"customer_id,date,amount\n");
    let e = load_tx(tx(p.clone())).unwrap_err();
    assert!(matches!(e, DataError::Inputs(_)));
    assert_eq!(
        e.to_string(),
        format!(
            "{}: no usable transaction up to the as-of date 2025-12-31 (read 0, used 0, rejected 0); \
             `clientgrade check` with the same inputs lists the rejected rows",
            p.display()
        )
    );
}

#[test]
fn a_missing_required_column_names_the_file_the_column_and_the_fix() {
    let p = file(
        "missing_column",
        "t.csv",
        b"customer_id,date,qty\nA,2025-01-05,1\n",
    );
    let e = load_tx(tx(p.clone())).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: no column for `amount` (required in transactions); columns found: `customer_id`, \
             `date`, `qty`; name the column in the config: [transactions.columns] amount = \"<column name>\"",
            p.display()
        )
    );
}

#[test]
fn an_unknown_config_key_suggests_the_nearest() {
    let e = Config::parse("[costs]\nhourly-rte = 80\n", Path::new("cg.toml")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cg.toml: line 2: unknown key `hourly-rte` in [costs]; did you mean `hourly-rate`? \
         (valid keys: `hourly-rate`, `cost-per-service-event`, `return-handling-cost`, `assumed-gross-margin`)"
    );
    let e = Config::parse(
        "[transactions]\npath = \"t.csv\"\n[transactions.columns]\ncustomer = \"Kd\"\n",
        Path::new("cg.toml"),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "cg.toml: unknown key `customer` in [transactions.columns]; did you mean `customer-id`? \
         (valid keys: `customer-id`, `date`, `amount`, `cost`, `discount`, `order-id`, `product`, \
         `status`, `email`, `currency`, `refund`, `tax`, `shipping`, `quantity`, `unit-price`, \
         `converted-amount`, `converted-refund`)"
    );
}

#[test]
fn ambiguous_dates_ask_for_a_format() {
    let p = file(
        "ambiguous",
        "t.csv",
        b"customer_id,date,amount\nA,01/02/2025,1\nA,03/04/2025,1\n",
    );
    assert_eq!(
        structural(load_tx(tx(p)).unwrap_err()),
        "column `date` (date): dates such as `01/02/2025` can be day-first or month-first and no \
         value in the first 2 rows decides; set date-format = \"%d/%m/%Y\" or \"%m/%d/%Y\" in [transactions]"
    );
}

#[test]
fn rows_after_the_as_of_date_are_skipped_and_counted() {
    let p = file(
        "after_as_of",
        "t.csv",
        b"customer_id,date,amount\nA,2025-12-31,1\nA,2026-01-01,1\n",
    );
    let l = load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!(
        (t.read, t.used, t.rejected, t.skipped_total()),
        (2, 1, 0, 1)
    );
    assert_eq!(
        t.summary_line(),
        "read 2, used 1, rejected 0, skipped 1 (dated after the as-of date)"
    );
}

#[test]
fn without_as_of_the_latest_valid_date_counts_not_a_rejected_row() {
    use clientgrade_data::{load, AsOfSource, NoProgress};
    // the latest date is on a row with a bad amount: the fast date scan sees
    // it, the pass finds no valid row there and runs again with 2025-02-01;
    // the quoted copy takes the full prescan; one and two threads
    let plain = b"customer_id,date,amount\nA,2025-01-10,10\nB,2025-03-05,abc\nA,2025-02-01,5\n";
    let quoted =
        b"customer_id,date,amount\n\"A\",2025-01-10,10\nB,2025-03-05,abc\nA,2025-02-01,5\n";
    let sorted_last = b"customer_id,date,amount\nA,2025-01-10,10\nA,2025-02-01,5\n";
    for (name, bytes, want) in [
        ("plain.csv", &plain[..], "2025-02-01"),
        ("quoted.csv", &quoted[..], "2025-02-01"),
        ("valid.csv", &sorted_last[..], "2025-02-01"),
    ] {
        for threads in [1, 2] {
            let mut spec = tx(file("latest_valid", name, bytes));
            spec.threads = Some(threads);
            let l = load(&crate::tx_only(spec), None, 12, &NoProgress).unwrap();
            assert_eq!(
                l.window.as_of.to_string(),
                want,
                "{name}, {threads} threads"
            );
            assert_eq!(l.as_of_source, AsOfSource::LatestTransaction);
            let t = &l.tables[0];
            let rejected = u64::from(name != "valid.csv");
            assert_eq!(
                (t.read, t.used, t.rejected),
                (2 + rejected, 2, rejected),
                "{name}"
            );
        }
    }
}

#[test]
fn a_duplicate_header_for_a_contract_column_stops_with_both_positions() {
    let p = file(
        "duplicate_header",
        "t.csv",
        b"customer_id,date,amount,Amount\nA,2025-01-05,10,99\n",
    );
    assert_eq!(
        structural(load_tx(tx(p)).unwrap_err()),
        "columns 3 (`amount`) and 4 (`Amount`) could both be the amount column; name the one to \
         use in the config: [transactions.columns] amount = \"amount\""
    );
    let p = file(
        "duplicate_header_identical",
        "t.csv",
        b"customer_id,amount,date,amount\nA,10,2025-01-05,99\n",
    );
    assert_eq!(
        structural(load_tx(tx(p)).unwrap_err()),
        "columns 2 and 4 are both named `amount`, so the amount column is ambiguous; map it by \
         position: [transactions.columns] amount = \"#2\" (or \"#4\"), or rename one of them in \
         the file"
    );
}

#[test]
fn a_duplicate_header_no_contract_column_uses_is_a_note() {
    let p = file(
        "duplicate_header_unused",
        "t.csv",
        b"customer_id,date,amount,note,Note\nA,2025-01-05,10,x,y\n",
    );
    let l = load_tx(tx(p)).unwrap();
    assert_eq!(l.tables[0].used, 1);
    assert!(
        l.tables[0]
            .detected
            .contains(&"columns 4 and 5 have the same name `note` (neither is used)".to_string()),
        "{:?}",
        l.tables[0].detected
    );
}

#[test]
fn a_customer_id_longer_than_256_bytes_is_rejected_in_csv_and_parquet() {
    use clientgrade_core::{Money, Value, ValueKind};
    use clientgrade_data::{Column, ParquetTableWriter, SourceSpec, TableKind, TableWriter};
    let long = "X".repeat(300);
    let limit = "Y".repeat(256);
    let csv = format!("customer_id,date,amount\n{long},2025-01-05,10\n{limit},2025-01-05,10\n");
    let p = file("long_id", "t.csv", csv.as_bytes());
    let pq = crate::folder("long_id_parquet").join("t.parquet");
    let cols = [
        Column::new("customer_id", ValueKind::Text),
        Column::new("date", ValueKind::Date),
        Column::new("amount", ValueKind::Money),
    ];
    let mut w = ParquetTableWriter::create(&pq, &cols).unwrap();
    let d = clientgrade_core::Date::from_ymd(2025, 1, 5).unwrap();
    for id in [&long, &limit] {
        w.write_row(&[
            Value::Text(id),
            Value::Date(d),
            Value::Money(Money::from_cents(1)),
        ])
        .unwrap();
    }
    Box::new(w).finish().unwrap();
    for (path, line) in [(p, 2), (pq, 1)] {
        let l = load_tx(SourceSpec::detect(TableKind::Transactions, &path)).unwrap();
        let t = &l.tables[0];
        assert_eq!(
            (t.read, t.used, t.rejected),
            (2, 1, 1),
            "{}",
            path.display()
        );
        assert_eq!(t.rejects[0].reason, "customer id too long (300 bytes)");
        assert_eq!(t.rejects[0].line, line);
        assert_eq!(t.rejects[0].value, format!("{}…", "X".repeat(40)));
        assert_eq!(l.facts[0].id.as_ref().unwrap().expose(), limit);
    }
}

/// A row that only counts its rows (for reads in parts).
struct Count(u64);

impl clientgrade_data::RowSink for Count {
    fn row(&mut self, _: &[clientgrade_core::Value<'_>], _: u64) -> clientgrade_data::Outcome {
        self.0 += 1;
        clientgrade_data::Outcome::Used
    }
}

#[test]
fn a_customer_attribute_that_is_not_utf8_is_kept_named_and_counted_in_parts_too() {
    // issue 17: the attribute was emptied without a note; the agreed rule
    // (issue 12) keeps descriptive text with U+FFFD and counts it per column
    // with its line. A read in parts names the attribute like a whole read
    // (a part's own stats once had no attribute names: the column was "").
    use clientgrade_data::{
        read_csv_in_parts, read_table, NoProgress, Repaired, SourceSpec, TableKind, TableStats,
    };
    let mut text = b"customer_id,name,region\n".to_vec();
    for i in 0..40 {
        text.extend_from_slice(format!("C{i},Name {i},North\n").as_bytes());
    }
    text.extend_from_slice(b"B,Beta,S\xFCd\n");
    let c = file("attribute_utf8", "c.csv", &text);
    let spec = SourceSpec::detect(TableKind::Customers, &c);
    let mut whole = TableStats::new(TableKind::Customers, c.clone());
    let mut names = Vec::new();
    read_table(&spec, &NoProgress, &mut whole, &mut |row, _| {
        names.push(format!("{:?}", row.last()));
        clientgrade_data::Outcome::Used
    })
    .unwrap();
    assert_eq!((whole.read, whole.used, whole.rejected), (41, 41, 0));
    assert_eq!(names[40], "Some(Text(\"S\u{fffd}d\"))");
    let want = Repaired {
        rows: 1,
        lines: vec![42],
    };
    assert_eq!(
        whole.repaired.iter().collect::<Vec<_>>(),
        vec![(&"region".to_string(), &want)]
    );
    for threads in [2, 3] {
        let mut parts_spec = spec.clone();
        parts_spec.threads = Some(threads);
        let mut parts = TableStats::new(TableKind::Customers, c.clone());
        let sinks = read_csv_in_parts(&parts_spec, &mut parts, &|| Count(0), 64).unwrap();
        assert!(sinks.len() > 1, "the file is read in several parts");
        assert_eq!(sinks.iter().map(|s| s.0).sum::<u64>(), 41);
        assert_eq!(parts, whole, "{threads} threads");
    }
}
