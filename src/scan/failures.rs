//! Socket failures that carry no errno (`data/failures.json`): kernel log
//! lines such as `nf_conntrack: table full, dropping packet`, glibc's
//! fortify aborts, runtimes' own words (Go's `use of closed network
//! connection`).
//!
//! How they are found without slowing the bulk search: the text automaton
//! (anchors.rs) holds a few literal [`FAILURE_ANCHORS`], chosen so that
//! every failure pattern contains one of them or one of the anchors the
//! automaton holds anyway (the EMFILE message `oo many open files`, `rrno`);
//! a unit test holds that property, so no failure line is skipped. Only a
//! line with an anchor is then searched for the failures' whole patterns,
//! by a second automaton that never runs over the bulk of the input. The
//! anchors add few hits on ordinary text, and a hit costs one search of one
//! line.

use super::*;
use crate::kb::failure::{self, Failure};

/// Parts of failure patterns the text automaton looks for (as
/// [`Anchor::Failure`]). Patterns that contain an anchor the automaton has
/// for other reasons need none here: Go's `use of closed network
/// connection` and nginx's `worker_connections are not enough` hold
/// `onnection`, Java's `SocketException: Socket closed` holds `Exception`,
/// the accept failures the EMFILE message's `oo many `.
pub(super) const FAILURE_ANCHORS: &[&str] = &[
    // conntrack-full ("nf_conntrack: table full, dropping packet") and
    // timewait-overflow ("time wait bucket table overflow")
    "table ",
    // syn-flood: "Possible" and the 2.6 kernels' "possible"
    "SYN flooding on port",
    // glibc's fortify aborts: glibc-fdset-out-of-range ("*** bit out of
    // range 0 - FD_SETSIZE on fd_set ***") and glibc-fortify-overflow
    // ("*** buffer overflow detected ***"). Python's "ValueError:
    // filedescriptor out of range in select()" comes with `rror`.
    "*** ",
];

struct Patterns {
    ac: AhoCorasick,
    /// The failure each pattern belongs to.
    owner: Vec<&'static Failure>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let mut pats = Vec::new();
        let mut owner = Vec::new();
        for f in failure::all() {
            for p in f.patterns {
                pats.push(p.as_str());
                owner.push(f);
            }
        }
        Patterns {
            ac: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&pats)
                .expect("failure patterns build"),
            owner,
        }
    })
}

/// The failures a line (not a strace line) reports, one per failure, in
/// the order the line says them.
pub(super) fn failure_findings(line: &[u8], out: &mut Vec<Finding>) {
    let p = patterns();
    for m in p.ac.find_iter(line) {
        let f = p.owner[m.pattern().as_usize()];
        if out
            .iter()
            .any(|o| matches!(o.what, What::Failure(x) if x.id == f.id))
        {
            continue;
        }
        out.push(finding(
            line,
            What::Failure(f),
            m.start()..m.end(),
            Via::Name,
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bulk search cannot skip a failure line: the text automaton finds
    /// an anchor inside every pattern of every failure.
    #[test]
    fn every_failure_pattern_holds_an_anchor() {
        let a = anchors();
        for f in failure::all() {
            for p in f.patterns {
                assert!(
                    a.texts.find(p.as_bytes()).is_some() || a.names.find(p.as_bytes(), 0).is_some(),
                    "{}: no anchor inside {p:?}",
                    f.id
                );
            }
        }
    }

    #[test]
    fn failures_are_found_once_per_line_and_errnos_beside_them() {
        let f = recognise(b"2024/05/01 [crit] 12#12: accept4() failed (24: Too many open files)");
        let what: Vec<String> = f
            .iter()
            .map(|f| match f.what {
                What::Errno(e) => e.name.to_string(),
                What::Failure(x) => x.id.to_string(),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(what, ["EMFILE", "nginx-accept-emfile"]);
        let f = recognise(b"use of closed network connection; use of closed network connection");
        assert_eq!(f.len(), 1);
        // strace's arguments are never read, even for a failure's words.
        assert!(recognise(
            b"write(2, \"*** buffer overflow detected ***: terminated\\n\", 45) = 45"
        )
        .is_empty());
    }
}
