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

Only the first 64 KiB of a line are read for findings (see
`sockerr::scan::LINE_CAP`); the rest of a longer line passes through
unread. With colour on, control characters in echoed log text are escaped,
so a log cannot drive the terminal.
*/

use crate::config::{Config, Format};
use crate::error::{Error, Result};
use crate::render::{json, Explanation};
use colored::Colorize;
use serde_json::{json, Value};
use sockerr::kb::{self, Action, Errno};
use sockerr::lookup::Via;
use sockerr::scan::{Client, Context, Finding, ScanError, Scanner, Sink, What};
use sockerr::{Lang, Syscall};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;

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
    let mut notes = Annotator {
        out,
        mode,
        lang: cfg.lang,
        color: cfg.color,
        file: None,
        seen: HashMap::new(),
        counts: HashMap::new(),
        findings: 0,
        scratch: Vec::new(),
        json_cache: HashMap::new(),
    };
    let mut scanner = Scanner::new();
    let mut lines = 0;
    let mut unreadable = false;
    let stdin_only = [PathBuf::from("-")];
    let inputs = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    for path in inputs {
        let stdin = path.as_os_str() == "-";
        notes.file = (!stdin).then(|| path.display().to_string());
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
                    path.display().to_string()
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
}

fn key(f: &Finding) -> Key {
    match &f.what {
        What::Errno(e) => Key::Errno(e.name),
        What::Candidates { client, .. } => Key::Candidates(*client),
        What::ClientTimeout { client } => Key::Timeout(*client),
    }
}

