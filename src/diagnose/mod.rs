//! The diagnose room: from an errno to why it happens on this host, now.
//!
//! `explain` says what ECONNREFUSED usually means; [`run`] looks at the live
//! host and says which cause it is: who holds the port, whether the server
//! listens on ::1 only, which limit binds, what the kernel's own route lookup
//! answers. It returns a [`Report`]: the checks it ran, each with a stable
//! id, a [`Status`], a sentence in both languages and the raw evidence it
//! read, and the causes it found, most likely first, each with the fix the
//! knowledge base gives for that cause.
//!
//! May use: NETLINK_SOCK_DIAG for the socket tables (by hand, in
//! `sockdiag.rs`: filtered by the kernel, and it tells IPV6_V6ONLY and
//! listen backlogs), reading `/proc` (the owners of sockets, limits, and
//! the socket tables when sock_diag is not there; through the `procfs`
//! crate where it parses the file, by hand where it does not:
//! `/proc/net/unix` flags, `/proc/net/netstat`), `/sys`, `/etc`
//! (resolv.conf, nsswitch.conf, hosts, passwd), rtnetlink queries
//! (`netlink-packet-route`, synchronous), and,
//! when the user asks with `--probe`, one connect() or one getaddrinfo().
//! Two read-only programs may run when present, each bounded in time:
//! `nft -j list ruleset` (firewall rules, root only) and `systemctl show`
//! (a unit's LimitNOFILE). Never prints, never writes to the system, never
//! sends a packet without `--probe`.
//!
//! The rule every check keeps: when it cannot see something (another user's
//! processes without root, another network namespace), it says so with
//! [`Status::Unseen`] and why, and the conclusion never rests on what was not
//! seen. "Nothing listens" is only said of the network namespace it looked at.
//!
//! One file per family of checks: `ports.rs` (TCP/UDP ports: EADDRINUSE,
//! ECONNREFUSED), `unix.rs` (AF_UNIX paths and abstract names), `limits.rs`
//! (EMFILE, ENFILE), `ephemeral.rs` (EADDRNOTAVAIL), `routes.rs` (the
//! kernel's route, interfaces, neighbours, addresses), `timeouts.rs`
//! (ETIMEDOUT, and the reset counters of ECONNRESET/EPIPE),
//! `permissions.rs` (EACCES/EPERM), `resolver.rs` (getaddrinfo's EAI_*
//! codes). `sockets.rs` (over `sockdiag.rs`), `owners.rs`, `host.rs`, `netlink.rs`,
//! `firewall.rs` and `probe.rs` are what they share; `target.rs` reads
//! what the user names.
//! Linux only: elsewhere [`run`] answers [`Error::NotAvailable`].

mod report;
mod target;

pub use report::{Cause, Check, Evidence, Fix, Report, Said, Status};
pub use target::{Target, TargetError};

#[cfg(target_os = "linux")]
mod ephemeral;
#[cfg(target_os = "linux")]
mod firewall;
#[cfg(target_os = "linux")]
mod host;
#[cfg(target_os = "linux")]
mod limits;
#[cfg(target_os = "linux")]
mod netlink;
#[cfg(target_os = "linux")]
mod owners;
#[cfg(target_os = "linux")]
mod permissions;
#[cfg(target_os = "linux")]
mod ports;
#[cfg(target_os = "linux")]
mod probe;
#[cfg(target_os = "linux")]
mod refused;
#[cfg(target_os = "linux")]
mod resolver;
#[cfg(target_os = "linux")]
mod routes;
#[cfg(target_os = "linux")]
mod sockdiag;
#[cfg(target_os = "linux")]
mod sockets;
#[cfg(target_os = "linux")]
mod timeouts;
#[cfg(target_os = "linux")]
mod unix;

use crate::kb::Errno;
use crate::syscall::Syscall;
use std::time::Duration;

/// Whether diagnose can look at this system (Linux only).
pub const AVAILABLE: bool = cfg!(target_os = "linux");

