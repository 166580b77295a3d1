//! Unit tests of the CSV record reader: line ends, quoting, faults, buffer sizes, restarts.

use std::io::Read;

use super::*;

/// A record as (line, fields or (reason, value)).
type Row = (u64, Result<Vec<String>, (&'static str, String)>);

fn collect<R: Read>(r: &mut Records<R>, limit: u64) -> Vec<Row> {
    let mut out = Vec::new();
    while let Some(rec) = r.next(limit).unwrap() {
        let v = match rec.fault() {
            Some(f) => Err((f.kind.reason(), f.value.clone())),
            None => Ok(rec
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()),
        };
        out.push((rec.line, v));
    }
    out
}

fn ends_of(bytes: &[u8], delimiter: u8) -> LineEnds {
    LineEnds::detect(&bytes[..bytes.len().min(65_536)], delimiter != WHITESPACE)
}

/// All records of `bytes`, the same whatever the buffer size; and the
/// line after the last.
fn read_max(bytes: &[u8], delimiter: u8, max_row: usize) -> (Vec<Row>, u64) {
    let ends = ends_of(bytes, delimiter);
    let mut first: Option<(Vec<Row>, u64)> = None;
    for buffer in [1, 2, 3, 7, 64, 1 << 20] {
        let mut r = Records::new(bytes, 0, 1, delimiter, ends).with_limit(max_row, buffer);
        let rows = collect(&mut r, u64::MAX);
        let got = (rows, r.line());
        match &first {
            None => first = Some(got),
            Some(f) => assert_eq!(f, &got, "buffer {buffer}"),
        }
    }
    first.unwrap()
}

fn read(bytes: &[u8]) -> Vec<Row> {
    read_max(bytes, b',', MAX_ROW_BYTES).0
}

fn ok(line: u64, fields: &[&str]) -> Row {
    (line, Ok(fields.iter().map(|s| s.to_string()).collect()))
}

fn bad(line: u64, kind: FaultKind, value: &str) -> Row {
    (line, Err((kind.reason(), value.to_string())))
}

#[test]
fn line_ends_are_decided_by_the_majority_outside_quotes() {
    assert_eq!(LineEnds::detect(b"a,b\r\nc,d\r\n", true), LineEnds::Lf);
    assert_eq!(LineEnds::detect(b"a,b\rc,d\re\r", true), LineEnds::Cr);
    assert_eq!(LineEnds::detect(b"a,b\nc,1\r5\nd\n", true), LineEnds::Lf);
    assert_eq!(
        LineEnds::detect(b"a\r\"x\ny\nz\n\"\rb\r", true),
        LineEnds::Cr
    );
    assert_eq!(LineEnds::detect(b"a", true), LineEnds::Lf);
}

#[test]
fn lf_crlf_and_cr_files_give_the_same_records_and_lines() {
    let want = vec![ok(1, &["h", "i"]), ok(2, &["a", "b"]), ok(4, &["c", ""])];
    assert_eq!(read(b"h,i\na,b\n\nc,\n"), want);
    assert_eq!(read(b"h,i\r\na,b\r\n\r\nc,\r\n"), want);
    assert_eq!(read(b"h,i\ra,b\r\rc,\r"), want);
    // no line end after the last line; a CR at the very end of an LF file
    assert_eq!(read(b"h,i\na,b\n\nc,"), want);
    assert_eq!(read(b"h,i\na,b\n\nc,\r"), want);
    assert_eq!(read_max(b"h,i\na,b\n\nc,\n\n", b',', 99).1, 6);
}

#[test]
fn quoted_fields_hold_delimiters_quotes_and_line_ends() {
    assert_eq!(
        read(b"\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\nx,\"\r\n\"\n5\" tall,y\n"),
        vec![
            ok(1, &["a,b", "say \"hi\""]),
            ok(2, &["two\nlines", ""]),
            ok(4, &["x", "\r\n"]),
            ok(6, &["5\" tall", "y"]),
        ]
    );
    // in a CR file the CR inside quotes is the counted line end
    assert_eq!(
        read(b"a,b\r\"x\ry\",z\rc,d\r"),
        vec![
            ok(1, &["a", "b"]),
            ok(2, &["x\ry", "z"]),
            ok(4, &["c", "d"])
        ]
    );
}

#[test]
fn an_unterminated_quote_is_a_fault_and_reading_resumes_at_the_next_line() {
    assert_eq!(
        read(b"h,i\na,\"b\nc,d\ne,f\n"),
        vec![
            ok(1, &["h", "i"]),
            bad(2, FaultKind::UnterminatedQuote, "\"b"),
            ok(3, &["c", "d"]),
            ok(4, &["e", "f"]),
        ]
    );
    // the quote pairs with a later one that is followed by text
    assert_eq!(
        read(b"a,\"b\nc,\"d\"\ne,f\n"),
        vec![
            bad(1, FaultKind::UnterminatedQuote, "\"b"),
            ok(2, &["c", "d"]),
            ok(3, &["e", "f"]),
        ]
    );
    // a multi-line record whose second quote never closes: the row is
    // lines 1-2, reading resumes at line 3
    assert_eq!(
        read(b"\"x\ny\",\"z\nq,r\n"),
        vec![
            bad(1, FaultKind::UnterminatedQuote, "\"z"),
            ok(3, &["q", "r"])
        ]
    );
    assert_eq!(
        read(b"a,\"b"),
        vec![bad(1, FaultKind::UnterminatedQuote, "\"b")]
    );
}

#[test]
fn text_after_a_closing_quote_is_a_fault() {
    assert_eq!(
        read(b"\"a\"b,c\nd,e\n\"f\"\rg\n"),
        vec![
            bad(1, FaultKind::TextAfterQuote, "\"a\"b,c"),
            ok(2, &["d", "e"]),
            bad(3, FaultKind::TextAfterQuote, "\"f\"\\rg"),
        ]
    );
}

#[test]
fn stray_line_break_bytes_make_the_row_a_fault() {
    assert_eq!(
        read(b"h,i\na,1\r5\nb,2\n"),
        vec![
            ok(1, &["h", "i"]),
            bad(2, FaultKind::StrayCr, "1\\r5"),
            ok(3, &["b", "2"])
        ]
    );
    assert_eq!(
        read(b"h,i\r\n\"q\",1\r5\r\nb,2\r\n"),
        vec![
            ok(1, &["h", "i"]),
            bad(2, FaultKind::StrayCr, "1\\r5"),
            ok(3, &["b", "2"])
        ]
    );
    assert_eq!(
        read(b"h,i\ra,1\n5\rb,2\rc,3\r"),
        vec![
            ok(1, &["h", "i"]),
            bad(2, FaultKind::StrayLf, "1\\n5"),
            ok(3, &["b", "2"]),
            ok(4, &["c", "3"])
        ]
    );
}

#[test]
fn aligned_text_splits_on_runs_of_spaces_and_tabs() {
    let (rows, _) = read_max(
        b" id  date\tamount \r\n 001 19970101  1.5\r\n\r\n   \r\n 002\t1997 \"x y\"\r\n 003 1\r9\r\n",
        WHITESPACE,
        MAX_ROW_BYTES,
    );
    assert_eq!(
        rows,
        vec![
            ok(1, &["id", "date", "amount"]),
            ok(2, &["001", "19970101", "1.5"]),
            ok(5, &["002", "1997", "\"x", "y\""]),
            bad(6, FaultKind::StrayCr, "1\\r9"),
        ]
    );
}

#[test]
fn a_row_longer_than_the_limit_is_a_fault_and_the_next_line_is_read() {
    let (rows, line) = read_max(b"a,b\nccccccccccccccccccccc,d\ne,f\n", b',', 8);
    assert_eq!(
        rows,
        vec![
            ok(1, &["a", "b"]),
            bad(2, FaultKind::TooLong, "cccccccc"),
            ok(3, &["e", "f"])
        ]
    );
    assert_eq!(line, 4);
    // a quoted field longer than the limit: resumes at the line after its start
    let (rows, _) = read_max(b"\"x\nyyyyyyyyyyy\nz\",w\nq,r", b',', 12);
    assert_eq!(
        rows,
        vec![
            bad(1, FaultKind::TooLong, "\"x\\nyyyyyyyyy"),
            ok(2, &["yyyyyyyyyyy"]),
            ok(3, &["z\"", "w"]),
            ok(4, &["q", "r"]),
        ]
    );
}

#[test]
fn fault_values_are_short_and_escape_control_bytes() {
    assert_eq!(shown(b"a\x1b[31mb\tc", 99), "a\\u{1b}[31mb\\tc");
    assert_eq!(shown("ééééé".as_bytes(), 3), "ééé…");
}

/// xorshift64*: a small deterministic generator for the property tests.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// Random bytes rich in CSV syntax.
fn noise(rng: &mut Rng) -> Vec<u8> {
    const PIECES: [&[u8]; 12] = [
        b"\"", b"\"\"", b",", b"\n", b"\r\n", b"\r", b"a", b"12", b" ", b"\t", b"x,y", b"\"q\"",
    ];
    let n = rng.below(60) as usize;
    let mut v = Vec::new();
    for _ in 0..n {
        v.extend_from_slice(PIECES[rng.below(PIECES.len() as u64) as usize]);
    }
    v
}

#[test]
fn reading_from_any_record_start_gives_the_rest_of_the_records() {
    // the parallel reader's footing: a part that begins where a record
    // begins reads exactly what a whole read reads from there
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..2_000 {
        let bytes = noise(&mut rng);
        for delimiter in [b',', WHITESPACE] {
            let max_row = if case % 3 == 0 { 9 } else { MAX_ROW_BYTES };
            let (all, last_line) = read_max(&bytes, delimiter, max_row);
            let ends = ends_of(&bytes, delimiter);
            let mut whole = Records::new(&bytes[..], 0, 1, delimiter, ends).with_limit(max_row, 5);
            let mut seen = 0;
            loop {
                let (offset, line) = (whole.offset() as usize, whole.line());
                let mut part = Records::new(&bytes[offset..], offset as u64, line, delimiter, ends)
                    .with_limit(max_row, 3);
                let rest = collect(&mut part, u64::MAX);
                assert_eq!(rest, all[seen..], "case {case}: {bytes:?} from {offset}");
                assert_eq!(part.line(), last_line, "case {case}: {bytes:?}");
                if whole.next(u64::MAX).unwrap().is_none() {
                    break;
                }
                seen += 1;
            }
            // a limit stops before the first record starting at or after it
            let cut = rng.below(bytes.len() as u64 + 1);
            let mut r = Records::new(&bytes[..], 0, 1, delimiter, ends).with_limit(max_row, 4);
            let head = collect(&mut r, cut);
            assert!(r.offset() >= cut || head.len() == all.len());
            assert_eq!(head, all[..head.len()]);
        }
    }
}
