//! The repro room: small programs that make one socket call fail with one
//! errno on the running kernel, and record every call they made with its
//! real return value, the way strace would show it.
//!
//! May use: `libc` and `nix` for the calls themselves, the knowledge base for
//! names and texts; loopback, AF_UNIX sockets in a private temporary
//! directory, and forked children. It returns [`Outcome`]s and never prints.
//! `recorder.rs` keeps the steps, `sockets.rs`, `tempdir.rs` and `child.rs`
//! are the building blocks, and `cases/` holds the catalogue (`mod.rs`) and
//! the programs, one file per call.
//!
//! Each [`Case`] names the (call, errno) pair it proves; [`run`] executes it
//! and returns an [`Outcome`]: the steps, what the call under test really
//! returned, and whether that is what the case expected. `sockerr repro`
//! prints outcomes, and `tests/repro.rs` holds the knowledge base to them.
//!
//! The rules every case keeps, and why the code looks the way it does:
//!
//! - Loopback only: 127.0.0.1, ::1, and AF_UNIX sockets in a private
//!   temporary directory. Name lookups that need a nameserver run in a
//!   private network namespace with its own DNS responder (`netns.rs`);
//!   the others use numeric hosts only (AI_NUMERICHOST), so nothing is
//!   looked up. Binding 192.0.2.1 sends nothing; the broadcast case
//!   binds to 127.0.0.1 first, which pins its route to `lo`, so even a
//!   datagram the kernel let through would not leave the host. The one
//!   listener on the wildcard [::] (the dual-stack EADDRINUSE case) is bound
//!   to `lo` with SO_BINDTODEVICE first, so nothing outside can reach it.
//! - Bounded: non-blocking sockets with poll timeouts, bounded loops, timers;
//!   a child that overstays is killed. No case waits much more than a second.
//! - Clean: every descriptor is an `OwnedFd`, closed on drop; the temporary
//!   directory is removed on drop and, if a signal that would end the
//!   process arrives while it exists (SIGINT, SIGTERM, SIGHUP, SIGQUIT, ...;
//!   see `tempdir.rs`), by a signal handler before the process dies of it.
//! - Children (SIGPIPE, EMFILE, EINTR, dropped privileges) make only raw,
//!   async-signal-safe calls between `fork` and `_exit`, and report through a
//!   pipe as fixed-size records; the parent formats what they did. So a
//!   multi-threaded program can call [`run`] without the child deadlocking
//!   on a lock another thread held at the fork.
//!
//! One caveat for multi-threaded callers: the EBADF cases call `recv` and
//! `close` on a descriptor they have just closed; another thread that opens
//! a file at that moment may get the same number (and `close` would close
//! it: the very race the close case warns about). [`run`] takes a process-wide lock so that
//! reproductions never overlap each other, but it cannot stop other threads.
//! The `sockerr` binary is single-threaded.
//!
//! Linux only: elsewhere [`cases`] is empty and [`AVAILABLE`] is false.

use crate::kb::{self, Errno, Text};
use crate::syscall::Syscall;
use std::borrow::Cow;
use std::time::Duration;

/// Whether reproductions run on this system (Linux only).
pub const AVAILABLE: bool = cfg!(target_os = "linux");

pub use crate::lang::Said;

/// One reproduction: the (call, errno) pair it proves and how.
#[derive(Debug)]
pub struct Case {
    /// A stable name, such as `connect-refused`.
    pub id: &'static str,
    /// The call whose errno the case checks.
    pub syscall: Syscall,
    /// The errno it expects, by canonical name.
    pub errno: &'static str,
    /// What the case sets up, in a few words.
    pub title: Text,
    /// One line on why the kernel answers this way.
    pub why: Text,
    #[cfg(target_os = "linux")]
    run: recorder::Runner,
}

impl Case {
    /// The errno the case expects.
    pub fn expected(&self) -> &'static Errno {
        kb::by_name(self.errno).expect("every case names a known errno")
    }

    /// What the knowledge base says about this pair, if it has an entry.
    pub fn entry(&self) -> Option<&'static kb::Entry> {
        self.expected().entry(self.syscall)
    }
}

/// One call a reproduction made, or one event (a child killed by a signal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The call as strace would write it: `connect(4, 127.0.0.1:40123)`.
    pub call: String,
    /// The return value; `None` for an event, or a call its process did not
    /// survive (strace's `= ?`).
    pub ret: Option<i64>,
    /// The errno, when the call failed.
    pub errno: Option<i32>,
    /// How long the call took, where that is the point (timeouts, signals).
    pub elapsed: Option<Duration>,
    /// A comment on the step.
    pub note: Option<Text>,
    /// The call whose errno the case checks.
    pub under_test: bool,
}

impl Step {
    pub fn errno_name(&self) -> Option<Cow<'static, str>> {
        self.errno.map(errno_name)
    }
}

/// What the call under test did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observed {
    /// The case stopped before it (skipped, or a set-up step failed).
    NotReached,
    /// The call succeeded with this return value.
    Returned(i64),
    /// The call failed with this errno.
    Failed(i32),
}

/// What running a case showed.
#[derive(Debug)]
pub struct Outcome {
    pub case: &'static Case,
    pub steps: Vec<Step>,
    pub observed: Observed,
    /// Everything else that went other than planned: a set-up step that
    /// failed, a child that was not killed by the signal it should have been.
    pub problems: Vec<Said>,
    /// Why the case could not run here (privileges, IPv6 disabled).
    pub skipped: Option<Said>,
}