/// Where a pair was first seen.
struct First {
    file: Option<String>,
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
    file: Option<String>,
    seen: HashMap<(Key, Option<Syscall>), First>,
    counts: HashMap<(Key, Option<Syscall>), Count>,
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
                row.2 = errnos.iter().map(|e| e.name).collect();
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
                        "client": match k { Key::Errno(_) => None, Key::Candidates(c) | Key::Timeout(c) => Some(c.as_str()) },
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

/// Columns a string takes on a terminal (CJK takes two).
fn width(s: &str) -> usize {
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

/// Escapes what could drive a terminal: C0 controls other than tab and the
/// newline (and a CR right before it), DEL, C1 controls, and bytes that are
/// not UTF-8 (a lone 0x9b is CSI to some terminals).
fn sanitize(bytes: &[u8], out: &mut Vec<u8>) {
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        for (i, c) in valid.char_indices() {
            let cr_lf = c == '\r' && valid.as_bytes().get(i + 1) == Some(&b'\n');
            if c == '\t' || c == '\n' || cr_lf || !c.is_control() {
                let mut b = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            } else if (c as u32) < 0x80 {
                let _ = write!(out, "\\x{:02x}", c as u32);
            } else {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
}

// ---------------------------------------------------------------------------
// Words

fn label(key: &str, lang: Lang) -> &'static str {
    let (en, zh) = match key {
        "action" => ("action", "处理方式"),
        "candidates" => ("candidates", "候选"),
        "no_errno" => ("the text names no errno", "文本没有给出错误码"),
        "timeout_short" => ("client-side timeout", "客户端超时"),
        "not_errno" => (
            "not an errno: a client-side timeout",
            "不是错误码：客户端自己的超时",
        ),
        "not_reported" => (
            "does not report this errno on Linux",
            "在 Linux 上不会报告此错误",
        ),
        _ => unreachable!("unknown label {key}"),
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The sentence a finding's setting adds, before the meaning.
fn context_text(f: &Finding, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match f.context {
        Context::None => return None,
        Context::InProgress => if zh {
            "非阻塞 connect 的正常结果，不是失败：等套接字可写后用 getsockopt(SO_ERROR) 读取结果。"
        } else {
            "Normal for a non-blocking connect, not a failure: wait until the socket is writable, then read the result with getsockopt(SO_ERROR)."
        }
        .to_string(),
        Context::WouldBlock => if zh {
            "非阻塞套接字暂时没有就绪，这是正常的：用 poll/epoll 等待就绪后再调用。"
        } else {
            "Normal for a non-blocking socket that is not ready yet: wait with poll/epoll, then call again."
        }
        .to_string(),
        Context::DeferredConnect => if zh {
            "getsockopt(SO_ERROR) 读到的是此前非阻塞 connect 的结果：失败的是 connect，不是 getsockopt。"
        } else {
            "getsockopt(SO_ERROR) returned the result of an earlier non-blocking connect: the connect failed, not getsockopt."
        }
        .to_string(),
        Context::Interrupted { code } => match (code, zh) {
            ("ERESTARTSYS", false) => "strace shows ERESTARTSYS: a signal interrupted the call. The program sees EINTR, unless the signal's handler was installed with SA_RESTART; then the kernel restarts the call.".to_string(),
            ("ERESTARTSYS", true) => "strace 显示 ERESTARTSYS：调用被信号打断。程序会得到 EINTR；若信号处理函数设置了 SA_RESTART，内核会自动重新执行该调用。".to_string(),
            (c, false) => format!("strace shows {c}: a signal interrupted the call. The program sees EINTR if a signal handler ran; otherwise the kernel restarts the call."),
            (c, true) => format!("strace 显示 {c}：调用被信号打断。若运行了信号处理函数，程序会得到 EINTR；否则内核会重新执行该调用。"),
        },
        Context::Restarted => if zh {
            "strace 显示 ERESTARTNOINTR：调用被信号打断后由内核自动重新执行，程序看不到任何错误。"
        } else {
            "strace shows ERESTARTNOINTR: a signal interrupted the call and the kernel restarts it; the program never sees an error."
        }
        .to_string(),
        Context::WinSock { name, code } => {
            let e = f.errno().map_or("?", |e| e.name);
            if zh {
                format!("WinSock 错误 {name}（{code}）对应 Unix 的 {e}。")
            } else {
                format!("WinSock error {name} ({code}) is Unix {e}.")
            }
        }
    })
}

fn client_text(c: Client, lang: Lang) -> &'static str {
    let zh = lang == Lang::Zh;
    match (c, zh) {
        (Client::Curl, false) => "curl's own timer ran out (--max-time, --connect-timeout)",
        (Client::Curl, true) => "curl 自己的计时器到期（--max-time、--connect-timeout）",
        (Client::Python, false) => "Python's socket timeout (settimeout) ran out",
        (Client::Python, true) => "Python 套接字的超时（settimeout）到期",
        (Client::Java, false) => "Java's own timeout (setSoTimeout, connect timeout) ran out",
        (Client::Java, true) => "Java 自己的超时（setSoTimeout、connect 超时）到期",
        (Client::Go, false) => "Go's deadline (SetDeadline, context, Client.Timeout) passed",
        (Client::Go, true) => "Go 的截止时间（SetDeadline、context、Client.Timeout）已过",
        (Client::Nginx, false) => {
            "nginx's own proxy timeout (proxy_read_timeout and friends) ran out"
        }
        (Client::Nginx, true) => "nginx 自己的代理超时（proxy_read_timeout 等）到期",
        (Client::Ssh, false) => {
            "ssh's ConnectTimeout ran out while it waited for the server's banner"
        }
        (Client::Ssh, true) => "ssh 等待服务器标识时 ConnectTimeout 到期",
        (Client::Message, false) => "the program's own timer ran out",
        (Client::Message, true) => "程序自己的计时器到期",
    }
}

fn candidates_source(c: Client, lang: Lang) -> &'static str {
    match (c, lang) {
        (Client::Curl, Lang::En) => "curl's exit 7 says only that the connection failed",
        (Client::Curl, Lang::Zh) => "curl 退出码 7 只说明连接失败",
        (Client::Java, Lang::En) => "a bare ConnectException says only that connect failed",
        (Client::Java, Lang::Zh) => "单独的 ConnectException 只说明 connect 失败",
        (_, Lang::En) => "several errnos print this message",
        (_, Lang::Zh) => "多个错误码打印同样的消息",
    }
}

/// The first sentence of a paragraph, in either language.
fn first_sentence(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            c == '。' || (c == '.' && (i + 1 == s.len() || s[i + 1..].starts_with(' ')))
        })
        .map_or(s.len(), |(i, c)| i + c.len_utf8());
    &s[..end]
}

