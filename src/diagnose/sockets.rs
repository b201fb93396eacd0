//! The socket tables of a network namespace, and who owns a socket.
//!
//! The tables come from `/proc/net/{tcp,tcp6,udp,udp6}` through `procfs`
//! (this process's network namespace), or `/proc/PID/net/...` for another
//! process's. A socket's owner is found the only way Linux offers without
//! root-only netlink extensions: every `/proc/PID/fd/N` link that reads
//! `socket:[INODE]`. Another user's `/proc/PID/fd` cannot be read without
//! root (or CAP_SYS_PTRACE); [`Owners`] counts those processes so a check
//! can say it could not see instead of concluding "no owner".

use super::host;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::CStr;
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// One row of a socket table.
#[derive(Debug, Clone)]
pub struct Sock {
    pub proto: Proto,
    pub local: SocketAddr,
    pub remote: SocketAddr,
    /// The kernel's state number (`/proc/net/tcp`'s `st`).
    pub state: u8,
    pub uid: u32,
    /// 0 for sockets no descriptor refers to (TIME_WAIT, orphans).
    pub inode: u64,
    /// For a listener, the accept queue's length (the kernel prints
    /// sk_ack_backlog in this column for LISTEN sockets; the backlog limit
    /// is not in /proc).
    pub rx_queue: u32,
}

pub const LISTEN: u8 = 0x0A;
pub const TIME_WAIT: u8 = 0x06;
pub const FIN_WAIT2: u8 = 0x05;
pub const ESTABLISHED: u8 = 0x01;
/// A UDP socket that is bound but not connected.
pub const UDP_UNCONN: u8 = 0x07;

impl Sock {
    /// The state as `ss` names it.
    pub fn state_name(&self) -> &'static str {
        if self.proto == Proto::Udp {
            return if self.state == ESTABLISHED {
                "ESTAB"
            } else {
                "UNCONN"
            };
        }
        match self.state {
            0x01 => "ESTAB",
            0x02 => "SYN-SENT",
            0x03 => "SYN-RECV",
            0x04 => "FIN-WAIT-1",
            0x05 => "FIN-WAIT-2",
            0x06 => "TIME-WAIT",
            0x07 => "CLOSE",
            0x08 => "CLOSE-WAIT",
            0x09 => "LAST-ACK",
            0x0A => "LISTEN",
            0x0B => "CLOSING",
            0x0C => "NEW-SYN-RECV",
            _ => "?",
        }
    }

    /// Listening (TCP) or bound and unconnected (UDP): what a server holds.
    pub fn is_server(&self) -> bool {
        match self.proto {
            Proto::Tcp => self.state == LISTEN,
            Proto::Udp => self.state == UDP_UNCONN,
        }
    }

    /// One evidence line, the way `ss -tan` would show it.
    pub fn line(&self) -> String {
        let q = if self.proto == Proto::Tcp && self.state == LISTEN {
            format!(" accept-queue {}", self.rx_queue)
        } else {
            String::new()
        };
        format!(
            "{} {} {} {} uid {} inode {}{q}",
            self.proto.name(),
            self.state_name(),
            self.local,
            self.remote,
            self.uid,
            self.inode
        )
    }
}

/// Where a table was read from, for the evidence.
pub fn source(proto: Proto, pid: Option<i32>) -> String {
    let base = match pid {
        Some(p) => format!("/proc/{p}/net"),
        None => "/proc/net".to_string(),
    };
    format!("{base}/{0} {base}/{0}6", proto.name())
}

/// Both families of one protocol's table: this network namespace's
/// (`pid` None) or that process's. `Err` says why it could not be read.
pub fn table(proto: Proto, pid: Option<i32>) -> Result<Vec<Sock>, String> {
    use procfs::net::{TcpNetEntries, UdpNetEntries};
    use procfs::FromBufReadSI;
    let base = match pid {
        Some(p) => format!("/proc/{p}/net"),
        None => "/proc/net".to_string(),
    };
    let mut out = Vec::new();
    for (i, v6) in ["", "6"].iter().enumerate() {
        let path = format!("{base}/{}{v6}", proto.name());
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            // No IPv6 (ipv6.disable=1): no tcp6 file, nothing to add.
            Err(_) if i == 1 => break,
            Err(e) => return Err(format!("{path}: {e}")),
        };
        // One large buffer: with 100,000 sockets the file is 15 MB, and
        // each read() of a seq_file costs a walk to the right place.
        let r = std::io::BufReader::with_capacity(1 << 20, file);
        let si = procfs::current_system_info();
        let err = |e: procfs::ProcError| format!("{path}: {e}");
        match proto {
            Proto::Tcp => out.extend(
                TcpNetEntries::from_buf_read(r, si)
                    .map_err(err)?
                    .0
                    .into_iter()
                    .map(|e| Sock {
                        proto,
                        local: e.local_address,
                        remote: e.remote_address,
                        state: e.state.to_u8(),
                        uid: e.uid,
                        inode: e.inode,
                        rx_queue: e.rx_queue,
                    }),
            ),
            Proto::Udp => out.extend(
                UdpNetEntries::from_buf_read(r, si)
                    .map_err(err)?
                    .0
                    .into_iter()
                    .map(|e| Sock {
                        proto,
                        local: e.local_address,
                        remote: e.remote_address,
                        state: e.state.to_u8(),
                        uid: e.uid,
                        inode: e.inode,
                        rx_queue: e.rx_queue,
                    }),
            ),
        }
    }
    Ok(out)
}

