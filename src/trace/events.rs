//! From strace's lines to failed-call events: joins split calls, asks the
//! scan room what each line says, and decides whether a failure is a normal
//! part of how the program works (a non-blocking connect's EINPROGRESS) or a
//! problem. It keeps the little state that takes: which sockets have a
//! connect in progress, and the names of the processes.

use super::line::{self, Joiner, Returned, Socket};
use super::procs::{self, ProcInfo, Procs};
use crate::kb::{self, Errno};
use crate::lookup::Via;
use crate::scan::{recognise, Context, Finding, What};
use crate::syscall::Syscall;
use std::collections::HashMap;

/// Why a failure is a normal part of how the program works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Normal {
    /// A non-blocking connect has started (EINPROGRESS), or is still going
    /// on when connect is called again (EALREADY).
    InProgress,
    /// A non-blocking socket was not ready (EAGAIN): wait, then call again.
    WouldBlock,
    /// getpeername found no peer yet while a non-blocking connect goes on
    /// (ENOTCONN): that is how some programs poll for the connection.
    ConnectPending,
    /// A signal interrupted the call (EINTR, or strace's ERESTART* codes).
    Interrupted,
    /// The C library looked for the name-service cache daemon (nscd) and,
    /// finding none, goes on without it: every program that looks up a user
    /// or a host name does this on a host without nscd.
    NoNscd,
}

impl Normal {
    pub fn as_str(self) -> &'static str {
        match self {
            Normal::InProgress => "in-progress",
            Normal::WouldBlock => "would-block",
            Normal::ConnectPending => "connect-pending",
            Normal::Interrupted => "interrupted",
            Normal::NoNscd => "no-nscd",
        }
    }
}

/// One failed call.
#[derive(Debug, Clone)]
pub struct Event {
    /// Which line of strace's output it came from (1-based), an ordinal.
    pub seq: u64,
    /// The process (or thread) that made the call.
    pub pid: Option<u32>,
    /// Its name and process, as far as they could be read.
    pub process: ProcInfo,
    /// The call as strace names it (`recvfrom`, `getsockopt`).
    pub call: String,
    /// The descriptor the call was made on.
    pub fd: Option<i32>,
    /// The socket, as strace's `-yy` decoration describes it.
    pub socket: Option<Socket>,
    /// The address the call tried to reach or take (connect, bind,
    /// sendto; for a connect that failed later, the address it was given).
    pub address: Option<String>,
    /// What the scan room reads in the line: the errno, the call, the setting.
    pub finding: Finding,
    /// Set when the failure is a normal part of the program's work.
    pub normal: Option<Normal>,
    /// EAGAIN on a socket that is in blocking mode: not "not ready" but a
    /// timeout (SO_RCVTIMEO, SO_SNDTIMEO) that ran out.
    pub blocking: bool,
    /// The strace line (split calls joined), lossily decoded.
    pub line: String,
}

/// Sockets with a connect in progress, per process, at most.
const CONNECTING_MAX: usize = 65536;

/// Reads strace's output one line at a time.
#[derive(Debug, Default)]
pub struct Reader {
    joiner: Joiner,
    procs: Procs,
    /// (process, descriptor) → the address a non-blocking connect goes to.
    connecting: HashMap<(u32, i32), Option<String>>,
    all: bool,
    seq: u64,
}

impl Reader {
    /// `all`: report failures of every call, not only socket work.
    pub fn new(all: bool) -> Reader {
        Reader {
            all,
            ..Reader::default()
        }
    }

    /// Lines read so far.
    pub fn lines(&self) -> u64 {
        self.seq
    }

