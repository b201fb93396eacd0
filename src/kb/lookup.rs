//! Turning what a user typed into an errno: a name (any case, aliases too),
//! a number (decimal, negative kernel style, hex; on Linux or another
//! system), a WinSock code, a runtime's name (`ConnectionResetError`,
//! `AddrInUse`), a message text (whole or partial, any case), or a known
//! myth such as `SIGPIPE`; and getaddrinfo's EAI codes the same ways (the
//! rules only they need are in `gai.rs`).

use crate::kb::failure::{self, Failure};
use crate::kb::gai::{self, GaiWinsock};
use crate::kb::{self, Errno, Myth, Text};
use crate::lang::Lang;
use crate::platform::{self, Foreign, Meaning, Os, Winsock};
use crate::runtime::{self, RuntimeName};
use crate::syscall::Syscall;

/// How a query reached its errno; output mentions it where it helps
/// (an alias, a negative number, a myth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The canonical name.
    Name,
    /// Another name for the same number, such as `EWOULDBLOCK`.
    Alias(&'static str),
    /// A decimal number.
    Number,
    /// A negative number, the way the kernel and strace's raw mode write it.
    Negative,
    /// A hexadecimal number.
    Hex,
    /// The C library's message, whole or in part.
    Message,
    /// A name or belief that is not an errno.
    Myth(&'static Myth),
    /// A number read as another system's, with the name it has there
    /// (macOS 45 is ENOTSUP, an errno of its own there; on Linux ENOTSUP
    /// is another name for EOPNOTSUPP).
    OsNumber(Os, &'static str),
    /// A WinSock code, by name or number.
    Winsock(&'static Winsock),
    /// A runtime's name for the errno.
    Runtime(&'static RuntimeName),
    /// A WinSock code Windows' getaddrinfo returns (`11001`, `WSAHOST_NOT_FOUND`).
    GaiWinsock(&'static GaiWinsock),
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::Alias(_) => "alias",
            Via::Number | Via::Negative | Via::Hex => "number",
            Via::Message => "message",
            Via::Myth(_) => "myth",
            Via::OsNumber(..) => "os-number",
            Via::Winsock(_) | Via::GaiWinsock(_) => "winsock",
            Via::Runtime(_) => "runtime",
        }
    }
}

/// Why nothing was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The query was empty or only white space.
    Empty,
    /// `0` means success, not an error.
    Zero,
    /// A number no errno has (the number as typed).
    Number(String),
    /// A name or text that matches nothing.
    Unknown,
}

/// The outcome of [`resolve`].
#[derive(Debug)]
pub enum Resolution {
    Found {
        errno: &'static Errno,
        via: Via,
    },
    /// A message text several errnos share, or that several messages contain.
    Ambiguous(Vec<&'static Errno>),
    /// Nothing matched; `suggestions` holds close names, nearest first.
    NotFound {
        miss: Miss,
        suggestions: Vec<&'static str>,
    },
    /// A code only other systems have (macOS EPROCLIM, WSANOTINITIALISED),
    /// with the systems that have it.
    Foreign {
        code: Foreign,
        systems: Vec<Os>,
    },
    /// Runtime names that stand for several errnos, or for none (a
    /// runtime's own timeout): each says which.
    Runtime(Vec<&'static RuntimeName>),
    /// Several errnos named at once (`ECONNRESET ECONNREFUSED`, `104,111`):
    /// each with the part of the query that named it, in the query's order.
    Several(Vec<(&'static Errno, Via, String)>),
    /// Socket failures that carry no errno (`nf_conntrack: table full`),
    /// by id, by a pasted line that holds one's pattern, or by a part of a
    /// pattern; several when the text fits several.
    Failure(Vec<&'static Failure>),
}

impl Resolution {
    pub fn errno(&self) -> Option<&'static Errno> {
        match self {
            Resolution::Found { errno, .. } => Some(errno),
            _ => None,
        }
    }
}

/// Resolves a query the way `sockerr QUERY` does, numbers read as Linux's.
pub fn resolve(query: &str) -> Resolution {
    resolve_on(query, Os::Linux)
}

/// Resolves a query with numbers read as `os` gives them (`sockerr 54 --os
/// macos` is ECONNRESET). Numbers from 10000 up are WinSock codes whatever
/// the system, since no Unix errno is that large.
pub fn resolve_on(query: &str, os: Os) -> Resolution {
    resolve_for(query, os, None)
}

/// Resolves a query in the context of a call: with getaddrinfo, a negative
/// number is an EAI code (`-2` is EAI_NONAME), not `-ENOENT`.
pub fn resolve_for(query: &str, os: Os, syscall: Option<Syscall>) -> Resolution {
    if let Some(r) = gai::resolve(query, os, syscall) {
        return r;
    }
    let q = query.trim();
    if q.is_empty() {
        return not_found(Miss::Empty, Vec::new());
    }
    if let Some(r) = resolve_number(q, os) {
        return r;
    }
    if let Some(errno) = kb::errnos().iter().find(|e| e.is_named(q)) {
        let via = if errno.name.eq_ignore_ascii_case(q) {
            Via::Name
        } else {
            Via::Alias(errno.names().find(|n| n.eq_ignore_ascii_case(q)).unwrap())
        };
        return Resolution::Found { errno, via };
    }
    if let Some(w) = platform::winsock_by_name(q) {
        return winsock(w);
    }
    if let Some(m) = kb::myths().iter().find(|m| m.query.eq_ignore_ascii_case(q)) {
        let errno = kb::by_name(m.errno).expect("the build script checks myth targets");
        return Resolution::Found {
            errno,
            via: Via::Myth(m),
        };
    }
    if let Some((code, systems)) = platform::foreign_by_name(q) {
        return Resolution::Foreign {
            code: *code,
            systems,
        };
    }
    // A whole C-library message beats a runtime's spelling of it (Go's
    // "connection reset by peer" is glibc's text in lower case).
    let exact = exact_message(q);
    if !exact.is_empty() {
        return messages(exact);
    }
    // A failure without an errno, by id or by a pasted line that holds its
    // pattern: more specific than any errno or runtime name in the line
    // (nginx's "accept4() failed (24: Too many open files)").
    if let Some(f) = failure::by_id(q) {
        return Resolution::Failure(vec![f]);
    }
    let pasted = failure::in_text(q);
    if !pasted.is_empty() {
        return Resolution::Failure(pasted);
    }
    let names = runtime::lookup(q);
    if !names.is_empty() {
        let mut errnos: Vec<&str> = names
            .iter()
            .flat_map(|r| r.errnos.iter().map(|e| e.as_str()))
            .collect();
        errnos.sort_unstable();
        errnos.dedup();
        return match errnos[..] {
            [one]
                if names
                    .iter()
                    .all(|r| r.note.is_none() || r.errnos.len() == 1) =>
            {
                Resolution::Found {
                    errno: kb::by_name(one).expect("the build script checks runtime errnos"),
                    via: Via::Runtime(names[0]),
                }
            }
            _ => Resolution::Runtime(names),
        };
    }
    match by_message(q) {
        m if !m.is_empty() => messages(m),
        _ => several(q, os).unwrap_or_else(|| match failure::by_part(q) {
            f if f.is_empty() => not_found(Miss::Unknown, suggest_parts(q)),
            f => Resolution::Failure(f),
        }),
    }
}

/// A query that names several errnos, or one errno several ways, with
/// spaces, commas or slashes between the parts: `EAGAIN/EWOULDBLOCK` (the
/// way `sockerr list` prints one errno's names, pasted back),
/// `ECONNRESET ECONNREFUSED`, `104, 111`. Every part must be a name or a
/// number on its own, so a message ("connection reset", "no route to
/// host") never gets here: a whole message is tried first, and its words
/// are not errno names. `None` unless at least two parts and all of them
/// resolve.
fn several(q: &str, os: Os) -> Option<Resolution> {
    let parts: Vec<&str> = q
        .split(|c: char| c.is_whitespace() || c == '/' || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 || parts.len() > 32 {
        return None;
    }
    let mut found: Vec<(&'static Errno, Via, String)> = Vec::new();
    for part in parts {
        let (errno, via) = match resolve_on(part, os) {
            Resolution::Found { errno, via } if !matches!(via, Via::Message | Via::Runtime(_)) => {
                (errno, via)
            }
            _ => return None,
        };
        if !found.iter().any(|(e, _, _)| e.number == errno.number) {
            found.push((errno, via, part.to_string()));
        }
    }
    Some(match found.len() {
        1 => {
            let (errno, via, _) = found.remove(0);
            Resolution::Found { errno, via }
        }
        _ => Resolution::Several(found),
    })
}

fn messages(matches: Vec<&'static Errno>) -> Resolution {
    if matches.len() == 1 {
        Resolution::Found {
            errno: matches[0],
            via: Via::Message,
        }
    } else {
        Resolution::Ambiguous(matches)
    }
}

fn winsock(w: &'static Winsock) -> Resolution {
    match w.errno.and_then(kb::by_name) {
        Some(errno) => Resolution::Found {
            errno,
            via: Via::Winsock(w),
        },
        None => Resolution::Foreign {
            code: Foreign {
                name: w.name,
                number: w.number,
                meaning: w
                    .meaning
                    .expect("the build script: a WinSock code has an errno or a meaning"),
            },
            systems: vec![Os::Windows],
        },
    }
}

fn not_found(miss: Miss, suggestions: Vec<&'static str>) -> Resolution {
    Resolution::NotFound { miss, suggestions }
}

/// Numbers: `104`, `+104`, `-104` (kernel style), `0x68`. Anything that looks
/// like a number but names no errno is a miss, never an overflow panic.
fn resolve_number(q: &str, os: Os) -> Option<Resolution> {
    let (negative, body) = match q.as_bytes()[0] {
        b'-' => (true, &q[1..]),
        b'+' => (false, &q[1..]),
        _ => (false, q),
    };
    let (hex, digits) = match body.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("0x") => (true, &body[2..]),
        _ => (false, body),
    };
    let valid = !digits.is_empty()
        && if hex {
            digits.bytes().all(|b| b.is_ascii_hexdigit())
        } else {
            digits.bytes().all(|b| b.is_ascii_digit())
        };
    if !valid {
        return None;
    }
    let value = i64::from_str_radix(digits, if hex { 16 } else { 10 }).ok();
    Some(match value {
        Some(0) => not_found(Miss::Zero, Vec::new()),
        Some(n) if n >= 10000 && !negative => match platform::by_number(os, n) {
            Some(Meaning::Errnos(_)) => winsock(
                platform::WINSOCK
                    .iter()
                    .find(|w| i64::from(w.number) == n)?,
            ),
            Some(Meaning::Foreign(code)) => Resolution::Foreign {
                code,
                systems: vec![Os::Windows],
            },
            None => not_found(Miss::Number(q.to_string()), Vec::new()),
        },
        Some(n) if os != Os::Linux => {
            let names = platform::names_by_number(os, n);
            let mut errnos: Vec<&'static Errno> =
                names.iter().filter_map(|name| kb::by_name(name)).collect();
            errnos.dedup_by_key(|e| e.number);
            match (errnos.len(), platform::by_number(os, n)) {
                (1, _) => Resolution::Found {
                    errno: errnos[0],
                    via: Via::OsNumber(os, names[0]),
                },
                (0, Some(Meaning::Foreign(code))) => Resolution::Foreign {
                    code,
                    systems: vec![os],
                },
                (0, _) => not_found(Miss::Number(q.to_string()), Vec::new()),
                _ => Resolution::Ambiguous(errnos),
            }
        }
        Some(n) => match kb::by_number(n) {
            Some(errno) => Resolution::Found {
                errno,
                via: if negative {
                    Via::Negative
                } else if hex {
                    Via::Hex
                } else {
                    Via::Number
                },
            },
            None => not_found(Miss::Number(q.to_string()), Vec::new()),
        },
        None => not_found(Miss::Number(q.to_string()), Vec::new()),
    })
}

/// Lower-cases and folds runs of white space, so `"connection  RESET"`
/// matches `"Connection reset by peer"`.
fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_end_matches(['.', '!'])
        .to_string()
}

/// Every code whose message a query may match: the errnos, then
/// getaddrinfo's, except EAI_OVERFLOW's "Unknown error", which glibc 2.36
/// prints for any code it does not know.
fn with_messages() -> impl Iterator<Item = &'static Errno> {
    kb::errnos()
        .iter()
        .chain(gai::codes().iter().filter(|e| e.message != "Unknown error"))
}

/// Errnos whose message equals the query, ignoring case and spacing.
fn exact_message(query: &str) -> Vec<&'static Errno> {
    let q = normalize(query);
    with_messages()
        .filter(|e| normalize(&e.message) == q)
        .collect()
}

/// Errnos whose message equals the query (all of them, if several share
/// it), else those whose message contains it.
pub fn by_message(query: &str) -> Vec<&'static Errno> {
    let q = normalize(query);
    // A message query has words in it; "-" or "1." would match by accident.
    if !q.chars().any(char::is_alphabetic) {
        return Vec::new();
    }
    let exact = exact_message(query);
    if !exact.is_empty() || q.chars().count() < 3 {
        return exact;
    }
    with_messages()
        .filter(|e| normalize(&e.message).contains(&q))
        .collect()
}

/// Every errno whose name, message, summary or detail (in either language)
/// has all the words, ignoring case; the most relevant first.
///
/// Where a word is found decides the order: in the name, then in the
/// message, then near either (`timeout` is one letter from ETIMEDOUT and from
/// "timed out"), then in the one-line summary, and last deep in the
/// explanation. So `search timeout` leads with ETIMEDOUT, not with EDOM,
/// whose explanation mentions a timeout in passing. Within the summary and
/// the explanation, an earlier mention ranks higher; then number order.
pub fn search(words: &[&str]) -> Vec<&'static Errno> {
    let words: Vec<String> = words
        .iter()
        .flat_map(|w| w.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    // (tier, how far into the text, number) for each errno with every word.
    let mut ranked: Vec<((usize, usize, i32), &'static Errno)> = kb::errnos()
        .iter()
        .chain(gai::codes())
        .filter_map(|e| {
            let names = e.names().collect::<Vec<_>>().join(" ").to_lowercase();
            let message = e.message.to_lowercase();
            let texts = |t: Option<Text>| {
                t.map(|t| {
                    [
                        t.get(Lang::En).to_lowercase(),
                        t.get(Lang::Zh).to_lowercase(),
                    ]
                })
            };
            let summary = texts(Some(e.summary));
            let detail = texts(e.detail);
            // Where in either language's text the word first appears.
            let at = |t: &Option<[String; 2]>, w: &str| {
                t.as_ref()?.iter().filter_map(|s| s.find(w)).min()
            };
            let (mut tier, mut depth) = (0, 0);
            for w in &words {
                let (t, d) = if names.contains(w.as_str()) {
                    (0, 0)
                } else if message.contains(w.as_str()) {
                    (1, 0)
                } else if near_title(w, e) {
                    (2, 0)
                } else if let Some(d) = at(&summary, w) {
                    (3, d)
                } else if let Some(d) = at(&detail, w) {
                    (4, d)
                } else {
                    return None;
                };
                tier += t;
                depth += d;
            }
            Some(((tier, depth, e.number), e))
        })
        .collect();
    ranked.sort_by_key(|&(key, _)| key);
    ranked.into_iter().map(|(_, e)| e).collect()
}

/// Whether a word is one edit from a name (without its leading E) or from
/// a word, or two adjacent words run together, of the message: `timeout`
/// and ETIMEDOUT, "timed out". Words under four letters are left to exact
/// matching; one edit from "pipe" would be half the dictionary.
fn near_title(word: &str, e: &Errno) -> bool {
    if word.len() < 4 || !word.is_ascii() {
        return false;
    }
    let msg: Vec<String> = e
        .message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let names = e
        .names()
        .map(|n| n.strip_prefix('E').unwrap_or(n).to_ascii_lowercase());
    let pairs = msg.windows(2).map(|p| format!("{}{}", p[0], p[1]));
    names
        .chain(msg.iter().cloned())
        .chain(pairs)
        .any(|t| distance(word, &t) <= 1)
}

/// Errno and WinSock names within a small edit distance of the query,
/// nearest first, at most three.
pub fn suggest(query: &str) -> Vec<&'static str> {
    let q = query.trim().to_ascii_uppercase();
    // Past a name's length plus the allowed distance nothing can match; this
    // also keeps a 100 KB argument from costing a 100 KB-square table.
    if q.is_empty() || q.len() > 40 {
        return Vec::new();
    }
    let limit = if q.len() >= 6 { 2 } else { 1 };
    let mut scored: Vec<(usize, &'static str)> = kb::errnos()
        .iter()
        .flat_map(|e| e.names())
        .chain(platform::WINSOCK.iter().map(|w| w.name.as_str()))
        .chain(gai::codes().iter().map(|e| e.name.as_str()))
        .map(|n| (distance(&q, n), n))
        .filter(|&(d, _)| d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by_key(|&mut (_, n)| n);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// Suggestions for the whole query, or else for each of its words: in
/// `ECONNRESET ECONNREFUSD` the second word is one letter from a name.
fn suggest_parts(q: &str) -> Vec<&'static str> {
    let whole = suggest(q);
    if !whole.is_empty() {
        return whole;
    }
    let parts: Vec<&str> = q
        .split(|c: char| c.is_whitespace() || c == '/' || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    let mut out: Vec<&'static str> = Vec::new();
    if parts.len() < 2 {
        return out;
    }
    for part in parts {
        let sugg = suggest(part);
        // A part that is a name already needs no suggestion.
        if sugg.iter().any(|s| s.eq_ignore_ascii_case(part)) {
            continue;
        }
        for s in sugg {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out.truncate(3);
    out
}

/// Optimal string alignment distance: Levenshtein plus adjacent
/// transpositions, so `ECONNRESTE` is one step from `ECONNRESET`.
fn distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(q: &str) -> Option<&'static str> {
        resolve(q).errno().map(|e| e.name.as_str())
    }

    #[test]
    fn names_numbers_messages() {
        assert_eq!(name("ECONNRESET"), Some("ECONNRESET"));
        assert_eq!(name("econnreset"), Some("ECONNRESET"));
        assert_eq!(name("104"), Some("ECONNRESET"));
        assert_eq!(name("-104"), Some("ECONNRESET"));
        assert_eq!(name("0x68"), Some("ECONNRESET"));
        assert_eq!(name("Connection reset by peer"), Some("ECONNRESET"));
        assert_eq!(name("connection   RESET"), Some("ECONNRESET"));
        assert!(matches!(
            resolve("EWOULDBLOCK"),
            Resolution::Found {
                via: Via::Alias("EWOULDBLOCK"),
                ..
            }
        ));
    }

    #[test]
    fn misses_are_misses() {
        assert!(matches!(
            resolve("  "),
            Resolution::NotFound {
                miss: Miss::Empty,
                ..
            }
        ));
        assert!(matches!(
            resolve("0"),
            Resolution::NotFound {
                miss: Miss::Zero,
                ..
            }
        ));
        assert!(matches!(
            resolve("99999999999999999999"),
            Resolution::NotFound {
                miss: Miss::Number(_),
                ..
            }
        ));
        assert!(matches!(
            resolve("-"),
            Resolution::NotFound {
                miss: Miss::Unknown,
                ..
            }
        ));
        assert!(resolve(&"x".repeat(100_000)).errno().is_none());
    }

    #[test]
    fn other_systems_and_runtimes() {
        assert_eq!(
            resolve_on("54", Os::Macos).errno().unwrap().name,
            "ECONNRESET"
        );
        assert_eq!(resolve_on("54", Os::Linux).errno().unwrap().name, "EXFULL");
        assert_eq!(name("10054"), Some("ECONNRESET"));
        assert_eq!(name("WSAECONNREFUSED"), Some("ECONNREFUSED"));
        assert_eq!(name("ConnectionResetError"), Some("ECONNRESET"));
        assert_eq!(name("AddrInUse"), Some("EADDRINUSE"));
        assert_eq!(
            name("java.net.BindException: Address already in use"),
            Some("EADDRINUSE")
        );
        assert!(matches!(resolve("BlockingIOError"), Resolution::Runtime(_)));
        assert!(matches!(
            resolve("SocketTimeoutException"),
            Resolution::Runtime(_)
        ));
        assert!(matches!(resolve("EPROCLIM"), Resolution::Foreign { .. }));
        // macOS 45 is ENOTSUP, an errno of its own there.
        assert!(matches!(
            resolve_on("45", Os::Macos),
            Resolution::Found {
                via: Via::OsNumber(Os::Macos, "ENOTSUP"),
                ..
            }
        ));
        assert_eq!(name("connection reset by peer"), Some("ECONNRESET"));
    }

    #[test]
    fn failures_by_id_line_and_part_but_messages_stay_errnos() {
        let ids = |q: &str| match resolve(q) {
            Resolution::Failure(v) => v.iter().map(|f| f.id).collect::<Vec<_>>(),
            r => panic!("{q}: {r:?}"),
        };
        assert_eq!(ids("conntrack-full"), ["conntrack-full"]);
        assert_eq!(
            ids("2024/05/01 10:00:11 [crit] 1234#1234: accept4() failed (24: Too many open files)"),
            ["nginx-accept-emfile"]
        );
        assert_eq!(
            ids("java.net.SocketException: Socket closed"),
            ["java-socket-closed"]
        );
        assert_eq!(ids("use of closed network"), ["go-use-of-closed-conn"]);
        assert_eq!(ids("syn flooding"), ["syn-flood"]);
        // An errno's own message, whole or in part, is still the errno.
        assert_eq!(name("Too many open files"), Some("EMFILE"));
        assert_eq!(name("Bad file descriptor"), Some("EBADF"));
        assert!(matches!(resolve("open files"), Resolution::Ambiguous(_)));
    }

    #[test]
    fn typos_get_suggestions() {
        match resolve("ECONNRESTE") {
            Resolution::NotFound { suggestions, .. } => assert_eq!(suggestions[0], "ECONNRESET"),
            r => panic!("{r:?}"),
        }
    }

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(distance("ECONNRESTE", "ECONNRESET"), 1);
        assert_eq!(distance("EPIPE", "EPIPE"), 0);
        assert_eq!(distance("", "ABC"), 3);
    }
}