/// What failed: an errno, or a getaddrinfo() code.
#[derive(Debug, Clone)]
pub enum Failure {
    Errno(&'static Errno),
    /// A getaddrinfo() code such as `EAI_AGAIN`, with glibc's number and
    /// `gai_strerror()` text. The checks are keyed by the name.
    Resolver {
        name: String,
        number: i32,
        message: String,
    },
}

impl Failure {
    pub fn name(&self) -> &str {
        match self {
            Failure::Errno(e) => e.name.as_str(),
            Failure::Resolver { name, .. } => name,
        }
    }

    pub fn number(&self) -> i64 {
        match self {
            Failure::Errno(e) => i64::from(e.number),
            Failure::Resolver { number, .. } => i64::from(*number),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Errno(e) => e.message.as_str(),
            Failure::Resolver { message, .. } => message,
        }
    }
}

/// Everything the user told `sockerr diagnose`.
#[derive(Debug, Clone)]
pub struct Request {
    pub failure: Failure,
    pub target: Option<Target>,
    /// The call that failed, when the user said (`--syscall`).
    pub syscall: Option<Syscall>,
    /// The process that got the error (`--pid`).
    pub pid: Option<i32>,
    /// Every process with this name (`--name`).
    pub name: Option<String>,
    /// UDP rather than TCP.
    pub udp: bool,
    /// How long to watch counters (`--seconds`); `None` means the default
    /// for the errno (2 s for resets, no sampling elsewhere).
    pub seconds: Option<Duration>,
    /// Try once: one connect() or one getaddrinfo().
    pub probe: bool,
}

impl Request {
    pub fn new(failure: Failure) -> Request {
        Request {
            failure,
            target: None,
            syscall: None,
            pid: None,
            name: None,
            udp: false,
            seconds: None,
            probe: false,
        }
    }
}

/// Why there is no report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Not Linux.
    NotAvailable,
    /// The errno needs a target (EADDRINUSE needs the port) or another
    /// option; the text says which, in both languages.
    Needs(Said),
}

/// The longest `--seconds` takes: a diagnosis is a look, not a monitor.
pub const MAX_SECONDS: u64 = 60;

/// Looks at the host and says why `req.failure` happens.
///
/// An errno without checks gives a report with [`Report::covered`] false
/// and no checks: the caller points to `explain`.
pub fn run(req: &Request) -> Result<Report, Error> {
    #[cfg(target_os = "linux")]
    {
        linux::run(req)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = req;
        Err(Error::NotAvailable)
    }
}

/// The getaddrinfo codes the resolver checks say something about: a name
/// that did not resolve, for a temporary or a permanent reason. The others
/// (EAI_BADFLAGS, EAI_SOCKTYPE, ...) are a program's mistake, not the host's.
pub const RESOLVER_CODES: &[&str] = &[
    "EAI_AGAIN",
    "EAI_NONAME",
    "EAI_FAIL",
    "EAI_NODATA",
    "EAI_ADDRFAMILY",
];

fn resolver_covers(name: &str) -> bool {
    RESOLVER_CODES.contains(&name)
}

