//! The literal anchors the scanner looks for first, the automata that find
//! them, and small byte helpers the recognisers share.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) enum Anchor {
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
    /// A part of a failure's pattern (failures.rs): the line is then
    /// searched for the failures' whole patterns.
    Failure,
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
];

/// A message text and the errnos that print it.
pub(super) struct Message {
    pub(super) text: &'static str,
    pub(super) errnos: Vec<&'static Errno>,
    pub(super) strict: bool,
    /// The longer messages that begin with this one (`Too many open files
    /// in system` after `Too many open files`), longest first. They have no
    /// anchor of their own: this message's anchor finds them, and the spot
    /// reads on to tell which it is. That keeps the text automaton within
    /// [`TEXT_ANCHORS_MAX`].
    pub(super) longer: Vec<usize>,
    /// Whether the automaton holds this message's tail.
    pub(super) anchored: bool,
}

pub(super) struct Anchors {
    pub(super) names: AhoCorasick,
    pub(super) texts: AhoCorasick,
    pub(super) kinds: Vec<Anchor>,
    pub(super) messages: Vec<Message>,
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
                    longer: Vec::new(),
                    anchored: true,
                }),
            }
        }
        // Java prints ECONNRESET as "Connection reset".
        if let Some(e) = kb::by_name("ECONNRESET") {
            messages.push(Message {
                text: "Connection reset",
                errnos: vec![e],
                strict: false,
                longer: Vec::new(),
                anchored: true,
            });
        }
        // A message that begins with another one (ignoring case) is found
        // through the shorter one's anchor.
        for i in 0..messages.len() {
            let mut longer: Vec<usize> = (0..messages.len())
                .filter(|&j| {
                    let (a, b) = (messages[i].text, messages[j].text);
                    b.len() > a.len() && b[..a.len()].eq_ignore_ascii_case(a)
                })
                .collect();
            longer.sort_by_key(|&j| std::cmp::Reverse(messages[j].text.len()));
            for &j in &longer {
                messages[j].anchored = false;
            }
            messages[i].longer = longer;
        }
        let mut pats: Vec<&[u8]> = Vec::new();
        let mut kinds = Vec::new();
        for (i, m) in messages.iter().enumerate().filter(|(_, m)| m.anchored) {
            pats.push(&m.text.as_bytes()[1..]);
            kinds.push(Anchor::Message(i));
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
