//! Rows of report-like exports: title rows above the header, group headings carried down, total and footer rows.
//!
//! Accounting reports (QuickBooks "Sales by Customer Detail") are not plain
//! tables: a title block sits above the header, a customer's name stands on a
//! row of its own above its lines, and `Total for …` rows close each group.
//! The header is the first line with two named columns; a [`RowLayout`]
//! classifies the rows below it: headings (carried down into the first
//! column), totals, titles and footers are skipped and counted, never read
//! as customers.

use std::sync::Mutex;

use crate::csv_records::{OwnedRecord, Record};
use crate::reject::TableStats;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Lines looked at for the header.
const MAX_TITLE_LINES: usize = 50;

/// Where the header row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HeaderAt {
    /// Its line (1-based).
    pub line: u64,
    /// Its byte offset in the text given.
    pub offset: usize,
    /// Non-blank lines above it.
    pub titles: u64,
}

/// The fields of a line split at `d` outside double quotes, trimmed and unquoted.
fn fields(line: &[u8], d: u8) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(b);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|f| String::from_utf8_lossy(&f).trim().to_string())
        .collect()
}

/// The delimiter splitting a line into the most fields, and the fields.
fn best_split(line: &[u8]) -> (u8, Vec<String>) {
    DELIMITERS
        .iter()
        .map(|&d| (d, fields(line, d)))
        .max_by_key(|(d, f)| (f.len(), std::cmp::Reverse(*d == b'|')))
        .unwrap_or((b',', vec![String::new()]))
}

/// Find the header in the start of a file (after any BOM): line
/// `header_row` when given, else the first line with at least two named
/// columns whose width recurs within the next lines. `Err` when the given
/// line is not in the first 64 KB.
pub(crate) fn find_header(head: &[u8], header_row: Option<u64>) -> Result<HeaderAt, String> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &b) in head.iter().enumerate() {
        if b == b'\n' {
            lines.push((start, &head[start..i]));
            start = i + 1;
        }
    }
    if start < head.len() {
        lines.push((start, &head[start..]));
    }
    let strip = |l: &[u8]| -> Vec<u8> { l.strip_suffix(b"\r").unwrap_or(l).to_vec() };
    let at = |i: usize, titles: u64| HeaderAt {
        line: i as u64 + 1,
        offset: lines.get(i).map_or(0, |l| l.0),
        titles,
    };
    if let Some(n) = header_row {
        let i = usize::try_from(n - 1).unwrap_or(usize::MAX);
        if i >= lines.len() {
            return Err(format!(
                "header-row = {n}, but the first 64 KB of the file have only {} lines",
                lines.len()
            ));
        }
        let titles = lines[..i]
            .iter()
            .filter(|l| !strip(l.1).iter().all(u8::is_ascii_whitespace))
            .count() as u64;
        return Ok(at(i, titles));
    }
    let mut titles = 0u64;
    for i in 0..lines.len().min(MAX_TITLE_LINES) {
        let line = strip(lines[i].1);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let (d, f) = best_split(&line);
        let named = f.iter().filter(|x| !x.is_empty()).count();
        if named >= 2 {
            // a title with a comma in it is not a header: the header's width
            // comes back on one of the next lines (a first line naming three
            // or more columns is the header, as in any plain table)
            let width = f.len();
            let recurs = lines[i + 1..]
                .iter()
                .map(|l| strip(l.1))
                .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
                .take(6)
                .any(|l| fields(&l, d).len() == width);
            if (i == 0 && named >= 3) || recurs {
                return Ok(at(i, titles));
            }
        }
        titles += 1;
    }
    Ok(at(0, 0))
}

/// Carried state of a layout: the current heading, and whether the grand
/// total has passed (rows after it are footers).
#[derive(Default)]
pub(crate) struct Carry {
    heading: Option<String>,
    after_total: bool,
}