/// The fixes the knowledge base gives, named by the cause they answer.
/// Each cause points at one by key; `tests` below checks that every needle
/// still finds exactly one fix, so a change in data/ cannot silently drop it.
const KB_FIXES: &[(&str, Syscall, &str, &str)] = &[
    ("stop-owner", Syscall::Bind, "EADDRINUSE", "Find the owner"),
    ("reuseaddr", Syscall::Bind, "EADDRINUSE", "SO_REUSEADDR"),
    ("dual-stack", Syscall::Bind, "EADDRINUSE", "IPV6_V6ONLY"),
    (
        "reserve-port",
        Syscall::Bind,
        "EADDRINUSE",
        "ip_local_reserved_ports",
    ),
    ("unlink-stale", Syscall::Bind, "EADDRINUSE", "unlink()"),
    (
        "start-server",
        Syscall::Connect,
        "ECONNREFUSED",
        "Start or restart",
    ),
    (
        "reject-rule",
        Syscall::Connect,
        "ECONNREFUSED",
        "firewall rule",
    ),
    (
        "unix-listen",
        Syscall::Connect,
        "ECONNREFUSED",
        "Unix sockets",
    ),
    ("raise-nofile", Syscall::Socket, "EMFILE", "Raise the limit"),
    ("fix-leak", Syscall::Socket, "EMFILE", "Fix the leak"),
    ("file-max", Syscall::Socket, "ENFILE", "fs.file-max"),
    (
        "keep-alive",
        Syscall::Connect,
        "EADDRNOTAVAIL",
        "Reuse connections",
    ),
    (
        "widen-range",
        Syscall::Connect,
        "EADDRNOTAVAIL",
        "Widen the range",
    ),
    (
        "tw-reuse",
        Syscall::Connect,
        "EADDRNOTAVAIL",
        "tcp_tw_reuse",
    ),
    (
        "bind-no-port",
        Syscall::Connect,
        "EADDRNOTAVAIL",
        "IP_BIND_ADDRESS_NO_PORT",
    ),
    (
        "bind-any",
        Syscall::Bind,
        "EADDRNOTAVAIL",
        "Bind to 0.0.0.0",
    ),
    ("freebind", Syscall::Bind, "EADDRNOTAVAIL", "IP_FREEBIND"),
    (
        "fix-routing",
        Syscall::Connect,
        "ENETUNREACH",
        "Fix the routing",
    ),
    (
        "neighbour",
        Syscall::Connect,
        "EHOSTUNREACH",
        "neighbour table",
    ),
    (
        "unreachable-route",
        Syscall::Connect,
        "EHOSTUNREACH",
        "Fix routing",
    ),
    (
        "prohibit-route",
        Syscall::Connect,
        "EACCES",
        "prohibit route",
    ),
    (
        "blackhole-route",
        Syscall::Connect,
        "EINVAL",
        "blackhole route",
    ),
    ("syn-timeout", Syscall::Connect, "ETIMEDOUT", "TCP_SYNCNT"),
    (
        "accept-faster",
        Syscall::Connect,
        "ETIMEDOUT",
        "accept faster",
    ),
    ("drop-rule", Syscall::Connect, "ETIMEDOUT", "firewalls"),
    (
        "peer-close",
        Syscall::Recv,
        "ECONNRESET",
        "Make the peer close cleanly",
    ),
    (
        "keepalive-idle",
        Syscall::Recv,
        "ECONNRESET",
        "SO_KEEPALIVE",
    ),
    ("setcap", Syscall::Bind, "EACCES", "setcap"),
    (
        "port-start",
        Syscall::Bind,
        "EACCES",
        "ip_unprivileged_port_start",
    ),
    ("unix-dir", Syscall::Bind, "EACCES", "RuntimeDirectory"),
    ("unix-perms", Syscall::Connect, "EACCES", "owner and mode"),
    ("seccomp", Syscall::Connect, "EPERM", "seccomp"),
    (
        "resolv-server",
        Syscall::Getaddrinfo,
        "EAI_AGAIN",
        "Point resolv.conf at a server",
    ),
    (
        "nsswitch-order",
        Syscall::Getaddrinfo,
        "EAI_NONAME",
        "Put the sources on the hosts: line",
    ),
    (
        "any-family",
        Syscall::Getaddrinfo,
        "EAI_NODATA",
        "Resolve with AF_UNSPEC",
    ),
];

/// The knowledge base's fix for a cause key; `None` when data/ no longer
/// has it (the unit test below catches that first).
pub(crate) fn kb_fix(key: &str) -> Option<Fix> {
    let &(_, call, errno, needle) = KB_FIXES.iter().find(|f| f.0 == key)?;
    let entry = crate::kb::by_name(errno)?.entry(call)?;
    entry
        .fixes
        .iter()
        .find(|t| t.get(crate::Lang::En).contains(needle))
        .map(|&text| Fix::Kb {
            call,
            errno: entry.errno.as_str(),
            text,
        })
}

#[cfg(target_os = "linux")]
mod linux {
    use super::report::said;
    use super::*;