impl Outcome {
    /// The kernel did what the case expects: the call under test failed with
    /// the expected errno and nothing else went wrong. False when skipped.
    pub fn matched(&self) -> bool {
        self.skipped.is_none()
            && self.problems.is_empty()
            && self.observed == Observed::Failed(self.case.expected().number)
    }

    /// The canonical name of the errno the call under test returned.
    pub fn observed_errno(&self) -> Option<Cow<'static, str>> {
        match self.observed {
            Observed::Failed(n) => Some(errno_name(n)),
            _ => None,
        }
    }
}

/// The canonical name of an errno number, as the knowledge base spells it;
/// a negative number is getaddrinfo's code (getaddrinfo returns -2,
/// EAI_NONAME, where a call fails with errno 2).
pub fn errno_name(n: i32) -> Cow<'static, str> {
    let found = if n < 0 {
        kb::gai::by_number(i64::from(n))
    } else {
        kb::by_number(i64::from(n))
    };
    match found {
        Some(e) => Cow::Borrowed(e.name.as_str()),
        None => Cow::Owned(format!("errno {n}")),
    }
}

/// The C library's message for an errno number (for a negative one,
/// gai_strerror's).
pub fn errno_message(n: i32) -> Cow<'static, str> {
    let found = if n < 0 {
        kb::gai::by_number(i64::from(n))
    } else {
        kb::by_number(i64::from(n))
    };
    match found {
        Some(e) => Cow::Borrowed(e.message.as_str()),
        None => Cow::Owned(std::io::Error::from_raw_os_error(n).to_string()),
    }
}

/// Every reproduction, grouped by call in [`Syscall::ALL`] order. Empty
/// where reproductions are not available.
pub fn cases() -> &'static [Case] {
    #[cfg(target_os = "linux")]
    {
        cases::CASES
    }
    #[cfg(not(target_os = "linux"))]
    {
        &[]
    }
}

/// The cases that expect `errno` (any of its names), from `syscall` if
/// given; for sendmsg and recvmsg without a case of their own, send's and
/// recv's, as their entries are (see [`Syscall::fallback`]).
pub fn find(errno: &Errno, syscall: Option<Syscall>) -> Vec<&'static Case> {
    let of = |s: Option<Syscall>| -> Vec<&'static Case> {
        cases()
            .iter()
            .filter(|c| c.errno == errno.name && s.is_none_or(|s| c.syscall == s))
            .collect()
    };
    match of(syscall) {
        v if v.is_empty() => match syscall.and_then(Syscall::fallback) {
            Some(f) => of(Some(f)),
            None => v,
        },
        v => v,
    }
}

/// The case with this id.
pub fn by_id(id: &str) -> Option<&'static Case> {
    cases().iter().find(|c| c.id == id)
}

/// Runs one case. Never panics on what the kernel does: every surprise is
/// in the outcome. Cases never overlap within a process.
pub fn run(case: &'static Case) -> Outcome {
    #[cfg(target_os = "linux")]
    {
        recorder::run(case)
    }
    #[cfg(not(target_os = "linux"))]
    {
        Outcome {
            case,
            steps: Vec::new(),
            observed: Observed::NotReached,
            problems: Vec::new(),
            skipped: Some(Said::new(
                "reproductions run on Linux only",
                "复现只能在 Linux 上运行",
            )),
        }
    }
}

#[cfg(target_os = "linux")]
const fn tx(en: &'static str, zh: &'static str) -> Text {
    Text::new(en, zh)
}

#[cfg(target_os = "linux")]
mod cases;
#[cfg(target_os = "linux")]
mod child;
#[cfg(target_os = "linux")]
mod netns;
#[cfg(target_os = "linux")]
mod recorder;
#[cfg(target_os = "linux")]
mod sockets;
#[cfg(target_os = "linux")]
mod tempdir;

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_errnos_canonical() {
        let mut seen = HashSet::new();
        for c in cases() {
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
            let e = kb::by_name(c.errno)
                .unwrap_or_else(|| panic!("{}: unknown errno {}", c.id, c.errno));
            assert_eq!(e.name, c.errno, "{}: use the canonical name", c.id);
            assert!(!c.title.en.is_empty() && !c.title.zh.is_empty());
            assert!(!c.why.en.is_empty() && !c.why.zh.is_empty());
        }
    }

    #[test]
    fn at_least_twenty_pairs_grouped_by_call() {
        let pairs: HashSet<_> = cases().iter().map(|c| (c.syscall, c.errno)).collect();
        assert!(pairs.len() >= 20, "{} pairs", pairs.len());
        let order: Vec<usize> = cases()
            .iter()
            .map(|c| Syscall::ALL.iter().position(|&s| s == c.syscall).unwrap())
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "cases are grouped by call"
        );
    }

    #[test]
    fn a_simple_case_runs_through_the_library() {
        // Only cases that neither fork nor close descriptors other threads
        // might reuse: the test harness is multi-threaded.
        for id in ["connect-refused", "socket-protonosupport", "send-msgsize"] {
            let o = run(by_id(id).unwrap());
            assert!(o.matched(), "{id}: {o:?}");
            let key: Vec<_> = o.steps.iter().filter(|s| s.under_test).collect();
            assert_eq!(key.len(), 1, "{id}: one call under test");
            assert_eq!(key[0].errno_name().as_deref(), Some(o.case.errno));
        }
    }
}