    /// One line of strace's output, without its newline: the failed calls
    /// it reports (none, mostly).
    pub fn line(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.seq += 1;
        let Some(joined) = self.joiner.feed(bytes) else {
            return Vec::new();
        };
        let joined = line::unpad(joined);
        let Some(p) = line::parse(&joined) else {
            return Vec::new();
        };
        let pid = p.pid.unwrap_or(0);
        let so_error = p.call == "getsockopt" && line::reads_so_error(&joined);
        match (p.call, p.returned) {
            ("execve", Returned::Success) => {
                if let Some(name) = line::exec_name(&joined) {
                    self.procs.executed(pid, name);
                }
            }
            ("clone" | "clone3" | "fork" | "vfork", Returned::Success) => {
                // A new process or thread: it has its parent's name until
                // it executes something, and a thread its parent's process.
                if let Some(child) = line::return_value(&joined).and_then(|c| u32::try_from(c).ok())
                {
                    let thread = memchr::memmem::find(&joined, b"CLONE_THREAD").is_some();
                    self.procs.spawned(pid, child, thread);
                }
            }
            _ => {}
        }
        // Bookkeeping of connects in progress.
        let mut pending_address = None;
        if let Some((fd, _)) = p.fd {
            let key = (self.process_of(pid), fd);
            match (p.call, p.returned) {
                ("connect", Returned::Error("EINPROGRESS" | "EALREADY"))
                    if self.connecting.len() < CONNECTING_MAX =>
                {
                    let to = line::sockaddr(&joined);
                    let e = self.connecting.entry(key).or_insert(None);
                    if to.is_some() {
                        *e = to;
                    }
                }
                ("connect", _) | ("close", _) => {
                    self.connecting.remove(&key);
                }
                ("getsockopt", _) if so_error => {
                    pending_address = self.connecting.remove(&key).flatten();
                }
                _ => {}
            }
        }
        if !matches!(p.returned, Returned::Error(_)) && !so_error {
            return Vec::new();
        }
        let mut findings = recognise(&joined);
        if findings.is_empty() && self.all {
            if let Returned::Error(name) = p.returned {
                findings.extend(any_call(&joined, p.call, name));
            }
        }
        let mut out = Vec::with_capacity(findings.len());
        for f in findings {
            let (fd, deco) = match p.fd {
                Some((fd, deco)) => (Some(fd), deco),
                None => (None, None),
            };
            let socket = deco.and_then(Socket::from_decoration);
            let address = if f.context == Context::DeferredConnect {
                pending_address.clone()
            } else if line::takes_address(p.call) {
                line::sockaddr(&joined)
            } else {
                None
            };
            let (normal, blocking) = self.judge(&f, &p, &joined);
            out.push(Event {
                seq: self.seq,
                pid: p.pid,
                process: p.pid.map(|p| self.procs.info(p)).unwrap_or_default(),
                call: p.call.to_string(),
                fd: fd.filter(|_| socket.is_some() || f.syscall.is_some()),
                socket,
                address,
                finding: f,
                normal,
                blocking,
                line: String::from_utf8_lossy(&joined).into_owned(),
            });
        }
        out
    }

    /// The process a thread belongs to (descriptors are per process).
    fn process_of(&mut self, pid: u32) -> u32 {
        self.procs.info(pid).tgid.unwrap_or(pid)
    }

