//! Parquet columns of every Arrow type a user may meet: read correctly, or refused naming the column, its type and the fix.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::types::*;
use arrow_array::*;
use arrow_schema::{Field, Schema};
use clientgrade_core::Date;
use clientgrade_data::{load, DataError, Loaded, NoProgress, SourceSpec, TableKind};

use crate::folder;

/// Write `columns` (name, array) as a Parquet file with its Arrow schema.
fn parquet(test: &str, columns: Vec<(&str, ArrayRef)>) -> PathBuf {
    let path = folder(test).join("t.parquet");
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let batch = RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap();
    let file = std::fs::File::create(&path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    path
}

fn run(path: &Path) -> Result<Loaded, DataError> {
    load(
        &crate::tx_only(SourceSpec::detect(TableKind::Transactions, path)),
        Date::from_ymd(2025, 12, 31),
        12,
        &NoProgress,
    )
}

fn structural(e: DataError) -> String {
    match e {
        DataError::Structure { message, .. } => message,
        other => panic!("expected a structural error, got {other}"),
    }
}

fn ids() -> ArrayRef {
    Arc::new(StringArray::from(vec!["A", "A", "B"]))
}

fn dates() -> ArrayRef {
    Arc::new(Date32Array::from(vec![20_148, 20_149, 20_150])) // 2025-03-01..03
}

fn amounts() -> ArrayRef {
    Arc::new(Float64Array::from(vec![12.5, 7.0, 1.0]))
}

/// Customer A's revenue and the (used, rejected) rows.
fn summary(l: &Loaded) -> (String, u64, u64) {
    let a = l
        .facts
        .iter()
        .find(|f| f.id.as_ref().unwrap().expose() == "A")
        .unwrap();
    let t = &l.tables[0];
    (a.revenue.to_string(), t.used, t.rejected)
}

#[test]
fn a_boolean_amount_is_a_structural_error_naming_column_type_and_fix() {
    let p = parquet(
        "pq_bool_amount",
        vec![
            ("customer_id", ids()),
            ("date", dates()),
            (
                "amount",
                Arc::new(BooleanArray::from(vec![true, false, true])),
            ),
        ],
    );
    assert_eq!(
        structural(run(&p).unwrap_err()),
        "column `amount` (mapped as amount in [transactions]) has type Boolean, which cannot \
         hold numbers; store it as a decimal, an integer, a float or a string, or map another \
         column in [transactions.columns]"
    );
}

#[test]
fn dictionary_encoded_ids_are_read_as_text() {
    // what pandas writes for a `category` column, with each key width
    let keyed: Vec<ArrayRef> = vec![
        Arc::new(
            vec!["A", "A", "B"]
                .into_iter()
                .collect::<DictionaryArray<Int8Type>>(),
        ),
        Arc::new(
            vec!["A", "A", "B"]
                .into_iter()
                .collect::<DictionaryArray<Int32Type>>(),
        ),
        Arc::new(
            vec![Some("A"), Some("A"), Some("B")]
                .into_iter()
                .collect::<DictionaryArray<UInt16Type>>(),
        ),
        Arc::new(
            DictionaryArray::<Int64Type>::try_new(
                Int64Array::from(vec![1, 1, 0]),
                Arc::new(LargeStringArray::from(vec!["B", "A"])),
            )
            .unwrap(),
        ),
    ];
    for (k, id) in keyed.into_iter().enumerate() {
        let t = id.data_type().to_string();
        let p = parquet(
            &format!("pq_dict_{k}"),
            vec![
                ("customer_id", id),
                ("date", dates()),
                ("amount", amounts()),
            ],
        );
        let l = run(&p).unwrap();
        assert_eq!(summary(&l), ("19.50".into(), 3, 0), "{t}");
        assert_eq!(l.facts.len(), 2, "{t}");
    }
    // a category of products counts distinct products
    let p = parquet(
        "pq_dict_product",
        vec![
            ("customer_id", ids()),
            ("date", dates()),
            ("amount", amounts()),
            (
                "product",
                Arc::new(
                    vec![Some("P1"), None, Some("P2")]
                        .into_iter()
                        .collect::<DictionaryArray<Int8Type>>(),
                ),
            ),
        ],
    );
    let l = run(&p).unwrap();
    assert_eq!(l.facts[0].products, 1);
}

#[test]
fn every_numeric_type_is_read_as_an_exact_amount() {
    type F16 = <Float16Type as ArrowPrimitiveType>::Native;
    type I256 = <Decimal256Type as ArrowPrimitiveType>::Native;
    let cases: Vec<ArrayRef> = vec![
        Arc::new(Int8Array::from(vec![12, 7, 1])),
        Arc::new(Int16Array::from(vec![12, 7, 1])),
        Arc::new(Int32Array::from(vec![12, 7, 1])),
        Arc::new(Int64Array::from(vec![12, 7, 1])),
        Arc::new(UInt8Array::from(vec![12, 7, 1])),
        Arc::new(UInt16Array::from(vec![12, 7, 1])),
        Arc::new(UInt32Array::from(vec![12, 7, 1])),
        Arc::new(UInt64Array::from(vec![12, 7, 1])),
        Arc::new(Float16Array::from(vec![
            F16::from_f64(12.0),
            F16::from_f64(7.0),
            F16::from_f64(1.0),
        ])),
        Arc::new(Float32Array::from(vec![12.0, 7.0, 1.0])),
        Arc::new(Float64Array::from(vec![12.0, 7.0, 1.0])),
        Arc::new(
            Decimal32Array::from(vec![1200, 700, 100])
                .with_precision_and_scale(9, 2)
                .unwrap(),
        ),
        Arc::new(
            Decimal64Array::from(vec![12_000, 7_000, 1_000])
                .with_precision_and_scale(18, 3)
                .unwrap(),
        ),
        Arc::new(
            Decimal128Array::from(vec![120_000_000, 70_000_000, 10_000_000])
                .with_precision_and_scale(38, 7)
                .unwrap(),
        ),
        Arc::new(
            Decimal256Array::from(vec![
                I256::from_i128(12),
                I256::from_i128(7),
                I256::from_i128(1),
            ])
            .with_precision_and_scale(76, 0)
            .unwrap(),
        ),
        Arc::new(LargeStringArray::from(vec!["12.00", "7", "1"])),
        Arc::new(StringViewArray::from(vec!["12", "7.0", "1"])),
    ];
    for (k, amount) in cases.into_iter().enumerate() {
        let t = amount.data_type().to_string();
        let p = parquet(
            &format!("pq_amount_{k}"),
            vec![
                ("customer_id", ids()),
                ("date", dates()),
                ("amount", amount),
            ],
        );
        assert_eq!(summary(&run(&p).unwrap()), ("19.00".into(), 3, 0), "{t}");
    }
    // beyond the amount bound: UInt64 above i64, a huge decimal, an infinite float
    for (k, amount) in [
        Arc::new(UInt64Array::from(vec![12, 7, u64::MAX])) as ArrayRef,
        Arc::new(
            Decimal256Array::from(vec![I256::from_i128(12), I256::from_i128(7), I256::MAX])
                .with_precision_and_scale(76, 0)
                .unwrap(),
        ),
        Arc::new(Float64Array::from(vec![12.0, 7.0, f64::INFINITY])),
    ]
    .into_iter()
    .enumerate()
    {
        let p = parquet(
            &format!("pq_amount_huge_{k}"),
            vec![
                ("customer_id", ids()),
                ("date", dates()),
                ("amount", amount),
            ],
        );
        let l = run(&p).unwrap();
        assert_eq!(summary(&l), ("19.00".into(), 2, 1));
        assert_eq!(
            l.tables[0].reasons.keys().collect::<Vec<_>>(),
            vec!["amount too large to sum"]
        );
    }
}

/// The layouts read in place row by row (Int64, Float64, Decimal128): a
/// missing amount is a counted reject, a decimal beyond the bound too large
/// to sum, whatever the scale.
#[test]
fn numeric_columns_read_in_place_keep_nulls_and_bounds() {
    let cases: Vec<(ArrayRef, &str)> = vec![
        (
            Arc::new(Int64Array::from(vec![Some(12), None, Some(7)])),
            "missing amount",
        ),
        (
            Arc::new(Float64Array::from(vec![Some(12.0), None, Some(7.0)])),
            "missing amount",
        ),
        (
            Arc::new(Float64Array::from(vec![
                Some(12.0),
                Some(f64::NAN),
                Some(7.0),
            ])),
            "bad amount",
        ),
        (
            Arc::new(
                Decimal128Array::from(vec![Some(1_200), None, Some(700)])
                    .with_precision_and_scale(38, 2)
                    .unwrap(),
            ),
            "missing amount",
        ),
        (
            Arc::new(
                Decimal128Array::from(vec![Some(120_000_000), Some(i128::MAX), Some(70_000_000)])
                    .with_precision_and_scale(38, 7)
                    .unwrap(),
            ),
            "amount too large to sum",
        ),
    ];
    for (k, (amount, reason)) in cases.into_iter().enumerate() {
        let t = amount.data_type().to_string();
        let p = parquet(
            &format!("pq_in_place_{k}"),
            vec![
                (
                    "customer_id",
                    Arc::new(StringArray::from(vec!["A", "A", "A"])),
                ),
                ("date", dates()),
                ("amount", amount),
            ],
        );
        let l = run(&p).unwrap();
        assert_eq!(summary(&l), ("19.00".into(), 2, 1), "{t}");
        assert_eq!(
            l.tables[0].reasons.keys().collect::<Vec<_>>(),
            vec![reason],
            "{t}"
        );
    }
}

#[test]
fn every_date_and_text_type_is_read_or_refused_with_the_fix() {
    let ms = 1_740_787_200_000i64; // 2025-03-01T00:00:00Z
    let date_columns: Vec<ArrayRef> = vec![
        Arc::new(Date64Array::from(vec![
            ms,
            ms + 86_400_000,
            ms + 2 * 86_400_000,
        ])),
        Arc::new(TimestampMillisecondArray::from(vec![
            ms,
            ms + 86_400_000,
            ms,
        ])),
        Arc::new(
            TimestampSecondArray::from(vec![ms / 1000, ms / 1000, ms / 1000]).with_timezone("UTC"),
        ),
        // 23:30 UTC on 2025-02-28 is 01:30 on 2025-03-01 at +02:00
        Arc::new(
            TimestampMicrosecondArray::from(vec![(ms - 1_800_000) * 1000; 3])
                .with_timezone("+02:00"),
        ),
        Arc::new(TimestampNanosecondArray::from(vec![ms * 1_000_000; 3]).with_timezone("-05:00")),
        Arc::new(StringViewArray::from(vec![
            "2025-03-01",
            "2025-03-02",
            "2025-03-03",
        ])),
        Arc::new(Int32Array::from(vec![20250301, 20250302, 20250303])),
    ];
    let first = |l: &Loaded| l.facts[0].first_purchase.unwrap().to_string();
    let want = [
        "2025-03-01",
        "2025-03-01",
        "2025-03-01",
        "2025-03-01",
        "2025-02-28",
        "2025-03-01",
        "2025-03-01",
    ];
    for (k, (date, want)) in date_columns.into_iter().zip(want).enumerate() {
        let t = date.data_type().to_string();
        let p = parquet(
            &format!("pq_date_{k}"),
            vec![
                ("customer_id", ids()),
                ("date", date),
                ("amount", amounts()),
            ],
        );
        let l = run(&p).unwrap();
        assert_eq!(first(&l), want, "{t}");
        assert_eq!(summary(&l), ("19.50".into(), 3, 0), "{t}");
    }
    // ids as other text layouts and integers
    for (k, id) in [
        Arc::new(LargeStringArray::from(vec!["A", "A", "B"])) as ArrayRef,
        Arc::new(StringViewArray::from(vec!["A", "A", "B"])),
    ]
    .into_iter()
    .enumerate()
    {
        let p = parquet(
            &format!("pq_id_{k}"),
            vec![
                ("customer_id", id),
                ("date", dates()),
                ("amount", amounts()),
            ],
        );
        assert_eq!(summary(&run(&p).unwrap()), ("19.50".into(), 3, 0));
    }
    let p = parquet(
        "pq_id_int",
        vec![
            ("customer_id", Arc::new(UInt32Array::from(vec![7, 7, 8]))),
            ("date", dates()),
            ("amount", amounts()),
        ],
    );
    let l = run(&p).unwrap();
    assert_eq!(l.facts[0].id.as_ref().unwrap().expose(), "7");
    assert_eq!(l.facts[0].revenue.to_string(), "19.50");

    // an optional column of type Null is read as empty; a required one is refused
    let p = parquet(
        "pq_null_cost",
        vec![
            ("customer_id", ids()),
            ("date", dates()),
            ("amount", amounts()),
            ("cost", Arc::new(NullArray::new(3))),
        ],
    );
    let l = run(&p).unwrap();
    assert_eq!(l.facts[0].cost_lines, 0);
    let refused = |test: &str, col: &str, array: ArrayRef| {
        let mut columns = vec![
            ("customer_id", ids()),
            ("date", dates()),
            ("amount", amounts()),
        ];
        for c in &mut columns {
            if c.0 == col {
                c.1 = array.clone();
            }
        }
        structural(run(&parquet(test, columns)).unwrap_err())
    };
    assert_eq!(
        refused("pq_null_amount", "amount", Arc::new(NullArray::new(3))),
        "column `amount` (mapped as amount in [transactions]) has Arrow type Null: it holds no \
         value at all, and this column is required; map a column with values, or map another \
         column in [transactions.columns]"
    );
    assert_eq!(
        refused(
            "pq_float_id",
            "customer_id",
            Arc::new(Float64Array::from(vec![1.0, 1.0, 2.0]))
        ),
        "column `customer_id` (mapped as customer-id in [transactions]) has type Float64, which \
         cannot hold ids exactly (pandas writes integer ids with missing values as floats); store \
         it as a string or an integer, e.g. astype(\"Int64\") or astype(str) in pandas, or map \
         another column in [transactions.columns]"
    );
    assert_eq!(
        refused(
            "pq_bool_date",
            "date",
            Arc::new(BooleanArray::from(vec![true; 3]))
        ),
        "column `date` (mapped as date in [transactions]) has type Boolean, which cannot hold \
         dates; store it as a date, a timestamp or a string, or map another column in \
         [transactions.columns]"
    );
    assert_eq!(
        refused(
            "pq_time_date",
            "date",
            Arc::new(Time32SecondArray::from(vec![1, 2, 3]))
        ),
        "column `date` (mapped as date in [transactions]) has type Time32(s), which cannot hold \
         dates; store it as a date, a timestamp or a string, or map another column in \
         [transactions.columns]"
    );
    assert_eq!(
        refused(
            "pq_zone_date",
            "date",
            Arc::new(TimestampSecondArray::from(vec![1, 2, 3]).with_timezone("Europe/Berlin"))
        ),
        "column `date` (date) holds timestamps in the time zone `Europe/Berlin`, whose offset \
         changes over the year, so its dates cannot be read without a zone database; store local \
         dates (Arrow date32) or timestamps in UTC or with a fixed offset such as +01:00"
    );
}
