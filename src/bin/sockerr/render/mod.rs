//! Output formats. What to say is decided once in [`Explanation`]; each
//! format only decides how it looks.

pub mod brief;
pub mod cjk;
pub mod human;
pub mod json;

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
        }
    }

    /// Explains for `--os os`.
    pub fn on(mut self, os: Option<Os>) -> Self {
        self.os = os;
        self
    }

    /// Other systems' meanings of the number the user typed, where they
    /// differ: "on macOS and FreeBSD 54 is ECONNRESET".
    pub fn elsewhere(&self) -> Vec<(Os, &'static str)> {
        match self.via {
            Via::Number => {
                platform::elsewhere(self.os.unwrap_or(Os::Linux), i64::from(self.errno.number))
            }
            Via::OsNumber(os) => platform::number(self.errno, os)
                .map(|n| platform::elsewhere(os, i64::from(n)))
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// The numbers of one errno on every system.
pub struct Numbers {
    pub linux: i32,
    pub macos: Option<i32>,
    pub freebsd: Option<i32>,
    pub winsock: Option<(&'static str, i32)>,
    pub windows_crt: Option<i32>,
}

pub fn numbers(e: &Errno) -> Numbers {
    Numbers {
        linux: e.number,
        macos: platform::number(e, Os::Macos),
        freebsd: platform::number(e, Os::Freebsd),
        winsock: platform::winsock_for(e).map(|w| (w.name, w.number)),
        windows_crt: platform::number(e, Os::Windows),
    }
}

/// Each runtime's names for an errno, most specific first, at most two per
/// runtime: Java's "SocketException: Connection reset" says more than the
/// bare class, which covers ten errnos.
pub fn runtime_names(e: &Errno) -> Vec<&'static RuntimeName> {
    let all = runtime::for_errno(e);
    let mut out = Vec::new();
    for rt in Runtime::ALL {
        let mut mine: Vec<_> = all.iter().copied().filter(|r| r.runtime == rt).collect();
        mine.sort_by_key(|r| (r.errnos.len(), r.name.len()));
        out.extend(mine.into_iter().take(2));
    }
    out
}