/// What a row of a report-like file is.
pub(crate) enum Row {
    /// A data row as it is.
    Data,
    /// A data row with the heading carried into its first cell.
    Filled(OwnedRecord),
    /// Skipped, with the reason.
    Skipped(&'static str),
}

/// How the rows of a report-like file are told apart.
pub(crate) struct RowLayout {
    heading: bool,
    date: Option<usize>,
    carry: Mutex<Carry>,
}

/// Whether a first cell opens a total row: `Total for X`, `TOTAL`, `Subtotal`, `Grand total`.
fn total_word(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    l == "total"
        || l == "totals"
        || l.starts_with("total ")
        || l.starts_with("total:")
        || l.starts_with("subtotal")
        || l.starts_with("grand total")
}

/// Why a row whose customer id is a totals word is skipped.
pub(crate) const TOTAL_LABEL: &str = "total row (a totals word in the customer id)";

/// Whether a customer id is the label of a totals row, in the languages of
/// common exports: `Total`, `Grand total`, `Subtotal`, `Total for Acme`,
/// `Summe`, `Gesamt`, `Zwischensumme`, `Totaal`, `Total général`, `Totale`,
/// `Somme`, `Suma` … A name that merely begins with such a word (`Total
/// Wine`, `Summers Ltd`) is not one.
/// The totals words of [`is_total_label`], normalised.
const WORDS: &[&str] = &[
    "total",
    "totals",
    "grandtotal",
    "subtotal",
    "subtotals",
    "overalltotal",
    "totalsum",
    "sum",
    "sumtotal",
    "gesamt",
    "gesamtsumme",
    "gesamtbetrag",
    "summe",
    "summen",
    "zwischensumme",
    "endsumme",
    "insgesamt",
    "totaal",
    "subtotaal",
    "eindtotaal",
    "totalgeneral",
    "totalgénéral",
    "soustotal",
    "somme",
    "sommetotale",
    "totale",
    "totalegenerale",
    "subtotale",
    "suma",
    "sumatotal",
    "totalgeral",
    "razem",
    "summa",
    "yhteensä",
    "totalt",
    "ialt",
];

/// Whether [`is_total_label`] can be true for `id`, from its first byte
/// alone: false for most ids, cheaply (this runs on every row).
#[inline]
pub(crate) fn may_be_total_label(id: &str) -> bool {
    id.as_bytes().first().is_none_or(|&b| {
        !b.is_ascii_alphanumeric() || TOTAL_FIRST.contains(&b.to_ascii_lowercase())
    })
}

/// The first letters of the totals words of [`is_total_label`].
const TOTAL_FIRST: &[u8] = b"tsgozeiry";

pub(crate) fn is_total_label(id: &str) -> bool {
    // This runs on every row's id: leave out most ids before allocating.
    // Every word below starts with one of these letters (after any leading
    // punctuation, as `normalize` drops it) …
    let starts = match id.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => Some(char::from(b.to_ascii_lowercase())),
        _ => id
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_ascii_lowercase()),
    };
    if !starts.is_some_and(|c| c.is_ascii() && TOTAL_FIRST.contains(&(c as u8))) {
        return false;
    }
    // … and a label is short, or starts with a totals word and a space or
    // colon (`Total for Acme`, `Summe Kunde 4711`)
    let head = id.trim_start();
    let word_then_more = |w: &str| {
        head.get(..w.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(w))
    };
    let short = id.chars().filter(|c| c.is_alphanumeric()).count() <= 16;
    if !short
        && ![
            "total",
            "sub",
            "summe",
            "zwischensumme",
            "gesamtsumme",
            "endsumme",
            "sous",
        ]
        .iter()
        .any(|w| word_then_more(w))
    {
        return false;
    }
    let n = crate::schema::normalize(id);
    if WORDS.contains(&n.as_str()) {
        return true;
    }
    // `Total for Acme`, `Summe Kunde 4711`, `Subtotal: March`
    let lower = id.trim().to_lowercase();
    let first = lower
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("");
    let labelled = lower.starts_with("total for ")
        || lower.starts_with("totals for ")
        || lower.starts_with("total:")
        || lower.starts_with("sub-total");
    labelled
        || (first != lower
            && matches!(
                first,
                "subtotal" | "zwischensumme" | "summe" | "gesamtsumme" | "endsumme" | "sous-total"
            ))
}

