//! Name-resolution failures: getaddrinfo's EAI codes as programs print
//! them. glibc's texts ("Name or service not known", and macOS's, musl's
//! wordings), Python's `[Errno -2]` (an EAI code, never ENOENT) and
//! `herror: [Errno 1]` (h_errno, never EPERM), Node's `getaddrinfo
//! ENOTFOUND` and libuv's `errno: -3008`, c-ares's `queryA ESERVFAIL`,
//! Go's `no such host` and `lookup ... i/o timeout`, curl's `Could not
//! resolve host`, wget, ssh, Java's `UnknownHostException`, nginx's `host
//! not found in upstream`. When getaddrinfo failed with EAI_SYSTEM the real
//! cause is an errno, and the finding is that errno, marked as such.
//!
//! A program's words that do not pin the code down give candidates: the
//! codes the runtime table (`data/getaddrinfo.json`) says they cover.

use super::*;
use crate::kb::{gai, Str};
use crate::runtime::{self, Runtime};

/// Node's and c-ares's names for resolver failures that are not errno
/// names; their prefixes join the name automaton.
pub(super) const NODE_NAMES: &[&str] = &["ENOTFOUND", "ESERVFAIL", "EREFUSED", "ETIMEOUT"];

/// The codes whose glibc text alone is a finding. EAI_MEMORY's "Memory
/// allocation failure" and EAI_SYSTEM's "System error" are everyday words;
/// the asynchronous codes never reach a log.
const WITH_TEXT: &[&str] = &[
    "EAI_BADFLAGS",
    "EAI_NONAME",
    "EAI_AGAIN",
    "EAI_FAIL",
    "EAI_NODATA",
    "EAI_FAMILY",
    "EAI_SOCKTYPE",
    "EAI_SERVICE",
    "EAI_ADDRFAMILY",
];

/// The texts to look for, with their code: glibc's, and other systems'
/// where they share an anchor with one (macOS's "nodename nor servname
/// provided, or not known") or are as common (musl's and FreeBSD's "Name
/// does not resolve").
pub(super) fn messages() -> Vec<(&'static str, &'static Errno)> {
    let mut out = Vec::new();
    for e in gai::codes()
        .iter()
        .filter(|e| WITH_TEXT.contains(&e.name.as_str()))
    {
        out.push((e.message.as_str(), e));
        let Some(s) = gai::systems(e) else { continue };
        for c in [s.macos, s.freebsd, s.musl].into_iter().flatten() {
            for text in std::iter::once(c.message.as_str()).chain(c.older_message.map(Str::as_str))
            {
                if text == "Name does not resolve" || super::anchors::shares_piece(text) {
                    out.push((text, e));
                }
            }
        }
    }
    out
}

fn code(name: &str) -> &'static Errno {
    gai::by_name(name).expect("an EAI code of data/getaddrinfo.json")
}

/// The codes a runtime's name covers, from the runtime table.
fn covered(rt: Runtime, name: &str) -> Vec<&'static Errno> {
    runtime::names()
        .iter()
        .find(|r| r.runtime == rt && r.name == name)
        .map(|r| r.errnos.iter().filter_map(|n| kb::by_name(n)).collect())
        .unwrap_or_default()
}

fn candidates(
    line: &[u8],
    client: Client,
    errnos: Vec<&'static Errno>,
    span: Range<usize>,
    call: Option<(Option<Syscall>, String)>,
) -> Finding {
    finding(
        line,
        What::Candidates { client, errnos },
        span,
        Via::Name,
        call,
    )
}

/// Go's resolver line: `lookup HOST on SERVER:53: ...` or `lookup HOST:
/// ...`, before `at`. Its network errors are the nameserver's.
fn go_lookup(line: &[u8], at: usize) -> bool {
    let before = &line[..at];
    memchr::memmem::find(before, b"lookup ").is_some_and(|i| {
        word_start(line, i) && (contains(&before[i..], b":53: ") || contains(&before[i..], b": "))
    })
}

/// A message the resolver rules read otherwise: Go's `lookup ... on
/// SERVER:53: read udp ...: connection refused` is the nameserver refusing,
/// which glibc reports as EAI_AGAIN. Returns whether it pushed a finding.
pub(super) fn message_spot(
    line: &[u8],
    m: &Message,
    st: usize,
    e: usize,
    out: &mut Vec<Finding>,
) -> bool {
    let refused = m.errnos.len() == 1 && m.errnos[0].name == "ECONNREFUSED";
    if refused && contains(&line[..st], b":53: ") && go_lookup(line, st) {
        out.push(finding(
            line,
            What::Errno(code("EAI_AGAIN")),
            st..e,
            Via::Message,
            None,
        ));
        return true;
    }
    false
}

/// Go's `lookup HOST ...: i/o timeout`: the nameserver did not answer,
/// EAI_AGAIN, not a client timeout.
pub(super) fn go_timeout(line: &[u8], span: Range<usize>, out: &mut Vec<Finding>) -> bool {
    if !go_lookup(line, span.start) {
        return false;
    }
    out.push(finding(
        line,
        What::Errno(code("EAI_AGAIN")),
        span,
        Via::Name,
        None,
    ));
    true
}