    pub(super) fn run(req: &Request) -> Result<Report, Error> {
        if let Some(pid) = req.pid {
            if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                return Err(Error::Needs(said!(
                    "there is no process {pid} (it has exited, or runs in another PID namespace): give the pid of the program that failed, or --name PROGRAM",
                    "没有进程 {pid}（它已退出，或运行在另一个 PID 命名空间中）：请给出失败程序的 pid，或用 --name 程序名"
                )));
            }
        }
        let mut r = Report::new(req);
        if let Failure::Resolver { name, .. } = &req.failure {
            if resolver_covers(name) {
                resolver::check(req, name, &mut r)?;
                r.covered = true;
            }
            return Ok(r.finish());
        }
        let name = req.failure.name();
        let call = req
            .syscall
            .unwrap_or_else(|| default_call(name, req.target.as_ref()));
        r.syscall = Some(call);
        let t = req.target.as_ref();
        match name {
            "EADDRINUSE" => match t {
                Some(Target::UnixPath(_)) | Some(Target::UnixAbstract(_)) => {
                    unix::in_use(req, &mut r)?
                }
                _ => ports::in_use(req, &mut r)?,
            },
            "ECONNREFUSED" => match t {
                Some(Target::UnixPath(_)) | Some(Target::UnixAbstract(_)) => {
                    unix::refused(req, &mut r)?
                }
                _ => refused::refused(req, &mut r)?,
            },
            "EMFILE" | "ENFILE" => limits::check(req, &mut r)?,
            "EADDRNOTAVAIL" if call == Syscall::Bind => routes::address(req, &mut r)?,
            "EADDRNOTAVAIL" => ephemeral::check(req, &mut r)?,
            "ENETUNREACH" | "EHOSTUNREACH" => routes::check(req, &mut r)?,
            "EACCES" | "EPERM" if call == Syscall::Bind => permissions::check(req, &mut r)?,
            "EACCES" if matches!(t, Some(Target::UnixPath(_))) => permissions::check(req, &mut r)?,
            "EACCES" | "EINVAL" if call == Syscall::Connect => routes::check(req, &mut r)?,
            "EPERM" if call == Syscall::Connect => {
                routes::check(req, &mut r)?;
                permissions::sandbox(req, &mut r);
            }
            "ETIMEDOUT" => timeouts::check(req, &mut r)?,
            "ECONNRESET" | "EPIPE" => timeouts::resets(req, &mut r)?,
            _ => return Ok(r.finish()),
        }
        r.covered = true;
        Ok(r.finish())
    }

    /// The call an errno most often comes from, when the user did not say.
    /// A target without an address (`:80`) means a server: bind.
    fn default_call(name: &str, t: Option<&Target>) -> Syscall {
        let no_address = matches!(t, Some(Target::Port { addr: None, .. }));
        match name {
            "EADDRINUSE" => Syscall::Bind,
            "EMFILE" | "ENFILE" => Syscall::Socket,
            "ECONNRESET" => Syscall::Recv,
            "EPIPE" => Syscall::Send,
            "EACCES" | "EPERM" if no_address => Syscall::Bind,
            "EACCES" if matches!(t, Some(Target::UnixPath(p)) if !p.exists()) => Syscall::Bind,
            _ => Syscall::Connect,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cause's fix is still in the knowledge base, exactly once.
    #[test]
    fn every_fix_key_finds_one_knowledge_base_fix() {
        for &(key, call, errno, needle) in KB_FIXES {
            let e = crate::kb::by_name(errno).unwrap_or_else(|| panic!("{key}: no {errno}"));
            let entry = e
                .entry(call)
                .unwrap_or_else(|| panic!("{key}: no entry for {call:?} {errno}"));
            let n = entry
                .fixes
                .iter()
                .filter(|t| t.get(crate::Lang::En).contains(needle))
                .count();
            assert_eq!(
                n, 1,
                "{key}: {needle:?} matches {n} fixes of {call:?} {errno}"
            );
            assert!(kb_fix(key).is_some());
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = KB_FIXES.iter().map(|f| f.0).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), KB_FIXES.len());
    }
}
