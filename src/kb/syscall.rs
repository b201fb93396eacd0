//! The socket calls sockerr knows, and the names traces and logs use for them;
//! getaddrinfo, a library call, among them, since its failures are what
//! most "cannot connect" reports really are.

use std::fmt;

/// A socket call with its own entries in the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Syscall {
    Connect,
    Send,
    Recv,
    Bind,
    Setsockopt,
    Getsockopt,
    Accept,
    Listen,
    Socket,
    Shutdown,
    /// Not a system call: the C library's name resolution, whose failures
    /// are EAI_* codes rather than errnos (see `kb::gai`).
    Getaddrinfo,
}

/// Names seen in strace output, man pages and logs, and the call whose
/// entries explain them. `write` on a socket fails the way `send` does and
/// `read` the way `recv` does, so they share entries.
const ALIASES: &[(&str, Syscall)] = &[
    ("connect", Syscall::Connect),
    ("send", Syscall::Send),
    ("sendto", Syscall::Send),
    ("sendmsg", Syscall::Send),
    ("sendmmsg", Syscall::Send),
    ("write", Syscall::Send),
    ("writev", Syscall::Send),
    ("sendfile", Syscall::Send),
    ("recv", Syscall::Recv),
    ("recvfrom", Syscall::Recv),
    ("recvmsg", Syscall::Recv),
    ("recvmmsg", Syscall::Recv),
    ("read", Syscall::Recv),
    ("readv", Syscall::Recv),
    ("bind", Syscall::Bind),
    ("setsockopt", Syscall::Setsockopt),
    ("getsockopt", Syscall::Getsockopt),
    ("accept", Syscall::Accept),
    ("accept4", Syscall::Accept),
    ("listen", Syscall::Listen),
    ("socket", Syscall::Socket),
    ("shutdown", Syscall::Shutdown),
    ("getaddrinfo", Syscall::Getaddrinfo),
];

impl Syscall {
    /// Every call, in the order output lists them.
    pub const ALL: [Syscall; 11] = [
        Syscall::Connect,
        Syscall::Send,
        Syscall::Recv,
        Syscall::Bind,
        Syscall::Setsockopt,
        Syscall::Getsockopt,
        Syscall::Accept,
        Syscall::Listen,
        Syscall::Socket,
        Syscall::Shutdown,
        Syscall::Getaddrinfo,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Syscall::Connect => "connect",
            Syscall::Send => "send",
            Syscall::Recv => "recv",
            Syscall::Bind => "bind",
            Syscall::Setsockopt => "setsockopt",
            Syscall::Getsockopt => "getsockopt",
            Syscall::Accept => "accept",
            Syscall::Listen => "listen",
            Syscall::Socket => "socket",
            Syscall::Shutdown => "shutdown",
            Syscall::Getaddrinfo => "getaddrinfo",
        }
    }

    /// The call a name stands for: its own name or a trace alias such as
    /// `sendto` or `accept4`, in any case, with or without `()` or `(2)`.
    pub fn from_name(s: &str) -> Option<Syscall> {
        let s = s.trim();
        let s = s
            .strip_suffix("(2)")
            .or_else(|| s.strip_suffix("()"))
            .unwrap_or(s);
        ALIASES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(s))
            .map(|&(_, c)| c)
    }

    /// Every name [`Syscall::from_name`] accepts, for help and completions.
    pub fn accepted_names() -> impl Iterator<Item = &'static str> {
        ALIASES.iter().map(|(n, _)| *n)
    }
}

impl fmt::Display for Syscall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_names_map_onto_calls() {
        assert_eq!(Syscall::from_name("sendto"), Some(Syscall::Send));
        assert_eq!(Syscall::from_name("recvmsg"), Some(Syscall::Recv));
        assert_eq!(Syscall::from_name("write"), Some(Syscall::Send));
        assert_eq!(Syscall::from_name("READ"), Some(Syscall::Recv));
        assert_eq!(Syscall::from_name("accept4"), Some(Syscall::Accept));
        assert_eq!(Syscall::from_name("connect(2)"), Some(Syscall::Connect));
        assert_eq!(Syscall::from_name("connectx"), None);
        for c in Syscall::ALL {
            assert_eq!(Syscall::from_name(c.name()), Some(c));
        }
    }
}
