//! The streaming scanner: one fixed buffer, any reader, lines with findings
//! handed to a [`Sink`] in order with everything between them in bulk.

use super::*;

/// Where the scanner sends the input, in order.
///
/// Pieces never split a UTF-8 character: a line longer than the buffer is
/// cut before a multi-byte sequence that the next read completes, and the
/// sequence opens the next piece. So a sink may decode (or escape) each
/// piece on its own; what it finds invalid really is not UTF-8. Only at the
/// very end of the input can a piece end in a truncated sequence.
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
    /// Only findings from this call count (`scan --syscall recv`).
    only: Option<Syscall>,
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
            only: None,
        }
    }

    /// Keeps only findings whose line names `call` (trace names map onto
    /// it: recvfrom is recv). A line whose only findings name another call,
    /// or none, is a plain line. `None` keeps everything.
    pub fn only_call(mut self, call: Option<Syscall>) -> Scanner {
        self.only = call;
        self
    }

    fn recognise(&self, line: &[u8]) -> Vec<Finding> {
        let mut v = recognise(line);
        if let Some(call) = self.only {
            v.retain(|f| f.syscall == Some(call));
        }
        v
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
                        if eof {
                            emit(sink, l.marked, data).map_err(w)?;
                            lines += 1;
                            if l.marked {
                                sink.line_end(lines, &l.findings, false).map_err(w)?;
                            }
                            sink.chunk_end().map_err(w)?;
                            return Ok(lines);
                        }
                        let cut = whole_chars(data);
                        emit(sink, l.marked, &data[..cut]).map_err(w)?;
                        self.buf.copy_within(cut..filled, 0);
                        filled -= cut;
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
                        let findings = self.recognise(data);
                        let marked = !findings.is_empty();
                        let cut = whole_chars(data);
                        emit(sink, marked, &data[..cut]).map_err(w)?;
                        long = Some(Long { marked, findings });
                        self.buf.copy_within(cut..filled, 0);
                        filled -= cut;
                        sink.chunk_end().map_err(w)?;
                        continue;
                    }
                    None => pos,
                }
            };
            lines += block(a, &data[pos..end], lines, sink, self.only).map_err(w)?;
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

/// Where to cut a full buffer so the piece ends on a character boundary:
/// before the last 1 to 3 bytes when they begin a multi-byte UTF-8 sequence
/// the buffer does not finish. Anything else (ASCII, a complete character,
/// bytes that are not UTF-8 at all) is cut at the end as before.
fn whole_chars(data: &[u8]) -> usize {
    let n = data.len();
    for back in 1..=3.min(n) {
        let b = data[n - back];
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte: look further back for the lead
        }
        let needs = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return n,
        };
        // Incomplete, and what is there so far is a valid start.
        let incomplete = back < needs
            && std::str::from_utf8(&data[n - back..]).is_err_and(|e| e.error_len().is_none());
        return if incomplete { n - back } else { n };
    }
    n
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
    only: Option<Syscall>,
) -> io::Result<u64> {
    let mut next = NextHit::new(a, data);
    let mut emitted = 0; // handed to the sink up to here
    let mut counted = 0; // newlines counted up to here
    let mut examined = 0; // lines before this have been looked at
    let mut lines = before;
    while let Some(h) = next.first() {
        let ls = memchr::memrchr(b'\n', &data[examined..h]).map_or(examined, |i| examined + i + 1);
        let le = memchr::memchr(b'\n', &data[h..]).map_or(data.len(), |i| h + i);
        let mut findings = if h - ls < LINE_CAP {
            recognise(&data[ls..le])
        } else {
            Vec::new()
        };
        if let Some(call) = only {
            findings.retain(|f| f.syscall == Some(call));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that holds the scanner to its contract: every piece is whole
    /// UTF-8, and together the pieces are the input.
    struct Whole(Vec<u8>);

    impl Sink for Whole {
        fn plain(&mut self, bytes: &[u8]) -> io::Result<()> {
            assert!(
                std::str::from_utf8(bytes).is_ok(),
                "a piece splits a character"
            );
            self.0.extend_from_slice(bytes);
            Ok(())
        }
        fn marked(&mut self, bytes: &[u8]) -> io::Result<()> {
            self.plain(bytes)
        }
        fn line_end(&mut self, _: u64, _: &[Finding], _: bool) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pieces_of_a_long_line_never_split_a_character() {
        for c in ['é', '€', '𝄞'] {
            for lead in 0..4 {
                let mut input = "x".repeat(lead);
                input.extend(std::iter::repeat_n(c, 3 * (LINE_CAP + 1) / c.len_utf8()));
                input.push_str(" recv: Connection reset by peer\nend\n");
                let mut sink = Whole(Vec::new());
                let lines = Scanner::with_capacity(LINE_CAP + 1)
                    .scan(&mut input.as_bytes(), &mut sink)
                    .unwrap();
                assert_eq!(lines, 2);
                assert_eq!(sink.0, input.as_bytes());
            }
        }
    }

    #[test]
    fn whole_chars_cuts_only_before_an_unfinished_character() {
        assert_eq!(whole_chars(b"abc"), 3);
        assert_eq!(whole_chars("ab€".as_bytes()), 5);
        assert_eq!(whole_chars(&"ab€".as_bytes()[..4]), 2);
        assert_eq!(whole_chars(&"a𝄞".as_bytes()[..4]), 1);
        assert_eq!(whole_chars(&[b'a', 0xff]), 2);
        assert_eq!(whole_chars(&[b'a', 0x80, 0x80]), 3);
        assert_eq!(whole_chars(&[0xe2, 0x28]), 2);
    }
}
