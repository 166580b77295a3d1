//! Formats: day-first dates with decimal commas, month-first dates, and Parquet read back exactly.

use clientgrade_core::{Money, Value, ValueKind};
use clientgrade_data::{Column, ParquetTableWriter, SourceSpec, TableKind, TableWriter};

use crate::{file, folder, load_tx, tx};

#[test]
fn european_exports_are_read_exactly() {
    let p = file(
        "european",
        "t.csv",
        "Kundennr;Datum;Umsatz\nA;31.01.2025;1.234,50\nA;01.02.2025;0,5\nB;15.03.2025;-10,00\n"
            .as_bytes(),
    );
    let l = load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!(t.used, 3);
    assert!(
        t.detected.contains(&"date read as %d.%m.%Y".to_string()),
        "{:?}",
        t.detected
    );
    assert!(t
        .detected
        .contains(&"amount uses a decimal comma".to_string()));
    let a = &l.facts[0];
    assert_eq!(a.revenue, Money::from_cents(123_500));
    assert_eq!(a.orders, 2);
}

#[test]
fn month_first_dates_are_detected_from_a_deciding_value() {
    let p = file(
        "us",
        "t.csv",
        b"customer_id,date,amount\nA,01/02/2025,1\nA,01/13/2025,1\n",
    );
    let l = load_tx(tx(p)).unwrap();
    assert_eq!(l.facts[0].first_purchase.unwrap().to_string(), "2025-01-02");
}

#[test]
fn parquet_round_trips_exactly() {
    let dir = folder("parquet");
    let path = dir.join("t.parquet");
    let cols = vec![
        Column::new("customer_id", ValueKind::Text),
        Column::new("date", ValueKind::Date),
        Column::new("amount", ValueKind::Money),
        Column::new("cost", ValueKind::Money),
    ];
    let mut w = ParquetTableWriter::create(&path, &cols).unwrap();
    let d = clientgrade_core::Date::from_ymd(2025, 6, 1).unwrap();
    for i in 0..70_000i64 {
        let id = format!("C{}", i % 7);
        w.write_row(&[
            Value::Text(&id),
            Value::Date(d),
            Value::Money(Money::from_raw(12_345)),
            if i == 5 {
                Value::Null
            } else {
                Value::Money(Money::from_raw(1))
            },
        ])
        .unwrap();
    }
    // a null date: rejected as missing, with its row number
    w.write_row(&[
        Value::Text("C0"),
        Value::Null,
        Value::Money(Money::ZERO),
        Value::Null,
    ])
    .unwrap();
    Box::new(w).finish().unwrap();
    let l = load_tx(SourceSpec::detect(TableKind::Transactions, &path)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (70_001, 70_000, 1));
    assert_eq!(t.rejects[0].line, 70_001);
    assert_eq!(t.rejects[0].reason, "missing date");
    assert_eq!(l.facts.len(), 7);
    let total: i64 = l.facts.iter().map(|f| f.revenue.raw()).sum();
    assert_eq!(total, 70_000 * 12_345);
    let cost_lines: u64 = l.facts.iter().map(|f| f.cost_lines).sum();
    assert_eq!(cost_lines, 69_999);
}

#[test]
fn whitespace_aligned_exports_are_read_like_cdnow() {
    let p = file(
        "aligned",
        "t.txt",
        b" customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00002 1997011x  1   12.00\r\n",
    );
    let l = load_tx(tx(p)).unwrap();
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (3, 2, 1));
    assert_eq!(t.rejects[0].line, 4);
    assert_eq!(t.detected[0], "delimiter `whitespace`");
    assert_eq!(l.facts[0].id.as_ref().unwrap().expose(), "00001");
    assert_eq!(l.facts[1].revenue_lifetime, Money::from_cents(1_200));
}
