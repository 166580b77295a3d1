//! CSV bytes to records: quoting, the line-end model, line numbers and faulty rows.
//!
//! The rules (docs/reading.md says the same to users):
//! - A file's line ends are decided once, from its first 64 KB: `\n` and
//!   `\r\n` ([`LineEnds::Lf`]), or `\r` and `\r\n` for old Mac files
//!   ([`LineEnds::Cr`], when lone CRs outnumber LFs). The other lone byte
//!   (a CR in an LF file, an LF in a CR file) outside quotes is *stray*: the
//!   row holding it is a fault, never cut in two.
//! - Line numbers count the file's line ends, blank lines and line ends
//!   inside quoted fields included, so they match an editor (and `sed -n Np`
//!   for LF files). A record's line is the line where it starts.
//! - A field that begins with `"` is quoted: `""` is a quote, delimiters and
//!   line ends inside are text, and the closing quote must be followed by a
//!   delimiter, a line end or the end of the file. A quote inside an
//!   unquoted field is text.
//! - A quote that never closes, or whose closing quote is followed by text,
//!   makes its row a fault; reading resumes at the line after the one where
//!   the quote opened, so later rows are read.
//! - A row longer than the limit (16 MiB) is a fault; reading resumes at the
//!   line after the one where it starts.
//! - Blank lines are not records. With the whitespace delimiter (aligned
//!   text), fields are runs of bytes other than space and tab, quotes are text.
//!
//! A record depends only on the bytes from its start, so reading any byte
//! range that begins at a record start gives what a read of the whole file
//! gives there: the parallel reader relies on it.
//!
//! This module holds the shared types (line ends, records, faults);
//! [`records`] the buffered reader that hands out records with their lines,
//! [`parse`] the splitting of a record into fields, quoting included.

mod parse;
mod records;
#[cfg(test)]
mod tests;

use std::ops::Range;

/// The delimiter value meaning "runs of spaces or tabs" (aligned text exports).
pub const WHITESPACE: u8 = b' ';

/// Rows longer than this are faults (the reader's memory stays bounded).
pub(crate) const MAX_ROW_BYTES: usize = 16 << 20;
const _: () = assert!(
    MAX_ROW_BYTES == 16 << 20,
    "update FaultKind::TooLong's reason"
);

/// How lines end in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineEnds {
    /// `\n` or `\r\n`; a lone `\r` outside quotes is stray.
    Lf,
    /// `\r` or `\r\n` (old Mac files); a lone `\n` outside quotes is stray.
    Cr,
}

impl LineEnds {
    /// The byte that ends a line (and is counted inside quoted fields).
    fn primary(self) -> u8 {
        match self {
            LineEnds::Lf => b'\n',
            LineEnds::Cr => b'\r',
        }
    }

    /// The byte that is stray when alone.
    fn stray(self) -> u8 {
        match self {
            LineEnds::Lf => b'\r',
            LineEnds::Cr => b'\n',
        }
    }

    /// The line ends of a file from its first bytes: CR when lone CRs
    /// outside quotes outnumber LFs, else LF.
    pub(crate) fn detect(head: &[u8], quoting: bool) -> LineEnds {
        let (mut lf, mut cr, mut quoted) = (0usize, 0usize, false);
        for (i, &b) in head.iter().enumerate() {
            match b {
                b'"' if quoting => quoted = !quoted,
                _ if quoted => {}
                b'\n' => lf += 1,
                b'\r' if head.get(i + 1) != Some(&b'\n') => cr += 1,
                _ => {}
            }
        }
        if cr > lf {
            LineEnds::Cr
        } else {
            LineEnds::Lf
        }
    }
}

/// Why a record cannot be read as fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// A quote that never closes (or closes only on a later line followed by text).
    UnterminatedQuote,
    /// A closing quote followed by something other than a delimiter or line end.
    TextAfterQuote,
    /// A lone CR outside quotes in a file whose lines end with LF.
    StrayCr,
    /// A lone LF outside quotes in a file whose lines end with CR.
    StrayLf,
    /// Longer than [`MAX_ROW_BYTES`].
    TooLong,
}

impl FaultKind {
    /// The reject reason.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            FaultKind::UnterminatedQuote => "unterminated quote",
            FaultKind::TextAfterQuote => "text after a closing quote",
            FaultKind::StrayCr => "stray carriage return",
            FaultKind::StrayLf => "stray line feed",
            FaultKind::TooLong => "row longer than 16 MiB",
        }
    }
}

/// A record that is one rejected row: what went wrong and the text to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) kind: FaultKind,
    /// The text at fault, shortened, control bytes escaped.
    pub(crate) value: String,
}

/// One record: its fields (unescaped) or its fault, and its line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    /// The line where the record starts.
    pub(crate) line: u64,
    data: &'a [u8],
    fields: &'a [(usize, usize)],
    fault: Option<&'a Fault>,
}

impl<'a> Record<'a> {
    /// The fault, if the record is not a readable row.
    pub(crate) fn fault(&self) -> Option<&'a Fault> {
        self.fault
    }

    /// Number of fields (0 for a fault).
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// Field `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.fields.get(i).map(|&(s, e)| &self.data[s..e])
    }

    /// Where field `i` lies in [`Record::bytes`].
    pub(crate) fn range(&self, i: usize) -> Option<Range<usize>> {
        self.fields.get(i).map(|&(s, e)| s..e)
    }

    /// The bytes the fields are slices of (validate UTF-8 once for all).
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.data
    }

    /// The fields.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.fields.iter().map(|&(s, e)| &self.data[s..e])
    }

    /// An owned copy.
    pub(crate) fn keep(self) -> OwnedRecord {
        OwnedRecord {
            line: self.line,
            data: self.data.to_vec(),
            fields: self.fields.to_vec(),
            fault: self.fault.cloned(),
        }
    }
}

/// A [`Record`] kept (the sample of rows that decides formats).
#[derive(Clone, Debug)]
pub(crate) struct OwnedRecord {
    line: u64,
    data: Vec<u8>,
    fields: Vec<(usize, usize)>,
    fault: Option<Fault>,
}

impl OwnedRecord {
    /// A record of the given fields found at `line`.
    pub(crate) fn from_fields<'f>(line: u64, fields: impl IntoIterator<Item = &'f [u8]>) -> Self {
        let mut data = Vec::new();
        let mut ranges = Vec::new();
        for f in fields {
            let start = data.len();
            data.extend_from_slice(f);
            ranges.push((start, data.len()));
        }
        OwnedRecord {
            line,
            data,
            fields: ranges,
            fault: None,
        }
    }

    /// The record.
    pub(crate) fn view(&self) -> Record<'_> {
        Record {
            line: self.line,
            data: &self.data,
            fields: &self.fields,
            fault: self.fault.as_ref(),
        }
    }
}

/// Text of a faulty row to show: lossy UTF-8, control bytes escaped, at
/// most `max` characters.
pub(crate) fn shown(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

pub(crate) use records::Records;
