/*!
`sockerr scan`: reads logs, traces or a client's output and explains every
socket error in place.

The library's [`Scanner`] finds the errors; this module decides what the
user sees:

- default: every input line passes through unchanged; after a line with
  findings comes one note per finding, indented and starting with `  ↳ `.
  The first time an (errno, call) pair appears the note gives its short
  meaning and the action; later ones refer back to the first line.
- `--only-errors`: only the lines with findings, each with its notes.
- `--json`: NDJSON, one object per finding and nothing else: the fields of
  `explain --json` plus `line`, `file`, `matched`, `kind`, `candidates`,
  `context`, `call`, `pid`.
- `--summary`: after the rest, a table of counts per (call, errno) with the
  action (with `--json`, one last object `{"summary": ...}`).
- `--syscall CALL`: only findings whose line names that call count; the
  rest of the input passes through as plain lines. A user who names a call
  wants that call's failures, and a flag that changed nothing would read as
  "none of those here".

Only the first 64 KiB of a line are read for findings (see
`sockerr::scan::LINE_CAP`); the rest of a longer line passes through
unread. With colour on, control characters in echoed log text are escaped,
so a log cannot drive the terminal.
*/

use crate::config::{Config, Format};
use crate::echo::{sanitize, shown_path};
use crate::error::{Error, Result};
use crate::render::{json, Explanation};
use colored::Colorize;
use serde_json::{json, Value};
use sockerr::kb::{self, Action, Errno};
use sockerr::lookup::Via;
use sockerr::scan::{Client, Context, Finding, ScanError, Scanner, Sink, What};
use sockerr::{Failure, Lang, Syscall};
use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;

pub fn run(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    files: &[PathBuf],
    only_errors: bool,
    summary: bool,
) -> Result<()> {
    if cfg.format == Format::Brief {
        return Err(Error::Usage(
            "--brief does not apply to scan; use --json or --summary".into(),
        ));
    }
    let mode = match (cfg.format, only_errors) {
        (Format::Json, _) => Mode::Json,
        (_, true) => Mode::OnlyErrors,
        _ => Mode::All,
    };
    let stdin_only = [PathBuf::from("-")];
    let inputs = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    refuse_own_output(inputs)?;
    let mut notes = Annotator {
        out,
        mode,
        lang: cfg.lang,
        color: cfg.color,
        file: None,
        seen: Map::default(),
        counts: Map::default(),
        findings: 0,
        scratch: Vec::new(),
        json_cache: HashMap::new(),
    };
    let mut scanner = Scanner::new().only_call(cfg.syscall);
    let mut lines = 0;
    let mut unreadable = false;
    for path in inputs {
        let stdin = path.as_os_str() == "-";
        notes.file = (!stdin).then(|| Rc::from(path.display().to_string()));
        let result = if stdin {
            scanner.scan(&mut io::stdin().lock(), &mut notes)
        } else {
            match File::open(path) {
                Ok(mut f) => scanner.scan(&mut f as &mut dyn Read, &mut notes),
                Err(e) => Err(ScanError::Read(e)),
            }
        };
        match result {
            Ok(n) => lines += n,
            Err(ScanError::Write(e)) => return Err(Error::Io(e)),
            Err(ScanError::Read(e)) => {
                // Say which input failed, go on with the others, and exit 1
                // at the end. What was already read has been shown.
                notes.out.flush()?;
                let name = if stdin {
                    "standard input".to_string()
                } else {
                    shown_path(path)
                };
                writeln!(err, "sockerr: cannot read {name}: {}", reason(&e))?;
                unreadable = true;
            }
        }
    }
    if summary {
        notes.summary(lines)?;
    }
    if unreadable {
        Err(Error::Unreadable)
    } else {
        Ok(())
    }
}

/// Refuses, as cat(1) does, to read a file that standard output writes to:
/// `sockerr scan f >> f` would read its own notes back and grow `f` without
/// end (85 bytes to 500 MB in five seconds). Checked before anything is
/// read, so nothing is written either.
fn refuse_own_output(inputs: &[PathBuf]) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Some((dev, ino)) = regular_file_id(libc::STDOUT_FILENO) else {
        return Ok(());
    };
    for path in inputs {
        let id = if path.as_os_str() == "-" {
            regular_file_id(libc::STDIN_FILENO)
        } else {
            // A file that cannot be read is reported when it is opened.
            std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
        };
        if id == Some((dev, ino)) {
            let name = if path.as_os_str() == "-" {
                "standard input".to_string()
            } else {
                shown_path(path)
            };
            return Err(Error::Usage(format!("{name}: input file is output file")));
        }
    }
    Ok(())
}

