//! The literal anchors the scanner looks for first, the automata that find
//! them, and small byte helpers the recognisers share.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) enum Anchor {
    /// A piece of the messages of group `i` of [`Anchors::groups`]: by
    /// default a message's tail (everything but its first letter), or a
    /// piece several messages share (see [`SHARED`]).
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
    /// Resolver failures in programs' own words; see `resolver.rs`.
    Resolver(Phrase),
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

pub(super) const MARKERS: &[(&str, Anchor)] = &[
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
    ("o such host", Anchor::Resolver(Phrase::NoSuchHost)),
    ("erver misbehaving", Anchor::Resolver(Phrase::Misbehaving)),
    (
        "ould not resolve ",
        Anchor::Resolver(Phrase::CouldNotResolve),
    ),
    (
        "nable to resolve host address",
        Anchor::Resolver(Phrase::UnableToResolve),
    ),
    ("nknownHostException", Anchor::Resolver(Phrase::UnknownHost)),
    (
        "ost not found in upstream",
        Anchor::Resolver(Phrase::NotInUpstream),
    ),
    (
        "emporary failure resolving ",
        Anchor::Resolver(Phrase::TemporaryFailureResolving),
    ),
];

/// Pieces several messages share, so that one anchor finds them all and the
/// text automaton stays within [`TEXT_ANCHORS_MAX`] patterns. A message
/// that holds one of these is anchored on it (the first that fits) instead
/// of on its tail, and verified whole when the piece is found. Every piece
/// is at least 4 bytes: Teddy fingerprints min(4, shortest pattern) bytes,
/// and one 3-byte pattern made the whole scan a third slower.
pub(super) const SHARED: &[&str] = &[
    "oo many open files",
    "onnection reset",
    "ransport endpoint is ",
    "rotocol not ",
    "peration ",
    "etwork is ",
    "ddress family ",
    "ailure in name resolution",
    "o address associated with ",
    " not known",
    "ai_f",
    "ai_s",
];

/// Whether a text holds one of the shared anchor pieces, so it can be
/// looked for without an anchor of its own.
pub(super) fn shares_piece(text: &str) -> bool {
    SHARED.iter().any(|p| text.contains(p))
}

/// A message text and the errnos (or EAI codes) that print it.
pub(super) struct Message {
    pub(super) text: &'static str,
    pub(super) errnos: Vec<&'static Errno>,
    pub(super) strict: bool,
    /// Where its anchor starts in `text`.
    pub(super) offset: usize,
}

pub(super) struct Anchors {
    pub(super) names: AhoCorasick,
    pub(super) texts: AhoCorasick,
    pub(super) kinds: Vec<Anchor>,
    pub(super) messages: Vec<Message>,
    /// The messages each `Anchor::Message` pattern stands for.
    pub(super) groups: Vec<Vec<usize>>,
}

/// Adds a message, or its codes to the same text (any case) already there.
fn add_message(messages: &mut Vec<Message>, text: &'static str, e: &'static Errno, strict: bool) {
    match messages
        .iter_mut()
        .find(|m| m.text.eq_ignore_ascii_case(text))
    {
        Some(m) => {
            if !m.errnos.iter().any(|x| x.name == e.name) {
                m.errnos.push(e);
            }
        }
        None => messages.push(Message {
            text,
            errnos: vec![e],
            strict,
            offset: 1,
        }),
    }
}

/// The Teddy prefilter takes at most this many patterns; past it the text
/// automaton would scan a byte at a time, several times slower.
pub(super) const TEXT_ANCHORS_MAX: usize = 64;