impl RowLayout {
    /// The layout of a file, or `None` for a plain table: it has one when
    /// group headings are asked for, title rows were found above the header,
    /// or the sampled rows hold total rows.
    pub(crate) fn detect<'r>(
        group_heading: bool,
        titles: u64,
        date: Option<usize>,
        sample: impl Iterator<Item = Record<'r>>,
    ) -> Option<RowLayout> {
        let layout = RowLayout {
            heading: group_heading,
            date,
            carry: Mutex::new(Carry::default()),
        };
        if group_heading || titles > 0 {
            return Some(layout);
        }
        let mut carry = Carry::default();
        sample
            .into_iter()
            .any(|r| {
                matches!(
                    layout.classify_in(&r, &mut carry),
                    Row::Skipped("total row")
                )
            })
            .then_some(layout)
    }

    /// Classify a row with the given carried state.
    pub(crate) fn classify_in(&self, r: &Record<'_>, carry: &mut Carry) -> Row {
        let text = |f: &[u8]| String::from_utf8_lossy(f).trim().to_string();
        let filled: Vec<usize> = (0..r.len())
            .filter(|&i| {
                r.get(i)
                    .is_some_and(|f| !f.iter().all(u8::is_ascii_whitespace))
            })
            .collect();
        let Some(&first) = filled.first() else {
            return Row::Skipped("blank row");
        };
        let date_empty = self.date.is_none_or(|d| {
            r.get(d)
                .is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
        });
        let lead = text(r.get(first).unwrap_or_default());
        let lower = lead.to_ascii_lowercase();
        let plainly_total = lower.starts_with("total for ")
            || matches!(lower.as_str(), "total" | "totals" | "grand total");
        if date_empty && (plainly_total || (filled.len() >= 2 && total_word(&lead))) {
            if lead.eq_ignore_ascii_case("total") || lead.to_ascii_lowercase().starts_with("grand")
            {
                carry.after_total = true;
            }
            return Row::Skipped("total row");
        }
        if filled.len() == 1 && first == 0 && date_empty {
            if self.heading && !carry.after_total {
                carry.heading = Some(lead);
                return Row::Skipped("group heading row");
            }
            return Row::Skipped("title or footer row");
        }
        if self.heading && first > 0 {
            if let Some(h) = &carry.heading {
                let fields = std::iter::once(h.as_bytes()).chain(r.iter().skip(1));
                return Row::Filled(OwnedRecord::from_fields(r.line, fields));
            }
        }
        Row::Data
    }

    /// Classify a row of the file read; a skipped row is counted in `stats`.
    pub(crate) fn classify(&self, r: &Record<'_>, stats: &mut TableStats) -> Row {
        let mut carry = self.carry.lock().unwrap_or_else(|e| e.into_inner());
        let row = self.classify_in(r, &mut carry);
        if let Row::Skipped(why) = row {
            stats.read += 1;
            stats.skip_at(why, r.line);
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_labels_in_several_languages_but_not_names_that_start_with_one() {
        for t in [
            "Total",
            "TOTAL:",
            "Grand Total",
            "Sub-total",
            "Subtotal March",
            "Total for Acme",
            "Summe",
            "Gesamt",
            "Gesamtsumme",
            "Zwischensumme",
            "Summe Kunde 4711",
            "Totaal",
            "Total général",
            "Sous-total",
            "Totale",
            "Somme",
            "Suma total",
        ] {
            assert!(is_total_label(t), "{t}");
            assert!(may_be_total_label(t), "{t}");
        }
        // the first-byte filter lets every totals word through
        for w in WORDS {
            assert!(may_be_total_label(w), "{w}");
        }
        for c in [
            "Total Wine",
            "Summers Ltd",
            "Totalmed GmbH",
            "00123",
            "Gesamtschule Nord",
            "",
        ] {
            assert!(!is_total_label(c), "{c}");
        }
    }

    #[test]
    fn the_header_is_found_below_a_title_block() {
        let qb = b"\"Sales by Customer Detail\"\n\"Acme, Inc.\"\n\"January 1 - December 31, 2025\"\n\n\"\",\"Date\",\"Num\",\"Amount\"\n\"Bo\",\"\",\"\",\"\"\n\"\",\"01/02/2025\",\"7\",\"5.00\"\n";
        let h = find_header(qb, None).unwrap();
        assert_eq!((h.line, h.titles), (5, 3));
        assert_eq!(&qb[h.offset..h.offset + 3], b"\"\",");
        let plain = b"customer,date,amount\nA,2025-01-01,3\n";
        assert_eq!(find_header(plain, None).unwrap().line, 1);
        // whitespace-aligned text has no delimiter: the first line stays the header
        let ws = b"customer_id sample date\n00001 1 19970101\n";
        assert_eq!(find_header(ws, None).unwrap().line, 1);
        // an unquoted title with a comma is not a header: its width does not recur
        let t = b"Report of sales, 2025\n\ncustomer,date,amount,x\nA,2025-01-01,3,1\n";
        assert_eq!(find_header(t, None).unwrap().line, 3);
        assert_eq!(find_header(t, Some(3)).unwrap().titles, 1);
        assert!(find_header(t, Some(40)).is_err());
    }

    fn rec(fields: &[&str]) -> OwnedRecord {
        OwnedRecord::from_fields(1, fields.iter().map(|f| f.as_bytes()))
    }

    #[test]
    fn headings_are_carried_and_totals_skipped() {
        let l = RowLayout::detect(true, 3, Some(1), std::iter::empty()).unwrap();
        let mut c = Carry::default();
        assert!(matches!(
            l.classify_in(&rec(&["Amy's Bird Sanctuary", "", "", ""]).view(), &mut c),
            Row::Skipped("group heading row")
        ));
        match l.classify_in(&rec(&["", "01/15/2025", "1001", "300.00"]).view(), &mut c) {
            Row::Filled(r) => assert_eq!(r.view().get(0), Some(&b"Amy's Bird Sanctuary"[..])),
            _ => panic!("not filled"),
        }
        assert!(matches!(
            l.classify_in(
                &rec(&["Total for Amy's Bird Sanctuary", "", "", "300.00"]).view(),
                &mut c
            ),
            Row::Skipped("total row")
        ));
        // a customer called "Total Wine" is a heading, not a total: it has no amount
        assert!(matches!(
            l.classify_in(&rec(&["Total Wine", "", "", ""]).view(), &mut c),
            Row::Skipped("group heading row")
        ));
        assert!(matches!(
            l.classify_in(&rec(&["TOTAL", "", "", "1300.00"]).view(), &mut c),
            Row::Skipped("total row")
        ));
        // reports that write headings and totals as one cell
        assert!(matches!(
            l.classify_in(&rec(&["Total for Zeta"]).view(), &mut c),
            Row::Skipped("total row")
        ));
        assert!(matches!(
            l.classify_in(
                &rec(&["Accrual Basis Monday, January 5, 2026"]).view(),
                &mut c
            ),
            Row::Skipped("title or footer row")
        ));
        assert!(matches!(
            l.classify_in(&rec(&["", "", "", ""]).view(), &mut c),
            Row::Skipped("blank row")
        ));
    }

    #[test]
    fn plain_files_have_no_layout_unless_a_total_row_is_sampled() {
        let rows = [
            rec(&["A", "2025-01-01", "3"]),
            rec(&["B", "2025-01-02", "4"]),
        ];
        assert!(RowLayout::detect(false, 0, Some(1), rows.iter().map(OwnedRecord::view)).is_none());
        let with_total = [rec(&["A", "2025-01-01", "3"]), rec(&["Total", "", "3"])];
        assert!(
            RowLayout::detect(false, 0, Some(1), with_total.iter().map(OwnedRecord::view))
                .is_some()
        );
    }
}
