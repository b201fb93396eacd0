/*!
The scan room: finding socket errors in logs, strace output and client
programs' messages.

May use: the knowledge base ([`crate::kb`], for names, numbers, messages and
runtime names), `aho-corasick` and `memchr`. It reads from the reader it is
given and writes only to its [`Sink`]; it never prints or touches the system.
One file per kind of text it recognises: `strace.rs` (strace's lines),
`messages.rs` (programs' own words), `winsock.rs` (Windows' codes),
`resolver.rs` (getaddrinfo's EAI codes as programs print them), with
`anchors.rs` (what the automata look for) and `scanner.rs` (the streaming
loop) beside them.

Two layers:

- [`recognise`] reads one line (bytes in any encoding) and returns what it
  says about errnos: a [`Finding`] for each errno it names, by name
  (`ECONNREFUSED`, `WSAECONNRESET`), by number in a known setting (`[Errno
  111]`, `(os error 111)`, `errno=104`, `ret=-104`, `error 10054`) or by the C
  library's message (`: Connection refused`, Go's `connection refused`), with
  the socket call when the line names it. A strace line is read as strace:
  only its return value (`= -1 ECONNREFUSED`, `= ? ERESTARTSYS`) and an
  `SO_ERROR` result count, never text inside the arguments.
- [`Scanner`] streams any reader through one fixed buffer and hands each
  stretch of input to a [`Sink`]: bulk bytes without findings, lines with
  findings, and the findings of each such line once it has ended.

# Speed

Two Aho-Corasick automata run over the whole buffer: one for the first three
letters of every errno name (all begin with `E`, so a `memchr` prefilter
drives it), one for at most 64 literal anchors (message tails, `rrno`,
`os error `, `imed out`, …; small enough for the SIMD "Teddy" prefilter).
Only a line holding an anchor is looked at further, and only then are its
boundaries found, with `memchr`; everything between such lines is passed on
(or skipped) in bulk. Anchors are case-sensitive and leave out the first
letter of each message, so `Connection refused` and Go's `connection
refused` share one anchor.

# Limits

Memory is one buffer of [`BUFFER`] bytes whatever the input. Only the first
[`LINE_CAP`] bytes of a line are read for findings; a longer line passes
through whole (in pieces, if it does not fit the buffer) but nothing past
its first 64 KiB is reported. A line reports at most [`MAX_PER_LINE`]
findings.
*/

use crate::kb::failure::Failure;
use crate::kb::{self, Errno};
use crate::lookup::Via;
use crate::syscall::Syscall;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::io::{self, Read};
use std::ops::Range;
use std::sync::OnceLock;

/// Bytes of a line that are read for findings; the rest passes unread.
pub const LINE_CAP: usize = 64 * 1024;
/// The scanner's one buffer. Larger than [`LINE_CAP`], so the readable part
/// of a line is always whole in it.
pub const BUFFER: usize = 1024 * 1024;
/// Findings reported for one line at most.
pub const MAX_PER_LINE: usize = 8;
/// How far before a finding a socket call's name is looked for.
const LOOKBACK: usize = 96;

/// A program that reports a failure in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Client {
    Curl,
    Python,
    Java,
    Go,
    Nginx,
    Ssh,
    Node,
    Wget,
    /// A message text that several errnos share.
    Message,
}

impl Client {
    pub fn as_str(self) -> &'static str {
        match self {
            Client::Curl => "curl",
            Client::Python => "python",
            Client::Java => "java",
            Client::Go => "go",
            Client::Nginx => "nginx",
            Client::Ssh => "ssh",
            Client::Node => "node",
            Client::Wget => "wget",
            Client::Message => "message",
        }
    }
}