/// The action for an errno with a call, or the one most calls give.
fn action_for(e: &Errno, s: Option<Syscall>) -> Option<Action> {
    match s.and_then(|s| e.entry(s)) {
        Some(en) if en.reported => Some(en.action),
        Some(_) => Some(Action::NotReported),
        None => e.usual_action(),
    }
}

/// ": " or "：".
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// A parenthesis around `s`, in the language's own marks.
fn paren(s: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(" ({s})"),
        Lang::Zh => format!("（{s}）"),
    }
}

/// `recvfrom ECONNRESET (104)`, `connect ECONNREFUSED (111) via SO_ERROR`.
fn title(f: &Finding, e: &Errno, lang: Lang) -> String {
    let call = match (f.context, &f.call, f.syscall) {
        (Context::DeferredConnect, _, _) => Some("connect".to_string()),
        (_, Some(c), _) => Some(c.clone()),
        (_, None, Some(s)) => Some(s.name().to_string()),
        _ => None,
    };
    let name = match f.context {
        Context::WinSock { name, .. } => format!("{name} → {}", e.name),
        Context::Interrupted { code } => format!("{code} → {}", e.name),
        _ => e.name.to_string(),
    };
    let via = match (f.context, lang) {
        (Context::DeferredConnect, Lang::En) => " via SO_ERROR",
        (Context::DeferredConnect, Lang::Zh) => "（来自 SO_ERROR）",
        _ => "",
    };
    match call {
        Some(c) => format!("{c} {name} ({}){via}", e.number),
        None => format!("{name} ({}){via}", e.number),
    }
}

/// The full note for the first time a pair appears.
fn note(f: &Finding, lang: Lang) -> Vec<String> {
    match &f.what {
        What::Errno(e) => {
            let entry = f.syscall.and_then(|s| e.entry(s));
            let meaning = match entry {
                Some(en) if !en.meaning.get(lang).is_empty() => {
                    let m = first_sentence(en.meaning.get(lang));
                    if en.reported {
                        m.to_string()
                    } else {
                        format!(
                            "{} {}: {m}",
                            f.syscall.map_or("", |s| s.name()),
                            label("not_reported", lang)
                        )
                    }
                }
                _ => {
                    let s = e.summary.get(lang);
                    if s.is_empty() {
                        e.message.to_string()
                    } else {
                        first_sentence(s).to_string()
                    }
                }
            };
            let body = match (context_text(f, lang), lang) {
                (Some(c), Lang::En) => format!("{c} {meaning}"),
                (Some(c), Lang::Zh) => format!("{c}{meaning}"),
                (None, _) => meaning,
            };
            let c = colon(lang);
            let mut v = vec![format!("{}{c}{body}", title(f, e, lang))];
            if let Some(a) = action_for(e, f.syscall) {
                v.push(format!(
                    "{}{c}{} — {}",
                    label("action", lang),
                    a.as_str(),
                    a.describe().get(lang)
                ));
            }
            v
        }
        What::Candidates { client, errnos } => {
            let names: Vec<_> = errnos.iter().map(|e| e.name).collect();
            let c = colon(lang);
            let call = f.syscall.map_or(String::new(), |s| format!("{s}{c}"));
            let semi = if lang == Lang::Zh { "；" } else { "; " };
            vec![format!(
                "{call}{}{}{semi}{}{c}{}",
                label("no_errno", lang),
                paren(candidates_source(*client, lang), lang),
                label("candidates", lang),
                names.join(", ")
            )]
        }
        What::ClientTimeout { client } => {
            let tail = match lang {
                Lang::En => "; the kernel reported no error, so this is not ETIMEDOUT",
                Lang::Zh => "；内核并未报告错误，所以这不是 ETIMEDOUT",
            };
            vec![format!(
                "{}{}{tail}",
                label("not_errno", lang),
                paren(client_text(*client, lang), lang)
            )]
        }
    }
}

