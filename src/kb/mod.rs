//! The knowledge base room: the embedded tables the build script
//! (`src/build/`) generates from `data/*.json` (see `data/README.md` for the schema), and everything that
//! reads them: [`lookup`] turns what a user typed into an errno, [`platform`]
//! and [`runtime`] hold other systems' numbers and runtimes' names, [`lang`]
//! and [`syscall`] the two dimensions every entry is keyed by, [`gai`]
//! getaddrinfo's EAI_* codes, a second namespace of [`Errno`] values, and
//! [`failure`] the socket failures that carry no errno.
//!
//! May use: the standard library, and serde's `Serialize` trait (so the
//! tables' strings and lists serialise as strings and arrays). Nothing here
//! parses at run time or touches the system; a lookup reads `'static` data
//! that holds offsets, not pointers (`blob.rs`), so the dynamic loader has
//! nothing to patch in it: that is what keeps start-up as cheap as the C
//! `errno` tool.

mod blob;
pub mod failure;
pub mod gai;
pub mod lang;
pub mod lookup;
pub mod platform;
pub mod runtime;
pub mod syscall;

use crate::lang::Lang;
use crate::syscall::Syscall;
pub use blob::{List, Pooled, Str};

/// A piece of prose in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub en: Str,
    pub zh: Str,
}

impl Text {
    /// A text written in the code rather than in `data/`.
    pub const fn new(en: &'static str, zh: &'static str) -> Text {
        Text {
            en: Str::new(en),
            zh: Str::new(zh),
        }
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en(),
            Lang::Zh => self.zh(),
        }
    }

    /// The English text.
    pub fn en(&self) -> &'static str {
        self.en.as_str()
    }

    /// The Simplified Chinese text.
    pub fn zh(&self) -> &'static str {
        self.zh.as_str()
    }
}

/// One errno value of Linux.
#[derive(Debug)]
pub struct Errno {
    /// The canonical name, as glibc lists it first (`EAGAIN`, not `EWOULDBLOCK`).
    pub name: Str,
    /// Other names with the same number on Linux.
    pub aliases: List<Str>,
    /// The Linux number.
    pub number: i32,
    /// The C library's `strerror()` text.
    pub message: Str,
    /// One line: what the error means in general.
    pub summary: Text,
    /// A longer general explanation, for the errnos sockets meet.
    pub detail: Option<Text>,
    /// A code such as `ERESTARTSYS` that tracers show but programs never see.
    pub kernel_only: bool,
}

/// Which numbering a code belongs to: errno values, or getaddrinfo's EAI_*
/// codes. Their numbers overlap (EAI_NONAME is -2, ENOENT 2; Python prints
/// both as `[Errno N]`), so output says which one it explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Namespace {
    Errno,
    Getaddrinfo,
}

impl Namespace {
    pub fn as_str(self) -> &'static str {
        match self {
            Namespace::Errno => "errno",
            Namespace::Getaddrinfo => "getaddrinfo",
        }
    }
}

/// What a program should do about an error: one word a script can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Retry,
    Wait,
    InProgress,
    Close,
    FixCode,
    FixConfig,
    Network,
    Resources,
    NotReported,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Retry,
        Action::Wait,
        Action::InProgress,
        Action::Close,
        Action::FixCode,
        Action::FixConfig,
        Action::Network,
        Action::Resources,
        Action::NotReported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Retry => "retry",
            Action::Wait => "wait",
            Action::InProgress => "in-progress",
            Action::Close => "close",
            Action::FixCode => "fix-code",
            Action::FixConfig => "fix-config",
            Action::Network => "network",
            Action::Resources => "resources",
            Action::NotReported => "not-reported",
        }
    }

    /// A short gloss of the action, for people.
    pub fn describe(self) -> Text {
        let (en, zh) = match self {
            Action::Retry => ("call again at once", "立即重新调用"),
            Action::Wait => (
                "wait for readiness (poll/epoll), then call again",
                "等待就绪（poll/epoll）后再调用",
            ),
            Action::InProgress => (
                "in progress: wait for writability, then read SO_ERROR",
                "进行中：等待可写后读取 SO_ERROR",
            ),
            Action::Close => (
                "the connection is finished: close the socket",
                "连接已结束：关闭套接字",
            ),
            Action::FixCode => ("a bug in the program: fix the code", "程序有错：修改代码"),
            Action::FixConfig => (
                "host or deployment set-up: fix the configuration",
                "主机或部署配置问题：修改配置",
            ),
            Action::Network => (
                "the network or the peer: retry later with backoff",
                "网络或对端问题：退避后重试",
            ),
            Action::Resources => (
                "the kernel is short of memory: back off, raise limits",
                "内核内存不足：退避、提高限制",
            ),
            Action::NotReported => (
                "this call does not report it on Linux",
                "Linux 上此调用不会报告该错误",
            ),
        };
        Text::new(en, zh)
    }
}

/// A command that shows the cause on a live system.
#[derive(Debug)]
pub struct Diagnose {
    pub cmd: Str,
    pub why: Text,
}

/// A look-alike or companion errno, and how to tell them apart.
#[derive(Debug)]
pub struct Related {
    pub errno: Str,
    pub note: Text,
}

