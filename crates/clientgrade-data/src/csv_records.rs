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

use std::io::Read;
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

/// What parsing at a position found.
enum Step {
    /// A blank line ending at this offset.
    Blank(usize),
    /// A record in `scratch`/`fields` (`line_slice`: its data is the
    /// buffer from the record start to this length instead of `scratch`),
    /// ending at offset `next`, with `lines` line ends consumed.
    Record {
        next: usize,
        lines: u64,
        line_slice: Option<usize>,
    },
    /// The record does not end within the bytes available.
    Need,
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

/// Reads records from a byte source that begins at a record start.
pub(crate) struct Records<R> {
    src: R,
    /// Allocated on the first read, `first_buffer` bytes, doubled when a
    /// record needs more.
    buf: Vec<u8>,
    first_buffer: usize,
    /// Start of the unconsumed bytes in `buf`.
    pos: usize,
    /// End of the bytes read into `buf`.
    len: usize,
    eof: bool,
    /// Source offset of `buf[0]`.
    base: u64,
    /// The line at `pos`.
    line: u64,
    syntax: Syntax,
    max_row: usize,
    scratch: Vec<u8>,
    fields: Vec<(usize, usize)>,
    fault: Option<Fault>,
}

impl<R: Read> Records<R> {
    /// Records of `src`, whose first byte is at `offset` (for positions) on
    /// line `line`.
    pub(crate) fn new(src: R, offset: u64, line: u64, delimiter: u8, ends: LineEnds) -> Self {
        Records {
            src,
            buf: Vec::new(),
            first_buffer: 1 << 20,
            pos: 0,
            len: 0,
            eof: false,
            base: offset,
            line,
            syntax: Syntax::new(delimiter, ends),
            max_row: MAX_ROW_BYTES,
            scratch: Vec::new(),
            fields: Vec::new(),
            fault: None,
        }
    }

    /// The same with a smaller first buffer (it grows as records need).
    pub(crate) fn with_buffer(self, bytes: usize) -> Self {
        Records {
            first_buffer: bytes.max(1),
            ..self
        }
    }

    /// The same with a smaller row limit and buffer (tests).
    #[cfg(test)]
    fn with_limit(self, max_row: usize, buffer: usize) -> Self {
        Records { max_row, ..self }.with_buffer(buffer)
    }

