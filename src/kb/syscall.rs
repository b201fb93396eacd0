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
    Getpeername,
    Getsockname,
    Close,
    Socketpair,
    Sendmsg,
    Recvmsg,
    Poll,
    Select,
    EpollWait,
    EpollCtl,
    Sendfile,
    Splice,
    Fcntl,
    Ioctl,
    /// Not a system call: the C library's name resolution, whose failures
    /// are EAI_* codes rather than errnos (see `kb::gai`).
    Getaddrinfo,
}

/// Names seen in strace output, man pages and logs, and the call whose
/// entries explain them, sorted by name (a binary search finds them: scan
/// asks for every finding). `write` on a socket fails the way `send` does and
/// `read` the way `recv` does, so they share entries; the variants of a call
/// that traces show (`pselect6`, `epoll_pwait2`, `recvmmsg`) are that call.
const ALIASES: &[(&str, Syscall)] = &[
    ("_newselect", Syscall::Select),
    ("accept", Syscall::Accept),
    ("accept4", Syscall::Accept),
    ("bind", Syscall::Bind),
    ("close", Syscall::Close),
    ("connect", Syscall::Connect),
    ("epoll_ctl", Syscall::EpollCtl),
    ("epoll_pwait", Syscall::EpollWait),
    ("epoll_pwait2", Syscall::EpollWait),
    ("epoll_wait", Syscall::EpollWait),
    ("fcntl", Syscall::Fcntl),
    ("fcntl64", Syscall::Fcntl),
    ("getaddrinfo", Syscall::Getaddrinfo),
    ("getpeername", Syscall::Getpeername),
    ("getsockname", Syscall::Getsockname),
    ("getsockopt", Syscall::Getsockopt),
    ("ioctl", Syscall::Ioctl),
    ("listen", Syscall::Listen),
    ("poll", Syscall::Poll),
    ("ppoll", Syscall::Poll),
    ("pselect", Syscall::Select),
    ("pselect6", Syscall::Select),
    ("read", Syscall::Recv),
    ("readv", Syscall::Recv),
    ("recv", Syscall::Recv),
    ("recvfrom", Syscall::Recv),
    ("recvmmsg", Syscall::Recvmsg),
    ("recvmsg", Syscall::Recvmsg),
    ("select", Syscall::Select),
    ("send", Syscall::Send),
    ("sendfile", Syscall::Sendfile),
    ("sendfile64", Syscall::Sendfile),
    ("sendmmsg", Syscall::Sendmsg),
    ("sendmsg", Syscall::Sendmsg),
    ("sendto", Syscall::Send),
    ("setsockopt", Syscall::Setsockopt),
    ("shutdown", Syscall::Shutdown),
    ("socket", Syscall::Socket),
    ("socketpair", Syscall::Socketpair),
    ("splice", Syscall::Splice),
    ("write", Syscall::Send),
    ("writev", Syscall::Send),
];

impl Syscall {
    /// Every call, in the order output lists them.
    pub const ALL: [Syscall; 25] = [
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
        Syscall::Getpeername,
        Syscall::Getsockname,
        Syscall::Close,
        Syscall::Socketpair,
        Syscall::Sendmsg,
        Syscall::Recvmsg,
        Syscall::Poll,
        Syscall::Select,
        Syscall::EpollWait,
        Syscall::EpollCtl,
        Syscall::Sendfile,
        Syscall::Splice,
        Syscall::Fcntl,
        Syscall::Ioctl,
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
            Syscall::Getpeername => "getpeername",
            Syscall::Getsockname => "getsockname",
            Syscall::Close => "close",
            Syscall::Socketpair => "socketpair",
            Syscall::Sendmsg => "sendmsg",
            Syscall::Recvmsg => "recvmsg",
            Syscall::Poll => "poll",
            Syscall::Select => "select",
            Syscall::EpollWait => "epoll_wait",
            Syscall::EpollCtl => "epoll_ctl",
            Syscall::Sendfile => "sendfile",
            Syscall::Splice => "splice",
            Syscall::Fcntl => "fcntl",
            Syscall::Ioctl => "ioctl",
            Syscall::Getaddrinfo => "getaddrinfo",
        }
    }

    /// The call whose entries also hold for this one, where it has none of
    /// its own for an errno: sendmsg fails like send except where ancillary
    /// data or several messages make a difference (sendmsg.json), so every
    /// other errno of sendmsg is send's entry; recvmsg likewise recv's.
    pub fn fallback(self) -> Option<Syscall> {
        match self {
            Syscall::Sendmsg => Some(Syscall::Send),
            Syscall::Recvmsg => Some(Syscall::Recv),
            _ => None,
        }
    }

    /// The call a name stands for: its own name or a trace alias such as
    /// `sendto` or `accept4`, in any case, with or without `()` or `(2)`.
    pub fn from_name(s: &str) -> Option<Syscall> {
        let s = s.trim();
        let s = s
            .strip_suffix("(2)")
            .or_else(|| s.strip_suffix("(3)"))
            .or_else(|| s.strip_suffix("()"))
            .unwrap_or(s);
        // Every name is short and ASCII; a longer one is none of them.
        let mut buf = [0u8; 16];
        let b = s.as_bytes();
        if b.len() > buf.len() {
            return None;
        }
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        let lower = &buf[..b.len()];
        ALIASES
            .binary_search_by(|(n, _)| n.as_bytes().cmp(lower))
            .ok()
            .map(|i| ALIASES[i].1)
    }

    /// Every name [`Syscall::from_name`] accepts, for help and completions:
    /// the calls in display order, then the other names.
    pub fn accepted_names() -> impl Iterator<Item = &'static str> {
        Syscall::ALL.iter().map(|c| c.name()).chain(
            ALIASES
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| !Syscall::ALL.iter().any(|c| c.name() == *n)),
        )
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
        assert_eq!(Syscall::from_name("recvmsg"), Some(Syscall::Recvmsg));
        assert_eq!(Syscall::from_name("recvmmsg"), Some(Syscall::Recvmsg));
        assert_eq!(Syscall::from_name("sendmmsg"), Some(Syscall::Sendmsg));
        assert_eq!(Syscall::from_name("write"), Some(Syscall::Send));
        assert_eq!(Syscall::from_name("READ"), Some(Syscall::Recv));
        assert_eq!(Syscall::from_name("accept4"), Some(Syscall::Accept));
        assert_eq!(Syscall::from_name("connect(2)"), Some(Syscall::Connect));
        assert_eq!(Syscall::from_name("_newselect"), Some(Syscall::Select));
        assert_eq!(Syscall::from_name("pselect6"), Some(Syscall::Select));
        assert_eq!(Syscall::from_name("ppoll"), Some(Syscall::Poll));
        assert_eq!(Syscall::from_name("epoll_pwait2"), Some(Syscall::EpollWait));
        assert_eq!(Syscall::from_name("fcntl64"), Some(Syscall::Fcntl));
        assert_eq!(Syscall::from_name("connectx"), None);
        for c in Syscall::ALL {
            assert_eq!(Syscall::from_name(c.name()), Some(c));
        }
    }

    #[test]
    fn aliases_are_sorted_for_the_binary_search() {
        assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn names_are_unique_and_all_is_complete() {
        let mut names: Vec<&str> = Syscall::accepted_names().collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "a name appears twice");
        let mut all = Syscall::ALL.to_vec();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), Syscall::ALL.len());
    }
}
