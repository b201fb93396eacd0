/*!
`sockerr trace`: runs a program under strace (or attaches to processes) and
explains its failed socket calls as they happen, then sums them up.

The library's `sockerr::trace` runs strace and hands over [`Event`]s; this
module decides what the user sees:

- human: the first failure of each (call, errno) is shown with who made it
  (`pid 4242 (curl)`), the socket and the address (`connect(3,
  127.0.0.1:9)`), and scan's note for it: the meaning for that call and the
  action. Later ones are a one-line back-reference with their count, at 2 …
  10, then 20, 30 … 100, 200 …; normal ones (a non-blocking connect's
  EINPROGRESS, EAGAIN on a non-blocking socket, ...) are shown once, marked
  normal, then only counted. At the end, a table of (call, errno) with the
  count, the action, whether it looked normal and where it went.
- `--json`: one NDJSON object per failed call (scan's fields plus the
  process, socket, address, whether it is normal), then one `{"summary": ...}`.
- `--summary`: only the table (or only the summary object).

Where the output goes, and how: standard error (or `-o FILE`), which the
program shares. Each finding (its event line and its notes) is written with
a single write(2) of whole lines, at most PIPE_BUF (4096) bytes, cut at a
newline when longer. On a terminal the kernel serialises whole write(2)
calls (the tty's write lock), and on a pipe writes up to PIPE_BUF are
atomic, so a finding is never split by the program's output, nor the
program's write by a finding. What cannot be promised: that the program's
output before a finding ended with a newline. A program that wrote half a
line (a prompt, a progress bar) sees the finding begin after it; sockerr
does not see the program's output and cannot know. `-o FILE` keeps the
terminal to the program alone.
*/

#[cfg(target_os = "linux")]
mod summary;
#[cfg(target_os = "linux")]
mod words;

use crate::cli::{ColorWhen, TraceArgs};
use crate::config::Config;
use crate::error::{Error, Result};

#[cfg(not(target_os = "linux"))]
pub fn run(cfg: &Config, _args: &TraceArgs, _c: ColorWhen) -> Result<()> {
    Err(Error::Usage(match cfg.lang {
        sockerr::Lang::En => "sockerr trace works on Linux only: it drives strace".into(),
        sockerr::Lang::Zh => "sockerr trace 只能在 Linux 上使用：它依靠 strace".into(),
    }))
}

#[cfg(target_os = "linux")]
pub use linux::run;

#[cfg(target_os = "linux")]
mod linux {
    use super::words::{self, pick};
    use super::*;
    use crate::config::Format;
    use colored::Colorize;
    use sockerr::kb::Action;
    use sockerr::scan::{Context, Finding, What};
    use sockerr::trace::{Ending, Event, Item, Normal, Options, Session, StartError, Target};
    use sockerr::Lang;
    use std::collections::{HashMap, HashSet};
    use std::fs::File;
    use std::io::{self, IsTerminal};
    use std::os::fd::{AsRawFd, RawFd};