    /// Whether a failure is normal; and whether an EAGAIN came from a
    /// blocking socket's timeout.
    fn judge(
        &mut self,
        f: &Finding,
        p: &line::Parsed<'_>,
        joined: &[u8],
    ) -> (Option<Normal>, bool) {
        let name = f.errno().map(|e| e.name.as_str());
        match (name, f.context) {
            (_, Context::InProgress) => return (Some(Normal::InProgress), false),
            (_, Context::Interrupted { .. } | Context::Restarted) | (Some("EINTR"), _) => {
                return (Some(Normal::Interrupted), false)
            }
            _ => {}
        }
        match (name, f.syscall) {
            (Some("ENOENT" | "ECONNREFUSED"), Some(Syscall::Connect))
                if line::sockaddr(joined)
                    .is_some_and(|a| a == "/var/run/nscd/socket" || a == "/run/nscd/socket") =>
            {
                (Some(Normal::NoNscd), false)
            }
            (Some("EALREADY"), Some(Syscall::Connect)) if f.context != Context::DeferredConnect => {
                (Some(Normal::InProgress), false)
            }
            (
                Some("EAGAIN"),
                Some(
                    Syscall::Recv
                    | Syscall::Send
                    | Syscall::Accept
                    | Syscall::Recvmsg
                    | Syscall::Sendmsg,
                ),
            ) => {
                if line::dont_wait(joined) {
                    return (Some(Normal::WouldBlock), false);
                }
                let blocking = match (p.pid, p.fd) {
                    (Some(pid), Some((fd, _))) => procs::nonblocking(pid, fd) == Some(false),
                    _ => false,
                };
                if blocking {
                    (None, true)
                } else {
                    (Some(Normal::WouldBlock), false)
                }
            }
            (Some("ENOTCONN"), None | Some(Syscall::Getpeername)) if p.call == "getpeername" => {
                let pending = p.fd.is_some_and(|(fd, _)| {
                    let key = (self.process_of(p.pid.unwrap_or(0)), fd);
                    self.connecting.contains_key(&key)
                });
                (pending.then_some(Normal::ConnectPending), false)
            }
            _ => (None, false),
        }
    }
}