/// Device and inode of what `fd` refers to, when that is a regular file (a
/// terminal or a pipe shared by input and output is no loop).
fn regular_file_id(fd: libc::c_int) -> Option<(u64, u64)> {
    // SAFETY: fstat writes into the struct we pass and nothing else.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } != 0 || st.st_mode & libc::S_IFMT != libc::S_IFREG {
        return None;
    }
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    Some((st.st_dev as u64, u64::from(st.st_ino)))
}

/// An I/O error's text without Rust's "(os error N)" tail.
fn reason(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    All,
    OnlyErrors,
    Json,
}

/// What makes two findings "the same" for back-references and the summary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Errno(&'static str),
    Candidates(Client),
    Timeout(Client),
    /// A failure without an errno, by id.
    Failure(&'static str),
}

fn key(f: &Finding) -> Key {
    match &f.what {
        What::Errno(e) => Key::Errno(e.name.as_str()),
        What::Candidates { client, .. } => Key::Candidates(*client),
        What::ClientTimeout { client } => Key::Timeout(*client),
        What::Failure(x) => Key::Failure(x.id.as_str()),
    }
}

/// Where a pair was first seen.
struct First {
    file: Option<Rc<str>>,
    line: u64,
}

/// A summary row: how many, the errno (if one), the candidates (if any).
type Count = (u64, Option<&'static Errno>, Vec<&'static str>);

struct Annotator<'a> {
    out: &'a mut dyn Write,
    mode: Mode,
    lang: Lang,
    color: bool,
    /// The input being read; `None` for standard input.
    file: Option<Rc<str>>,
    seen: Map<(Key, Option<Syscall>), First>,
    counts: Map<(Key, Option<Syscall>), Count>,
    findings: u64,
    scratch: Vec<u8>,
    json_cache: HashMap<String, String>,
}

