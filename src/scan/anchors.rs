//! The literal anchors the scanner looks for first, the automata that find
//! them, and small byte helpers the recognisers share.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) enum Anchor {
    /// A part of the messages of `Anchors::groups[i]`: `onnection` for
    /// Connection refused, Connection reset by peer, Software caused
    /// connection abort, ...
    Message(usize),
    /// `rrno`: errno=N, errno N, [Errno N], errno: -N.
    Errno,
    /// `rror`: error -N, error 100xx, error: 100xx, os error N (Rust),
    /// WinError 100xx (Python on Windows).
    Error,
    /// `Os { code: N` (Rust's Debug).
    OsCode,
    /// `et=-`: ret=-N.
    RetNeg,
    /// `rr=-`: err=-N.
    ErrNeg,
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
    /// `Exception`: Java's ConnectException (and, for failures.rs, its
    /// SocketException: Socket closed).
    Exception,
    /// `(100`: (100xx).
    Paren100,
    /// A part of a failure's pattern (failures.rs): the line is then
    /// searched for the failures' whole patterns.
    Failure,
    /// A part of a program's words for a name that did not resolve
    /// (resolver.rs): `esolv` for curl's and ssh's "Could not resolve",
    /// wget's "unable to resolve host address" and apt's "Temporary failure
    /// resolving"; Go's "no such host"; ... Which phrase it is, is checked
    /// around the anchor.
    Resolver,
}

pub(super) const MARKERS: &[(&str, Anchor)] = &[
    ("rrno", Anchor::Errno),
    ("rror", Anchor::Error),
    ("et=-", Anchor::RetNeg),
    ("rr=-", Anchor::ErrNeg),
    ("SO_ERROR, [", Anchor::SoError),
    ("imeout", Anchor::Timeout),
    ("eadline exceeded", Anchor::Deadline),
    ("Exception", Anchor::Exception),
    // Programs' words for a name that did not resolve that hold no message
    // part (resolver.rs; the others come with `resol` and `o such `).
    ("erver misbehaving", Anchor::Resolver),
];

/// Settings looked for only in a line that some anchor already brought to
/// [`recognise`], with [`find`]: each comes with an anchor of its own kind.
/// Rust's Debug form `Os { code: 104, ..., message: "Connection reset by
/// peer" }` carries the errno's message; curl's `Couldn't connect to
/// server` holds `onnect`. Not being in the text automaton keeps it small.
pub(super) const SECONDARY: &[(&str, Anchor)] = &[
    ("Os { code:", Anchor::OsCode),
    ("ouldn't connect to server", Anchor::CouldntConnect),
    // A client's own timeout borrows words every such line holds with
    // another anchor: Python's `TimeoutError: timed out` (`rror`), nginx's
    // `upstream timed out (110: Connection timed out)` and curl's
    // `Connection timed out after` (`onnect`), curl's `Operation timed out
    // after` (`peration `), Java's SocketTimeoutException (`imeout`).
    ("imed out", Anchor::TimedOut),
    // WinSock's number in brackets, `(10054)`, comes with words that have
    // an anchor: "socket error (10060)", "forcibly closed by the remote
    // host. (10054)" (`onnect` of "connection"), "failed (10061)" after
    // `rror` or a call's message.
    ("(100", Anchor::Paren100),
    // Java's UnknownHostException always comes with `Exception`.
    ("nknownHostException", Anchor::Resolver),
];

/// getaddrinfo texts found only in a line another anchor brought: a
/// program's own bug (EAI_BADFLAGS), which reaches a log with a setting
/// that has an anchor (`[Errno -1] Bad value for ai_flags`, `getaddrinfo
/// EAI_BADFLAGS`).
pub(super) const SECONDARY_MESSAGES: &[&str] = &["Bad value for ai_flags"];

/// Parts that several messages share, each one anchor for all of them
/// (the first part a message holds, after its first letter, decides). The
/// fewer patterns the text automaton holds, the faster its SIMD prefilter
/// runs over the bulk of the input, which is most of the scanner's time: up
/// to 32 patterns it takes the narrow "Slim Teddy" variant, twice as fast
/// as the one it needs above 32. A message that holds none of these is
/// anchored by everything but its first letter, whose case differs (Go
/// writes `connection refused`).
const SHARED_PARTS: &[&str] = &[
    "not supported",
    // Connection refused, ... reset by peer, ... timed out, Software caused
    // connection abort, Network dropped connection on reset, Transport
    // endpoint is (already|not) connected; and curl's Couldn't connect.
    "onnect",
    // Cannot allocate memory, ... assign requested address, ... send after
    // transport endpoint shutdown.
    "annot ",
    "etwork is",
    "rotocol ",
    // No buffer space available, Resource temporarily unavailable.
    "available",
    "ddress",
    "peration ",
    "oo many ",
    "ost is down",
    // No such file or directory; and Go's and Windows' "no such host"
    // (resolver.rs), which the same anchor brings.
    "o such ",
    // getaddrinfo's texts: Name or service not known, macOS's nodename nor
    // servname provided, or not known, musl's Name does not resolve; and
    // the programs' "Could not resolve host" and nginx's "host not found in
    // upstream" (resolver.rs). After the parts above, which take the
    // errnos' own "not" (Transport endpoint is not connected, Operation not
    // permitted).
    " not ",
    // Temporary failure in name resolution, Non-recoverable failure in name
    // resolution; and the programs' "unable to resolve host address" and
    // "Temporary failure resolving" (resolver.rs).
    "resol",
];

