//! Socket failures that carry no errno: kernel log lines (`nf_conntrack:
//! table full, dropping packet`), C library aborts (`*** bit out of range
//! 0 - FD_SETSIZE on fd_set ***`) and runtimes' own words (Go's `use of
//! closed network connection`). Each has an entry like an errno's (meaning,
//! causes, fixes, diagnose) and the literal patterns that identify it in a
//! log, which `scan` and the lookup both match.

use crate::kb::{Diagnose, List, Related, Str, Text};
use crate::lang::Lang;

/// One failure without an errno.
#[derive(Debug)]
pub struct Failure {
    /// A stable name, such as `conntrack-full`; scripts get it as `id`.
    pub id: Str,
    pub title: Text,
    /// Literal, case-sensitive substrings that identify the failure in a
    /// line of a log.
    pub patterns: List<Str>,
    /// Who prints it: `kernel log`, `glibc`, `python`, `go`, `java`, `nginx`.
    pub seen_in: Str,
    pub meaning: Text,
    pub causes: List<Text>,
    pub fixes: List<Text>,
    pub diagnose: List<Diagnose>,
    pub related: List<Related>,
    pub see_also: List<Str>,
    /// The `sockerr repro` case that shows it happen, if one does.
    pub repro: Option<Str>,
}

impl Failure {
    /// Who prints it, for people: `kernel log` is 内核日志 in Chinese; the
    /// others are names (glibc, python, go, java, nginx).
    pub fn printed_by(&self, lang: Lang) -> &'static str {
        match (self.seen_in.as_str(), lang) {
            ("kernel log", Lang::Zh) => "内核日志",
            (s, _) => s,
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/failure_generated.rs"));

/// Every failure, in the order of `data/failures.json`.
pub fn all() -> &'static [Failure] {
    FAILURES
}

/// The failure with this id (any case).
pub fn by_id(id: &str) -> Option<&'static Failure> {
    FAILURES
        .iter()
        .find(|f| f.id.eq_ignore_ascii_case(id.trim()))
}

/// Lower case with runs of white space folded, for matching pasted text.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The failures whose pattern the text contains (ignoring case and
/// spacing): a pasted log line.
pub fn in_text(text: &str) -> Vec<&'static Failure> {
    let t = fold(text);
    FAILURES
        .iter()
        .filter(|f| f.patterns.iter().any(|p| t.contains(&fold(p))))
        .collect()
}

/// The failures one of whose patterns contains the text (ignoring case and
/// spacing): a distinctive part of the line, such as `SYN flooding`. Texts
/// shorter than 8 characters say too little to count.
pub fn by_part(text: &str) -> Vec<&'static Failure> {
    let t = fold(text);
    if t.chars().count() < 8 || !t.chars().any(char::is_alphabetic) {
        return Vec::new();
    }
    FAILURES
        .iter()
        .filter(|f| f.patterns.iter().any(|p| fold(p).contains(&t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_parts_find_their_failure() {
        let ids = |v: Vec<&Failure>| v.iter().map(|f| f.id).collect::<Vec<_>>();
        assert_eq!(
            ids(in_text(
                "[ 8812.1] nf_conntrack: nf_conntrack: table full, dropping packet"
            )),
            ["conntrack-full"]
        );
        assert_eq!(ids(by_part("SYN  flooding")), ["syn-flood"]);
        assert_eq!(ids(by_part("socket")), Vec::<&str>::new());
        assert_eq!(
            by_id("CONNTRACK-FULL").map(|f| f.id.as_str()),
            Some("conntrack-full")
        );
    }
}
