//! The buffered record reader: refilling and growing the buffer, record offsets and line numbers, rows over the limit.

use std::io::Read;

use super::parse::{aligned, delimited, Step, Syntax};
use super::{shown, Fault, FaultKind, LineEnds, Record, MAX_ROW_BYTES, WHITESPACE};

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
    pub(super) fn with_limit(self, max_row: usize, buffer: usize) -> Self {
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
