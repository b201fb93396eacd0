/*!
Finding socket errors in logs, strace output and client programs' messages.

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
// WinSock

/// A WinSock error, by number (`10054`) or name (`WSAECONNRESET`): its name,
/// number and the Unix errno it corresponds to. The table is the platform
/// one (`data/platforms.json`, checked against windows-sys); codes with no
/// Unix counterpart (WSANOTINITIALISED) are not findings.
pub fn winsock(key: WinKey<'_>) -> Option<(&'static str, u32, &'static Errno)> {
    let row = crate::platform::WINSOCK.iter().find(|w| match key {
        WinKey::Code(c) => u32::try_from(w.number) == Ok(c),
        WinKey::Name(s) => w.name == s,
    })?;
    Some((
        row.name,
        u32::try_from(row.number).ok()?,
        kb::by_name(row.errno?)?,
    ))
}

/// How a WinSock error is looked up.
#[derive(Debug, Clone, Copy)]
pub enum WinKey<'a> {
    Code(u32),
    Name(&'a str),
}

// ---------------------------------------------------------------------------
// Which errnos count where

/// Errnos whose bare message (`...: Connection refused`) is a finding:
/// networking's own (ENOTSOCK..EINPROGRESS) and the few that sockets meet
/// all the time.
fn is_socket_errno(e: &Errno) -> bool {
    (88..=115).contains(&e.number)
        || matches!(e.name, "EINTR" | "EAGAIN" | "EPIPE" | "EMFILE" | "ENFILE")
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
    e.number != 1 && (is_socket_errno(e) || STRICT.contains(&e.name))
}

/// strace calls that are not socket calls but belong to socket work; their
/// errors count whatever the errno.
const ADJACENT: &[&str] = &[
    "poll",
    "ppoll",
    "select",
    "pselect6",
    "_newselect",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2",
    "epoll_ctl",
    "getpeername",
    "getsockname",
    "socketpair",
    "close",
    "fcntl",
    "splice",
];

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
// Anchors

#[derive(Debug, Clone, Copy)]
enum Anchor {
    /// The tail of `MESSAGES[i]`: everything but its first letter.
    Message(usize),
    /// `rrno`: errno=N, errno N, [Errno N], errno: -N.
    Errno,
    /// `os error N` (Rust).
    OsError,
    /// `Os { code: N` (Rust's Debug).
    OsCode,
    /// `et=-`: ret=-N.
    RetNeg,
    /// `rr=-`: err=-N.
    ErrNeg,
    /// `rror `: error -N, error 100xx.
    Error,
    /// `rror: 100`: error: 100xx.
    ErrorColon,
    /// `WinError ` (Python on Windows).
    WinError,
    /// `SO_ERROR, [1` / `[9`: strace's undecoded SO_ERROR value.
    SoError,
    /// `imed out`.
    TimedOut,
    /// `imeout`.
    Timeout,
    /// `eadline exceeded`.
    Deadline,
    /// `ouldn't connect to server` (curl 7).
    CouldntConnect,
    /// `ConnectException` (Java).
    ConnectException,
    /// `(100`: (100xx).
    Paren100,
}

const MARKERS: &[(&str, Anchor)] = &[
    ("rrno", Anchor::Errno),
    ("os error ", Anchor::OsError),
    ("Os { code:", Anchor::OsCode),
    ("et=-", Anchor::RetNeg),
    ("rr=-", Anchor::ErrNeg),
    ("rror ", Anchor::Error),
    ("rror: 100", Anchor::ErrorColon),
    ("WinError ", Anchor::WinError),
    ("SO_ERROR, [1", Anchor::SoError),
    ("SO_ERROR, [9", Anchor::SoError),
    ("imed out", Anchor::TimedOut),
    ("imeout", Anchor::Timeout),
    ("eadline exceeded", Anchor::Deadline),
    ("ouldn't connect to server", Anchor::CouldntConnect),
    ("ConnectException", Anchor::ConnectException),
    ("(100", Anchor::Paren100),
];

/// A message text and the errnos that print it.
struct Message {
    text: &'static str,
    errnos: Vec<&'static Errno>,
    strict: bool,
}

struct Anchors {
    names: AhoCorasick,
    texts: AhoCorasick,
    kinds: Vec<Anchor>,
    messages: Vec<Message>,
}

/// The Teddy prefilter takes at most this many patterns; past it the text
/// automaton would scan a byte at a time, several times slower.
const TEXT_ANCHORS_MAX: usize = 64;

fn anchors() -> &'static Anchors {
    static A: OnceLock<Anchors> = OnceLock::new();
    A.get_or_init(|| {
        let mut prefixes: Vec<&'static [u8]> = kb::errnos()
            .iter()
            .flat_map(|e| e.names())
            .filter(|n| n.len() >= 3)
            .map(|n| &n.as_bytes()[..3])
            .collect();
        prefixes.sort();
        prefixes.dedup();
        let names = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&prefixes)
            .expect("errno name prefixes build");

        let mut messages: Vec<Message> = Vec::new();
        for e in kb::errnos() {
            let strict = STRICT.contains(&e.name);
            if !(is_socket_errno(e) || strict) || e.message.len() < 4 {
                continue;
            }
            match messages
                .iter_mut()
                .find(|m| m.text.eq_ignore_ascii_case(e.message))
            {
                Some(m) => m.errnos.push(e),
                None => messages.push(Message {
                    text: e.message,
                    errnos: vec![e],
                    strict,
                }),
            }
        }
        // Java prints ECONNRESET as "Connection reset".
        if let Some(e) = kb::by_name("ECONNRESET") {
            messages.push(Message {
                text: "Connection reset",
                errnos: vec![e],
                strict: false,
            });
        }
        let mut pats: Vec<&[u8]> = Vec::new();
        let mut kinds = Vec::new();
        for (i, m) in messages.iter().enumerate() {
            pats.push(&m.text.as_bytes()[1..]);
            kinds.push(Anchor::Message(i));
        }
        for (p, k) in MARKERS {
            pats.push(p.as_bytes());
            kinds.push(*k);
        }
        debug_assert!(
            pats.len() <= TEXT_ANCHORS_MAX,
            "{} text anchors",
            pats.len()
        );
        let texts = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .expect("text anchors build");
        Anchors {
            names,
            texts,
            kinds,
            messages,
        }
    })
}

/// Where the next anchor of either automaton starts, at or after `from`.
struct NextHit {
    names: Option<usize>,
    texts: Option<usize>,
}

impl NextHit {
    fn new(a: &Anchors, hay: &[u8]) -> NextHit {
        NextHit {
            names: find_from(&a.names, hay, 0),
            texts: find_from(&a.texts, hay, 0),
        }
    }

    fn first(&self) -> Option<usize> {
        match (self.names, self.texts) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Moves past everything before `pos`.
    fn skip_to(&mut self, a: &Anchors, hay: &[u8], pos: usize) {
        if self.names.is_some_and(|h| h < pos) {
            self.names = find_from(&a.names, hay, pos);
        }
        if self.texts.is_some_and(|h| h < pos) {
            self.texts = find_from(&a.texts, hay, pos);
        }
    }
}

fn find_from(ac: &AhoCorasick, hay: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    ac.find(Input::new(hay).span(from..hay.len()))
        .map(|m| m.start())
}

// ---------------------------------------------------------------------------
// Small byte helpers

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether a word may start at `i`: the byte before is not part of a word.
fn word_start(line: &[u8], i: usize) -> bool {
    i == 0 || !is_word(line[i - 1])
}

fn word_end(line: &[u8], i: usize) -> bool {
    i >= line.len() || !is_word(line[i])
}

/// Decimal digits at `i` (at most 6): the value and where they end.
fn digits_at(line: &[u8], i: usize) -> Option<(u32, usize)> {
    let n = line[i.min(line.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 || n > 6 || (i + n < line.len() && line[i + n].is_ascii_digit()) {
        return None;
    }
    let v = std::str::from_utf8(&line[i..i + n]).ok()?.parse().ok()?;
    Some((v, i + n))
}

fn starts_with_at(line: &[u8], i: usize, s: &[u8]) -> bool {
    line.get(i..i + s.len()) == Some(s)
}

fn ends_with_ci(hay: &[u8], s: &[u8]) -> bool {
    hay.len() >= s.len() && hay[hay.len() - s.len()..].eq_ignore_ascii_case(s)
}

fn contains(hay: &[u8], s: &[u8]) -> bool {
    memchr::memmem::find(hay, s).is_some()
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(200)]).into_owned()
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
    match strace_head(line) {
        Some(head) => strace_findings(line, &head, &mut raw),
        None => {
            let a = anchors();
            for m in a.names.find_iter(line) {
                name_spot(line, m.start(), &mut raw);
            }
            for m in a.texts.find_iter(line) {
                text_spot(
                    a,
                    line,
                    a.kinds[m.pattern().as_usize()],
                    m.start(),
                    m.end(),
                    &mut raw,
                );
            }
            raw.sort_by_key(|f: &Finding| f.span.start);
        }
    }
    if truncated {
        // A word cut at the cap may read as another (ETIMEDOUT as ETIME).
        raw.retain(|f| f.span.end < LINE_CAP);
    }
    tidy(raw)
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
    match (f.errno().map(|e| e.name), f.syscall) {
        (Some("EINPROGRESS"), _) => Context::InProgress,
        (Some("EAGAIN"), Some(Syscall::Recv | Syscall::Send | Syscall::Accept)) => {
            Context::WouldBlock
        }
        _ => Context::None,
    }
}

/// Kernel-internal restart codes: what the program sees instead.
fn restart_code(e: &'static Errno) -> Option<(&'static Errno, Context)> {
    match e.name {
        "ERESTARTSYS" | "ERESTARTNOHAND" | "ERESTART_RESTARTBLOCK" => {
            Some((kb::by_name("EINTR")?, Context::Interrupted { code: e.name }))
        }
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

/// An errno name found as a word at `p` (where a name prefix matched).
fn name_spot(line: &[u8], p: usize, out: &mut Vec<Finding>) {
    let wsa = p >= 3 && &line[p - 3..p] == b"WSA" && word_start(line, p - 3);
    if !wsa && !word_start(line, p) {
        return;
    }
    let end = p + line[p..]
        .iter()
        .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
        .count();
    if !word_end(line, end) {
        return;
    }
    let Ok(name) = std::str::from_utf8(&line[p..end]) else {
        return;
    };
    let start = if wsa { p - 3 } else { p };
    let call = call_before(line, start, LOOKBACK, true);
    if wsa {
        let Ok(full) = std::str::from_utf8(&line[start..end]) else {
            return;
        };
        if let Some((wname, code, e)) = winsock(WinKey::Name(full)) {
            let mut f = finding(line, What::Errno(e), start..end, Via::Name, call);
            f.context = Context::WinSock { name: wname, code };
            out.push(f);
        }
        return;
    }
    let Some(e) = kb::by_name(name) else {
        return;
    };
    let via = via_for_name(e, name);
    match restart_code(e) {
        Some((shown, ctx)) => {
            let mut f = finding(line, What::Errno(shown), p..end, via, call);
            f.context = ctx;
            out.push(f);
        }
        None => out.push(finding(line, What::Errno(e), p..end, via, call)),
    }
}

/// A number in a setting that says it is an errno.
fn number_finding(
    line: &[u8],
    n: u32,
    negative: bool,
    weak: bool,
    span: Range<usize>,
    out: &mut Vec<Finding>,
) {
    let call = call_before(line, span.start, LOOKBACK, false);
    if n >= 10000 {
        if let Some((wname, code, e)) = winsock(WinKey::Code(n)) {
            let mut f = finding(line, What::Errno(e), span, Via::Number, call);
            f.context = Context::WinSock { name: wname, code };
            out.push(f);
        }
        return;
    }
    let Some(e) = kb::by_number(i64::from(n)).filter(|_| n > 0) else {
        return;
    };
    if e.kernel_only || (weak && !weak_number_ok(e)) {
        return;
    }
    let via = if negative { Via::Negative } else { Via::Number };
    out.push(finding(line, What::Errno(e), span, via, call));
}

/// `[-]N` after optional separators (`=`, `:`, spaces), as in `errno=-104`.
fn number_after(line: &[u8], mut i: usize, seps: &[u8]) -> Option<(u32, bool, usize)> {
    let mut skipped = 0;
    while i < line.len() && seps.contains(&line[i]) && skipped < 3 {
        i += 1;
        skipped += 1;
    }
    let negative = line.get(i) == Some(&b'-');
    if negative {
        i += 1;
    }
    let (n, end) = digits_at(line, i)?;
    if !word_end(line, end) {
        return None;
    }
    Some((n, negative, end))
}

fn text_spot(a: &Anchors, line: &[u8], kind: Anchor, s: usize, e: usize, out: &mut Vec<Finding>) {
    // Most anchors leave out a first letter; `lead` checks it and gives the
    // real start.
    let lead = |letters: &[u8]| -> Option<usize> {
        let st = s.checked_sub(1)?;
        (letters.contains(&line[st]) && word_start(line, st)).then_some(st)
    };
    match kind {
        Anchor::Message(i) => message_spot(a, line, i, s, e, out),
        Anchor::Errno => {
            let Some(st) = lead(b"eE") else { return };
            // errno=104, errno 104, errno: -111 (Node), "errno": 104 (JSON logs)
            if let Some((n, neg, end)) = number_after(line, e, b" =:\"'") {
                // `[Errno -2]` is a getaddrinfo code, not an errno.
                let python = st > 0 && line[st - 1] == b'[';
                if neg && python {
                    return;
                }
                let span = if python && line.get(end) == Some(&b']') {
                    st - 1..end + 1
                } else {
                    st..end
                };
                number_finding(line, n, neg, false, span, out);
            }
        }
        Anchor::OsError | Anchor::OsCode => {
            if matches!(kind, Anchor::OsError) && !word_start(line, s) {
                return;
            }
            if let Some((n, false, end)) = number_after(line, e, b" ") {
                number_finding(line, n, false, false, s..end, out);
            }
        }
        Anchor::RetNeg | Anchor::ErrNeg => {
            let Some(st) = lead(if matches!(kind, Anchor::RetNeg) {
                b"r"
            } else {
                b"e"
            }) else {
                return;
            };
            if let Some((n, end)) = digits_at(line, e).filter(|&(_, end)| word_end(line, end)) {
                number_finding(line, n, true, true, st..end, out);
            }
        }
        Anchor::Error => {
            let Some(st) = lead(b"eE") else { return };
            if line.get(e) == Some(&b'-') {
                if let Some((n, end)) =
                    digits_at(line, e + 1).filter(|&(_, end)| word_end(line, end))
                {
                    number_finding(line, n, true, true, st..end, out);
                }
            } else if let Some((n, end)) = digits_at(line, e) {
                if (10000..11000).contains(&n) && word_end(line, end) {
                    number_finding(line, n, false, true, st..end, out);
                }
            }
        }
        Anchor::ErrorColon => {
            let Some(st) = lead(b"eE") else { return };
            if let Some((n, end)) = digits_at(line, e - 3).filter(|&(_, end)| word_end(line, end)) {
                number_finding(line, n, false, true, st..end, out);
            }
        }
        Anchor::WinError => {
            if let Some((n, end)) = digits_at(line, e).filter(|&(n, _)| n >= 10000) {
                number_finding(line, n, false, true, s..end, out);
            }
        }
        Anchor::SoError => so_error_spot(line, s, e - 1, None, out),
        Anchor::Paren100 => {
            if !word_start(line, s) {
                return;
            }
            if let Some((n, end)) = digits_at(line, s + 1) {
                if end - s == 6 && matches!(line.get(end), Some(b')' | b':')) {
                    number_finding(line, n, false, true, s..end + 1, out);
                }
            }
        }
        Anchor::TimedOut => {
            let Some(st) = lead(b"tT") else { return };
            let before = &line[..st];
            let after = &line[e..];
            let client = if ends_with_ci(before, b"upstream ") {
                // nginx: "upstream timed out (110: Connection timed out)" is
                // its own proxy timer, with ETIMEDOUT's text borrowed.
                Some(Client::Nginx)
            } else if contains(line, b"curl: (28)") || after.starts_with(b" after ") {
                Some(Client::Curl)
            } else if ends_with_ci(before, b"TimeoutError: ") || ends_with_ci(before, b"timeout: ")
            {
                Some(Client::Python)
            } else if contains(line, b"SocketTimeoutException") {
                Some(Client::Java)
            } else {
                None
            };
            if let Some(client) = client {
                out.push(timeout(line, client, st..e));
            }
        }
        Anchor::Timeout => {
            // `Timeout` may sit inside a word (SocketTimeoutException).
            let Some(st) = s
                .checked_sub(1)
                .filter(|&st| matches!(line[st], b't' | b'T'))
            else {
                return;
            };
            let client = if ends_with_ci(&line[..st], b"i/o ") && word_end(line, e) {
                Some((Client::Go, st - 4, e))
            } else if starts_with_at(line, e, b" was reached") {
                Some((Client::Curl, st, e + 12))
            } else if starts_with_at(line, e, b" exceeded") && ends_with_ci(&line[..st], b"Client.")
            {
                Some((Client::Go, st - 7, e + 9))
            } else if ends_with_ci(&line[..st], b"Socket") && starts_with_at(line, e, b"Exception")
            {
                Some((Client::Java, st - 6, e + 9))
            } else {
                None
            };
            if let Some((client, from, to)) = client {
                out.push(timeout(line, client, from..to));
            }
        }
        Anchor::Deadline => {
            if let Some(st) = lead(b"dD") {
                if ends_with_ci(&line[..st], b"context ") {
                    out.push(timeout(line, Client::Go, st - 8..e));
                }
            }
        }
        Anchor::CouldntConnect => {
            if let Some(st) = lead(b"cC") {
                let call = call_before(line, st, LOOKBACK, false)
                    .or(Some((Some(Syscall::Connect), "connect".into())));
                out.push(finding(
                    line,
                    What::Candidates {
                        client: Client::Curl,
                        errnos: errnos(CONNECT_FAILURES),
                    },
                    st..e,
                    Via::Name,
                    call,
                ));
            }
        }
        Anchor::ConnectException => {
            if word_end(line, e) {
                out.push(finding(
                    line,
                    What::Candidates {
                        client: Client::Java,
                        errnos: java_connect_exception(),
                    },
                    s..e,
                    Via::Name,
                    Some((Some(Syscall::Connect), "connect".into())),
                ));
            }
        }
    }
}

fn timeout(line: &[u8], client: Client, span: Range<usize>) -> Finding {
    finding(line, What::ClientTimeout { client }, span, Via::Name, None)
}

fn message_spot(a: &Anchors, line: &[u8], i: usize, s: usize, e: usize, out: &mut Vec<Finding>) {
    let m = &a.messages[i];
    let Some(st) = s.checked_sub(1) else { return };
    if !line[st].eq_ignore_ascii_case(&m.text.as_bytes()[0])
        || !word_start(line, st)
        || !word_end(line, e)
    {
        return;
    }
    let call = if m.strict {
        // Only right after a socket call's name: `bind: Permission denied`,
        // `bind() failed (13: Permission denied)`.
        match call_before(line, st, 24, false) {
            Some(c @ (Some(_), _)) => Some(c),
            _ => return,
        }
    } else {
        call_before(line, st, LOOKBACK, false)
    };
    if m.errnos.len() == 1 && m.errnos[0].name == "ETIMEDOUT" {
        // Clients that borrow ETIMEDOUT's text for their own timers.
        if starts_with_at(line, e, b" after ") {
            // curl: "(28) Connection timed out after 3001 milliseconds".
            out.push(timeout(line, Client::Curl, st..e));
            return;
        }
        if starts_with_at(line, e, b" during banner exchange") {
            // ssh's ConnectTimeout ran out while waiting for the banner.
            out.push(timeout(line, Client::Ssh, st..e + 23));
            return;
        }
    }
    let what = match m.errnos.as_slice() {
        [one] => What::Errno(one),
        many => What::Candidates {
            client: Client::Message,
            errnos: many.to_vec(),
        },
    };
    out.push(finding(line, what, st..e, Via::Message, call));
}

/// `SO_ERROR, [VALUE]` with VALUE at `v`: an errno name or number.
fn so_error_spot(line: &[u8], s: usize, v: usize, pid: Option<u32>, out: &mut Vec<Finding>) {
    let Some(close) = line[v.min(line.len())..].iter().position(|&b| b == b']') else {
        return;
    };
    let value = &line[v..v + close];
    // Old strace prints the number. Only 1xx and 9x (the network errnos, and
    // 1x) are anchored for the stream, so only those count here too.
    if value
        .first()
        .is_some_and(|b| b.is_ascii_digit() && *b != b'1' && *b != b'9')
    {
        return;
    }
    let e = match digits_at(value, 0) {
        Some((n, end)) if end == value.len() => kb::by_number(i64::from(n)).filter(|_| n > 0),
        _ => std::str::from_utf8(value).ok().and_then(kb::by_name),
    };
    let Some(e) = e.filter(|e| !e.kernel_only) else {
        return;
    };
    let mut f = finding(
        line,
        What::Errno(e),
        s..v + close + 1,
        if value[0].is_ascii_digit() {
            Via::Number
        } else {
            Via::Name
        },
        Some((Some(Syscall::Connect), "getsockopt".into())),
    );
    f.context = Context::DeferredConnect;
    f.pid = pid;
    out.push(f);
}

/// Java exception classes that name the call that failed.
const CLASSES: &[(&str, Syscall)] = &[
    ("ConnectException", Syscall::Connect),
    ("NoRouteToHostException", Syscall::Connect),
    ("BindException", Syscall::Bind),
];

/// The socket call named in the `window` bytes before `at`: the nearest
/// call name written as a word. `read`, `write`, `socket` and `shutdown` are
/// everyday words too, so they count only as `read:`, `read(` or right
/// before the errno (`Error: read ECONNRESET`, Node).
fn call_before(
    line: &[u8],
    at: usize,
    window: usize,
    adjacent: bool,
) -> Option<(Option<Syscall>, String)> {
    let lo = at.saturating_sub(window);
    let mut i = at;
    while i > lo {
        while i > lo && !is_word(line[i - 1]) {
            i -= 1;
        }
        let end = i;
        while i > lo && is_word(line[i - 1]) {
            i -= 1;
        }
        if i == end || (i == lo && lo > 0 && is_word(line[lo - 1])) {
            break;
        }
        let word = std::str::from_utf8(&line[i..end]).ok()?;
        if let Some((_, s)) = CLASSES.iter().find(|(c, _)| *c == word) {
            return Some((Some(*s), s.name().to_string()));
        }
        if word.len() > 12 {
            continue;
        }
        if let Some(s) = Syscall::from_name(word) {
            let everyday = ["read", "write", "socket", "shutdown", "readv", "writev"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word));
            let next = line.get(end).copied();
            let tight = matches!(next, Some(b':' | b'(')) || (adjacent && end + 1 == at);
            if !everyday || tight {
                return Some((Some(s), word.to_ascii_lowercase()));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// strace

/// The start of a strace line: `[pid N] `, `N ` (-f -o), timestamps
/// (-t, -tt, -ttt, -r), then `name(` or `<... name resumed>`.
struct Head {
    pid: Option<u32>,
    call: String,
}

fn strace_head(line: &[u8]) -> Option<Head> {
    let mut i = 0;
    let mut pid = None;
    let skip_spaces = |i: &mut usize| {
        while *i < line.len() && line[*i] == b' ' {
            *i += 1;
        }
    };
    skip_spaces(&mut i);
    if line[i..].starts_with(b"[pid") {
        i += 4;
        skip_spaces(&mut i);
        let n = line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || line.get(i + n) != Some(&b']') {
            return None;
        }
        pid = std::str::from_utf8(&line[i..i + n])
            .ok()
            .and_then(|t| t.parse().ok());
        i += n + 1;
        skip_spaces(&mut i);
    }
    // Up to three tokens of digits, ':' and '.', each followed by a space.
    for k in 0..3 {
        let n = line[i..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b':' || **b == b'.')
            .count();
        if n == 0 || line.get(i + n) != Some(&b' ') {
            break;
        }
        let tok = &line[i..i + n];
        if k == 0 && pid.is_none() && tok.iter().all(u8::is_ascii_digit) {
            pid = std::str::from_utf8(tok).ok().and_then(|t| t.parse().ok());
        }
        i += n;
        skip_spaces(&mut i);
    }
    let rest = &line[i..];
    let (name, after) = if let Some(r) = rest.strip_prefix(b"<... ") {
        let n = r.iter().take_while(|b| is_word(**b)).count();
        if !r[n..].starts_with(b" resumed>") {
            return None;
        }
        (&r[..n], true)
    } else {
        let n = rest.iter().take_while(|b| is_word(**b)).count();
        if rest.get(n) != Some(&b'(') {
            return None;
        }
        (&rest[..n], false)
    };
    if name.is_empty() || !name[0].is_ascii_lowercase() || name.len() > 32 {
        return None;
    }
    // A line that only starts like a call is a log line, not strace: strace
    // lines end with a return value or say the call is unfinished.
    let tail = &line[i..];
    if !(after || contains(tail, b") = ") || contains(tail, b"<unfinished ...>")) {
        return None;
    }
    Some(Head {
        pid,
        call: String::from_utf8_lossy(name).into_owned(),
    })
}

/// strace -yy decorations: `3<TCP:[...]>` is a socket, `3</etc/hosts>` or
/// `3<pipe:[...]>` is not.
fn fd_is_socket(line: &[u8], call: &str) -> Option<bool> {
    let open = memchr::memmem::find(line, format!("{call}(").as_bytes())? + call.len() + 1;
    let digits = line[open..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || line.get(open + digits) != Some(&b'<') {
        return None;
    }
    let deco = &line[open + digits + 1..];
    Some(
        [
            &b"socket:"[..],
            b"TCP",
            b"UDP",
            b"UNIX",
            b"NETLINK",
            b"RAW",
            b"PACKET",
            b"SCTP",
            b"PING",
            b"DCCP",
            b"L2TP",
        ]
        .iter()
        .any(|p| deco.starts_with(p)),
    )
}

fn strace_findings(line: &[u8], head: &Head, out: &mut Vec<Finding>) {
    let call = head.call.as_str();
    let mut syscall = Syscall::from_name(call);
    let rw = matches!(call, "read" | "write" | "readv" | "writev");
    if rw && fd_is_socket(line, call) == Some(false) {
        syscall = None;
    }
    let adjacent = ADJACENT.contains(&call);

    // The return value: after the last " = ", "-1 NAME" or "? NAME".
    if let Some(eq) = memchr::memmem::rfind(line, b" = ") {
        let r = eq + 3;
        let at = if starts_with_at(line, r, b"-1 ") {
            Some(r + 3)
        } else if starts_with_at(line, r, b"? ") {
            Some(r + 2)
        } else {
            None
        };
        if let Some(p) = at {
            let end = p + line[p..]
                .iter()
                .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
                .count();
            let name = std::str::from_utf8(&line[p..end]).unwrap_or("");
            if let Some(e) = kb::by_name(name).filter(|_| word_end(line, end)) {
                let counts = syscall.is_some() || adjacent || counts_for_other_call(e);
                if counts {
                    let (shown, ctx) = restart_code(e).unwrap_or((e, Context::None));
                    let mut f = finding(
                        line,
                        What::Errno(shown),
                        p..end,
                        via_for_name(e, name),
                        Some((syscall, call.to_string())),
                    );
                    if ctx != Context::None {
                        f.context = ctx;
                    }
                    f.pid = head.pid;
                    out.push(f);
                }
            }
        }
    }
    // A non-blocking connect's result, read back with SO_ERROR.
    if call == "getsockopt" {
        if let Some(s) = memchr::memmem::find(line, b"SO_ERROR, [") {
            so_error_spot(line, s, s + 11, head.pid, out);
        }
    }
    out.sort_by_key(|f| f.span.start);
}

// ---------------------------------------------------------------------------
// Streaming

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
struct Long {
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

fn emit<S: Sink + ?Sized>(sink: &mut S, marked: bool, bytes: &[u8]) -> io::Result<()> {
    if bytes.is_empty() {
        Ok(())
    } else if marked {
        sink.marked(bytes)
    } else {
        sink.plain(bytes)
    }
}

fn count_lines(b: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', b).count() as u64
}

/// Hands over `data`, which starts at a line start and ends after a newline
/// (or at the end of the input). Returns the number of newlines in it.
fn block<S: Sink + ?Sized>(a: &Anchors, data: &[u8], before: u64, sink: &mut S) -> io::Result<u64> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(Option<&'static str>, &'static str)> {
        recognise(line.as_bytes())
            .into_iter()
            .map(|f| {
                let what = match f.what {
                    What::Errno(e) => e.name,
                    What::Candidates { .. } => "?",
                    What::ClientTimeout { .. } => "timeout",
                };
                (f.syscall.map(|s| s.name()), what)
            })
            .collect()
    }

    fn one(line: &str) -> (Option<&'static str>, &'static str) {
        let v = names(line);
        assert_eq!(v.len(), 1, "{line}: {v:?}");
        v[0]
    }

    #[test]
    fn text_anchors_fit_the_fast_prefilter() {
        let a = anchors();
        assert!(
            a.texts.patterns_len() <= TEXT_ANCHORS_MAX,
            "{}",
            a.texts.patterns_len()
        );
    }

    #[test]
    fn strace_forms() {
        let c = Some("connect");
        assert_eq!(
            one(
                r#"connect(3, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)"#
            ),
            (c, "ECONNREFUSED")
        );
        assert_eq!(
            one(
                r#"[pid  4242] 12:00:01.123456 connect(3<TCP:[1234]>, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused) <0.000050>"#
            ),
            (c, "ECONNREFUSED")
        );
        assert_eq!(
            one("4242  1700000000.123456 <... recvfrom resumed>0x7ffd, 1024, 0, NULL, NULL) = -1 ECONNRESET (Connection reset by peer)"),
            (Some("recv"), "ECONNRESET")
        );
        assert!(names("[pid 7] recvfrom(5,  <unfinished ...>").is_empty());
        // Interrupted: EINTR to the program.
        let f = &recognise(
            b"epoll_wait(4, [], 1024, -1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
        )[0];
        assert_eq!(f.errno().unwrap().name, "EINTR");
        assert_eq!(
            f.context,
            Context::Interrupted {
                code: "ERESTARTSYS"
            }
        );
        assert_eq!(f.call.as_deref(), Some("epoll_wait"));
        // SO_ERROR is connect's failure.
        let f = &recognise(b"getsockopt(5, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0")[0];
        assert_eq!(
            (f.syscall, f.context),
            (Some(Syscall::Connect), Context::DeferredConnect)
        );
        assert_eq!(f.errno().unwrap().name, "ECONNREFUSED");
        assert_eq!(
            one("getsockopt(5, SOL_SOCKET, SO_ERROR, [111], [4]) = 0"),
            (c, "ECONNREFUSED")
        );
        assert!(names("getsockopt(5, SOL_SOCKET, SO_ERROR, [0], [4]) = 0").is_empty());
        // EINPROGRESS is normal.
        let f = &recognise(
            b"connect(3, {sa_family=AF_INET}, 16) = -1 EINPROGRESS (Operation now in progress)",
        )[0];
        assert_eq!(f.context, Context::InProgress);
        // Not socket work: not a finding.
        assert!(names(
            r#"openat(AT_FDCWD, "/etc/x", O_RDONLY) = -1 ENOENT (No such file or directory)"#
        )
        .is_empty());
        assert!(names(
            "futex(0x7f, FUTEX_WAIT_PRIVATE, 0, {tv_sec=1}) = -1 ETIMEDOUT (Connection timed out)"
        )
        .is_empty());
        assert!(names(r#"read(3</etc/hosts>, "", 4096) = -1 EISDIR (Is a directory)"#).is_empty());
        // Text inside the arguments is data, not this call's error.
        assert!(
            names(r#"write(2, "connect: ECONNREFUSED (Connection refused)\n", 40) = 40"#)
                .is_empty()
        );
        assert_eq!(
            one(r#"write(5<TCP:[1]>, "x", 1) = -1 EPIPE (Broken pipe)"#),
            (Some("send"), "EPIPE")
        );
    }

    #[test]
    fn program_messages() {
        assert_eq!(
            one("ConnectionRefusedError: [Errno 111] Connection refused"),
            (None, "ECONNREFUSED")
        );
        assert_eq!(
            one("OSError: [Errno 98] Address already in use"),
            (None, "EADDRINUSE")
        );
        assert_eq!(
            one("Error: connect ECONNREFUSED 127.0.0.1:9"),
            (Some("connect"), "ECONNREFUSED")
        );
        assert_eq!(
            one("Error: listen EADDRINUSE: address already in use :::8080"),
            (Some("listen"), "EADDRINUSE")
        );
        assert_eq!(one("Error: read ECONNRESET"), (Some("recv"), "ECONNRESET"));
        assert_eq!(one("Error: write EPIPE"), (Some("send"), "EPIPE"));
        assert_eq!(
            one("dial tcp 127.0.0.1:9: connect: connection refused"),
            (Some("connect"), "ECONNREFUSED")
        );
        assert_eq!(
            one("read tcp 127.0.0.1:5000->127.0.0.1:9: read: connection reset by peer"),
            (Some("recv"), "ECONNRESET")
        );
        assert_eq!(
            one("write tcp 127.0.0.1:1->127.0.0.1:2: write: broken pipe"),
            (Some("send"), "EPIPE")
        );
        assert_eq!(
            one("java.net.ConnectException: Connection refused"),
            (Some("connect"), "ECONNREFUSED")
        );
        assert_eq!(
            one("java.net.BindException: Address already in use"),
            (Some("bind"), "EADDRINUSE")
        );
        assert_eq!(
            one("java.net.SocketException: Connection reset"),
            (None, "ECONNRESET")
        );
        assert_eq!(
            one("java.net.SocketException: Broken pipe"),
            (None, "EPIPE")
        );
        assert_eq!(
            one("2024/01/01 [error] 7#7: *1 connect() failed (111: Connection refused) while connecting to upstream"),
            (Some("connect"), "ECONNREFUSED")
        );
        assert_eq!(
            one("recv() failed (104: Connection reset by peer)"),
            (Some("recv"), "ECONNRESET")
        );
        assert_eq!(
            one("ssh: connect to host 127.0.0.1 port 9: Connection refused"),
            (Some("connect"), "ECONNREFUSED")
        );
        assert_eq!(
            one("Error: Connection refused (os error 111)"),
            (None, "ECONNREFUSED")
        );
        assert_eq!(
            one(
                r#"Err(Os { code: 104, kind: ConnectionReset, message: "Connection reset by peer" })"#
            ),
            (None, "ECONNRESET")
        );
        assert_eq!(one("tcp_sendmsg ret=-104"), (None, "ECONNRESET"));
        assert_eq!(one("rpc failed: error -111"), (None, "ECONNREFUSED"));
        assert_eq!(one("send failed errno=104"), (Some("send"), "ECONNRESET"));
        assert_eq!(one("recv errno 104"), (Some("recv"), "ECONNRESET"));
        assert_eq!(one("  errno: -111,"), (None, "ECONNREFUSED"));
        assert_eq!(
            one(r#"{"level":"error","op":"recv","errno": 104}"#),
            (Some("recv"), "ECONNRESET")
        );
        assert_eq!(
            one(r#"{"level":"error","errno": 104}"#),
            (None, "ECONNRESET")
        );
        assert_eq!(
            one(r#"{"msg":"dial tcp 127.0.0.1:9: connect: connection refused"}"#),
            (Some("connect"), "ECONNREFUSED")
        );
        assert_eq!(
            one("recv failed: WSAECONNRESET"),
            (Some("recv"), "ECONNRESET")
        );
        assert_eq!(one("socket error 10054"), (None, "ECONNRESET"));
        assert_eq!(
            one("connect failed (10061)"),
            (Some("connect"), "ECONNREFUSED")
        );
        assert_eq!(
            one("[WinError 10061] No connection could be made"),
            (None, "ECONNREFUSED")
        );
        assert_eq!(one("bind: Permission denied"), (Some("bind"), "EACCES"));
    }

    #[test]
    fn not_errnos() {
        for line in [
            "EOF reached, EXIT 0",
            "12:00:01.104111 started",
            "ret=-1",
            "sin_port=htons(10054)",
            "user: Permission denied (publickey).",
            "ECONNREFUSEDX ECONNREFUSED_2 xECONNREFUSED",
            "[Errno -2] Name or service not known",
            "No such file or directory",
            "ESTABLISHED 0 0 127.0.0.1:22",
            "errno 0",
        ] {
            assert!(names(line).is_empty(), "{line}: {:?}", names(line));
        }
    }

    #[test]
    fn candidates_and_client_timeouts() {
        let v = recognise(b"curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server");
        assert_eq!(v.len(), 1);
        match &v[0].what {
            What::Candidates {
                client: Client::Curl,
                errnos,
            } => {
                assert!(errnos.iter().any(|e| e.name == "ECONNREFUSED"));
            }
            w => panic!("{w:?}"),
        }
        assert_eq!(v[0].syscall, Some(Syscall::Connect));
        assert_eq!(
            one("Exception in thread \"main\" java.net.ConnectException"),
            (Some("connect"), "?")
        );
        for line in [
            "curl: (28) Timeout was reached",
            "curl: (28) Connection timed out after 1001 milliseconds",
            "curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received",
            "TimeoutError: timed out",
            "socket.timeout: timed out",
            "java.net.SocketTimeoutException: Read timed out",
            "Get \"http://127.0.0.1:9\": dial tcp 127.0.0.1:9: i/o timeout",
            "context deadline exceeded",
            "upstream timed out (110: Connection timed out) while reading response header from upstream",
            "Connection timed out during banner exchange",
        ] {
            assert_eq!(one(line).1, "timeout", "{line}");
        }
        // The kernel's own ETIMEDOUT stays an errno.
        assert_eq!(
            one("TimeoutError: [Errno 110] Connection timed out").1,
            "ETIMEDOUT"
        );
        assert_eq!(
            one("java.net.ConnectException: Connection timed out").1,
            "ETIMEDOUT"
        );
    }

    /// xorshift64*: a tiny deterministic generator, so the random tests
    /// need no crate and fail the same way every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "connect(3, {sa_family=AF_INET}, 16)",
        " = -1 ",
        " = ? ",
        "ECONNREFUSED",
        "ERESTARTSYS",
        "WSAECONNRESET",
        "EWOULDBLOCK",
        "EOF",
        "EXIT",
        "[pid 12] ",
        "12:00:00.123456 ",
        "<... connect resumed>",
        "<unfinished ...>",
        "SO_ERROR, [",
        "]",
        "[Errno ",
        "(os error ",
        "Os { code: ",
        "ret=-",
        "error -",
        "errno=",
        "errno: -",
        "(100",
        "error 10054",
        "WinError ",
        "111",
        "104",
        "99999999999",
        "Connection refused",
        "connection reset by peer",
        "Connection reset",
        "timed out",
        "i/o timeout",
        "Timeout was reached",
        "Couldn't connect to server",
        "ConnectException",
        "SocketTimeoutException",
        "context deadline exceeded",
        "curl: (28) ",
        "Connection timed out",
        " after ",
        "upstream ",
        "read: ",
        "bind: ",
        "Permission denied",
        ": ",
        "(",
        ")",
        " ",
        "\r",
        "\0",
        "\u{1b}[2J",
        "é",
    ];

    #[test]
    fn random_lines_never_panic_and_name_only_real_errnos() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let start = std::time::Instant::now();
        let mut seen = 0;
        for case in 0..20_000 {
            let mut line = Vec::new();
            for _ in 0..rng.below(12) {
                if rng.below(3) == 0 {
                    for _ in 0..rng.below(8) {
                        line.push(rng.next() as u8);
                    }
                } else {
                    line.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes());
                }
            }
            line.retain(|&b| b != b'\n');
            let found = recognise(&line);
            assert!(found.len() <= MAX_PER_LINE);
            for f in &found {
                seen += 1;
                assert!(
                    f.span.end <= line.len() && f.span.start <= f.span.end,
                    "case {case}"
                );
                let real = |e: &Errno| kb::by_name(e.name).is_some_and(|k| std::ptr::eq(k, e));
                match &f.what {
                    What::Errno(e) => assert!(real(e), "case {case}: {}", e.name),
                    What::Candidates { errnos, .. } => assert!(errnos.iter().all(|e| real(e))),
                    What::ClientTimeout { .. } => {}
                }
            }
            assert!(start.elapsed().as_secs() < 60, "too slow");
        }
        assert!(seen > 1000, "the mix should produce findings: {seen}");
    }

    /// Collects what a scan hands over.
    #[derive(Default)]
    struct Collect {
        bytes: Vec<u8>,
        marked: Vec<u8>,
        ends: Vec<(u64, Vec<Finding>, bool)>,
    }
    impl Sink for Collect {
        fn plain(&mut self, b: &[u8]) -> io::Result<()> {
            self.bytes.extend_from_slice(b);
            Ok(())
        }
        fn marked(&mut self, b: &[u8]) -> io::Result<()> {
            self.bytes.extend_from_slice(b);
            self.marked.extend_from_slice(b);
            Ok(())
        }
        fn line_end(&mut self, line: u64, f: &[Finding], nl: bool) -> io::Result<()> {
            self.ends.push((line, f.to_vec(), nl));
            Ok(())
        }
    }

    /// A reader that returns the input in random small pieces.
    struct Trickle<'a>(&'a [u8], Rng);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = (self.1.below(300) + 1).min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn streaming_passes_everything_and_agrees_with_recognise() {
        let mut rng = Rng(42);
        for round in 0..40 {
            let mut input = Vec::new();
            for _ in 0..rng.below(200) {
                for _ in 0..rng.below(6) {
                    input.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes());
                    if rng.below(10) == 0 {
                        input.push(rng.next() as u8);
                    }
                }
                if rng.below(20) != 0 {
                    input.push(b'\n');
                }
            }
            if round % 5 == 0 {
                // a line longer than the buffer, with a finding at its start
                input.extend_from_slice(b"recv: ECONNRESET ");
                input.extend_from_slice(&vec![b'x'; LINE_CAP * 2 + 17]);
                input.push(b'\n');
                input.extend_from_slice(b"write: EPIPE");
            }
            let mut sink = Collect::default();
            let mut scanner = Scanner::with_capacity(LINE_CAP + 1 + rng.below(5000));
            let lines = scanner
                .scan(&mut Trickle(&input, Rng(round + 1)), &mut sink)
                .unwrap();
            assert_eq!(sink.bytes, input, "round {round}: bytes differ");
            let split: Vec<&[u8]> = {
                let mut v: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
                if input.last() == Some(&b'\n') || input.is_empty() {
                    v.pop();
                }
                v
            };
            assert_eq!(lines, split.len() as u64, "round {round}: line count");
            let expect: Vec<(u64, Vec<Finding>)> = split
                .iter()
                .enumerate()
                .map(|(i, l)| (i as u64 + 1, recognise(l)))
                .filter(|(_, f)| !f.is_empty())
                .collect();
            let got: Vec<(u64, Vec<Finding>)> =
                sink.ends.iter().map(|(n, f, _)| (*n, f.clone())).collect();
            assert_eq!(got, expect, "round {round}");
        }
    }
}