pub(super) fn anchors() -> &'static Anchors {
    static A: OnceLock<Anchors> = OnceLock::new();
    A.get_or_init(|| {
        let mut prefixes: Vec<&'static [u8]> = kb::errnos()
            .iter()
            .flat_map(|e| e.names())
            .chain(kb::gai::codes().iter().map(|e| e.name))
            .chain(resolver::NODE_NAMES.iter().copied())
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
            add_message(&mut messages, e.message, e, strict);
        }
        // Java prints ECONNRESET as "Connection reset".
        if let Some(e) = kb::by_name("ECONNRESET") {
            add_message(&mut messages, "Connection reset", e, false);
        }
        // getaddrinfo's texts, glibc's and other systems' (macOS "nodename
        // nor servname provided, or not known", musl's "Name does not
        // resolve").
        for (text, e) in resolver::messages() {
            add_message(&mut messages, text, e, false);
        }
        let mut pats: Vec<&[u8]> = Vec::new();
        let mut kinds = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, m) in messages.iter_mut().enumerate() {
            let (offset, piece) = SHARED
                .iter()
                .find_map(|p| m.text.find(p).map(|at| (at, *p)))
                .unwrap_or((1, &m.text[1..]));
            m.offset = offset;
            match pats.iter().position(|p| *p == piece.as_bytes()) {
                Some(k) => {
                    let Anchor::Message(g) = kinds[k] else {
                        unreachable!("message pieces come first")
                    };
                    groups[g].push(i);
                }
                None => {
                    pats.push(piece.as_bytes());
                    kinds.push(Anchor::Message(groups.len()));
                    groups.push(vec![i]);
                }
            }
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
        let order = teddy_order(&pats);
        let pats: Vec<&[u8]> = order.iter().map(|&i| pats[i]).collect();
        let kinds: Vec<Anchor> = order.iter().map(|&i| kinds[i]).collect();
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
        }
    })
}

/// How often each ASCII byte occurs in the text sockerr scans, per 10,000
/// bytes: measured on `tests/fixtures/scan/{real,written}/*.txt` (strace,
/// clients' errors, logs). Bytes above 127 count 1.
const BYTE_WEIGHT: [u16; 128] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 164, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1054, 0, 41, 86, 3, 0, 0, 19, 100, 100, 1, 14, 150, 37, 226, 50, 257, 174, 120, 83, 53, 69,
    57, 74, 49, 46, 210, 3, 19, 98, 25, 1, 0, 125, 11, 66, 17, 103, 34, 11, 6, 78, 0, 23, 41, 21,
    105, 71, 35, 1, 44, 69, 66, 25, 3, 6, 14, 3, 0, 38, 54, 38, 22, 147, 0, 414, 40, 182, 255, 669,
    99, 92, 93, 279, 38, 77, 187, 139, 456, 426, 134, 27, 388, 416, 495, 107, 101, 32, 31, 79, 1,
    28, 9, 28, 0, 0,
];