/// What a line says.
#[derive(Debug, Clone)]
pub enum What {
    /// It names this errno (by name, number or message).
    Errno(&'static Errno),
    /// It reports a failure that names no errno; these are the errnos that
    /// lead there. Candidates, not a guess.
    Candidates {
        client: Client,
        errnos: Vec<&'static Errno>,
    },
    /// The program gave up on its own timer. Not an errno at all, and in
    /// particular not `ETIMEDOUT`.
    ClientTimeout { client: Client },
    /// A socket failure that carries no errno (`data/failures.json`), by
    /// one of its patterns.
    Failure(&'static Failure),
}

/// Errnos are static and unique by name, so comparing names compares them.
impl PartialEq for What {
    fn eq(&self, other: &What) -> bool {
        let names = |v: &[&Errno]| v.iter().map(|e| e.name).collect::<Vec<_>>();
        match (self, other) {
            (What::Errno(a), What::Errno(b)) => a.name == b.name,
            (
                What::Candidates {
                    client: a,
                    errnos: x,
                },
                What::Candidates {
                    client: b,
                    errnos: y,
                },
            ) => a == b && names(x) == names(y),
            (What::ClientTimeout { client: a }, What::ClientTimeout { client: b }) => a == b,
            (What::Failure(a), What::Failure(b)) => a.id == b.id,
            _ => false,
        }
    }
}

impl Eq for What {}

/// What the setting of the errno adds to its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    None,
    /// `connect` returned `EINPROGRESS`: normal for a non-blocking socket.
    InProgress,
    /// `EAGAIN` from recv, send or accept: a non-blocking socket was not ready.
    WouldBlock,
    /// `getsockopt(SO_ERROR)` returned the result of an earlier non-blocking
    /// `connect`: a connect failure, not a getsockopt one.
    DeferredConnect,
    /// strace's `= ? ERESTARTSYS` (or `ERESTARTNOHAND`, `ERESTART_RESTARTBLOCK`):
    /// a signal interrupted the call; the program sees `EINTR` unless the
    /// call is restarted. `code` is the kernel code strace showed.
    Interrupted {
        code: &'static str,
    },
    /// strace's `= ? ERESTARTNOINTR`: the kernel restarts the call after the
    /// signal; the program never sees an error.
    Restarted,
    /// A WinSock error code or name, and the Unix errno it corresponds to.
    WinSock {
        name: &'static str,
        code: u32,
    },
    /// getaddrinfo failed with EAI_SYSTEM and this errno is the real cause
    /// (`getaddrinfo EBUSY` from Node, `EAI_SYSTEM ... errno 16`).
    EaiSystem,
}

/// One thing a line says about an errno.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub what: What,
    /// The socket call the line names, mapped onto the knowledge base's calls.
    pub syscall: Option<Syscall>,
    /// The call's name as the line wrote it (`recvfrom`, `getsockopt`), even
    /// when it is not a socket call (`epoll_wait`).
    pub call: Option<String>,
    pub context: Context,
    /// How the errno was named; `Name` for candidates and timeouts.
    pub via: Via,
    /// Where in the line, in bytes.
    pub span: Range<usize>,
    /// The text at `span`, lossily decoded.
    pub matched: String,
    /// strace -f's process id, when the line has one.
    pub pid: Option<u32>,
}