/// Whether a text holds one of the shared parts (after its first letter),
/// so it costs the text automaton no pattern of its own.
pub(super) fn shares_piece(text: &str) -> bool {
    SHARED_PARTS.iter().any(|p| text[1..].contains(p))
}

/// A message text and the errnos that print it.
pub(super) struct Message {
    pub(super) text: &'static str,
    pub(super) errnos: Vec<&'static Errno>,
    pub(super) strict: bool,
}

/// Whether `text` is written at `st` in `line`: its first letter in either
/// case, the rest exactly.
pub(super) fn message_at(line: &[u8], st: usize, text: &str) -> bool {
    let t = text.as_bytes();
    line.get(st..st + t.len())
        .is_some_and(|l| l[0].eq_ignore_ascii_case(&t[0]) && l[1..] == t[1..])
}

/// The first three bytes of every errno name (`ECO`, `EAG`, `E2B`), as a
/// bit per (second byte, third byte): an `E` that starts a word is a name's
/// start only if the two bytes after it are a known pair.
pub(super) struct Names {
    pairs: Vec<u64>,
}

impl Names {
    fn new() -> Names {
        let mut pairs = vec![0u64; 65536 / 64];
        // getaddrinfo's codes (EAI_...) and Node's and c-ares's names for
        // resolver failures (ENOTFOUND) are found as errno names are.
        let names = kb::errnos()
            .iter()
            .flat_map(|e| e.names())
            .chain(kb::gai::codes().iter().map(|e| e.name.as_str()))
            .chain(resolver::NODE_NAMES.iter().copied());
        for n in names {
            if let [b'E', b1, b2, ..] = n.as_bytes() {
                let i = usize::from(*b1) << 8 | usize::from(*b2);
                pairs[i / 64] |= 1 << (i % 64);
            }
        }
        Names { pairs }
    }

    fn known(&self, b1: u8, b2: u8) -> bool {
        let i = usize::from(b1) << 8 | usize::from(b2);
        self.pairs[i / 64] & (1 << (i % 64)) != 0
    }

    /// Where the next errno name may start, at or after `from`: an `E` at a
    /// word start (or after a word-starting `WSA`) followed by a known pair.
    /// A `memchr` loop and a table look-up: cheaper than an automaton here,
    /// where most `E`s (EPOLLIN, SOCK_CLOEXEC) fail at the first check.
    pub(super) fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        while i < hay.len() {
            let p = i + memchr::memchr(b'E', &hay[i..])?;
            i = p + 1;
            if p + 2 >= hay.len() || !self.known(hay[p + 1], hay[p + 2]) {
                continue;
            }
            let wsa = p >= 3 && &hay[p - 3..p] == b"WSA" && word_start(hay, p - 3);
            if wsa || word_start(hay, p) {
                return Some(p);
            }
        }
        None
    }

    /// Every possible name start in a line.
    pub(super) fn iter<'h>(&'h self, hay: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
        let mut from = 0;
        std::iter::from_fn(move || {
            let p = self.find(hay, from)?;
            from = p + 1;
            Some(p)
        })
    }
}

