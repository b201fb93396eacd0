//! `--probe`: one connect() attempt, bounded in time, and what it returned.
//! Only when the user asks: it is the one part of diagnose that sends
//! anything (a SYN, or an AF_UNIX connection request).

use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

/// How long a probe waits for an answer before it reports a timeout.
pub const TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Connected,
    /// connect() failed with this errno.
    Failed(i32),
    /// No answer within the time allowed.
    NoAnswer,
}

#[derive(Debug, Clone, Copy)]
pub struct Probe {
    pub outcome: Outcome,
    pub elapsed: Duration,
}

impl Probe {
    /// `connect(127.0.0.1:5432) = -1 ECONNREFUSED after 0.2 ms`.
    pub fn line(&self, what: &str) -> String {
        let ms = self.elapsed.as_secs_f64() * 1000.0;
        match self.outcome {
            Outcome::Connected => format!("connect({what}) = 0 after {ms:.1} ms"),
            Outcome::Failed(e) => {
                format!("connect({what}) = -1 {} after {ms:.1} ms", errno_name(e))
            }
            Outcome::NoAnswer => {
                format!("connect({what}): no answer within {} s", TIMEOUT.as_secs())
            }
        }
    }
}

pub fn errno_name(e: i32) -> String {
    crate::kb::by_number(i64::from(e))
        .map(|x| x.name.to_string())
        .unwrap_or_else(|| format!("errno {e}"))
}

/// One TCP (or UDP, which only learns of a refusal after sending) connect
/// to `to`, non-blocking, waiting at most [`TIMEOUT`].
pub fn tcp(to: SocketAddr) -> Probe {
    let start = Instant::now();
    let outcome = tcp_inner(to);
    Probe {
        outcome,
        elapsed: start.elapsed(),
    }
}

fn tcp_inner(to: SocketAddr) -> Outcome {
    use nix::sys::socket::{
        connect, getsockopt, socket, sockopt, AddressFamily, SockFlag, SockType, SockaddrStorage,
    };
    let fam = if to.is_ipv4() {
        AddressFamily::Inet
    } else {
        AddressFamily::Inet6
    };
    let fd = match socket(
        fam,
        SockType::Stream,
        SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
        None,
    ) {
        Ok(fd) => fd,
        Err(e) => return Outcome::Failed(e as i32),
    };
    match connect(fd.as_raw_fd(), &SockaddrStorage::from(to)) {
        Ok(()) => return Outcome::Connected,
        Err(nix::errno::Errno::EINPROGRESS) => {}
        Err(e) => return Outcome::Failed(e as i32),
    }
    let mut pfd = [nix::poll::PollFd::new(
        std::os::fd::AsFd::as_fd(&fd),
        nix::poll::PollFlags::POLLOUT,
    )];
    let ms = TIMEOUT.as_millis() as u16;
    match nix::poll::poll(&mut pfd, nix::poll::PollTimeout::from(ms)) {
        Ok(0) => Outcome::NoAnswer,
        Ok(_) => match getsockopt(&fd, sockopt::SocketError) {
            Ok(0) => Outcome::Connected,
            Ok(e) => Outcome::Failed(e),
            Err(e) => Outcome::Failed(e as i32),
        },
        Err(e) => Outcome::Failed(e as i32),
    }
}

/// One AF_UNIX stream connect to a path or (with a leading NUL) an
/// abstract name. A listening server sees a connection that closes at once.
pub fn unix(path: &[u8]) -> Probe {
    let start = Instant::now();
    let outcome = unix_inner(path);
    Probe {
        outcome,
        elapsed: start.elapsed(),
    }
}

fn unix_inner(path: &[u8]) -> Outcome {
    use nix::sys::socket::{connect, socket, AddressFamily, SockFlag, SockType, UnixAddr};
    let addr = if let Some(name) = path.strip_prefix(b"\0") {
        UnixAddr::new_abstract(name)
    } else {
        use std::os::unix::ffi::OsStrExt;
        UnixAddr::new(std::ffi::OsStr::from_bytes(path))
    };
    let addr = match addr {
        Ok(a) => a,
        Err(e) => return Outcome::Failed(e as i32),
    };
    let fd = match socket(
        AddressFamily::Unix,
        SockType::Stream,
        SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
        None,
    ) {
        Ok(fd) => fd,
        Err(e) => return Outcome::Failed(e as i32),
    };
    match connect(fd.as_raw_fd(), &addr) {
        // A full backlog answers EAGAIN on a non-blocking AF_UNIX connect:
        // someone listens.
        Ok(()) | Err(nix::errno::Errno::EAGAIN) => Outcome::Connected,
        Err(e) => Outcome::Failed(e as i32),
    }
}