/// Every descriptor of a process and what its /proc link reads
/// (`socket:[123]`, `pipe:[45]`, `anon_inode:[eventpoll]`, a path): one
/// readlinkat each, relative to the open fd directory.
pub fn fd_links(pid: i32) -> Result<Vec<(i32, String)>, String> {
    let path = format!("/proc/{pid}/fd");
    let mut dir = nix::dir::Dir::open(
        path.as_str(),
        nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_DIRECTORY | nix::fcntl::OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    )
    .map_err(|e| format!("{path}: {}", e.desc()))?;
    let dfd = dir.as_raw_fd();
    let mut out = Vec::new();
    for e in dir.iter().flatten() {
        let name = e.file_name();
        let Some(fd) = std::str::from_utf8(name.to_bytes())
            .ok()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        if let Ok(l) = nix::fcntl::readlinkat(Some(dfd), name) {
            out.push((fd, l.to_string_lossy().into_owned()));
        }
    }
    Ok(out)
}

/// A process holding a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub pid: i32,
    pub comm: String,
    pub uid: u32,
    pub fd: i32,
}

impl Owner {
    /// `pid 4242 (nginx, user www-data, fd 6)`.
    pub fn describe(&self, users: &host::Users) -> String {
        format!(
            "pid {} ({}, user {}, fd {})",
            self.pid,
            self.comm,
            users.name(self.uid),
            self.fd
        )
    }
}

/// Who holds which socket inode, and what could not be looked at.
#[derive(Debug, Default)]
pub struct Owners {
    pub by_inode: HashMap<u64, Vec<Owner>>,
    /// Processes whose descriptors could not be read, and their users.
    pub unreadable: usize,
    pub unreadable_uids: BTreeSet<u32>,
    /// Processes looked at.
    pub scanned: usize,
}

impl Owners {
    pub fn of(&self, inode: u64) -> &[Owner] {
        self.by_inode.get(&inode).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether a socket of user `uid` with no owner found may still have
    /// one we could not see: some process of that user was unreadable (or
    /// any process was, since a process can hold a socket another user
    /// created, after fork and setuid or descriptor passing).
    pub fn may_hide(&self) -> bool {
        self.unreadable > 0
    }
}

/// Finds the processes holding any of `inodes`, by reading every
/// `/proc/PID/fd`. Costs one readlink per descriptor on the host, so it is
/// done only when there are inodes to find.
pub fn owners(inodes: &HashSet<u64>) -> Owners {
    let mut o = Owners::default();
    if inodes.is_empty() {
        return o;
    }
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return o;
    };
    let mut found_pids = Vec::new();
    for ent in dir.flatten() {
        let name = ent.file_name();
        let Some(pid) = name.to_str().and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        o.scanned += 1;
        let path = format!("/proc/{pid}/fd");
        let mut fds = match nix::dir::Dir::open(
            path.as_str(),
            nix::fcntl::OFlag::O_RDONLY
                | nix::fcntl::OFlag::O_DIRECTORY
                | nix::fcntl::OFlag::O_CLOEXEC,
            nix::sys::stat::Mode::empty(),
        ) {
            Ok(d) => d,
            Err(nix::errno::Errno::ENOENT) | Err(nix::errno::Errno::ESRCH) => continue,
            Err(_) => {
                o.unreadable += 1;
                if let Ok(md) = std::fs::metadata(format!("/proc/{pid}")) {
                    o.unreadable_uids.insert(md.uid());
                }
                continue;
            }
        };
        let dfd = fds.as_raw_fd();
        let mut hit = false;
        for e in fds.iter().flatten() {
            let fname = e.file_name();
            if fname.to_bytes().first() == Some(&b'.') {
                continue;
            }
            if let Some(ino) = socket_inode(dfd, fname) {
                if inodes.contains(&ino) {
                    let fd = std::str::from_utf8(fname.to_bytes())
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(-1);
                    o.by_inode.entry(ino).or_default().push(Owner {
                        pid,
                        comm: String::new(),
                        uid: 0,
                        fd,
                    });
                    hit = true;
                }
            }
        }
        if hit {
            found_pids.push(pid);
        }
    }
    // Names and users only for the few processes found.
    let mut info: HashMap<i32, (String, u32)> = HashMap::new();
    for pid in found_pids {
        let comm = host::comm(pid).unwrap_or_else(|| "?".into());
        let uid = std::fs::metadata(format!("/proc/{pid}"))
            .map(|m| m.uid())
            .unwrap_or(u32::MAX);
        info.insert(pid, (comm, uid));
    }
    for list in o.by_inode.values_mut() {
        for ow in list.iter_mut() {
            if let Some((c, u)) = info.get(&ow.pid) {
                ow.comm = c.clone();
                ow.uid = *u;
            }
        }
        list.sort_by_key(|ow| (ow.pid, ow.fd));
    }
    o
}

/// `socket:[12345]` → 12345, read with one readlinkat into a stack buffer:
/// this runs once per descriptor on the host.
fn socket_inode(dirfd: i32, name: &CStr) -> Option<u64> {
    let mut buf = [0u8; 48];
    // SAFETY: `name` is NUL-terminated; the kernel writes at most buf.len()
    // bytes into buf and returns how many.
    let n = unsafe { libc::readlinkat(dirfd, name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if n <= 0 || n as usize >= buf.len() {
        return None;
    }
    let s = &buf[..n as usize];
    let digits = s.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Every network namespace the visible processes are in, with one process
/// in each; and how many processes' namespaces could not be read.
pub fn namespaces() -> (HashMap<u64, i32>, usize) {
    let mut m = HashMap::new();
    let mut unreadable = 0;
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for ent in dir.flatten() {
            let Some(pid) = ent.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else {
                continue;
            };
            match host::netns_of(Some(pid)) {
                Some(ns) => {
                    m.entry(ns).or_insert(pid);
                }
                None => {
                    if std::path::Path::new(&format!("/proc/{pid}")).exists() {
                        unreadable += 1;
                    }
                }
            }
        }
    }
    (m, unreadable)
}