/// A failure of any call (for `--all`), when the scan room does not count
/// it as socket work: the errno from the return value, no socket call.
fn any_call(joined: &[u8], call: &str, name: &str) -> Option<Finding> {
    let e: &'static Errno = kb::by_name(name)?;
    let at = memchr::memmem::rfind(joined, name.as_bytes())?;
    Some(Finding {
        what: What::Errno(e),
        syscall: None,
        call: Some(call.to_string()),
        context: Context::None,
        via: if e.name == name {
            Via::Name
        } else {
            e.aliases
                .iter()
                .find(|a| **a == name)
                .map_or(Via::Name, |a| Via::Alias(a))
        },
        span: at..at + name.len(),
        matched: name.to_string(),
        pid: line::parse(joined).and_then(|p| p.pid),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(all: bool, lines: &[&str]) -> Vec<Event> {
        let mut r = Reader::new(all);
        lines.iter().flat_map(|l| r.line(l.as_bytes())).collect()
    }

    fn names(ev: &[Event]) -> Vec<(String, &'static str, Option<Normal>)> {
        ev.iter()
            .map(|e| {
                (
                    e.call.clone(),
                    e.finding.errno().unwrap().name.as_str(),
                    e.normal,
                )
            })
            .collect()
    }

    // Process ids far above pid_max, so /proc has nothing to say about them.
    const NBC: &[&str] = &[
        "999999991 socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_IP) = 5<TCP:[53286]>",
        r#"999999991 connect(5<TCP:[53286]>, {sa_family=AF_INET, sin_port=htons(53411), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)"#,
        "999999991 getpeername(5<TCP:[53286]>, 0x7ffe759731f0, [16]) = -1 ENOTCONN (Transport endpoint is not connected)",
        "999999991 poll([{fd=5<TCP:[53286]>, events=POLLOUT}], 1, 1000) = 1 ([{fd=5, revents=POLLOUT|POLLERR|POLLHUP}])",
        "999999991 getsockopt(5<TCP:[53286]>, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0",
        "999999991 getpeername(5<TCP:[53286]>, 0x7ffe759731f0, [16]) = -1 ENOTCONN (Transport endpoint is not connected)",
    ];

    #[test]
    fn a_non_blocking_connect_that_is_refused() {
        let ev = run(false, NBC);
        assert_eq!(
            names(&ev),
            vec![
                ("connect".into(), "EINPROGRESS", Some(Normal::InProgress)),
                (
                    "getpeername".into(),
                    "ENOTCONN",
                    Some(Normal::ConnectPending)
                ),
                ("getsockopt".into(), "ECONNREFUSED", None),
                // The connect is over: now ENOTCONN is no longer normal.
                ("getpeername".into(), "ENOTCONN", None),
            ]
        );
        // The refusal names the address the connect went to.
        assert_eq!(ev[2].address.as_deref(), Some("127.0.0.1:53411"));
        assert_eq!(ev[2].finding.syscall, Some(Syscall::Connect));
        assert_eq!(ev[0].address.as_deref(), Some("127.0.0.1:53411"));
        assert_eq!(ev[0].pid, Some(999999991));
        assert_eq!(ev[0].fd, Some(5));
    }

    #[test]
    fn split_calls_keep_their_arguments() {
        let ev = run(
            false,
            &[
                "999999991 connect(3<TCP:[1]>, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28 <unfinished ...>",
                "999999992 write(1</dev/null>, \"\"..., 5) = 5",
                // strace pads a short resumed half to its result column.
                "999999991 <... connect resumed>)            = -1 ECONNREFUSED (Connection refused)",
            ],
        );
        assert_eq!(names(&ev), vec![("connect".into(), "ECONNREFUSED", None)]);
        assert_eq!(ev[0].finding.syscall, Some(Syscall::Connect));
        assert_eq!(ev[0].address.as_deref(), Some("[::1]:9"));
        assert_eq!(ev[0].seq, 3);
    }

    #[test]
    fn what_counts() {
        let lines = [
            // Not a socket: left out unless --all.
            "999999991 openat(AT_FDCWD</>, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)",
            "999999991 write(1</dev/pts/0>, \"\"..., 5) = -1 EPIPE (Broken pipe)",
            // A socket's: always.
            "999999991 write(4<TCP:[127.0.0.1:5->127.0.0.1:6]>, \"\"..., 5) = -1 EPIPE (Broken pipe)",
            "999999991 recvfrom(4<TCP:[127.0.0.1:5->127.0.0.1:6]>, 0x7f, 5, MSG_DONTWAIT, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)",
            "999999991 epoll_wait(3<anon_inode:[eventpoll]>, [], 1024, -1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
            "999999991 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = -1 EMFILE (Too many open files)",
            r#"999999991 connect(3<UNIX-STREAM:[96]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)"#,
        ];
        let ev = run(false, &lines);
        assert_eq!(
            names(&ev),
            vec![
                ("write".into(), "EPIPE", None),
                ("recvfrom".into(), "EAGAIN", Some(Normal::WouldBlock)),
                ("epoll_wait".into(), "EINTR", Some(Normal::Interrupted)),
                ("socket".into(), "EMFILE", None),
                ("connect".into(), "ENOENT", Some(Normal::NoNscd)),
            ]
        );
        assert_eq!(
            ev[0].socket.as_ref().map(|s| s.describe()).as_deref(),
            Some("TCP 127.0.0.1:5->127.0.0.1:6")
        );
        let all = run(true, &lines);
        assert_eq!(all.len(), 7);
        assert_eq!(all[0].call, "openat");
        assert_eq!(all[0].finding.errno().unwrap().name, "ENOENT");
        assert_eq!(all[0].finding.syscall, None);
        assert_eq!(all[1].fd, None);
    }

    #[test]
    fn eagain_on_a_blocking_socket_is_a_timeout() {
        // A real blocking socket of this process, so /proc shows its flags.
        let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
        use std::os::fd::AsRawFd;
        let me = std::process::id();
        let l = format!(
            "{me} recvfrom({}<UNIX-STREAM:[1->2]>, 0x7f, 5, 0, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)",
            a.as_raw_fd()
        );
        let ev = run(false, &[&l]);
        assert_eq!(ev[0].normal, None);
        assert!(ev[0].blocking);
        a.set_nonblocking(true).unwrap();
        let ev = run(false, &[&l]);
        assert_eq!(ev[0].normal, Some(Normal::WouldBlock));
        assert!(!ev[0].blocking);
    }
}
