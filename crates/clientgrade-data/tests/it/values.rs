//! Values read exactly: distinct counts of realistic ids, numbers, dates, money bounds, encodings.

use std::collections::BTreeSet;

use clientgrade_core::Date;
use clientgrade_data::{load, NoProgress, SourceSpec, TableKind};

use crate::{file, tx};

/// 100k+ realistic invoice ids of one customer (with the pair that collided
/// under the old hash, prefixes, suffixes, digits only, ids longer than 15
/// bytes, ids that differ only in case or in a trailing space inside quotes
/// would be trimmed, so not used) give the exact distinct count, read in one
/// part and in several.
#[test]
fn order_counts_are_exact_for_100k_realistic_ids() {
    let mut ids: Vec<String> = Vec::new();
    for n in 1..=110_000u32 {
        ids.push(format!("INV{n:06}"));
    }
    for n in (0..40_000u32).step_by(3) {
        ids.push(format!("SO-2025-{n:06}"));
        ids.push(format!("{n}"));
        ids.push(format!("RE{n}/B"));
        ids.push(format!("inv{n:06}"));
        ids.push(format!("INVOICE-2025-{n:010}-DE"));
    }
    ids.push("INV100612".into());
    ids.push("INV100699".into());
    let distinct: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    assert!(distinct.len() > 160_000);
    let mut csv = String::from("customer_id,date,invoice_id,product,amount\n");
    let mut products = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        let day = 1 + (i % 28);
        let product = format!("P{:05}", i % 50_000);
        products.insert(product.clone());
        csv.push_str(&format!("C1,2025-03-{day:02},{id},{product},1.00\n"));
        if i % 7 == 0 {
            // a second line of the same order
            csv.push_str(&format!("C1,2025-03-{day:02},{id},{product},2.00\n"));
        }
    }
    let path = file("distinct_ids", "t.csv", csv.as_bytes());
    for threads in [1, 2, 5] {
        let mut spec = tx(path.clone());
        spec.threads = Some(threads);
        let l = load(
            &crate::tx_only(spec),
            Date::from_ymd(2025, 12, 31),
            12,
            &NoProgress,
        )
        .unwrap();
        assert_eq!(l.facts.len(), 1);
        let f = &l.facts[0];
        assert_eq!(f.orders, distinct.len() as u64, "{threads} threads");
        assert_eq!(
            f.orders_lifetime,
            distinct.len() as u64,
            "{threads} threads"
        );
        assert_eq!(f.products, products.len() as u64, "{threads} threads");
        assert_eq!(f.purchase_days, 28);
    }
}

fn reasons(l: &clientgrade_data::Loaded) -> Vec<(String, u64)> {
    l.tables[0]
        .reasons
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect()
}

fn structural(e: clientgrade_data::DataError) -> String {
    match e {
        clientgrade_data::DataError::Structure { message, .. } => message,
        other => panic!("expected a structural error, got {other}"),
    }
}

/// A dot-decimal column: `12,5` and `1,23,4` are rejects saying what was
/// expected and which key to set, never 125 or 1234; `1,234.56` is read.
#[test]
fn thousands_groups_are_validated_in_a_dot_decimal_column() {
    let p = file(
        "groups_dot",
        "t.csv",
        b"customer_id,date,amount\nA,2025-01-05,\"1,234.56\"\nA,2025-01-06,12.50\nA,2025-01-07,\"12,5\"\nA,2025-01-08,\"1,23,4\"\nA,2025-01-09,\"1,000\"\n",
    );
    let l = crate::load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (5, 3, 2));
    assert_eq!(
        reasons(&l),
        vec![
            (
                "bad amount: reads only with `,` as the decimal mark, but the column's decimal \
                 mark is `.`; if `,` is meant, set decimal = \",\" in [transactions]"
                    .into(),
                1
            ),
            (
                "bad amount: thousands separators must be followed by groups of three digits \
                 (the column's decimal mark is `.`)"
                    .into(),
                1
            )
        ]
    );
    let lines: Vec<(u64, &str)> = t
        .rejects
        .iter()
        .map(|r| (r.line, r.value.as_str()))
        .collect();
    assert_eq!(lines, vec![(4, "12,5"), (5, "1,23,4")]);
    assert_eq!(l.facts[0].revenue.to_string(), "2247.06"); // 1234.56 + 12.50 + 1000
}