/// The programs' phrases for a name that did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phrase {
    /// `no such host` (Go), `No such host is known` (Windows).
    NoSuchHost,
    /// `server misbehaving` (Go).
    Misbehaving,
    /// `Could not resolve host` / `proxy` (curl), `hostname` (ssh), `'x'` (apt).
    CouldNotResolve,
    /// `unable to resolve host address` (wget).
    UnableToResolve,
    /// `UnknownHostException` (Java).
    UnknownHost,
    /// `host not found in upstream` (nginx).
    NotInUpstream,
    /// `Temporary failure resolving 'HOST'` (apt).
    TemporaryFailureResolving,
}

/// Each phrase as written, its first letter in either case. The text
/// automaton holds only parts of them (`Anchor::Resolver`: `esolv`, `o such
/// host`, ...), which keeps it small; a part's hit is checked against every
/// phrase that holds it.
const PHRASES: &[(&str, Phrase)] = &[
    ("Could not resolve ", Phrase::CouldNotResolve),
    ("Unable to resolve host address", Phrase::UnableToResolve),
    (
        "Temporary failure resolving ",
        Phrase::TemporaryFailureResolving,
    ),
    ("No such host", Phrase::NoSuchHost),
    ("Server misbehaving", Phrase::Misbehaving),
    ("Host not found in upstream", Phrase::NotInUpstream),
    ("UnknownHostException", Phrase::UnknownHost),
];

/// Whether a phrase holds `part` (after its first letter): a message
/// anchor that is also a resolver one.
pub(super) fn holds(part: &str) -> bool {
    PHRASES.iter().any(|(t, _)| t[1..].contains(part))
}

/// A resolver anchor at `s..e`: every phrase written around it.
pub(super) fn spot(line: &[u8], s: usize, e: usize, out: &mut Vec<Finding>) {
    let hit = &line[s..e];
    for &(text, p) in PHRASES {
        let t = text.as_bytes();
        let Some(k) = find(&t[1..], hit).map(|k| k + 1) else {
            continue;
        };
        let Some(st) = s.checked_sub(k) else {
            continue;
        };
        if message_at(line, st, text) {
            phrase_spot(line, p, st + 1, st + t.len(), out);
        }
    }
}

/// A phrase at `s - 1..e`: `s..e` leaves out its first letter.
fn phrase_spot(line: &[u8], p: Phrase, s: usize, e: usize, out: &mut Vec<Finding>) {
    let Some(st) = s.checked_sub(1).filter(|&st| word_start(line, st)) else {
        return;
    };
    match p {
        Phrase::NoSuchHost => {
            if !word_end(line, e) {
                return;
            }
            if starts_with_at(line, e, b" is known") {
                // Windows' text for WSAHOST_NOT_FOUND (.NET, PowerShell).
                out.push(finding(
                    line,
                    What::Errno(code("EAI_NONAME")),
                    st..e + 9,
                    Via::Message,
                    None,
                ));
            } else {
                let errnos = covered(Runtime::Go, "no such host");
                out.push(candidates(line, Client::Go, errnos, st..e, None));
            }
        }
        Phrase::Misbehaving => {
            if word_end(line, e) {
                out.push(finding(
                    line,
                    What::Errno(code("EAI_AGAIN")),
                    st..e,
                    Via::Message,
                    None,
                ));
            }
        }
        Phrase::CouldNotResolve => {
            let rest = &line[e..];
            let (client, name, len) = if rest.starts_with(b"hostname") {
                (Client::Ssh, "Could not resolve hostname", 8)
            } else if rest.starts_with(b"host") {
                (Client::Curl, "Could not resolve host", 4)
            } else if rest.starts_with(b"proxy") {
                (Client::Curl, "Could not resolve proxy", 5)
            } else if rest.starts_with(b"'") {
                // apt: "Could not resolve 'deb.debian.org'" is EAI_NONAME.
                out.push(finding(
                    line,
                    What::Errno(code("EAI_NONAME")),
                    st..e - 1,
                    Via::Message,
                    None,
                ));
                return;
            } else {
                return;
            };
            if !word_end(line, e + len) {
                return;
            }
            let rt = if client == Client::Ssh {
                Runtime::Ssh
            } else {
                Runtime::Curl
            };
            out.push(candidates(
                line,
                client,
                covered(rt, name),
                st..e + len,
                None,
            ));
        }
        Phrase::UnableToResolve => {
            let errnos = covered(Runtime::Wget, "unable to resolve host address");
            out.push(candidates(line, Client::Wget, errnos, st..e, None));
        }
        Phrase::UnknownHost => {
            if !word_end(line, e) {
                return;
            }
            let errnos = covered(Runtime::Java, "java.net.UnknownHostException");
            out.push(candidates(line, Client::Java, errnos, st..e, None));
        }
        Phrase::TemporaryFailureResolving => {
            // apt's words for EAI_AGAIN.
            out.push(finding(
                line,
                What::Errno(code("EAI_AGAIN")),
                st..e - 1,
                Via::Message,
                None,
            ));
        }
        Phrase::NotInUpstream => {
            let errnos = covered(Runtime::Nginx, "host not found in upstream");
            out.push(candidates(line, Client::Nginx, errnos, st..e, None));
        }
    }
}