impl Finding {
    /// The errno, when the line names exactly one.
    pub fn errno(&self) -> Option<&'static Errno> {
        match self.what {
            What::Errno(e) => Some(e),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Which errnos count where

/// Errnos whose bare message (`...: Connection refused`) is a finding:
/// networking's own (ENOTSOCK..EINPROGRESS) and the few that sockets meet
/// all the time.
fn is_socket_errno(e: &Errno) -> bool {
    (88..=115).contains(&e.number)
        || matches!(
            e.name.as_str(),
            "EINTR" | "EAGAIN" | "EPIPE" | "EMFILE" | "ENFILE"
        )
}

/// Errnos whose message is common outside networking (`Permission denied`
/// from ssh's authentication, `No such file or directory`): their message
/// counts only right after a socket call's name (`bind: Permission denied`).
const STRICT: &[&str] = &[
    "EACCES", "EPERM", "EBADF", "EINVAL", "EFAULT", "ENOMEM", "ENOENT",
];

/// Numbers in weak settings (`ret=-N`, `error -N`, `err=-N`) count only for
/// these, and never `1`: `ret=-1` is a plain failure far more often than
/// `-EPERM`.
fn weak_number_ok(e: &Errno) -> bool {
    e.number != 1 && (is_socket_errno(e) || STRICT.contains(&e.name.as_str()))
}

/// Errors of any other strace call count only when the errno is
/// networking's own. ETIMEDOUT is left out: `futex` returns it all the time.
fn counts_for_other_call(e: &Errno) -> bool {
    (88..=115).contains(&e.number) && e.name != "ETIMEDOUT"
}

/// The errnos a failed connect that names no errno can come from: what
/// curl's exit 7 ("Couldn't connect to server") covers.
const CONNECT_FAILURES: &[&str] = &["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"];

/// The errnos the JDK turns into a bare `java.net.ConnectException`, from
/// the runtime table (`data/runtimes.json`), so scan and explain agree.
fn java_connect_exception() -> Vec<&'static Errno> {
    crate::runtime::lookup("java.net.ConnectException")
        .iter()
        .filter(|r| r.name == "java.net.ConnectException")
        .flat_map(|r| r.errnos.iter().filter_map(|n| kb::by_name(n)))
        .collect()
}

fn errnos(names: &[&str]) -> Vec<&'static Errno> {
    names.iter().filter_map(|n| kb::by_name(n)).collect()
}

// ---------------------------------------------------------------------------
// The recogniser

/// Everything one line says about errnos, in the order the line says it.
///
/// Reads at most the first [`LINE_CAP`] bytes; never panics, whatever the
/// bytes. Every errno in a finding is one the knowledge base has.
pub fn recognise(line: &[u8]) -> Vec<Finding> {
    let truncated = line.len() > LINE_CAP;
    let line = &line[..line.len().min(LINE_CAP)];
    let mut raw = Vec::new();
    let head = strace_head(line);
    let strace = head.is_some();
    match head {
        Some(head) => strace_findings(line, &head, &mut raw),
        None => {
            let a = anchors();
            let mut hit = false;
            for p in a.names.iter(line) {
                hit = true;
                name_spot(line, p, &mut raw);
            }
            // From one anchor's start on, not its end: anchors may overlap
            // (`rror` in `os error`), and each needs its look.
            let mut from = 0;
            while from < line.len() {
                let Some(m) = a.texts.find(Input::new(line).span(from..line.len())) else {
                    break;
                };
                hit = true;
                text_spot(
                    a,
                    line,
                    a.kinds[m.pattern().as_usize()],
                    m.start(),
                    m.end(),
                    &mut raw,
                );
                from = m.start() + 1;
            }
            // Only where an anchor brought the line, as the streaming
            // scanner does (see SECONDARY).
            if hit {
                for &(pat, kind) in SECONDARY {
                    let mut from = 0;
                    while let Some(i) = find(&line[from..], pat.as_bytes()) {
                        let s = from + i;
                        text_spot(a, line, kind, s, s + pat.len(), &mut raw);
                        from = s + 1;
                    }
                }
                for &(g, pat) in &a.secondary {
                    if let Some(s) = find(line, pat.as_bytes()) {
                        text_spot(a, line, Anchor::Message(g), s, s + pat.len(), &mut raw);
                    }
                }
            }
            resolver::tidy(&mut raw);
            raw.sort_by_key(|f: &Finding| f.span.start);
        }
    }
    let mut out = tidy(raw);
    // Failures without an errno come after the errnos the line names
    // (nginx's "accept4() failed (24: Too many open files)" is EMFILE and a
    // failure of its own); never from inside a strace line's arguments.
    if !strace {
        failure_findings(line, &mut out);
    }
    if truncated {
        // A word cut at the cap may read as another (ETIMEDOUT as ETIME).
        out.retain(|f| f.span.end < LINE_CAP);
    }
    out.truncate(MAX_PER_LINE);
    out
}