pub(super) struct Anchors {
    pub(super) names: Names,
    pub(super) texts: AhoCorasick,
    pub(super) kinds: Vec<Anchor>,
    pub(super) messages: Vec<Message>,
    /// For each message anchor: the messages it stands for, with where the
    /// anchor starts in each, longest message first (`Connection reset by
    /// peer` before Java's `Connection reset`).
    pub(super) groups: Vec<Vec<(usize, usize)>>,
    /// For each message anchor: whether a resolver phrase holds it too
    /// (`resol`, `o such `), so a hit is also read as one (resolver.rs).
    pub(super) resolver: Vec<bool>,
    /// Message groups looked for only in a line another anchor brought
    /// ([`SECONDARY_MESSAGES`]): the group and its part.
    pub(super) secondary: Vec<(usize, &'static str)>,
}

/// The Teddy prefilter takes at most this many patterns; past it the text
/// automaton would scan a byte at a time, several times slower.
pub(super) const TEXT_ANCHORS_MAX: usize = 64;

/// Up to this many, Teddy uses its narrow variant, which handles twice the
/// bytes per step: the scan benchmark (bench/scan.sh) depends on it.
#[cfg(test)]
pub(super) const TEXT_ANCHORS_SLIM: usize = 32;

pub(super) fn anchors() -> &'static Anchors {
    static A: OnceLock<Anchors> = OnceLock::new();
    A.get_or_init(|| {
        let names = Names::new();

        let mut messages: Vec<Message> = Vec::new();
        for e in kb::errnos() {
            let strict = STRICT.contains(&e.name.as_str());
            if !(is_socket_errno(e) || strict) || e.message.len() < 4 {
                continue;
            }
            match messages
                .iter_mut()
                .find(|m| m.text.eq_ignore_ascii_case(&e.message))
            {
                Some(m) => m.errnos.push(e),
                None => messages.push(Message {
                    text: e.message.as_str(),
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
        // getaddrinfo's texts, glibc's and other systems' (macOS "nodename
        // nor servname provided, or not known", musl's "Name does not
        // resolve").
        for (text, e) in resolver::messages() {
            match messages
                .iter_mut()
                .find(|m| m.text.eq_ignore_ascii_case(text))
            {
                Some(m) if !m.errnos.iter().any(|x| x.name == e.name) => m.errnos.push(e),
                Some(_) => {}
                None => messages.push(Message {
                    text,
                    errnos: vec![e],
                    strict: false,
                }),
            }
        }
        let mut parts: Vec<&'static str> = Vec::new();
        let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
        for (i, m) in messages.iter().enumerate() {
            let (part, at) = SHARED_PARTS
                .iter()
                .find_map(|p| m.text[1..].find(p).map(|at| (*p, at + 1)))
                .unwrap_or((&m.text[1..], 1));
            match parts.iter().position(|p| *p == part) {
                Some(g) => groups[g].push((i, at)),
                None => {
                    parts.push(part);
                    groups.push(vec![(i, at)]);
                }
            }
        }
        for g in &mut groups {
            g.sort_by_key(|&(i, _)| std::cmp::Reverse(messages[i].text.len()));
        }
        let resolver: Vec<bool> = parts.iter().map(|p| resolver::holds(p)).collect();
        let mut pats: Vec<&[u8]> = Vec::new();
        let mut kinds = Vec::new();
        let mut secondary = Vec::new();
        for (g, p) in parts.iter().enumerate() {
            let only = &groups[g];
            if only.len() == 1 && SECONDARY_MESSAGES.contains(&messages[only[0].0].text) {
                secondary.push((g, *p));
                continue;
            }
            pats.push(p.as_bytes());
            kinds.push(Anchor::Message(g));
        }
        for (p, k) in MARKERS {
            pats.push(p.as_bytes());
            kinds.push(*k);
        }
        for p in FAILURE_ANCHORS {
            pats.push(p.as_bytes());
            kinds.push(Anchor::Failure);
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
            groups,
            resolver,
            secondary,
        }
    })
}

/// Where the next anchor of either automaton starts, at or after `from`.
pub(super) struct NextHit {
    pub(super) names: Option<usize>,
    pub(super) texts: Option<usize>,
}

impl NextHit {
    pub(super) fn new(a: &Anchors, hay: &[u8]) -> NextHit {
        NextHit {
            names: a.names.find(hay, 0),
            texts: find_from(&a.texts, hay, 0),
        }
    }

    pub(super) fn first(&self) -> Option<usize> {
        match (self.names, self.texts) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Moves past everything before `pos`.
    pub(super) fn skip_to(&mut self, a: &Anchors, hay: &[u8], pos: usize) {
        if self.names.is_some_and(|h| h < pos) {
            self.names = a.names.find(hay, pos);
        }
        if self.texts.is_some_and(|h| h < pos) {
            self.texts = find_from(&a.texts, hay, pos);
        }
    }
}

pub(super) fn find_from(ac: &AhoCorasick, hay: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    ac.find(Input::new(hay).span(from..hay.len()))
        .map(|m| m.start())
}

// ---------------------------------------------------------------------------
// Small byte helpers

pub(super) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether a word may start at `i`: the byte before is not part of a word.
pub(super) fn word_start(line: &[u8], i: usize) -> bool {
    i == 0 || !is_word(line[i - 1])
}

pub(super) fn word_end(line: &[u8], i: usize) -> bool {
    i >= line.len() || !is_word(line[i])
}

/// Decimal digits at `i` (at most 6): the value and where they end.
pub(super) fn digits_at(line: &[u8], i: usize) -> Option<(u32, usize)> {
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

pub(super) fn starts_with_at(line: &[u8], i: usize, s: &[u8]) -> bool {
    line.get(i..i + s.len()) == Some(s)
}

pub(super) fn ends_with_ci(hay: &[u8], s: &[u8]) -> bool {
    hay.len() >= s.len() && hay[hay.len() - s.len()..].eq_ignore_ascii_case(s)
}

pub(super) fn contains(hay: &[u8], s: &[u8]) -> bool {
    find(hay, s).is_some()
}

/// Where `needle` first occurs in `hay`. The needles here are short and
/// the haystacks one line: a `memchr` for the first byte and a compare
/// beats building a `memmem` searcher at every call, which the scanner did
/// for every line an anchor brought to it.
pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    memchr::memchr_iter(first, hay).find(|&i| hay[i + 1..].starts_with(rest))
}

/// Where `needle` last occurs in `hay` (see [`find`]).
pub(super) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    memchr::memrchr_iter(first, hay).find(|&i| hay[i + 1..].starts_with(rest))
}

pub(super) fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(200)]).into_owned()
}
