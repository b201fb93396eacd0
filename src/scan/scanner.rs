//! The streaming scanner: one fixed buffer, any reader, lines with findings
//! handed to a [`Sink`] in order with everything between them in bulk.

use super::*;

/// Where the scanner sends the input, in order.
pub trait Sink {
    /// Input bytes of lines without findings: whole lines, or pieces of a
    /// long one.
    fn plain(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Input bytes of a line with findings (the whole line with its newline,
    /// or a piece of a long one).
    fn marked(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// A line with findings has ended. `line` is its 1-based number;
    /// `newline` says whether it ended with one (the last line may not).
    fn line_end(&mut self, line: u64, findings: &[Finding], newline: bool) -> io::Result<()>;
    /// A read's worth of input has been handed over: a good time to flush,
    /// so a live stream (`tail -f log | sockerr scan`) is not held back.
    fn chunk_end(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Reading the input failed, or the sink did.
#[derive(Debug)]
pub enum ScanError {
    Read(io::Error),
    Write(io::Error),
}

/// A line longer than the buffer, part of which has been handed over.
pub(super) struct Long {
    marked: bool,
    findings: Vec<Finding>,
}

/// Streams readers through one fixed buffer; reuse it for several inputs.
pub struct Scanner {
    buf: Vec<u8>,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner::with_capacity(BUFFER)
    }

    /// A scanner with a smaller or larger buffer (at least `LINE_CAP + 1`
    /// bytes), for tests.
    pub fn with_capacity(n: usize) -> Scanner {
        Scanner {
            buf: vec![0; n.max(LINE_CAP + 1)],
        }
    }

    /// Reads `input` to its end and hands everything to `sink`. Returns the
    /// number of lines read.
    pub fn scan<R: Read + ?Sized, S: Sink + ?Sized>(
        &mut self,
        input: &mut R,
        sink: &mut S,
    ) -> Result<u64, ScanError> {
        let a = anchors();
        let cap = self.buf.len();
        let mut filled = 0;
        let mut lines: u64 = 0;
        let mut long: Option<Long> = None;
        let mut last = b'\n';
        let w = ScanError::Write;
        loop {
            let n = loop {
                match input.read(&mut self.buf[filled..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(ScanError::Read(e)),
                }
            };
            let eof = n == 0;
            if n > 0 {
                last = self.buf[filled + n - 1];
            }
            filled += n;
            let data = &self.buf[..filled];
            let mut pos = 0;

            if let Some(l) = &long {
                match memchr::memchr(b'\n', data) {
                    Some(i) => {
                        emit(sink, l.marked, &data[..=i]).map_err(w)?;
                        lines += 1;
                        if l.marked {
                            sink.line_end(lines, &l.findings, true).map_err(w)?;
                        }
                        long = None;
                        pos = i + 1;
                    }
                    None => {
                        emit(sink, l.marked, data).map_err(w)?;
                        if eof {
                            lines += 1;
                            if l.marked {
                                sink.line_end(lines, &l.findings, false).map_err(w)?;
                            }
                            sink.chunk_end().map_err(w)?;
                            return Ok(lines);
                        }
                        filled = 0;
                        sink.chunk_end().map_err(w)?;
                        continue;
                    }
                }
            }

            let end = if eof {
                filled
            } else {
                match memchr::memrchr(b'\n', &data[pos..]) {
                    Some(i) => pos + i + 1,
                    None if pos == 0 && filled == cap => {
                        // A line longer than the buffer: read its first
                        // LINE_CAP bytes now, pass the rest on as it comes.
                        let findings = recognise(data);
                        let marked = !findings.is_empty();
                        emit(sink, marked, data).map_err(w)?;
                        long = Some(Long { marked, findings });
                        filled = 0;
                        sink.chunk_end().map_err(w)?;
                        continue;
                    }
                    None => pos,
                }
            };
            lines += block(a, &data[pos..end], lines, sink).map_err(w)?;
            if eof {
                if filled > 0 && last != b'\n' {
                    lines += 1;
                }
                sink.chunk_end().map_err(w)?;
                return Ok(lines);
            }
            self.buf.copy_within(end..filled, 0);
            filled -= end;
            sink.chunk_end().map_err(w)?;
        }
    }
}

pub(super) fn emit<S: Sink + ?Sized>(sink: &mut S, marked: bool, bytes: &[u8]) -> io::Result<()> {
    if bytes.is_empty() {
        Ok(())
    } else if marked {
        sink.marked(bytes)
    } else {
        sink.plain(bytes)
    }
}

pub(super) fn count_lines(b: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', b).count() as u64
}

/// Hands over `data`, which starts at a line start and ends after a newline
/// (or at the end of the input). Returns the number of newlines in it.
pub(super) fn block<S: Sink + ?Sized>(
    a: &Anchors,
    data: &[u8],
    before: u64,
    sink: &mut S,
) -> io::Result<u64> {
    let mut next = NextHit::new(a, data);
    let mut emitted = 0; // handed to the sink up to here
    let mut counted = 0; // newlines counted up to here
    let mut examined = 0; // lines before this have been looked at
    let mut lines = before;
    while let Some(h) = next.first() {
        let ls = memchr::memrchr(b'\n', &data[examined..h]).map_or(examined, |i| examined + i + 1);
        let le = memchr::memchr(b'\n', &data[h..]).map_or(data.len(), |i| h + i);
        let findings = if h - ls < LINE_CAP {
            recognise(&data[ls..le])
        } else {
            Vec::new()
        };
        if !findings.is_empty() {
            lines += count_lines(&data[counted..ls]);
            let newline = le < data.len();
            let stop = if newline { le + 1 } else { le };
            emit(sink, false, &data[emitted..ls])?;
            sink.marked(&data[ls..stop])?;
            sink.line_end(lines + 1, &findings, newline)?;
            if newline {
                lines += 1;
            }
            emitted = stop;
            counted = stop;
        }
        examined = (le + 1).min(data.len());
        next.skip_to(a, data, le + 1);
    }
    emit(sink, false, &data[emitted..])?;
    lines += count_lines(&data[counted..]);
    Ok(lines - before)
}