/// Whether the name at `p` is a c-ares code in Node's words: after a
/// `queryA`-style call name (`Error: queryA ESERVFAIL host`), or as the
/// `code: '...'` of Node's error object, where ENODATA is c-ares's.
fn cares_context(line: &[u8], p: usize) -> bool {
    let before = &line[..p];
    if ends_with_ci(before, b"code: '") {
        return true;
    }
    let t = before.len() - before.iter().rev().take_while(|b| **b == b' ').count();
    let w = before[..t]
        .iter()
        .rev()
        .take_while(|b| is_word(**b))
        .count();
    let word = &before[t - w..t];
    t > 0 && t < p && (word.starts_with(b"query") || word == b"getHostByAddr")
}

/// A word the name automaton found that is a resolver failure rather than
/// an errno: Node's ENOTFOUND, c-ares's ESERVFAIL, and c-ares's ENODATA
/// (not errno 61). Returns whether it pushed a finding.
pub(super) fn name_spot(
    line: &[u8],
    p: usize,
    end: usize,
    name: &str,
    call: &Option<(Option<Syscall>, String)>,
    out: &mut Vec<Finding>,
) -> bool {
    let cares = cares_context(line, p);
    let what = match name {
        "ENOTFOUND" if cares && !ends_with_ci(&line[..p], b"code: '") => {
            What::Errno(code("EAI_NONAME"))
        }
        "ENOTFOUND" => What::Candidates {
            client: Client::Node,
            errnos: covered(Runtime::Node, "ENOTFOUND"),
        },
        "ESERVFAIL" | "EREFUSED" => What::Errno(code("EAI_AGAIN")),
        "ETIMEOUT" if cares => What::Errno(code("EAI_AGAIN")),
        "ENODATA" if cares => What::Errno(code("EAI_NODATA")),
        _ => return false,
    };
    let call = call
        .clone()
        .filter(|(s, _)| *s == Some(Syscall::Getaddrinfo));
    out.push(finding(line, what, p..end, Via::Name, call));
    true
}

/// A number in an errno setting that is a resolver code: Python's
/// `gaierror: [Errno -2]` (and `[Errno 8]` on macOS), `herror: [Errno 1]`
/// (h_errno HOST_NOT_FOUND), libuv's `errno: -3008`. (WinSock's 11001 is
/// read with the other WinSock codes, in `number_finding`.)
/// Returns whether the number was a resolver one (found or not).
pub(super) fn number_spot(
    line: &[u8],
    n: u32,
    negative: bool,
    python: bool,
    span: Range<usize>,
    out: &mut Vec<Finding>,
) -> bool {
    let before = &line[..span.start];
    let e = if python && ends_with_ci(before, b"herror: ") {
        // h_errno: 1 HOST_NOT_FOUND, 2 TRY_AGAIN, 3 NO_RECOVERY, 4 NO_DATA.
        match n {
            1 => Some("EAI_NONAME"),
            2 => Some("EAI_AGAIN"),
            3 => Some("EAI_FAIL"),
            4 => Some("EAI_NODATA"),
            _ => return true,
        }
        .map(code)
    } else if python && negative {
        gai::by_number(-i64::from(n))
    } else if python && ends_with_ci(before, b"gaierror: ") && n < 10000 {
        // macOS's and FreeBSD's numbers are positive.
        gai::codes()
            .iter()
            .find(|e| gai::on(e, crate::platform::Os::Macos).is_some_and(|c| c.number as u32 == n))
    } else if negative && (3000..3100).contains(&n) {
        gai::node_uv(-(n as i32)).map(code)
    } else {
        return false;
    };
    if let Some(e) = e {
        let call = call_before(line, span.start, LOOKBACK, false)
            .filter(|(s, _)| *s == Some(Syscall::Getaddrinfo));
        out.push(finding(line, What::Errno(e), span, Via::Number, call));
    }
    true
}

/// When getaddrinfo failed with EAI_SYSTEM the errno is the cause: a line
/// that names both keeps the errno, marked; an errno that follows
/// `getaddrinfo` (Node's `getaddrinfo EBUSY`) is marked too.
pub(super) fn tidy(raw: &mut Vec<Finding>) {
    let errno = |f: &Finding| {
        f.errno()
            .is_some_and(|e| e.namespace() == kb::Namespace::Errno)
    };
    let system = |f: &Finding| f.errno().is_some_and(|e| e.name == "EAI_SYSTEM");
    if !raw.iter().any(errno) {
        return;
    }
    let had_system = raw.iter().any(system);
    raw.retain(|f| !system(f));
    for f in raw.iter_mut().filter(|f| errno(f)) {
        if had_system || f.syscall == Some(Syscall::Getaddrinfo) {
            f.context = Context::EaiSystem;
        }
    }
}
