//! Output formats. What to say is decided once in [`Explanation`]; each
//! format only decides how it looks.

pub mod brief;
pub mod cjk;
pub mod gai;
pub mod human;
pub mod json;
pub mod wrap;

use sockerr::kb::gai as kb_gai;
use sockerr::lookup::Via;
use sockerr::platform::{self, Os};
use sockerr::runtime::{self, Runtime, RuntimeName};
use sockerr::{Entry, Errno, Syscall};

/// Everything an `explain` prints, in any format.
pub struct Explanation {
    pub errno: &'static Errno,
    pub via: Via,
    /// What the user typed.
    pub query: String,
    pub syscall: Option<Syscall>,
    /// The entry for `syscall`, when the knowledge base has one.
    pub entry: Option<&'static Entry>,
    /// The system `--os` named, if any: its number leads, its notes show.
    pub os: Option<Os>,
    /// The other namespace's reading of what was typed: `-2` is ENOENT, and
    /// in getaddrinfo's context EAI_NONAME.
    pub other_reading: Option<&'static Errno>,
}

impl Explanation {
    pub fn new(errno: &'static Errno, via: Via, query: &str, syscall: Option<Syscall>) -> Self {
        Explanation {
            errno,
            via,
            query: query.to_string(),
            syscall,
            entry: syscall.and_then(|s| errno.entry(s)),
            os: None,
            other_reading: kb_gai::other_reading(query, errno),
        }
    }

    /// Explains for `--os os`.
    pub fn on(mut self, os: Option<Os>) -> Self {
        self.os = os;
        self
    }

    /// The name the query stands for: the alias typed (`ENOTSUP`), the name
    /// another system gives the number typed (macOS 45 is ENOTSUP), else the
    /// canonical name. Numbers on other systems are this name's: on macOS
    /// ENOTSUP is 45 while EOPNOTSUPP is 102.
    pub fn name(&self) -> &'static str {
        match self.via {
            Via::Alias(a) | Via::OsNumber(_, a) => a,
            _ => self.errno.name.as_str(),
        }
    }

    /// The errno as the `--os` system has it, asked about by [`name`](Self::name).
    pub fn spelling(&self) -> Option<platform::Spelling> {
        self.os
            .filter(|&os| os != Os::Linux)
            .and_then(|os| platform::spelled(self.errno, self.name(), os))
    }

    /// Other systems' meanings of the number the user typed, where they
    /// differ: "on macOS and FreeBSD 54 is ECONNRESET".
    pub fn elsewhere(&self) -> Vec<(Os, &'static str)> {
        if kb_gai::is_code(self.errno) {
            // No other system gives an EAI number another meaning worth
            // naming; `numbers` shows each system's own.
            return Vec::new();
        }
        match self.via {
            Via::Number => {
                platform::elsewhere(self.os.unwrap_or(Os::Linux), i64::from(self.errno.number))
            }
            Via::OsNumber(os, name) => platform::number_of(name, os)
                .map(|n| platform::elsewhere(os, i64::from(n)))
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// The numbers of one errno on every system, for one of its names.
pub struct Numbers {
    pub linux: i32,
    pub macos: Option<i32>,
    pub freebsd: Option<i32>,
    pub winsock: Option<(&'static str, i32)>,
    pub windows_crt: Option<i32>,
}

/// The numbers `name` (one of the errno's names) has: where a system gives
/// the errno's names different numbers, the one of this name. An EAI code
/// has its own table.
pub fn numbers(e: &'static Errno, name: &str) -> Numbers {
    if kb_gai::is_code(e) {
        return gai::numbers(e);
    }
    let on = |os| platform::spelled(e, name, os).map(|s| s.number);
    Numbers {
        linux: e.number,
        macos: on(Os::Macos),
        freebsd: on(Os::Freebsd),
        winsock: platform::winsock_for(e).map(|w| (w.name.as_str(), w.number)),
        windows_crt: on(Os::Windows),
    }
}

/// The errno's other names that are errnos of their own on some system,
/// with their number and message there: for ENOTSUP, macOS's EOPNOTSUPP
/// 102 "Operation not supported on socket" and Windows' errno.h 130.
pub fn separate_elsewhere(e: &Errno, name: &str) -> Vec<(Os, platform::Spelling)> {
    let mut out = Vec::new();
    for os in [Os::Macos, Os::Freebsd, Os::Windows] {
        let mine = platform::spelled(e, name, os).map(|s| s.number);
        for other in e.names() {
            match platform::spelled(e, other, os) {
                Some(s) if s.name == other && Some(s.number) != mine => out.push((os, s)),
                _ => {}
            }
        }
    }
    out
}

/// Each runtime's names for an errno, most specific first, at most two per
/// runtime: Java's "SocketException: Connection reset" says more than the
/// bare class, which covers ten errnos.
///
/// An EAI code keeps the data's order, which puts what programs print most
/// first (Node's getaddrinfo EAI_AGAIN before c-ares's EREFUSED), and one
/// name per program that is not a language runtime (curl, ssh, nginx...).
pub fn runtime_names(e: &'static Errno) -> Vec<&'static RuntimeName> {
    let all = runtime::for_errno(e);
    let gai = kb_gai::is_code(e);
    let mut out = Vec::new();
    for rt in Runtime::ALL {
        let mut mine: Vec<_> = all.iter().copied().filter(|r| r.runtime == rt).collect();
        if !gai {
            mine.sort_by_key(|r| (r.errnos.len(), r.name.len()));
        }
        let keep = if gai && rt.prints_messages() && rt != Runtime::Go {
            1
        } else {
            2
        };
        out.extend(mine.into_iter().take(keep));
    }
    out
}