/// The order to give the text automaton its patterns in, so that its SIMD
/// prefilter (Teddy) wastes little time. Teddy sorts the patterns into 16
/// buckets (8 for 32 patterns or fewer) and, for each bucket, checks the
/// first min(4, shortest) bytes of the text against the union of the
/// buckets' patterns' nibbles; every position that passes is verified.
/// A bucket whose patterns start with different common letters passes
/// often. Teddy puts a pattern in the bucket of an earlier one with the same
/// low nibbles, else in bucket `B - 1 - id % B`; so the order decides the
/// buckets, and the same patterns in another order scanned the benchmark
/// log with up to half as many instructions again (issue 10). This picks,
/// greedily, for each group of patterns (costliest first) the bucket that
/// adds the least expected verification, with the byte frequencies above,
/// and returns the order that makes Teddy build those buckets. It only
/// ever changes speed: matches do not depend on pattern order in
/// leftmost-longest mode.
pub(super) fn teddy_order(pats: &[&[u8]]) -> Vec<usize> {
    let n = pats.len();
    let buckets = if n > 32 { 16 } else { 8 };
    let mask = pats.iter().map(|p| p.len()).min().unwrap_or(1).clamp(1, 4);
    // joint[lo][hi]: how often a byte with these nibbles occurs.
    let mut joint = [[0f64; 16]; 16];
    for b in 0..=255u8 {
        let w = BYTE_WEIGHT
            .get(usize::from(b))
            .map_or(1.0, |&w| f64::from(w));
        joint[usize::from(b & 15)][usize::from(b >> 4)] += w / 10_000.0;
    }
    // A bucket as Teddy sees it: per position, the low and the high nibbles
    // its patterns have there, and how many patterns it holds.
    #[derive(Clone, Copy, Default)]
    struct Masks {
        nibbles: [(u16, u16); 4],
        size: usize,
    }
    let masks_of = |members: &[usize]| -> Masks {
        let mut m = Masks::default();
        for &i in members {
            for (n, &b) in m.nibbles.iter_mut().zip(&pats[i][..mask]) {
                n.0 |= 1 << (b & 15);
                n.1 |= 1 << (b >> 4);
            }
            m.size += 1;
        }
        m
    };
    let union = |a: Masks, b: Masks| -> Masks {
        let mut m = a;
        for j in 0..mask {
            m.nibbles[j].0 |= b.nibbles[j].0;
            m.nibbles[j].1 |= b.nibbles[j].1;
        }
        m.size += b.size;
        m
    };
    // How often a position passes a bucket, times the patterns to verify.
    let cost = |m: Masks| -> f64 {
        if m.size == 0 {
            return 0.0;
        }
        let mut pass = 1.0;
        for &(lo, hi) in &m.nibbles[..mask] {
            let mut p = 0.0;
            let mut l = lo;
            while l != 0 {
                let li = l.trailing_zeros() as usize;
                let mut h = hi;
                while h != 0 {
                    p += joint[li][h.trailing_zeros() as usize];
                    h &= h - 1;
                }
                l &= l - 1;
            }
            pass *= p;
        }
        pass * (1 + m.size) as f64
    };
    // Groups Teddy will keep together: the same low nibbles up front. It
    // meets patterns longest first (leftmost-longest order), so a group's
    // bucket comes from its longest member's id: that member leads.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, p) in pats.iter().enumerate() {
        let key = |q: &[u8]| q[..mask].iter().map(|b| b & 15).collect::<Vec<_>>();
        match groups.iter_mut().find(|g| key(pats[g[0]]) == key(p)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    for g in &mut groups {
        // Longest first; equal lengths keep their order, as Teddy's do.
        g.sort_by_key(|&i| std::cmp::Reverse(pats[i].len()));
    }
    // The ids that open bucket b: B - 1 - id % B == b.
    let mut slots: Vec<Vec<usize>> = vec![Vec::new(); buckets];
    for id in 0..n {
        slots[buckets - 1 - id % buckets].push(id);
    }
    let group_masks: Vec<Masks> = groups.iter().map(|g| masks_of(g)).collect();
    let mut by_cost: Vec<usize> = (0..groups.len()).collect();
    by_cost.sort_by(|&a, &b| {
        cost(group_masks[b])
            .total_cmp(&cost(group_masks[a]))
            .then(a.cmp(&b))
    });
    let mut bucket_masks = vec![Masks::default(); buckets];
    let mut in_bucket: Vec<Vec<usize>> = vec![Vec::new(); buckets];
    for g in by_cost {
        let delta = |k: usize| cost(union(bucket_masks[k], group_masks[g])) - cost(bucket_masks[k]);
        let best = (0..buckets)
            .filter(|&b| in_bucket[b].len() < slots[b].len())
            .min_by(|&a, &b| delta(a).total_cmp(&delta(b)).then(a.cmp(&b)))
            .expect("there are as many slots as patterns");
        in_bucket[best].push(g);
        bucket_masks[best] = union(bucket_masks[best], group_masks[g]);
    }
    // Leaders at their bucket's slots, the larger groups first, then the
    // other members of each group on later ids, so that the leader is the
    // one Teddy meets first.
    let mut order: Vec<Option<usize>> = vec![None; n];
    let mut leader_at = vec![0usize; groups.len()];
    for (b, gs) in in_bucket.iter_mut().enumerate() {
        gs.sort_by_key(|&g| std::cmp::Reverse(groups[g].len()));
        for (k, &g) in gs.iter().enumerate() {
            leader_at[g] = slots[b][k];
            order[slots[b][k]] = Some(groups[g][0]);
        }
    }
    let mut by_leader: Vec<usize> = (0..groups.len()).collect();
    by_leader.sort_by_key(|&g| leader_at[g]);
    for g in by_leader {
        for &m in &groups[g][1..] {
            match (leader_at[g] + 1..n).find(|&k| order[k].is_none()) {
                Some(free) => order[free] = Some(m),
                // Cannot happen with the groups sockerr has; if it did, the
                // given order is as correct, only slower.
                None => return (0..n).collect(),
            }
        }
    }
    order
        .into_iter()
        .collect::<Option<Vec<usize>>>()
        .unwrap_or_else(|| (0..n).collect())
}

/// Where the next anchor of either automaton starts, at or after `from`.
pub(super) struct NextHit {
    pub(super) names: Option<usize>,
    pub(super) texts: Option<usize>,
}

impl NextHit {
    pub(super) fn new(a: &Anchors, hay: &[u8]) -> NextHit {
        NextHit {
            names: find_from(&a.names, hay, 0),
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
            self.names = find_from(&a.names, hay, pos);
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
    memchr::memmem::find(hay, s).is_some()
}

pub(super) fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(200)]).into_owned()
}
