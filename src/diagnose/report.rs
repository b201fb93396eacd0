//! What a diagnosis returns: checks with their evidence, and causes ranked.

use super::{Request, Target};
use crate::kb::Text;
use crate::lang::Lang;
use crate::syscall::Syscall;

pub use crate::lang::Said;

/// `said!("English {x}", "中文 {x}")`: both languages, formatted with the
/// variables in scope.
macro_rules! said {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::diagnose::Said {
            en: format!($en),
            zh: format!($zh),
        }
    };
}
pub(crate) use said;

/// What a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Looked, and this is not the cause.
    Fine,
    /// Looked, and this is (or may be) the cause.
    Problem,
    /// A fact that helps, neither good nor bad.
    Info,
    /// Could not look; the sentence says why.
    Unseen,
}

impl Status {
    /// The word scripts read in `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fine => "fine",
            Status::Problem => "problem",
            Status::Info => "info",
            Status::Unseen => "could-not-see",
        }
    }
}

/// What a check read, as it read it: a file and its lines, a netlink
/// answer, a program's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// `/proc/net/tcp`, `netlink RTM_GETROUTE 198.51.100.7`, ...
    pub source: String,
    pub lines: Vec<String>,
}

/// One check that ran.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable, for scripts: `port-listeners`, `route-lookup`, ...
    pub id: &'static str,
    pub status: Status,
    pub said: Said,
    pub evidence: Vec<Evidence>,
}

/// What to do about a cause.
#[derive(Debug, Clone)]
pub enum Fix {
    /// A fix from the knowledge base, for this (call, errno).
    Kb {
        call: Syscall,
        errno: &'static str,
        text: Text,
    },
    /// A fix the knowledge base does not have for this cause (a probe's result, a security module, moving reset counters).
    Own(Said),
}

impl Fix {
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Fix::Kb { text, .. } => text.get(lang),
            Fix::Own(s) => s.get(lang),
        }
    }

    /// `bind EADDRINUSE`, naming where a knowledge-base fix comes from.
    pub fn source(&self) -> Option<String> {
        match self {
            Fix::Kb { call, errno, .. } => Some(format!("{} {errno}", call.name())),
            Fix::Own(_) => None,
        }
    }
}

/// A cause a check found, with what to do about it.
#[derive(Debug, Clone)]
pub struct Cause {
    /// The check that found it.
    pub check: &'static str,
    /// How sure: 90 the kernel said so, 70 seen directly, 50 likely, 30 a
    /// possibility. Causes are listed highest first.
    pub weight: u8,
    pub said: Said,
    pub fix: Option<Fix>,
}

/// A whole diagnosis.
#[derive(Debug, Clone)]
pub struct Report {
    /// The errno or getaddrinfo code's name, number and message.
    pub name: String,
    pub number: i64,
    pub message: String,
    /// `errno` or `getaddrinfo`.
    pub kind: &'static str,
    /// The call diagnosed (chosen from the errno and target when not given).
    pub syscall: Option<Syscall>,
    pub target: Option<Target>,
    pub checks: Vec<Check>,
    /// Most likely first.
    pub causes: Vec<Cause>,
    /// False when there are no checks for this errno: see `explain`.
    pub covered: bool,
}

impl Report {
    pub(super) fn new(req: &Request) -> Report {
        let f = &req.failure;
        Report {
            name: f.name().to_string(),
            number: f.number(),
            message: f.message().to_string(),
            kind: match f {
                super::Failure::Errno(_) => "errno",
                super::Failure::Resolver { .. } => "getaddrinfo",
            },
            syscall: req.syscall,
            target: req.target.clone(),
            checks: Vec::new(),
            causes: Vec::new(),
            covered: false,
        }
    }

    pub(crate) fn check(
        &mut self,
        id: &'static str,
        status: Status,
        said: Said,
        evidence: Vec<Evidence>,
    ) {
        self.checks.push(Check {
            id,
            status,
            said,
            evidence,
        });
    }

    /// Records a cause found by check `check`, with the knowledge base's
    /// fix named by `fix_key` (see `KB_FIXES`).
    pub(crate) fn cause(&mut self, check: &'static str, weight: u8, said: Said, fix_key: &str) {
        let fix = super::kb_fix(fix_key);
        self.causes.push(Cause {
            check,
            weight,
            said,
            fix,
        });
    }

    /// A cause whose fix the knowledge base does not have yet.
    pub(crate) fn cause_own(&mut self, check: &'static str, weight: u8, said: Said, fix: Said) {
        self.causes.push(Cause {
            check,
            weight,
            said,
            fix: Some(Fix::Own(fix)),
        });
    }

    pub(super) fn finish(mut self) -> Report {
        // Stable: among equals, the order the checks found them in.
        self.causes.sort_by_key(|c| std::cmp::Reverse(c.weight));
        self
    }

    /// Whether some check could not look: then "no cause found" is not the
    /// last word.
    pub fn incomplete(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Unseen)
    }

    /// The most likely cause.
    pub fn conclusion(&self) -> Option<&Cause> {
        self.causes.first()
    }
}

impl Evidence {
    pub(crate) fn new(source: impl Into<String>, lines: Vec<String>) -> Evidence {
        Evidence {
            source: source.into(),
            lines,
        }
    }

    pub(crate) fn one(source: impl Into<String>, line: impl Into<String>) -> Evidence {
        Evidence::new(source, vec![line.into()])
    }
}

/// At most `max` lines, then one saying how many more there were: a host
/// with 100,000 sockets must not print them all.
pub(crate) fn capped(mut lines: Vec<String>, max: usize) -> Vec<String> {
    if lines.len() > max {
        let more = lines.len() - max;
        lines.truncate(max);
        lines.push(format!("… +{more}"));
    }
    lines
}