    pub fn run(cfg: &Config, args: &TraceArgs, color_when: ColorWhen) -> Result<()> {
        let lang = cfg.lang;
        if cfg.format == Format::Brief {
            return Err(Error::Usage(
                "--brief does not apply to trace; use --json or --summary".into(),
            ));
        }
        if cfg.syscall.is_some() {
            return Err(Error::Usage(
                "--syscall does not apply to trace: it reports every socket call that fails".into(),
            ));
        }
        let target = match (args.pid.is_empty(), args.command.is_empty()) {
            (false, true) => Target::Attach(args.pid.clone()),
            (true, false) => Target::Run(args.command.clone()),
            _ => {
                return Err(Error::Usage(
                    "give a command to run (sockerr trace -- COMMAND) or a process to attach to (-p PID)"
                        .into(),
                ))
            }
        };
        let mut messages = Out::stderr();
        let out = match &args.output {
            Some(p) => match File::create(p) {
                Ok(f) => Out::file(f),
                Err(e) => {
                    return Err(Error::Usage(format!(
                        "cannot write {}: {}",
                        p.display(),
                        reason(&e)
                    )))
                }
            },
            None => Out::stderr(),
        };
        let tty = args.output.is_none() && io::stderr().is_terminal();
        let color = match color_when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        colored::control::set_override(color);
        let json = cfg.format == Format::Json;
        let attach = matches!(target, Target::Attach(_));
        let opts = Options {
            target,
            all: args.all,
        };
        let mut session = match Session::start(&opts) {
            Ok(s) => s,
            Err(e) => return start_error(e, &mut messages, lang),
        };
        // Say that it is attached (nothing else would show it for an idle
        // process), unless that would land in an NDJSON stream.
        if attach && !(json && args.output.is_none()) {
            let names: Vec<Option<String>> = args
                .pid
                .iter()
                .map(|p| {
                    std::fs::read_to_string(format!("/proc/{p}/comm"))
                        .ok()
                        .map(|s| s.trim_end().to_string())
                })
                .collect();
            messages.lines(&format!("{}\n", words::attaching(&args.pid, &names, lang)));
        }
        let mut t = Tracer {
            out,
            lang,
            color,
            json,
            summary_only: args.summary,
            all: args.all,
            rows: HashMap::new(),
            order: Vec::new(),
            cache: HashMap::new(),
            failed: 0,
            normal: 0,
            processes: HashSet::new(),
        };
        let mut refused = false;
        let mut read_error = None;
        loop {
            match session.next_item() {
                Ok(Some(Item::Event(e))) => t.event(&e),
                Ok(Some(Item::Refused(r))) => {
                    refused = true;
                    let mut text = words::refusal(&r, lang).join("\n");
                    text.push('\n');
                    messages.lines(&text);
                }
                Ok(Some(Item::Message(m))) => {
                    messages.lines(&format!("sockerr: strace: {}\n", words::clean(&m)));
                }
                Ok(None) => break,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
        }
        let ending = session.finish()?;
        let running = session.still_running();
        let lines = session.lines();
        // Puts sockerr's own signal handlers away before anything below
        // passes the program's death by a signal on.
        drop(session);
        if let Some(e) = read_error {
            return Err(Error::Io(e));
        }
        if let Ending::NotStarted(_) = ending {
            let cmd = args
                .command
                .first()
                .map(|c| c.to_string_lossy().into_owned())
                .unwrap_or_default();
            messages.lines(&pick(
                lang,
                format!("sockerr: strace could not start {cmd} (its message is above)\n"),
                format!("sockerr：strace 无法启动 {cmd}（原因见上方 strace 的输出）\n"),
            ));
            return Err(Error::Exit(2));
        }
        if !(attach && refused && t.failed == 0) {
            let program = args
                .command
                .first()
                .map(|c| c.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(req) = t.finish(ending, &running, &program, lines, args.diagnose) {
                // `sockerr diagnose` for the worst finding, written where the
                // findings go, after the table.
                let mut report = Vec::new();
                let mut notes = Vec::new();
                let d = crate::cli::DiagnoseArgs::for_finding(
                    req.errno.name.as_str(),
                    req.target.clone(),
                    req.pid,
                );
                let dcfg = Config {
                    syscall: None,
                    ..*cfg
                };
                match crate::diagnose::run(&dcfg, &mut report, &mut notes, &d) {
                    Ok(()) | Err(Error::NotFound) => {}
                    Err(e) => {
                        notes.extend_from_slice(format!("sockerr: diagnose: {e}\n").as_bytes())
                    }
                }
                report.extend_from_slice(&notes);
                t.out.lines(&String::from_utf8_lossy(&report));
            }
        }
        if let Some(e) = t.out.broken.take() {
            messages.lines(&pick(
                lang,
                format!("sockerr: could not write the findings: {}\n", reason(&e)),
                format!("sockerr：无法写出结果：{}\n", reason(&e)),
            ));
        }
        match ending {
            Ending::Exited(0) => Ok(()),
            Ending::Exited(c) => Err(Error::Exit(c)),
            Ending::Killed { signal, .. } => Err(Error::Exit(die_of(signal))),
            Ending::Detached { .. } if refused => Err(Error::Exit(2)),
            Ending::Detached { clean: true } => Ok(()),
            Ending::Detached { clean: false } => Err(Error::Exit(2)),
            Ending::NotStarted(_) => Err(Error::Exit(2)),
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

    /// Ends sockerr the way the program ended: by the same signal, so a
    /// shell sees 128+N and a script that was interrupted by Ctrl-C stops
    /// as it would have without sockerr (bash stops only when its child
    /// died of SIGINT). Returns 128+N if the signal does not end sockerr.
    fn die_of(sig: i32) -> i32 {
        // SAFETY: plain libc calls on our own process; output is written.
        unsafe {
            let no_core = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &no_core);
            libc::signal(sig, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, sig);
            libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::raise(sig);
        }
        128 + sig
    }

    fn start_error(e: StartError, messages: &mut Out, lang: Lang) -> Result<()> {
        match e {
            StartError::NoStrace => Err(Error::Usage(pick(
                lang,
                "trace needs strace, which is not installed (or not on PATH): apt-get install strace".into(),
                "trace 需要 strace，但它没有安装（或不在 PATH 中）：apt-get install strace".into(),
            ))),
            StartError::NotFound(p) => {
                let p = p.to_string_lossy();
                messages.lines(&pick(
                    lang,
                    format!("sockerr: {p}: command not found\n"),
                    format!("sockerr：{p}：找不到命令\n"),
                ));
                Err(Error::Exit(127))
            }
            StartError::NotExecutable(p) => {
                let p = p.to_string_lossy();
                messages.lines(&pick(
                    lang,
                    format!("sockerr: {p}: permission denied (not an executable file)\n"),
                    format!("sockerr：{p}：权限不够（不是可执行文件）\n"),
                ));
                Err(Error::Exit(126))
            }
            StartError::NoProcess(pid) => Err(Error::Usage(pick(
                lang,
                format!("no process has id {pid}"),
                format!("没有进程号为 {pid} 的进程"),
            ))),
            StartError::Io(e) => Err(Error::Io(e)),
        }
    }

    /// Where findings go: standard error or a file, in whole lines.
    pub(super) struct Out {
        file: Option<File>,
        /// The first write error; after it nothing more is written, but the
        /// trace is still read to its end (strace would block otherwise).
        pub(super) broken: Option<io::Error>,
    }

    /// At most this much in one write(2): PIPE_BUF, the size a pipe writes
    /// whole.
    const ATOMIC: usize = 4096;

    impl Out {
        fn stderr() -> Out {
            Out {
                file: None,
                broken: None,
            }
        }

        fn file(f: File) -> Out {
            Out {
                file: Some(f),
                broken: None,
            }
        }

        /// Writes whole lines (`text` ends with a newline): one write(2)
        /// per piece of at most [`ATOMIC`] bytes, cut after a newline.
        pub(super) fn lines(&mut self, text: &str) {
            if self.broken.is_some() {
                return;
            }
            let fd = self.file.as_ref().map_or(2, |f| f.as_raw_fd());
            let mut rest = text.as_bytes();
            while !rest.is_empty() {
                let cut = if rest.len() <= ATOMIC {
                    rest.len()
                } else {
                    memchr::memrchr(b'\n', &rest[..ATOMIC]).map_or(ATOMIC, |i| i + 1)
                };
                if let Err(e) = write_whole(fd, &rest[..cut]) {
                    self.broken = Some(e);
                    return;
                }
                rest = &rest[cut..];
            }
        }
    }

    /// One write(2), repeated only for what a short write left, on EINTR,
    /// or after waiting when the descriptor is non-blocking (a program may
    /// have set O_NONBLOCK on the terminal both share).
    fn write_whole(fd: RawFd, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            // SAFETY: writes from a live slice to a descriptor we hold open.
            let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
            if n >= 0 {
                bytes = &bytes[n as usize..];
                continue;
            }
            let e = io::Error::last_os_error();
            match e.kind() {
                io::ErrorKind::Interrupted => {}
                io::ErrorKind::WouldBlock => {
                    let mut p = libc::pollfd {
                        fd,
                        events: libc::POLLOUT,
                        revents: 0,
                    };
                    // SAFETY: polls one descriptor we hold open.
                    unsafe { libc::poll(&mut p, 1, 1000) };
                }
                _ => return Err(e),
            }
        }
        Ok(())
    }

    /// How a program handles a failure that is normal; nothing to do
    /// about a missing nscd.
    pub(super) fn normal_action(n: Normal) -> Option<Action> {
        match n {
            Normal::InProgress | Normal::ConnectPending => Some(Action::InProgress),
            Normal::WouldBlock => Some(Action::Wait),
            Normal::Interrupted => Some(Action::Retry),
            Normal::NoNscd => None,
        }
    }

    /// The action for a table row or a finding: the normal handling when it
    /// is normal, else what the knowledge base says for the errno and call.
    pub(super) fn action(f: &Finding, normal: Option<Normal>) -> Option<Action> {
        match normal {
            Some(n) => normal_action(n),
            None => f
                .errno()
                .and_then(|e| crate::scan::action_for(e, f.syscall)),
        }
    }

    /// What makes two failures "the same" for notes, back-references and
    /// the table: the call as shown, the errno, and how it was judged.
    pub(super) type Key = (String, String, Option<Normal>, bool);

    /// A table row: the first failure of its kind and what followed.
    pub(super) struct Row {
        pub(super) first: Finding,
        pub(super) call: String,
        pub(super) normal: Option<Normal>,
        pub(super) blocking: bool,
        pub(super) count: u64,
        /// Where they went, with counts; the first few addresses only.
        pub(super) places: Vec<(String, u64)>,
        pub(super) pid: Option<u32>,
    }

    const PLACES_MAX: usize = 8;

    pub(super) struct Tracer {
        pub(super) out: Out,
        pub(super) lang: Lang,
        pub(super) color: bool,
        pub(super) json: bool,
        pub(super) summary_only: bool,
        pub(super) all: bool,
        pub(super) rows: HashMap<Key, Row>,
        pub(super) order: Vec<Key>,
        pub(super) cache: HashMap<String, String>,
        pub(super) failed: u64,
        pub(super) normal: u64,
        pub(super) processes: HashSet<u32>,
    }

    /// The call a failure is shown under: a non-blocking connect's result
    /// read back through SO_ERROR is connect's.
    fn shown_call(e: &Event) -> String {
        if e.finding.context == Context::DeferredConnect {
            "connect".into()
        } else {
            e.call.clone()
        }
    }

    fn what_key(f: &Finding) -> String {
        match &f.what {
            What::Errno(e) => e.name.to_string(),
            What::Candidates { .. } => "candidates".into(),
            What::ClientTimeout { .. } => "timeout".into(),
            What::Failure(f) => f.id.to_string(),
        }
    }

    /// Where a failure went, for people: the address, else the socket.
    fn place(e: &Event) -> Option<String> {
        e.address.clone().or_else(|| {
            e.socket
                .as_ref()
                .filter(|s| s.local.is_some() || s.peer.is_some() || s.path.is_some())
                .map(|s| s.describe())
        })
    }

    impl Tracer {
        fn event(&mut self, e: &Event) {
            self.failed += 1;
            if e.normal.is_some() {
                self.normal += 1;
            }
            if let Some(p) = e.pid {
                self.processes.insert(e.process.tgid.unwrap_or(p));
            }
            let key: Key = (shown_call(e), what_key(&e.finding), e.normal, e.blocking);
            let row = self.rows.entry(key.clone()).or_insert_with(|| {
                self.order.push(key.clone());
                Row {
                    first: e.finding.clone(),
                    call: shown_call(e),
                    normal: e.normal,
                    blocking: e.blocking,
                    count: 0,
                    places: Vec::new(),
                    pid: e.pid,
                }
            });
            row.count += 1;
            let n = row.count;
            if let Some(p) = place(e) {
                if let Some(q) = row.places.iter_mut().find(|(q, _)| *q == p) {
                    q.1 += 1;
                } else if row.places.len() < PLACES_MAX {
                    row.places.push((p, 1));
                }
            }
            if self.summary_only {
                return;
            }
            if self.json {
                let line = self.json_line(e, n);
                self.out.lines(&line);
                return;
            }
            let text = if n == 1 {
                self.first_note(e)
            } else if e.normal.is_none() && words::shown(n) {
                self.repeat_note(e, n)
            } else {
                return;
            };
            self.out.lines(&text);
        }

        /// `sockerr: pid 4242 (curl) connect(3, 127.0.0.1:9) = -1 ECONNREFUSED`
        fn event_line(&self, e: &Event) -> String {
            let lang = self.lang;
            let f = &e.finding;
            let who = e
                .pid
                .map(|p| format!("{} ", words::who(p, &e.process, lang)))
                .unwrap_or_default();
            let mut args = Vec::new();
            if let Some(fd) = e.fd {
                args.push(fd.to_string());
            }
            if let Some(a) = &e.address {
                args.push(a.clone());
            } else if let Some(s) = &e.socket {
                args.push(s.describe());
            }
            let args = if !args.is_empty() {
                args.join(", ")
            } else {
                sockerr::trace::line::args_text(e.line.as_bytes())
                    .map_or_else(|| "…".to_string(), words::clean)
            };
            let name = f.errno().map_or(f.matched.as_str(), |x| x.name.as_str());
            let result = match f.context {
                Context::DeferredConnect => pick(
                    lang,
                    format!("→ {name}, read back with getsockopt(SO_ERROR)"),
                    format!("→ {name}，由 getsockopt(SO_ERROR) 读出"),
                ),
                Context::Interrupted { code } => format!("= ? {code}"),
                Context::Restarted => "= ? ERESTARTNOINTR".to_string(),
                _ => format!("= -1 {}", f.matched),
            };
            let tag = if e.normal.is_some() {
                words::normal_tag(lang)
            } else {
                ""
            };
            let line = format!(
                "sockerr: {who}{}({args}) {result}{tag}",
                words::clean(&shown_call(e))
            );
            if !self.color {
                line
            } else if e.normal.is_some() {
                line.dimmed().to_string()
            } else {
                line.bold().to_string()
            }
        }

        fn note_lines(&self, text: &[String]) -> String {
            let mut s = String::new();
            for (i, l) in text.iter().enumerate() {
                let lead = if i == 0 { "  ↳ " } else { "    " };
                let l = format!("{lead}{l}");
                if self.color {
                    s.push_str(&l.dimmed().to_string());
                } else {
                    s.push_str(&l);
                }
                s.push('\n');
            }
            s
        }

        fn first_note(&self, e: &Event) -> String {
            let lang = self.lang;
            let f = &e.finding;
            let mut text = crate::scan::note(f, lang);
            let extra = match (e.normal, e.blocking) {
                (Some(Normal::ConnectPending), _) => Some(words::connect_pending(lang)),
                (Some(Normal::NoNscd), _) => Some(words::no_nscd(lang)),
                (_, true) => Some(words::blocking_timeout(lang)),
                _ => None,
            };
            if let (Some(extra), Some(x)) = (extra, f.errno()) {
                let head = format!(
                    "{}{}",
                    crate::scan::title(f, x, lang),
                    crate::scan::colon(lang)
                );
                if let Some(rest) = text[0].strip_prefix(&head) {
                    let sep = if lang == Lang::En { " " } else { "" };
                    text[0] = format!("{head}{extra}{sep}{rest}");
                }
            }
            if let Some(n) = e.normal {
                // What a normal failure asks for is its normal handling,
                // not what the errno asks for elsewhere (getpeername's
                // ENOTCONN is a bug, except while a connect goes on).
                let label = crate::scan::label("action", lang);
                text.retain(|l| !l.starts_with(label));
                if let Some(a) = normal_action(n) {
                    let c = crate::scan::colon(lang);
                    text.push(format!(
                        "{label}{c}{} — {}",
                        a.as_str(),
                        a.describe().get(lang)
                    ));
                }
                text.push(words::only_counted(lang).to_string());
            }
            format!("{}\n{}", self.event_line(e), self.note_lines(&text))
        }

        fn repeat_note(&self, e: &Event, n: u64) -> String {
            let f = &e.finding;
            let title = match f.errno() {
                Some(x) => crate::scan::title(f, x, self.lang),
                None => f.matched.clone(),
            };
            let text = [words::again(&title, n, self.lang)];
            format!("{}\n{}", self.event_line(e), self.note_lines(&text))
        }
    }
}
