//! A hostile-input corpus, generated at test time: for each file the exact read/used/skipped/rejected counts or the structural error.

use clientgrade_data::{fuzzing, DataError};

use crate::{folder, load_tx, tx};

const H: &str = "customer_id,date,amount\n";

/// What reading a file must give.
enum Want {
    /// (read, used, rejected, skipped) and, when not empty, every reject's (line, reason).
    Rows(u64, u64, u64, u64, &'static [(u64, &'static str)]),
    /// A structural error whose message contains this.
    Structure(&'static str),
    /// No usable row: the run stops (every row counted in the message).
    NoUsable(&'static str),
}

use Want::*;

fn rows(n: usize, line: &str) -> String {
    line.repeat(n)
}

/// The corpus: (file name, bytes, expectation).
fn corpus() -> Vec<(&'static str, Vec<u8>, Want)> {
    let ok = "A,2025-01-05,10\n";
    let mut v: Vec<(&'static str, Vec<u8>, Want)> = vec![
        // encodings and empty files
        ("empty", b"".to_vec(), Structure("the file is empty")),
        ("blank_lines_only", b"\n\r\n\n".to_vec(), Structure("the file is empty")),
        ("bom_only", b"\xEF\xBB\xBF".to_vec(), Structure("the file is empty")),
        ("header_only", H.into(), NoUsable("read 0, used 0, rejected 0")),
        (
            "header_only_no_line_end",
            b"customer_id,date,amount".to_vec(),
            NoUsable("read 0, used 0, rejected 0"),
        ),
        (
            "bom",
            format!("\u{FEFF}{H}{ok}{ok}").into(),
            Rows(2, 2, 0, 0, &[]),
        ),
        (
            "utf16le_bom",
            utf16(&format!("{H}{ok}"), false, true),
            Structure("UTF-16"),
        ),
        (
            "utf16be_bom",
            utf16(&format!("{H}{ok}"), true, true),
            Structure("UTF-16"),
        ),
        (
            "utf16le_no_bom",
            utf16(&format!("{H}{ok}"), false, false),
            Structure("NUL bytes"),
        ),
        (
            "latin1_id",
            format!("{H}{ok}").into_bytes().into_iter().chain(*b"Caf\xE9,2025-01-05,3\n").collect(),
            Rows(2, 1, 1, 0, &[(3, "invalid UTF-8 (save the file as UTF-8)")]),
        ),
        (
            "nul_in_amount",
            format!("{H}{ok}A,2025-01-05,1\u{0}0\n").into(),
            Rows(2, 1, 1, 0, &[(3, "bad amount")]),
        ),
        (
            "binary_junk_row",
            [format!("{H}{ok}").as_bytes(), b"\x00\x01\x02,\xFF\xFE,\x80\n", ok.as_bytes()].concat(),
            Rows(3, 2, 1, 0, &[(3, "invalid UTF-8 (save the file as UTF-8)")]),
        ),
        // line ends
        (
            "crlf",
            format!("{H}{ok}A,bad,1\n{ok}").replace('\n', "\r\n").into(),
            Rows(3, 2, 1, 0, &[(3, "bad date")]),
        ),
        (
            "cr_only",
            format!("{H}{ok}A,bad,1\n{ok}A,2025-01-06,x").replace('\n', "\r").into(),
            Rows(4, 2, 2, 0, &[(3, "bad date"), (5, "bad amount")]),
        ),
        (
            "mixed_lf_and_crlf",
            format!("{H}{ok}A,bad,1\r\nA,2025-01-05,10\r\nA,2025-01-06,x\n").into(),
            Rows(4, 2, 2, 0, &[(3, "bad date"), (5, "bad amount")]),
        ),
        (
            "blank_lines_between",
            format!("{H}\n{ok}\n\n\nA,bad,1\n\n").into(),
            Rows(2, 1, 1, 0, &[(7, "bad date")]),
        ),
        (
            "blank_lines_before_header",
            format!("\n\n{H}{ok}A,bad,1\n").into(),
            Rows(2, 1, 1, 0, &[(5, "bad date")]),
        ),
        (
            "no_line_end_after_bad_last_row",
            format!("{H}{ok}A,bad,1").into(),
            Rows(2, 1, 1, 0, &[(3, "bad date")]),
        ),
        (
            "stray_cr_in_field",
            format!("{H}{ok}A,2025-01-05,1\r5\n{ok}").into(),
            Rows(3, 2, 1, 0, &[(3, "stray carriage return")]),
        ),
        (
            "stray_cr_before_delimiter",
            format!("{H}A\r,2025-01-05,1\n{ok}").into(),
            Rows(2, 1, 1, 0, &[(2, "stray carriage return")]),
        ),
        (
            "cr_cr_lf",
            format!("{H}{ok}A,2025-01-05,2\r\r\n{ok}").into(),
            Rows(3, 2, 1, 0, &[(3, "stray carriage return")]),
        ),
        (
            "stray_lf_in_cr_file",
            format!("{H}{ok}").replace('\n', "\r").into_bytes().into_iter()
                .chain(*b"A,2025-01-05,1\n5\rA,2025-01-06,2\r")
                .collect(),
            Rows(3, 2, 1, 0, &[(3, "stray line feed")]),
        ),
        // quoting
        (
            "unterminated_quote_last_row",
            format!("{H}{ok}{ok}A,\"2025-01-05,10\n").into(),
            Rows(3, 2, 1, 0, &[(4, "unterminated quote")]),
        ),
        (
            "unterminated_quote_mid_file",
            format!("{H}{ok}A,\"2025-01-05,10\n{}", rows(5, ok)).into(),
            Rows(7, 6, 1, 0, &[(3, "unterminated quote")]),
        ),
        (
            "quote_pairs_with_a_later_row",
            format!("{H}A,\"2025-01-05,10\n{ok}\"B\",2025-01-05,10\n").into(),
            Rows(3, 2, 1, 0, &[(2, "unterminated quote")]),
        ),
        (
            "text_after_closing_quote",
            format!("{H}\"A\"B,2025-01-05,10\n{ok}").into(),
            Rows(2, 1, 1, 0, &[(2, "text after a closing quote")]),
        ),
        (
            "quote_inside_unquoted_field",
            format!("{H}A,2025-01-05,10\"\n{ok}").into(),
            Rows(2, 1, 1, 0, &[(2, "bad amount")]),
        ),
        (
            "escaped_quotes_and_delimiters_in_ids",
            format!("{H}\"A\"\"B\",2025-01-05,10\n\"C,D\",2025-01-05,10\n").into(),
            Rows(2, 2, 0, 0, &[]),
        ),
        (
            "embedded_newlines",
            "customer_id,date,amount,product\nA,2025-01-05,1,\"x\ny\nz\"\nA,bad,1,p\nA,2025-01-05,1,\"a\r\nb\"\nA,2025-01-05,z,p\n"
                .into(),
            Rows(4, 2, 2, 0, &[(5, "bad date"), (8, "bad amount")]),
        ),
        (
            "embedded_crlf_in_crlf_file",
            b"customer_id,date,amount,product\r\nA,2025-01-05,1,\"x\r\ny\"\r\nA,bad,1,p\r\n".to_vec(),
            Rows(2, 1, 1, 0, &[(4, "bad date")]),
        ),
        (
            "header_unterminated_quote",
            b"customer_id,\"date,amount\nA,2025-01-05,1\n".to_vec(),
            Structure("unterminated quote"),
        ),
        (
            "header_stray_cr",
            b"customer_id,date\r,amount\nA,2025-01-05,1\n".to_vec(),
            Structure("cannot read the header row (line 1): stray carriage return"),
        ),
        // shape
        (
            "ragged_rows",
            format!("{H}{ok}A,2025-01-05\nA,2025-01-05,1,extra\nA,2025-01-05,1,\nA\n").into(),
            Rows(
                5,
                2,
                3,
                0,
                &[
                    (3, "wrong number of fields"),
                    (4, "wrong number of fields"),
                    (6, "wrong number of fields"),
                ],
            ),
        ),
        (
            "spaces_only_line",
            format!("{H}{ok}   \n{ok}").into(),
            Rows(3, 2, 1, 0, &[(3, "wrong number of fields")]),
        ),
        (
            // empty fields after the header's are accepted (a trailing delimiter)
            "trailing_empty_fields",
            format!("{H}{ok}A,2025-01-05,1{}\n", ",".repeat(10_000)).into(),
            Rows(2, 2, 0, 0, &[]),
        ),
        (
            "delimiters_only_line",
            format!("{H}{ok},,\n").into(),
            Rows(2, 1, 1, 0, &[(3, "missing customer id")]),
        ),
        (
            "mixed_delimiters",
            format!("customer_id;date;amount\nA;2025-01-05;1\n{ok}B;2025-01-05;2\n").into(),
            Rows(3, 2, 1, 0, &[(3, "wrong number of fields")]),
        ),
        (
            "tab_delimited",
            format!("{H}{ok}A,bad,1\n").replace(',', "\t").into(),
            Rows(2, 1, 1, 0, &[(3, "bad date")]),
        ),
        (
            "pipe_delimited",
            format!("{H}{ok}{ok}").replace(',', "|").into(),
            Rows(2, 2, 0, 0, &[]),
        ),
        (
            "whitespace_aligned",
            b" customer_id  date  amount\r\n A  20250105  10\r\n\r\n B  2025010x  1\r\n C 20250107 1\r5\r\n".to_vec(),
            Rows(3, 1, 2, 0, &[(4, "bad date"), (5, "stray carriage return")]),
        ),
        (
            "wide_row",
            format!("{H}{ok}A,2025-01-05,1{}\n", ",x".repeat(50_000)).into(),
            Rows(2, 1, 1, 0, &[(3, "wrong number of fields")]),
        ),
        (
            "duplicate_header",
            b"customer_id,date,amount,Date\nA,2025-01-05,1,x\n".to_vec(),
            Structure("columns 2 (`date`) and 4 (`Date`) could both be the date column"),
        ),
        (
            "missing_required_column",
            b"customer_id,day,amount\nA,2025-01-05,1\n".to_vec(),
            Structure("no column for `date`"),
        ),
        // values
        (
            "formula_looking_ids",
            format!(
                "{H}=HYPERLINK(\"http://x\"),2025-01-05,1\n\"=1+2\",2025-01-05,1\n+1,2025-01-05,1\n@x,2025-01-05,1\n-2,2025-01-05,1\n"
            )
            .into(),
            // the first id holds quotes inside an unquoted field: text as written
            Rows(5, 5, 0, 0, &[]),
        ),
        (
            "dated_after_as_of",
            format!("{H}{ok}A,2026-01-01,1\n").into(),
            Rows(2, 1, 0, 1, &[]),
        ),
        (
            "missing_values",
            format!("{H}{ok},2025-01-05,1\nA,,1\nA,2025-01-05,\n").into(),
            Rows(
                4,
                1,
                3,
                0,
                &[(3, "missing customer id"), (4, "missing date"), (5, "missing amount")],
            ),
        ),
        (
            "huge_valid_field",
            format!(
                "customer_id,date,amount,product\nA,2025-01-05,1,{}\nA,bad,1,p\n",
                "p".repeat(2 << 20)
            )
            .into(),
            Rows(2, 1, 1, 0, &[(3, "bad date")]),
        ),
        (
            "one_megabyte_id",
            format!("{H}{},2025-01-05,1\n{ok}", "I".repeat(1 << 20)).into(),
            Rows(2, 1, 1, 0, &[(2, "customer id too long (1048576 bytes)")]),
        ),
        (
            "row_longer_than_16_mib",
            format!(
                "customer_id,date,amount,product\nA,2025-01-05,1,{}\nA,2025-01-05,1,p\n",
                "p".repeat(17 << 20)
            )
            .into(),
            Rows(2, 1, 1, 0, &[(2, "row longer than 16 MiB")]),
        ),
        (
            "quote_open_over_16_mib",
            format!("{H}A,\"2025-01-05,1\n{}", rows(1_100_000, ok)).into(),
            // the row is rejected when 16 MiB pass without a closing quote;
            // reading resumes at the next line
            Rows(1_100_001, 1_100_000, 1, 0, &[(2, "row longer than 16 MiB")]),
        ),
    ];
    // many rejects in a row keep their lines
    let mut many = String::from(H);
    for i in 0..300 {
        many.push_str(if i % 3 == 0 { "A,bad,1\n" } else { ok });
    }
    v.push((
        "every_third_row_bad",
        many.into(),
        Rows(300, 200, 100, 0, &[]),
    ));
    v
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn every_hostile_file_gives_its_exact_counts_or_error() {
    let dir = folder("hostile");
    let corpus = corpus();
    assert!(corpus.len() >= 45, "{} files", corpus.len());
    let mut failures = Vec::new();
    for (name, bytes, want) in &corpus {
        let path = dir.join(format!("{name}.csv"));
        std::fs::write(&path, bytes).unwrap();
        let got = load_tx(tx(path.clone()));
        let ok = match (want, &got) {
            (Rows(read, used, rejected, skipped, lines), Ok(l)) => {
                let t = &l.tables[0];
                let rejects: Vec<(u64, &str)> = t
                    .rejects
                    .iter()
                    .map(|r| (r.line, r.reason.as_str()))
                    .collect();
                (t.read, t.used, t.rejected, t.skipped_total())
                    == (*read, *used, *rejected, *skipped)
                    && t.read == t.used + t.rejected + t.skipped_total()
                    && (lines.is_empty() || rejects == *lines)
            }
            (Structure(text), Err(DataError::Structure { message, .. })) => message.contains(text),
            (NoUsable(text), Err(DataError::Inputs(message))) => message.contains(text),
            _ => false,
        };
        if !ok {
            let shown = match &got {
                Ok(l) => format!(
                    "{} {:?}",
                    l.tables[0].summary_line(),
                    l.tables[0]
                        .rejects
                        .iter()
                        .take(5)
                        .map(|r| (r.line, &r.reason))
                        .collect::<Vec<_>>()
                ),
                Err(e) => format!("error: {e}"),
            };
            failures.push(format!("{name}: {shown}"));
        }
        // the same file read in parts of 10 bytes on 2 threads gives the same
        // (the first byte chooses: transactions, 2 threads, parts of 10 bytes)
        if bytes.len() < 100_000 {
            let input: Vec<u8> = std::iter::once(0b0000_1101)
                .chain(bytes.iter().copied())
                .collect();
            fuzzing::csv_reader(&input, &dir);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