/// What one errno means for one call.
#[derive(Debug)]
pub struct Entry {
    pub syscall: Syscall,
    /// Canonical errno name.
    pub errno: Str,
    /// `man` (the call's own ERRORS section), a page such as `tcp(7)`, or `practice`.
    pub source: Str,
    /// False when Linux never returns this errno from this call: the entry
    /// exists to say so, because people believe it does.
    pub reported: bool,
    pub action: Action,
    pub meaning: Text,
    pub causes: List<Text>,
    pub fixes: List<Text>,
    pub diagnose: List<Diagnose>,
    pub related: List<Related>,
    pub see_also: List<Str>,
    pub myth: Option<Text>,
    /// `sockerr repro` can show this pair happen on the running kernel.
    pub repro: bool,
}

impl Entry {
    pub fn errno(&self) -> &'static Errno {
        by_name(self.errno).expect("the build script checks every entry's errno")
    }
}

/// A socket call and its entries.
#[derive(Debug)]
pub struct Call {
    pub syscall: Syscall,
    /// The call's man page, e.g. `connect(2)`.
    pub man: Str,
    pub summary: Text,
    pub entries: List<Entry>,
}

/// Something people type or read that is not an errno name, such as
/// `SIGPIPE` or `ETIMEOUT`, and the errno it is really about.
#[derive(Debug, PartialEq, Eq)]
pub struct Myth {
    pub query: Str,
    pub errno: Str,
    pub note: Text,
}

include!(concat!(env!("OUT_DIR"), "/kb_generated.rs"));

/// Every errno, sorted by number.
pub fn errnos() -> &'static [Errno] {
    ERRNOS
}

/// The errno with this Linux number.
pub fn by_number(n: i64) -> Option<&'static Errno> {
    ERRNOS
        .binary_search_by_key(&n, |e| i64::from(e.number))
        .ok()
        .map(|i| &ERRNOS[i])
}

/// The errno with this canonical name or alias, or the getaddrinfo code
/// with this name (exact case). The two namespaces share no name.
///
/// Takes a `&str`, or a [`Str`] from the tables (an entry's `errno`, a
/// related errno's).
pub fn by_name(name: impl AsRef<str>) -> Option<&'static Errno> {
    let name = name.as_ref();
    // A scan asks this for every finding: a binary search over the names,
    // sorted once, instead of comparing with all 134 errnos' names.
    static INDEX: std::sync::OnceLock<Vec<(&'static str, &'static Errno)>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut v: Vec<(&'static str, &'static Errno)> = ERRNOS
            .iter()
            .flat_map(|e| e.names().map(move |n| (n, e)))
            .collect();
        v.sort_unstable_by_key(|&(n, _)| n);
        v
    });
    index
        .binary_search_by_key(&name, |&(n, _)| n)
        .ok()
        .map(|i| index[i].1)
        .or_else(|| gai::by_name(name))
}

/// The knowledge base's entries for one call.
pub fn call(syscall: Syscall) -> &'static Call {
    CALLS
        .iter()
        .find(|c| c.syscall == syscall)
        .expect("the build script emits every call")
}

/// Every entry that answers for `syscall`: its own, then those of the call
/// it falls back to (send for sendmsg) for the errnos it has none of its own for.
pub fn entries_for(syscall: Syscall) -> Vec<&'static Entry> {
    let own = call(syscall).entries.as_slice();
    let mut v: Vec<&'static Entry> = own.iter().collect();
    if let Some(f) = syscall.fallback() {
        v.extend(
            call(f)
                .entries
                .iter()
                .filter(|e| !own.iter().any(|o| o.errno == e.errno)),
        );
    }
    v
}

/// Every call with its entries, in display order.
pub fn calls() -> &'static [Call] {
    CALLS
}

/// Every myth: names and beliefs that are not errnos.
pub fn myths() -> &'static [Myth] {
    MYTHS
}

impl Errno {
    /// Which numbering the code belongs to.
    pub fn namespace(&self) -> Namespace {
        if gai::is_code(self) {
            Namespace::Getaddrinfo
        } else {
            Namespace::Errno
        }
    }

    /// Whether `name` is this errno's name or one of its aliases, ignoring case.
    pub fn is_named(&self, name: &str) -> bool {
        self.names().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The canonical name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.into_iter().map(|a| a.as_str()))
    }

    /// What this errno means for `syscall`, if the knowledge base says: the
    /// call's own entry, else the entry of the call it falls back to
    /// (sendmsg to send, recvmsg to recv; see [`Syscall::fallback`]). The
    /// entry's `syscall` says which call it belongs to.
    pub fn entry(&self, syscall: Syscall) -> Option<&'static Entry> {
        self.own_entry(syscall)
            .or_else(|| syscall.fallback().and_then(|f| self.own_entry(f)))
    }

    /// The call's own entry for this errno, without falling back.
    pub fn own_entry(&self, syscall: Syscall) -> Option<&'static Entry> {
        call(syscall).entries.iter().find(|e| e.errno == self.name)
    }

    /// Every call's entry for this errno, in call order.
    pub fn entries(&self) -> impl Iterator<Item = &'static Entry> + '_ {
        CALLS
            .iter()
            .flat_map(|c| c.entries.iter())
            .filter(move |e| e.errno == self.name)
    }

    /// The action most calls give for this errno, for when the call is not
    /// known (ties go to the earlier call). `None` when no call reports it.
    pub fn usual_action(&self) -> Option<Action> {
        let mut best: Option<(Action, usize)> = None;
        for e in self.entries().filter(|e| e.reported) {
            let n = self
                .entries()
                .filter(|o| o.reported && o.action == e.action)
                .count();
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((e.action, n));
            }
        }
        best.map(|(a, _)| a)
    }

    /// The general explanation: the detail paragraph, else the summary.
    pub fn general(&self) -> Text {
        self.detail.unwrap_or(self.summary)
    }
}