/// One finding per errno (or per client's non-errno) and line; explicit
/// errnos outrank candidates; a client's own timeout outranks the
/// "Connection timed out" text it carries.
fn tidy(raw: Vec<Finding>) -> Vec<Finding> {
    let has_errno = raw.iter().any(|f| matches!(f.what, What::Errno(_)));
    let has_timeout = raw
        .iter()
        .any(|f| matches!(f.what, What::ClientTimeout { .. }));
    let mut out: Vec<Finding> = Vec::new();
    for f in raw {
        if has_errno && matches!(f.what, What::Candidates { .. }) {
            continue;
        }
        if has_timeout && f.via == Via::Message && f.errno().is_some_and(|e| e.name == "ETIMEDOUT")
        {
            continue;
        }
        let same = |o: &Finding| match (&o.what, &f.what) {
            (What::Errno(a), What::Errno(b)) => a.name == b.name,
            (What::Candidates { client: a, .. }, What::Candidates { client: b, .. }) => a == b,
            (What::ClientTimeout { .. }, What::ClientTimeout { .. }) => true,
            _ => false,
        };
        match out.iter_mut().find(|o| same(o)) {
            Some(o) => {
                if o.syscall.is_none() && f.syscall.is_some() {
                    o.syscall = f.syscall;
                    o.call = f.call.clone();
                }
                if o.context == Context::None {
                    o.context = f.context;
                }
            }
            None => out.push(f),
        }
    }
    out.truncate(MAX_PER_LINE);
    out
}

fn finding(
    line: &[u8],
    what: What,
    span: Range<usize>,
    via: Via,
    call: Option<(Option<Syscall>, String)>,
) -> Finding {
    let (syscall, call) = match call {
        Some((s, c)) => (s, Some(c)),
        None => (None, None),
    };
    let mut f = Finding {
        what,
        syscall,
        call,
        context: Context::None,
        via,
        matched: lossy(&line[span.clone()]),
        span,
        pid: None,
    };
    f.context = natural_context(&f);
    f
}

/// Contexts that follow from the errno and the call alone.
fn natural_context(f: &Finding) -> Context {
    match (f.errno().map(|e| e.name.as_str()), f.syscall) {
        (Some("EINPROGRESS"), _) => Context::InProgress,
        (
            Some("EAGAIN"),
            Some(
                Syscall::Recv
                | Syscall::Send
                | Syscall::Accept
                | Syscall::Recvmsg
                | Syscall::Sendmsg
                | Syscall::Sendfile
                | Syscall::Splice,
            ),
        ) => Context::WouldBlock,
        _ => Context::None,
    }
}

/// Kernel-internal restart codes: what the program sees instead.
fn restart_code(e: &'static Errno) -> Option<(&'static Errno, Context)> {
    match e.name.as_str() {
        "ERESTARTSYS" | "ERESTARTNOHAND" | "ERESTART_RESTARTBLOCK" => Some((
            kb::by_name("EINTR")?,
            Context::Interrupted {
                code: e.name.as_str(),
            },
        )),
        "ERESTARTNOINTR" => Some((e, Context::Restarted)),
        _ => None,
    }
}

fn via_for_name(e: &'static Errno, written: &str) -> Via {
    match e.aliases.iter().find(|a| **a == written) {
        Some(a) => Via::Alias(a),
        None => Via::Name,
    }
}

mod anchors;
mod contexts;
mod failures;
mod messages;
mod resolver;
mod scanner;
mod strace;
#[cfg(test)]
mod tests;
mod winsock;

use anchors::*;
use contexts::*;
use failures::*;
use messages::*;
pub use scanner::{ScanError, Scanner, Sink};
use strace::*;
pub use winsock::{winsock, WinKey};
