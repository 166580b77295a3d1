//! What the CSV reader promises: every line accounted for, editor line numbers, the line-end model.

use clientgrade_data::{Loaded, TableStats};

use crate::{file, load_tx, tx};

fn table(l: &Loaded) -> &TableStats {
    &l.tables[0]
}

/// (read, used, rejected, skipped)
fn counts(t: &TableStats) -> (u64, u64, u64, u64) {
    (t.read, t.used, t.rejected, t.skipped_total())
}

/// (line, reason) of every reject.
fn rejects(t: &TableStats) -> Vec<(u64, String)> {
    t.rejects
        .iter()
        .map(|r| (r.line, r.reason.clone()))
        .collect()
}

fn read(test: &str, bytes: &[u8]) -> Loaded {
    load_tx(tx(file(test, "t.csv", bytes))).unwrap()
}

#[test]
fn an_unterminated_quote_rejects_its_row_and_later_rows_are_read() {
    let l = read(
        "unterminated_eof",
        b"customer_id,date,amount\nA,2025-01-05,10\nB,\"2025-01-06,10\nC,2025-01-07,10\nD,2025-01-08,10\n",
    );
    let t = table(&l);
    assert_eq!(counts(t), (4, 3, 1, 0), "{}", t.summary_line());
    assert_eq!(rejects(t), vec![(3, "unterminated quote".to_string())]);
    assert_eq!(l.facts.len(), 3);
}

#[test]
fn a_quote_that_pairs_with_a_later_rows_quote_is_unterminated() {
    // the quote of line 3 would close at the first quote of line 4, which is
    // followed by text: line 3 is rejected, line 4 is read on its own
    let l = read(
        "unterminated_pairs",
        b"customer_id,date,amount\nA,2025-01-05,10\nB,\"2025-01-06,10\nC,2025-01-07,\"10\"\nD,2025-01-08,10\n",
    );
    let t = table(&l);
    assert_eq!(counts(t), (4, 3, 1, 0), "{}", t.summary_line());
    assert_eq!(rejects(t), vec![(3, "unterminated quote".to_string())]);
}

#[test]
fn text_after_a_closing_quote_rejects_the_row() {
    let l = read(
        "text_after_quote",
        b"customer_id,date,amount\n\"A\"x,2025-01-05,10\nB,2025-01-06,\"1\"\"0\"\nC,2025-01-07,10\n",
    );
    let t = table(&l);
    // "1""0" is the text 1"0: a bad amount, not a quoting fault
    assert_eq!(counts(t), (3, 1, 2, 0), "{}", t.summary_line());
    assert_eq!(
        rejects(t),
        vec![
            (2, "text after a closing quote".to_string()),
            (3, "bad amount".to_string())
        ]
    );
    assert_eq!(t.rejects[1].value, "1\"0");
}

#[test]
fn line_numbers_with_crlf_line_ends() {
    let l = read(
        "lines_crlf",
        b"customer_id,date,amount\r\nA,2025-01-05,10\r\nB,bad,1\r\nC,2025-01-07,x\r\n",
    );
    assert_eq!(
        rejects(table(&l)),
        vec![(3, "bad date".to_string()), (4, "bad amount".to_string())]
    );
}

#[test]
fn line_numbers_with_blank_lines() {
    let l = read(
        "lines_blank",
        b"customer_id,date,amount\n\nA,2025-01-05,10\n\n\nB,bad,1\r\n\r\nC,2025-01-07,x\n\n",
    );
    let t = table(&l);
    assert_eq!(counts(t), (3, 1, 2, 0));
    assert_eq!(
        rejects(t),
        vec![(6, "bad date".to_string()), (8, "bad amount".to_string())]
    );
}

#[test]
fn line_numbers_with_cr_only_line_ends() {
    // old Mac files: every line ends with a lone CR
    let l = read(
        "lines_cr",
        b"customer_id,date,amount\rA,2025-01-05,10\rB,bad,1\r\rC,2025-01-07,x\rD,2025-01-08,2.5",
    );
    let t = table(&l);
    assert_eq!(counts(t), (4, 2, 2, 0), "{}", t.summary_line());
    assert_eq!(
        rejects(t),
        vec![(3, "bad date".to_string()), (5, "bad amount".to_string())]
    );
    assert_eq!(l.facts[1].revenue.to_string(), "2.50");
}

#[test]
fn a_multi_line_record_has_the_line_where_it_starts() {
    let l = read(
        "lines_quoted_newlines",
        b"customer_id,date,amount,product\nA,2025-01-05,10,\"two\nlines\"\nB,bad,1,x\nC,bad,1,\"x\r\ny\"\nD,2025-01-08,x,p\n",
    );
    let t = table(&l);
    assert_eq!(counts(t), (4, 1, 3, 0), "{}", t.summary_line());
    assert_eq!(
        rejects(t),
        vec![
            (4, "bad date".to_string()),
            (5, "bad date".to_string()),
            (7, "bad amount".to_string())
        ]
    );
}

#[test]
fn a_lone_cr_inside_a_field_rejects_the_row() {
    // issue 17: `1\r5` was read as amount 1.00 plus a rejected fragment
    for (name, bytes) in [
        (
            "stray_cr_lf",
            &b"customer_id,date,amount\nA,2025-01-05,1\r5\nB,2025-01-06,2\n"[..],
        ),
        (
            "stray_cr_crlf",
            &b"customer_id,date,amount\r\nA,2025-01-05,1\r5\r\nB,2025-01-06,2\r\n"[..],
        ),
    ] {
        let l = read(name, bytes);
        let t = table(&l);
        assert_eq!(counts(t), (2, 1, 1, 0), "{name}: {}", t.summary_line());
        assert_eq!(
            rejects(t),
            vec![(2, "stray carriage return".to_string())],
            "{name}"
        );
        assert_eq!(t.rejects[0].value, "1\\r5", "{name}");
        assert_eq!(l.facts.len(), 1, "{name}");
        assert_eq!(l.facts[0].revenue.to_string(), "2.00", "{name}");
    }
}

#[test]
fn a_cr_inside_quotes_is_text() {
    let l = read(
        "cr_in_quotes",
        b"customer_id,date,amount,product\nA,2025-01-05,10,\"x\ry\"\nB,bad,1,p\n",
    );
    let t = table(&l);
    assert_eq!(counts(t), (2, 1, 1, 0), "{}", t.summary_line());
    assert_eq!(rejects(t), vec![(3, "bad date".to_string())]);
}

#[test]
fn a_lone_lf_inside_a_cr_only_file_rejects_the_row() {
    let l = read(
        "stray_lf",
        b"customer_id,date,amount\rA,2025-01-05,1\n5\rB,2025-01-06,2\rC,2025-01-07,3\r",
    );
    let t = table(&l);
    assert_eq!(counts(t), (3, 2, 1, 0), "{}", t.summary_line());
    assert_eq!(rejects(t), vec![(2, "stray line feed".to_string())]);
}