/// A decimal-comma column: `12,5` is 12.5 and `1.234` is 1234.
#[test]
fn a_decimal_comma_column_reads_12_comma_5_as_twelve_and_a_half() {
    let p = file(
        "groups_comma",
        "t.csv",
        b"customer_id;date;amount\nA;2025-01-05;12,5\nA;2025-01-06;1.234\nA;2025-01-07;1.234,5\nA;2025-01-08;1,234.5\n",
    );
    let l = crate::load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (4, 3, 1));
    assert_eq!(t.rejects[0].line, 5);
    assert!(
        t.rejects[0]
            .reason
            .contains("set decimal = \".\" in [transactions]"),
        "{}",
        t.rejects[0].reason
    );
    assert_eq!(l.facts[0].revenue.to_string(), "2481.00");
}

/// A sample where every value is like `1,234` cannot decide: the run stops
/// with an example and the key to set; a value that decides, anywhere in the
/// sample, lets it go on; the key settles it.
#[test]
fn an_ambiguous_decimal_mark_stops_with_the_evidence_unless_a_value_decides() {
    let ambiguous = b"customer_id,date,amount\nA,2025-01-05,\"1,234\"\nA,2025-01-06,\"2,500\"\nA,2025-01-07,7\n";
    let p = file("mark_ambiguous", "t.csv", ambiguous);
    assert_eq!(
        structural(crate::load_tx(tx(p.clone())).unwrap_err()),
        "column `amount` (amount): values such as `1,234` read as a thousands separator or as \
         the decimal mark alike, and none of the first 3 values decides; set decimal = \".\" or \
         \",\" in [transactions]"
    );
    let mut spec = tx(p);
    spec.decimal = Some(clientgrade_data::DecimalMark::Comma);
    let l = crate::load_tx(spec).unwrap();
    assert_eq!(l.facts[0].revenue.to_string(), "10.734"); // 1.234 + 2.5 + 7

    let decided = b"customer_id,date,amount\nA,2025-01-05,\"1,234\"\nA,2025-01-06,\"2,500\"\nA,2025-01-07,0.25\n";
    let l = crate::load_tx(tx(file("mark_decided", "t.csv", decided))).unwrap();
    assert_eq!(l.facts[0].revenue.to_string(), "3734.25");
}

/// The mark decided from the first rows holds for the whole column: a later
/// value that reads only with the other mark is a reject naming the mark in
/// use and the key, with its line; in a column whose first rows hold only
/// plain numbers, a later `1.234` is refused as ambiguous, not read as 1.234.
#[test]
fn values_after_the_sample_that_contradict_the_mark_are_rejected_with_their_lines() {
    let mut text = String::from("customer_id,date,amount\n");
    for _ in 0..1500 {
        text.push_str("A,2025-01-05,12.50\n");
    }
    text.push_str("A,2025-01-06,\"3,75\"\n");
    let l = crate::load_tx(tx(file("mark_late", "t.csv", text.as_bytes()))).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.used, t.rejected), (1500, 1));
    assert_eq!(t.rejects[0].line, 1502);
    assert!(t.rejects[0].reason.contains("decimal mark is `.`"));
    assert!(t.rejects[0].reason.contains("set decimal = \",\""));

    let mut text = String::from("customer_id,date,amount\n");
    for _ in 0..1500 {
        text.push_str("A,2025-01-05,12\n");
    }
    text.push_str("A,2025-01-06,1.234\nA,2025-01-06,\"1 234\"\n");
    let l = crate::load_tx(tx(file("mark_undecided", "t.csv", text.as_bytes()))).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.used, t.rejected), (1501, 1));
    assert_eq!(t.rejects[0].line, 1502);
    assert_eq!(
        t.rejects[0].reason,
        "bad amount: one `,` or `.` before three digits can be a thousands separator or the \
         decimal mark and no value decided which; set decimal = \".\" or \",\" in [transactions]"
    );
    assert_eq!(l.facts[0].revenue.to_string(), "19234.00");
}

