//! One record's bytes to fields: the one-pass fast path, quoting, stray bytes and quote faults.

use super::{shown, Fault, FaultKind, LineEnds};

/// What parsing at a position found.
pub(super) enum Step {
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
pub(super) fn aligned(
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
pub(super) fn delimited(
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
    pub(super) delimiter: u8,
    pub(super) ends: LineEnds,
    classes: [u8; 256],
}

impl Syntax {
    const PLAIN: u8 = 0;
    const DELIMITER: u8 = 1;
    const LINE_END: u8 = 2;
    /// A quote or a stray byte (or the CR of a CR LF in an LF file).
    const SPECIAL: u8 = 3;

    pub(super) fn new(delimiter: u8, ends: LineEnds) -> Syntax {
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