    /// The source offset of the next record (or blank line).
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The line of the next record (or blank line).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// Read more bytes, keeping the unconsumed ones (growing the buffer when
    /// they fill it); false at the end of the source.
    fn more(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.len, 0);
            self.base += self.pos as u64;
            self.len -= self.pos;
            self.pos = 0;
        }
        if self.len == self.buf.len() {
            let grown = (self.buf.len() * 2).max(self.first_buffer);
            self.buf.resize(grown, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.len..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next record starting before source offset `limit`; `None` at the
    /// end of the source or once the next record would start at or after `limit`.
    pub(crate) fn next(&mut self, limit: u64) -> std::io::Result<Option<Record<'_>>> {
        loop {
            if self.offset() >= limit {
                return Ok(None);
            }
            if self.pos == self.len && !self.more()? {
                return Ok(None);
            }
            let window_end = self.len.min(self.pos + self.max_row);
            let at_eof = self.eof && window_end == self.len;
            let window = &self.buf[self.pos..window_end];
            let step = if self.syntax.delimiter == WHITESPACE {
                aligned(
                    window,
                    at_eof,
                    self.syntax.ends,
                    &mut self.fields,
                    &mut self.fault,
                )
            } else {
                delimited(
                    window,
                    at_eof,
                    &self.syntax,
                    &mut self.scratch,
                    &mut self.fields,
                    &mut self.fault,
                )
            };
            match step {
                Step::Blank(next) => {
                    self.pos += next;
                    self.line += 1;
                }
                Step::Need if window_end - self.pos == self.max_row => {
                    let line = self.line;
                    self.too_long()?;
                    return Ok(Some(Record {
                        line,
                        data: &[],
                        fields: &[],
                        fault: self.fault.as_ref(),
                    }));
                }
                Step::Need => {
                    self.more()?;
                }
                Step::Record {
                    next,
                    lines,
                    line_slice,
                } => {
                    let (start, line) = (self.pos, self.line);
                    self.pos += next;
                    self.line += lines;
                    let data = match line_slice {
                        Some(n) => &self.buf[start..start + n],
                        None => &self.scratch[..],
                    };
                    let fault = self.fault.as_ref();
                    return Ok(Some(Record {
                        line,
                        data,
                        fields: if fault.is_some() { &[] } else { &self.fields },
                        fault,
                    }));
                }
            }
        }
    }

    /// A row longer than the limit: a fault; skip to the line after the one
    /// where it starts (reading on without keeping the bytes).
    fn too_long(&mut self) -> std::io::Result<()> {
        self.fault = Some(Fault {
            kind: FaultKind::TooLong,
            // the window is full here: the value does not depend on buffering
            value: shown(&self.buf[self.pos..self.pos + self.max_row.min(160)], 40),
        });
        self.scratch.clear();
        let p = self.syntax.ends.primary();
        loop {
            if let Some(k) = memchr::memchr(p, &self.buf[self.pos..self.len]) {
                self.pos += k + 1;
                self.line += 1;
                if self.syntax.ends == LineEnds::Cr {
                    if self.pos == self.len {
                        self.more()?;
                    }
                    if self.buf.get(self.pos..self.len).and_then(|b| b.first()) == Some(&b'\n') {
                        self.pos += 1;
                    }
                }
                break;
            }
            self.pos = self.len;
            if !self.more()? {
                break;
            }
        }
        Ok(())
    }
}

/// Whether a line end starts at `s[k]`: `Some(offset after it)`, `None` if
/// not, `Err(())` if the next byte is needed to tell.
fn line_end_at(s: &[u8], k: usize, at_eof: bool, ends: LineEnds) -> Result<Option<usize>, ()> {
    match (ends, s[k]) {
        (LineEnds::Lf, b'\n') => Ok(Some(k + 1)),
        (_, b'\r') => match s.get(k + 1) {
            Some(b'\n') => Ok(Some(k + 2)),
            Some(_) if ends == LineEnds::Cr => Ok(Some(k + 1)),
            Some(_) => Ok(None),
            // a CR at the end of the file ends its last line
            None if at_eof => Ok(Some(k + 1)),
            None => Err(()),
        },
        _ => Ok(None),
    }
}

/// The end of the line starting at `s[0]`: (length of its content, offset
/// after its line end, whether a line end was found); `None` if more bytes
/// are needed.
fn line_bounds(s: &[u8], at_eof: bool, ends: LineEnds) -> Option<(usize, usize, bool)> {
    match memchr::memchr(ends.primary(), s) {
        Some(i) => match ends {
            LineEnds::Lf => {
                let content = if i > 0 && s[i - 1] == b'\r' { i - 1 } else { i };
                Some((content, i + 1, true))
            }
            LineEnds::Cr => match s.get(i + 1) {
                Some(b'\n') => Some((i, i + 2, true)),
                Some(_) => Some((i, i + 1, true)),
                None if at_eof => Some((i, i + 1, true)),
                None => None,
            },
        },
        // the last line of the file, without a line end (a CR just
        // before the end of an LF file ends it)
        None if at_eof => {
            let content = if ends == LineEnds::Lf && s.last() == Some(&b'\r') {
                s.len() - 1
            } else {
                s.len()
            };
            Some((content, s.len(), false))
        }
        None => None,
    }
}

/// A stray byte in the field `field` of a row: the fault to show.
fn stray(kind: FaultKind, field: &[u8]) -> Fault {
    Fault {
        kind,
        value: shown(field, 60),
    }
}

/// Whitespace-aligned text: one record per line, fields split on runs of
/// spaces and tabs.
fn aligned(
    s: &[u8],
    at_eof: bool,
    ends: LineEnds,
    fields: &mut Vec<(usize, usize)>,
    fault: &mut Option<Fault>,
) -> Step {
    let Some((content, next, ended)) = line_bounds(s, at_eof, ends) else {
        return Step::Need;
    };
    let line = &s[..content];
    *fault = None;
    fields.clear();
    if let Some(k) = memchr::memchr(ends.stray(), line) {
        let kind = match ends {
            LineEnds::Lf => FaultKind::StrayCr,
            LineEnds::Cr => FaultKind::StrayLf,
        };
        let from = line[..k]
            .iter()
            .rposition(|b| *b == b' ' || *b == b'\t')
            .map_or(0, |p| p + 1);
        let to = line[k + 1..]
            .iter()
            .position(|b| *b == b' ' || *b == b'\t')
            .map_or(line.len(), |p| k + 1 + p);
        *fault = Some(stray(kind, &line[from..to]));
    } else {
        let mut start = None;
        for (i, &b) in line.iter().enumerate() {
            let blank = b == b' ' || b == b'\t';
            match (start, blank) {
                (None, false) => start = Some(i),
                (Some(st), true) => {
                    fields.push((st, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            fields.push((st, line.len()));
        }
        if fields.is_empty() {
            return Step::Blank(next);
        }
    }
    Step::Record {
        next,
        lines: u64::from(ended),
        line_slice: Some(content),
    }
}

/// Delimited text with quoting.
fn delimited(
    s: &[u8],
    at_eof: bool,
    syntax: &Syntax,
    scratch: &mut Vec<u8>,
    fields: &mut Vec<(usize, usize)>,
    fault: &mut Option<Fault>,
) -> Step {
    *fault = None;
    // The common case, a line without quotes or stray bytes, split in place
    // in one pass (for lines of a few dozen bytes, a byte loop beats
    // searching for the line end and then for each delimiter); anything
    // else goes to the full parse.
    fields.clear();
    let mut start = 0;
    for (k, &b) in s.iter().enumerate() {
        let ends = syntax.ends;
        let next = match syntax.classes[usize::from(b)] {
            Syntax::PLAIN => continue,
            Syntax::DELIMITER => {
                fields.push((start, k));
                start = k + 1;
                continue;
            }
            Syntax::LINE_END => match (ends, s.get(k + 1)) {
                (LineEnds::Lf, _) => k + 1,
                (LineEnds::Cr, Some(b'\n')) => k + 2,
                (LineEnds::Cr, Some(_)) => k + 1,
                (LineEnds::Cr, None) => break,
            },
            // CR LF in an LF file
            _ if b == b'\r' && ends == LineEnds::Lf && s.get(k + 1) == Some(&b'\n') => k + 2,
            _ => break,
        };
        if k == 0 {
            return Step::Blank(next);
        }
        fields.push((start, k));
        return Step::Record {
            next,
            lines: 1,
            line_slice: Some(k),
        };
    }
    quoted(s, at_eof, syntax, scratch, fields, fault)
}

/// How a delimited file is written: its delimiter, line ends, and each
/// byte's class for the fast path of [`delimited`].
pub(crate) struct Syntax {
    delimiter: u8,
    ends: LineEnds,
    classes: [u8; 256],
}

impl Syntax {
    const PLAIN: u8 = 0;
    const DELIMITER: u8 = 1;
    const LINE_END: u8 = 2;
    /// A quote or a stray byte (or the CR of a CR LF in an LF file).
    const SPECIAL: u8 = 3;

    fn new(delimiter: u8, ends: LineEnds) -> Syntax {
        let mut c = [Syntax::PLAIN; 256];
        c[usize::from(delimiter)] = Syntax::DELIMITER;
        c[usize::from(b'"')] = Syntax::SPECIAL;
        c[usize::from(ends.stray())] = Syntax::SPECIAL;
        c[usize::from(ends.primary())] = Syntax::LINE_END;
        Syntax {
            delimiter,
            ends,
            classes: c,
        }
    }
}

/// The full parse of a record that holds a quote or a stray byte, unescaped
/// into `scratch`.
fn quoted(
    s: &[u8],
    at_eof: bool,
    syntax: &Syntax,
    scratch: &mut Vec<u8>,
    fields: &mut Vec<(usize, usize)>,
    fault: &mut Option<Fault>,
) -> Step {
    scratch.clear();
    fields.clear();
    let (delimiter, ends) = (syntax.delimiter, syntax.ends);
    let p = ends.primary();
    let stray_byte = ends.stray();
    let mut i = 0;
    // line ends consumed inside quoted fields
    let mut lines = 0u64;
    // the field holding the first stray byte
    let mut stray_in: Option<usize> = None;
    let done = |next: usize,
                lines: u64,
                stray_in: Option<usize>,
                scratch: &[u8],
                fields: &[(usize, usize)],
                fault: &mut Option<Fault>| {
        if let Some(&(from, to)) = stray_in.and_then(|f| fields.get(f)) {
            let kind = match ends {
                LineEnds::Lf => FaultKind::StrayCr,
                LineEnds::Cr => FaultKind::StrayLf,
            };
            *fault = Some(stray(kind, &scratch[from..to]));
        }
        Step::Record {
            next,
            lines,
            line_slice: None,
        }
    };
    loop {
        let field_start = scratch.len();
        if s.get(i) == Some(&b'"') {
            let quote_at = i;
            let quote_line = lines;
            i += 1;
            loop {
                let Some(k) = memchr::memchr2(b'"', p, &s[i..]) else {
                    if !at_eof {
                        return Step::Need;
                    }
                    return quote_fault(
                        FaultKind::UnterminatedQuote,
                        s,
                        quote_at,
                        quote_line,
                        at_eof,
                        ends,
                        fault,
                    );
                };
                let k = i + k;
                if s[k] == p {
                    scratch.extend_from_slice(&s[i..=k]);
                    lines += 1;
                    i = k + 1;
                    continue;
                }
                scratch.extend_from_slice(&s[i..k]);
                let Some(&after) = s.get(k + 1) else {
                    if !at_eof {
                        return Step::Need;
                    }
                    fields.push((field_start, scratch.len()));
                    return done(s.len(), lines, stray_in, scratch, fields, fault);
                };
                if after == b'"' {
                    scratch.push(b'"');
                    i = k + 2;
                    continue;
                }
                if after == delimiter {
                    fields.push((field_start, scratch.len()));
                    i = k + 2;
                    break;
                }
                match line_end_at(s, k + 1, at_eof, ends) {
                    Ok(Some(next)) => {
                        fields.push((field_start, scratch.len()));
                        return done(next, lines + 1, stray_in, scratch, fields, fault);
                    }
                    Err(()) => return Step::Need,
                    Ok(None) => {
                        let kind = if lines > quote_line {
                            FaultKind::UnterminatedQuote
                        } else {
                            FaultKind::TextAfterQuote
                        };
                        return quote_fault(kind, s, quote_at, quote_line, at_eof, ends, fault);
                    }
                }
            }
        } else {
            loop {
                let Some(k) = memchr::memchr3(delimiter, p, stray_byte, &s[i..]) else {
                    if !at_eof {
                        return Step::Need;
                    }
                    scratch.extend_from_slice(&s[i..]);
                    fields.push((field_start, scratch.len()));
                    return done(s.len(), lines, stray_in, scratch, fields, fault);
                };
                let k = i + k;
                scratch.extend_from_slice(&s[i..k]);
                if s[k] == delimiter {
                    fields.push((field_start, scratch.len()));
                    i = k + 1;
                    break;
                }
                match line_end_at(s, k, at_eof, ends) {
                    Ok(Some(next)) => {
                        fields.push((field_start, scratch.len()));
                        return done(next, lines + 1, stray_in, scratch, fields, fault);
                    }
                    Err(()) => return Step::Need,
                    Ok(None) => {
                        // a lone stray byte: text of the field, and a fault
                        if stray_in.is_none() {
                            stray_in = Some(fields.len());
                        }
                        scratch.push(s[k]);
                        i = k + 1;
                    }
                }
            }
        }
    }
}

/// A quoting fault: the row is rejected and reading resumes at the line
/// after the one where the quote opened.
fn quote_fault(
    kind: FaultKind,
    s: &[u8],
    quote_at: usize,
    quote_line: u64,
    at_eof: bool,
    ends: LineEnds,
    fault: &mut Option<Fault>,
) -> Step {
    let (content, next, ended) = match line_bounds(&s[quote_at..], at_eof, ends) {
        Some((c, n, e)) => (quote_at + c, quote_at + n, e),
        None => return Step::Need,
    };
    *fault = Some(Fault {
        kind,
        value: shown(&s[quote_at..content], 60),
    });
    Step::Record {
        next,
        lines: quote_line + u64::from(ended),
        line_slice: None,
    }
}

#[cfg(test)]
mod tests {
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
                let mut whole =
                    Records::new(&bytes[..], 0, 1, delimiter, ends).with_limit(max_row, 5);
                let mut seen = 0;
                loop {
                    let (offset, line) = (whole.offset() as usize, whole.line());
                    let mut part =
                        Records::new(&bytes[offset..], offset as u64, line, delimiter, ends)
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
}