/// The other tables' sums stop the run the same way when one customer's
/// amounts leave the range of money: invoices (amounts) and service (costs),
/// each error naming its own file.
#[test]
fn other_tables_never_wrap_around_either() {
    let mut invoices = String::from("customer_id,due_date,amount\n");
    let mut service = String::from("customer_id,date,hours,cost\n");
    for _ in 0..1000 {
        invoices.push_str("A,2025-03-01,999999999999\n");
        service.push_str("A,2025-03-01,1,999999999999\n");
    }
    for (kind, name, text) in [
        (TableKind::Invoices, "invoices.csv", &invoices),
        (TableKind::Service, "service.csv", &service),
    ] {
        let dir = crate::folder(&format!("other_overflow_{name}"));
        let (t, other) = (dir.join("t.csv"), dir.join(name));
        std::fs::write(&t, "customer_id,date,amount\nA,2025-01-05,10\n").unwrap();
        std::fs::write(&other, text).unwrap();
        let mut sources = crate::tx_only(tx(t));
        let spec = SourceSpec::detect(kind, other);
        match kind {
            TableKind::Invoices => sources.invoices = Some(spec),
            _ => sources.service = Some(spec),
        }
        let e = load(&sources, Date::from_ymd(2025, 12, 31), 12, &NoProgress).unwrap_err();
        assert!(
            e.to_string().contains(&format!(
                "{name}: the amounts of one customer add up to more than ±922 trillion"
            )),
            "{e}"
        );
    }
}

/// An amount beyond ±10^12 is a reject "amount too large to sum"; sums of
/// amounts within the bound that still go beyond the range of exact money
/// stop the run with a clear message instead of wrapping around, in one part
/// or several; so does a portfolio whose totals would leave the grading no room.
#[test]
fn money_never_wraps_around() {
    let p = file(
        "too_large",
        "t.csv",
        b"customer_id,date,amount,cost\nA,2025-01-05,10000000000000,1\nA,2025-01-05,5,99999999999999999999\nA,2025-01-05,-1000000000000,0\nA,2025-01-05,7,1\n",
    );
    let l = crate::load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (4, 2, 2));
    assert_eq!(
        reasons(&l),
        vec![
            ("amount too large to sum".into(), 1),
            ("cost too large to sum".into(), 1)
        ]
    );
    assert_eq!(l.facts[0].revenue.to_string(), "-999999999993.00");

    // 1,000 lines of 999,999,999,999 for one customer: 10^15 > 9.2 × 10^14
    let mut text = String::from("customer_id,date,amount\n");
    for _ in 0..1000 {
        text.push_str("A,2025-01-05,999999999999\n");
    }
    let path = file("sum_overflow", "t.csv", text.as_bytes());
    for threads in [1, 2] {
        let mut spec = tx(path.clone());
        spec.threads = Some(threads);
        let e = crate::load_tx(spec).unwrap_err();
        assert!(
            e.to_string().ends_with(
                "t.csv: the amounts of one customer add up to more than ±922 trillion, beyond \
                 the range of exact money (four decimals), so its sums cannot be computed; check \
                 the amount columns (a value in the wrong unit, a placeholder such as \
                 999999999999) or express the amounts in a larger unit (e.g. thousands)"
            ),
            "{e}"
        );
    }

    // 120 customers with one line of 10^12 each: each sum fits, the portfolio does not
    let mut text = String::from("customer_id,date,amount\n");
    for c in 0..120 {
        text.push_str(&format!("C{c},2025-01-05,1000000000000\n"));
    }
    let e = crate::load_tx(tx(file("headroom", "t.csv", text.as_bytes()))).unwrap_err();
    assert!(
        e.to_string().starts_with(
            "the lifetime revenue of all customers adds up to 120000000000000 currency units (in \
             absolute value), more than 115292150460684, the most clientgrade can total exactly"
        ),
        "{e}"
    );
}