/// The one-line note for a pair seen before.
fn back_reference(
    f: &Finding,
    lang: Lang,
    file: Option<&str>,
    first_file: Option<&str>,
    at: u64,
) -> Vec<String> {
    let what = match &f.what {
        What::Errno(e) => title(f, e, lang),
        What::Candidates { errnos, .. } => {
            let names: Vec<_> = errnos.iter().map(|e| e.name).collect();
            let call = f.syscall.map_or(String::new(), |s| format!("{s} "));
            format!(
                "{call}{}{}{}",
                label("candidates", lang),
                colon(lang),
                names.join(", ")
            )
        }
        What::ClientTimeout { client } => format!(
            "{}{}",
            label("timeout_short", lang),
            paren(client.as_str(), lang)
        ),
    };
    let other = first_file.filter(|_| file != first_file);
    vec![match (lang, other) {
        (Lang::En, None) => format!("{what}: again, first seen at line {at}"),
        (Lang::En, Some(ff)) => format!("{what}: again, first seen at {ff}:{at}"),
        (Lang::Zh, None) => format!("{what}：再次出现，首次出现于第 {at} 行"),
        (Lang::Zh, Some(ff)) => format!("{what}：再次出现，首次出现于 {ff}:{at}"),
    }]
}

// ---------------------------------------------------------------------------
// JSON

fn kind_str(k: &Key) -> &'static str {
    match k {
        Key::Errno(_) => "errno",
        Key::Candidates(_) => "candidates",
        Key::Timeout(_) => "client-timeout",
    }
}

fn context_str(c: Context) -> Option<&'static str> {
    Some(match c {
        Context::None => return None,
        Context::InProgress => "in-progress",
        Context::WouldBlock => "would-block",
        Context::DeferredConnect => "deferred-connect",
        Context::Interrupted { .. } => "interrupted",
        Context::Restarted => "restarted",
        Context::WinSock { .. } => "winsock",
    })
}

/// The same object as `explain --json`, with every value emptied: for
/// findings that name no errno, so scripts see one shape.
fn blank(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let b = match v {
                        Value::Array(_) => Value::Array(Vec::new()),
                        Value::Bool(_) => Value::Bool(false),
                        _ => Value::Null,
                    };
                    (k.clone(), b)
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// The explain-shaped object for a finding that names no errno; `reference`
/// only lends the shape.
fn no_errno_json(f: &Finding, reference: &'static Errno, lang: Lang) -> Value {
    let x = Explanation::new(reference, Via::Name, &f.matched, None);
    let mut v = blank(&json::explanation(&x, lang));
    v["syscall"] = json!(f.syscall.map(|s| s.name()));
    v["lang"] = json!(lang.as_str());
    v
}

/// One finding's NDJSON line. The fields that change from finding to
/// finding come first; the rest (the explain object, several kilobytes)
/// depends only on what was found, the call, the context and how it was
/// named, so it is serialized once per such combination and reused: a log
/// with a million findings must not build a million explain objects.
fn finding_line(
    cache: &mut HashMap<String, String>,
    f: &Finding,
    line: u64,
    file: Option<&str>,
    lang: Lang,
) -> String {
    let query = json!({ "input": f.matched, "matched_by": matched_by(f) });
    let head = format!(
        "{{\"line\":{line},\"file\":{},\"matched\":{},\"call\":{},\"pid\":{},\"query\":{query}",
        json!(file),
        json!(f.matched),
        json!(f.call),
        json!(f.pid)
    );
    // A negative number's note quotes the text ("ret=-104 is how the
    // kernel writes..."), so that one is not shared.
    let shared = f.via != Via::Negative;
    let cache_key = format!("{:?}|{:?}|{:?}|{:?}", key(f), f.syscall, f.context, f.via);
    let rest = match cache.get(&cache_key).filter(|_| shared) {
        Some(r) => r,
        None => {
            let v = stable_json(f, lang);
            let r = v.to_string();
            // `{"a":1,...}` -> `,"a":1,...}`
            let r = format!(",{}", r.strip_prefix('{').unwrap_or(&r));
            if !shared {
                return format!("{head}{r}");
            }
            cache.entry(cache_key).or_insert(r)
        }
    };
    format!("{head}{rest}")
}

fn matched_by(f: &Finding) -> &'static str {
    match f.what {
        What::Errno(_) => f.via.as_str(),
        _ => "text",
    }
}