impl Sink for Annotator<'_> {
    fn plain(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.mode {
            Mode::All => self.echo(bytes),
            Mode::OnlyErrors | Mode::Json => Ok(()),
        }
    }

    fn marked(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.mode {
            Mode::All | Mode::OnlyErrors => self.echo(bytes),
            Mode::Json => Ok(()),
        }
    }

    fn line_end(&mut self, line: u64, findings: &[Finding], newline: bool) -> io::Result<()> {
        if self.mode != Mode::Json && !newline {
            writeln!(self.out)?;
        }
        for f in findings {
            self.findings += 1;
            let k = (key(f), f.syscall);
            let row = self
                .counts
                .entry(k.clone())
                .or_insert((0, f.errno(), Vec::new()));
            row.0 += 1;
            if let What::Candidates { errnos, .. } = &f.what {
                row.2 = errnos.iter().map(|e| e.name.as_str()).collect();
            }
            let first = self.seen.get(&k).map(|s| (s.file.clone(), s.line));
            if first.is_none() {
                self.seen.insert(
                    k,
                    First {
                        file: self.file.clone(),
                        line,
                    },
                );
            }
            match self.mode {
                Mode::Json => {
                    let v = finding_line(
                        &mut self.json_cache,
                        f,
                        line,
                        self.file.as_deref(),
                        self.lang,
                    );
                    writeln!(self.out, "{v}")?;
                }
                // A pair seen before, without colour: the one-line
                // back-reference goes straight to the output, without a
                // String on the way (a log can hold millions of them).
                _ if !self.color && matches!(f.what, What::Errno(_)) && first.is_some() => {
                    let (file, at) = first.expect("checked");
                    write!(self.out, "  ↳ ")?;
                    write_back_reference(
                        &mut self.out,
                        f,
                        self.lang,
                        self.file.as_deref(),
                        file.as_deref(),
                        at,
                    )?;
                    writeln!(self.out)?;
                }
                _ => {
                    let text = match first {
                        None => note(f, self.lang),
                        Some((file, at)) => {
                            back_reference(f, self.lang, self.file.as_deref(), file.as_deref(), at)
                        }
                    };
                    for (i, l) in text.iter().enumerate() {
                        let l = self.sanitize_str(l);
                        let lead = if i == 0 { "  ↳ " } else { "    " };
                        if self.color {
                            writeln!(self.out, "{}", format!("{lead}{l}").dimmed())?;
                        } else {
                            writeln!(self.out, "{lead}{l}")?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn chunk_end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Annotator<'_> {
    /// Writes log text: as is, or with control characters escaped when
    /// colour is on (that is, most likely, on a terminal).
    fn echo(&mut self, bytes: &[u8]) -> io::Result<()> {
        if !self.color {
            return self.out.write_all(bytes);
        }
        self.scratch.clear();
        sanitize(bytes, &mut self.scratch);
        self.out.write_all(&self.scratch)
    }

    fn sanitize_str(&self, s: &str) -> String {
        if !self.color {
            return s.to_string();
        }
        let mut v = Vec::new();
        sanitize(s.as_bytes(), &mut v);
        String::from_utf8_lossy(&v).into_owned()
    }

    fn summary(&mut self, lines: u64) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
        let lang = self.lang;
        if self.mode == Mode::Json {
            let rows: Vec<Value> = rows
                .iter()
                .map(|((k, s), (n, e, cands))| {
                    json!({
                        "syscall": s.map(|s| s.name()),
                        "kind": kind_str(k),
                        "name": e.map(|e| e.name),
                        "candidates": cands,
                        "client": match k { Key::Errno(_) | Key::Failure(_) => None, Key::Candidates(c) | Key::Timeout(c) => Some(c.as_str()) },
                        "id": match k { Key::Failure(id) => Some(*id), _ => None },
                        "count": n,
                        "action": e.and_then(|e| action_for(e, *s)).map(Action::as_str),
                    })
                })
                .collect();
            let v =
                json!({ "summary": { "lines": lines, "findings": self.findings, "rows": rows } });
            return writeln!(self.out, "{v}");
        }
        let head = match lang {
            Lang::En => format!(
                "sockerr scan: {} finding(s) in {lines} line(s)",
                self.findings
            ),
            Lang::Zh => format!("sockerr scan：{lines} 行中发现 {} 处", self.findings),
        };
        writeln!(self.out)?;
        writeln!(self.out, "{}", head.bold())?;
        if rows.is_empty() {
            return Ok(());
        }
        let (c, s, e, a) = match lang {
            Lang::En => ("count", "call", "errno", "action"),
            Lang::Zh => ("次数", "调用", "错误码", "处理方式"),
        };
        let mut table = vec![[c.to_string(), s.to_string(), e.to_string(), a.to_string()]];
        for ((k, s), (n, e, cands)) in &rows {
            let what = match k {
                Key::Errno(name) => name.to_string(),
                Key::Candidates(_) => format!(
                    "{}{}{}",
                    label("candidates", lang),
                    colon(lang),
                    cands.join(", ")
                ),
                Key::Timeout(client) => format!(
                    "{}{}",
                    label("timeout_short", lang),
                    paren(client.as_str(), lang)
                ),
                Key::Failure(id) => format!("{id}{}", paren(label("no_errno_short", lang), lang)),
            };
            let action = e
                .and_then(|e| action_for(e, *s))
                .map_or("-", Action::as_str);
            table.push([
                n.to_string(),
                s.map_or("-", |s| s.name()).to_string(),
                what,
                action.to_string(),
            ]);
        }
        let w = |i: usize| table.iter().map(|r| width(&r[i])).max().unwrap_or(0);
        let (w0, w1, w2) = (w(0), w(1), w(2));
        for (i, r) in table.iter().enumerate() {
            let line = format!(
                "  {}{}  {}{}  {}{}  {}",
                " ".repeat(w0 - width(&r[0])),
                r[0],
                r[1],
                " ".repeat(w1 - width(&r[1])),
                r[2],
                " ".repeat(w2 - width(&r[2])),
                r[3]
            );
            if i == 0 {
                writeln!(self.out, "{}", line.trim_end().dimmed())?;
            } else {
                writeln!(self.out, "{}", line.trim_end())?;
            }
        }
        Ok(())
    }
}

/// FxHash (Firefox's and rustc's): the maps of seen pairs are keyed by the
/// knowledge base's own names and enums, never by log text, so they need
/// no protection against crafted collisions, and SipHash costs more than
/// the rest of a finding's bookkeeping.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Columns a string takes on a terminal (CJK takes two).
pub(crate) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{1100}'..='\u{ffe6}').contains(&c) && !c.is_ascii() {
                2
            } else {
                1
            }
        })
        .sum()
}

mod ndjson;
mod words;

use ndjson::*;
use words::*;

// `sockerr trace` explains what it finds with the same notes and the same
// NDJSON objects as scan.
pub(crate) use ndjson::finding_line;
pub(crate) use words::{action_for, colon, context_text, label, note, paren, title};
