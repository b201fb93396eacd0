//! Turning what a user typed into an errno: a name (any case, aliases too),
//! a number (decimal, negative kernel style, hex; on Linux or another
//! system), a WinSock code, a runtime's name (`ConnectionResetError`,
//! `AddrInUse`), a message text (whole or partial, any case), or a known
//! myth such as `SIGPIPE`.

use crate::kb::failure::{self, Failure};
use crate::kb::{self, Errno, Myth};
use crate::platform::{self, Foreign, Meaning, Os, Winsock};
use crate::runtime::{self, RuntimeName};

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
    /// A number read as another system's.
    OsNumber(Os),
    /// A WinSock code, by name or number.
    Winsock(&'static Winsock),
    /// A runtime's name for the errno.
    Runtime(&'static RuntimeName),
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::Alias(_) => "alias",
            Via::Number | Via::Negative | Via::Hex => "number",
            Via::Message => "message",
            Via::Myth(_) => "myth",
            Via::OsNumber(_) => "os-number",
            Via::Winsock(_) => "winsock",
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
        let errno = kb::by_name(m.errno).expect("build.rs checks myth targets");
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
            .flat_map(|r| r.errnos.iter().copied())
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
                    errno: kb::by_name(one).expect("build.rs checks runtime errnos"),
                    via: Via::Runtime(names[0]),
                }
            }
            _ => Resolution::Runtime(names),
        };
    }
    match by_message(q) {
        m if m.is_empty() => match failure::by_part(q) {
            f if f.is_empty() => not_found(Miss::Unknown, suggest(q)),
            f => Resolution::Failure(f),
        },
        m => messages(m),
    }
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
                    .expect("build.rs: a WinSock code has an errno or a meaning"),
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
        Some(n) if os != Os::Linux => match platform::by_number(os, n) {
            Some(Meaning::Errnos(v)) if v.len() == 1 => Resolution::Found {
                errno: v[0],
                via: Via::OsNumber(os),
            },
            Some(Meaning::Errnos(v)) => Resolution::Ambiguous(v),
            Some(Meaning::Foreign(code)) => Resolution::Foreign {
                code,
                systems: vec![os],
            },
            None => not_found(Miss::Number(q.to_string()), Vec::new()),
        },
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

/// Errnos whose message equals the query, ignoring case and spacing.
fn exact_message(query: &str) -> Vec<&'static Errno> {
    let q = normalize(query);
    kb::errnos()
        .iter()
        .filter(|e| normalize(e.message) == q)
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
    kb::errnos()
        .iter()
        .filter(|e| normalize(e.message).contains(&q))
        .collect()
}

/// Every errno whose name, message, summary or detail (in either language)
/// contains all the words, ignoring case.
pub fn search(words: &[&str]) -> Vec<&'static Errno> {
    let words: Vec<String> = words
        .iter()
        .flat_map(|w| w.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    kb::errnos()
        .iter()
        .filter(|e| {
            let mut hay = format!(
                "{} {} {} {} {}",
                e.names().collect::<Vec<_>>().join(" "),
                e.message,
                e.summary.en,
                e.summary.zh,
                e.detail
                    .map(|d| format!("{} {}", d.en, d.zh))
                    .unwrap_or_default()
            );
            hay.make_ascii_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
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
        .chain(platform::WINSOCK.iter().map(|w| w.name))
        .map(|n| (distance(&q, n), n))
        .filter(|&(d, _)| d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by_key(|&mut (_, n)| n);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
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
        resolve(q).errno().map(|e| e.name)
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