/// A date outside 1900–2100 is a reject in every date column, in CSV and in
/// Parquet; it does not become the as-of date.
#[test]
fn implausible_dates_are_rejected_and_never_set_the_as_of_date() {
    use clientgrade_core::{Money, Value, ValueKind};
    use clientgrade_data::{
        AsOfSource, Column, ParquetTableWriter, SourceSpec, TableKind, TableWriter,
    };
    let p = file(
        "implausible",
        "t.csv",
        b"customer_id,date,amount\nA,2025-03-01,10\nA,2999-01-01,10\nB,1899-12-31,5\nB,2025-02-01,5\n",
    );
    for threads in [1, 2] {
        let mut spec = tx(p.clone());
        spec.threads = Some(threads);
        let l = load(&crate::tx_only(spec), None, 12, &NoProgress).unwrap();
        assert_eq!(l.window.as_of.to_string(), "2025-03-01");
        assert_eq!(l.as_of_source, AsOfSource::LatestTransaction);
        let t = &l.tables[0];
        assert_eq!((t.used, t.rejected), (2, 2));
        assert_eq!(
            reasons(&l),
            vec![(
                "bad date: outside the plausible range 1900-01-01 to 2100-12-31".into(),
                2
            )]
        );
        assert_eq!(
            t.rejects.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert!(
            l.notes.contains(&"as-of 2025-03-01: the latest transaction date, first on line 2 of the transactions".to_string()),
            "{:?}",
            l.notes
        );
    }

    let path = crate::folder("implausible_parquet").join("t.parquet");
    let cols = vec![
        Column::new("customer_id", ValueKind::Text),
        Column::new("date", ValueKind::Date),
        Column::new("amount", ValueKind::Money),
    ];
    let mut w = ParquetTableWriter::create(&path, &cols).unwrap();
    for days in [20_000, 400_000, -40_000, 20_100] {
        w.write_row(&[
            Value::Text("A"),
            Value::Date(Date::from_days(days)),
            Value::Money(Money::from_units(1)),
        ])
        .unwrap();
    }
    Box::new(w).finish().unwrap();
    let l = load(
        &crate::tx_only(SourceSpec::detect(TableKind::Transactions, &path)),
        None,
        12,
        &NoProgress,
    )
    .unwrap();
    let t = &l.tables[0];
    assert_eq!((t.used, t.rejected), (2, 2));
    assert_eq!(
        t.rejects.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(l.window.as_of, Date::from_days(20_100));
    assert!(l
        .notes
        .iter()
        .any(|n| n.ends_with("first on row 4 of the transactions")));
}

/// One row dated years after all the others (a typo within 1900–2100) does
/// not move the as-of date: it is rejected, with its line, and a note says
/// which date was used, which line set it and how to choose another; read
/// in one part or several. With --as-of given, it is just after as-of.
#[test]
fn one_outlier_date_does_not_move_the_as_of_date() {
    let mut text = String::from("customer_id,date,amount\n");
    for i in 0..3000 {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        text.push_str(&format!("C{},2025-{month:02}-{day:02},10\n", i % 50));
    }
    // line 1502: the typo; line 2900: the real latest date
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[1501] = "C7,2052-06-01,10".into();
    lines[2899] = "C8,2025-12-30,10".into();
    let text = lines.join("\n") + "\n";
    let path = file("outlier", "t.csv", text.as_bytes());
    for threads in [1, 2, 3] {
        let mut spec = tx(path.clone());
        spec.threads = Some(threads);
        let l = load(&crate::tx_only(spec), None, 12, &NoProgress).unwrap();
        assert_eq!(
            l.window.as_of.to_string(),
            "2025-12-30",
            "{threads} threads"
        );
        let t = &l.tables[0];
        assert_eq!((t.read, t.used, t.rejected), (3000, 2999, 1));
        assert_eq!(t.rejects[0].line, 1502);
        assert_eq!(t.rejects[0].reason, "date far beyond the rest of the data");
        assert_eq!(t.rejects[0].value, "2052-06-01");
        assert_eq!(
            l.notes[0],
            "as-of 2025-12-30: the latest transaction date (line 2900) once 1 rows dated after \
             2026-12-28 were rejected as \"date far beyond the rest of the data\": 99.9% of the \
             rows are dated on or before 2025-12-28, the latest one 2052-06-01 (line 1502); give \
             --as-of (or as-of in [analysis]) to choose the date",
            "{threads} threads"
        );
        assert_eq!(l.facts.iter().map(|f| f.lines).sum::<u64>(), 2999);
    }
    // the as-of date given: the row is after it, nothing is rejected
    let l = crate::load_tx(tx(path)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.used, t.rejected, t.skipped_total()), (2999, 0, 1));
}

/// Invalid UTF-8 in a name, an account manager or an attribute keeps the
/// customer and the row: the bad bytes become U+FFFD, counted per column with
/// their lines, and a note says so; in an id the row is still rejected.
#[test]
fn invalid_utf8_in_descriptive_text_is_kept_visibly_and_counted() {
    use clientgrade_data::{Repaired, SourceSpec, Sources, TableKind};
    let tx = file(
        "utf8_attr",
        "t.csv",
        b"customer_id,date,amount\nA,2025-01-05,10\nB,2025-01-05,10\nC,2025-01-05,10\n",
    );
    let customers = tx.with_file_name("c.csv");
    std::fs::write(
        &customers,
        b"customer_id,name,account_manager,region\nA,Caf\xe9 Nord,M\xfcller,S\xfcd\nB,Bob,Ann,North\nC\xff,Carl,Ann,West\n",
    )
    .unwrap();
    let sources = Sources {
        transactions: SourceSpec::detect(TableKind::Transactions, &tx),
        customers: Some(SourceSpec::detect(TableKind::Customers, &customers)),
        invoices: None,
        service: None,
        complaints: None,
    };
    let l = load(&sources, Date::from_ymd(2025, 12, 31), 12, &NoProgress).unwrap();
    let c = &l.tables[1];
    assert_eq!((c.read, c.used, c.rejected), (3, 2, 1));
    assert_eq!(c.rejects[0].line, 4);
    assert_eq!(c.rejects[0].column, "customer-id");
    let one = |line| Repaired {
        rows: 1,
        lines: vec![line],
    };
    assert_eq!(
        c.repaired
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect::<Vec<_>>(),
        vec![
            ("account-manager", one(2)),
            ("name", one(2)),
            ("region", one(2))
        ]
    );
    let a = &l.facts[0];
    assert_eq!(a.name.as_deref(), Some("Caf\u{fffd} Nord"));
    assert_eq!(a.account_manager.as_deref(), Some("M\u{fffd}ller"));
    assert_eq!(a.attributes, vec![("region".into(), "S\u{fffd}d".into())]);
    assert!(
        l.notes.contains(
            &"customers: invalid UTF-8 in column `region` on 1 rows (line 2): kept, the bad \
              bytes replaced by U+FFFD (\u{fffd}); save the file as UTF-8 to keep them"
                .to_string()
        ),
        "{:?}",
        l.notes
    );
}

/// Attribute names and repeated values are kept once and shared by the
/// customers (75,000 customers with a dozen attributes held a copy of every
/// name and value each), and read the same as before: sorted by name, empty
/// values left out.
#[test]
fn attribute_names_and_repeated_values_are_shared_between_customers() {
    use clientgrade_data::{SourceSpec, Sources, TableKind};
    use std::sync::Arc;
    let tx = file(
        "shared_attr",
        "t.csv",
        b"customer_id,date,amount\nA,2025-01-05,10\nB,2025-01-05,10\nC,2025-01-05,10\n",
    );
    let customers = tx.with_file_name("c.csv");
    std::fs::write(
        &customers,
        b"customer_id,region,employees\nA,North,12\nB,North,40\nC,,12\n",
    )
    .unwrap();
    let sources = Sources {
        transactions: SourceSpec::detect(TableKind::Transactions, &tx),
        customers: Some(SourceSpec::detect(TableKind::Customers, &customers)),
        invoices: None,
        service: None,
        complaints: None,
    };
    let l = load(&sources, Date::from_ymd(2025, 12, 31), 12, &NoProgress).unwrap();
    let by_id = |id: &str| {
        &l.facts
            .iter()
            .find(|f| f.id.as_ref().is_some_and(|i| i.expose() == id))
            .unwrap()
            .attributes
    };
    let (a, b, c) = (by_id("A"), by_id("B"), by_id("C"));
    let text = |x: &[(Arc<str>, Arc<str>)]| {
        x.iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(text(a), "employees=12 region=North");
    assert_eq!(text(b), "employees=40 region=North");
    assert_eq!(text(c), "employees=12", "an empty value is left out");
    // one copy of each name and of each repeated value
    assert!(Arc::ptr_eq(&a[0].0, &b[0].0) && Arc::ptr_eq(&a[0].0, &c[0].0));
    assert!(Arc::ptr_eq(&a[1].0, &b[1].0));
    assert!(Arc::ptr_eq(&a[1].1, &b[1].1), "North is kept once");
    assert!(Arc::ptr_eq(&a[0].1, &c[0].1), "12 is kept once");
}