/// Everything in a finding's object but the per-finding fields.
fn stable_json(f: &Finding, lang: Lang) -> Value {
    let k = key(f);
    let mut v = match &f.what {
        What::Errno(e) => {
            let x = Explanation::new(e, f.via, &f.matched, f.syscall);
            let mut v = json::explanation(&x, lang);
            if let Some(c) = context_text(f, lang) {
                v["note"] = Value::String(c);
            }
            v
        }
        What::Candidates { errnos, .. } if !errnos.is_empty() => no_errno_json(f, errnos[0], lang),
        _ => match kb::errnos().first() {
            Some(r) => no_errno_json(f, r, lang),
            None => json!({}),
        },
    };
    match &f.what {
        What::Candidates { client, errnos } => {
            v["name"] = Value::Null;
            v["candidates"] = json!(errnos.iter().map(|e| e.name).collect::<Vec<_>>());
            v["note"] = json!(format!(
                "{}{}",
                label("no_errno", lang),
                paren(candidates_source(*client, lang), lang)
            ));
            v["client"] = json!(client.as_str());
        }
        What::ClientTimeout { client } => {
            v["name"] = Value::Null;
            v["candidates"] = json!([]);
            v["note"] = json!(format!(
                "{}{}",
                label("not_errno", lang),
                paren(client_text(*client, lang), lang)
            ));
            v["client"] = json!(client.as_str());
        }
        What::Errno(_) => {
            v["candidates"] = json!([]);
            v["client"] = Value::Null;
        }
    }
    v["kind"] = json!(kind_str(&k));
    if let Value::Object(m) = &mut v {
        for per_finding in ["line", "file", "matched", "call", "pid", "query"] {
            m.remove(per_finding);
        }
    }
    v["context"] = json!(context_str(f.context));
    v["winsock"] = match f.context {
        Context::WinSock { name, code } => json!({ "name": name, "number": code }),
        _ => Value::Null,
    };
    v["kernel_code"] = match f.context {
        Context::Interrupted { code } => json!(code),
        _ => Value::Null,
    };
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_what_drives_a_terminal() {
        let mut v = Vec::new();
        sanitize(b"a\x1b[2Jb\tc\r\nd\x07\xc2\x9b\xffe\r", &mut v);
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "a\\x1b[2Jb\tc\r\nd\\x07\\u{9b}\\xffe\\x0d"
        );
        let mut v = Vec::new();
        sanitize("中文 ok\n".as_bytes(), &mut v);
        assert_eq!(v, "中文 ok\n".as_bytes());
    }

    #[test]
    fn first_sentence_of_either_language() {
        assert_eq!(first_sentence("A b. C d."), "A b.");
        assert_eq!(first_sentence("甲乙。丙丁。"), "甲乙。");
        assert_eq!(first_sentence("v1.2 is out. Yes."), "v1.2 is out.");
        assert_eq!(first_sentence("End."), "End.");
    }
}
