//! The socket tables of a network namespace, and its namespaces.
//!
//! The tables come from NETLINK_SOCK_DIAG (`sockdiag.rs`), filtered by the
//! kernel, for this process's network namespace and for processes that
//! share it. `/proc/net/{tcp,tcp6,udp,udp6}` (through `procfs`) is the
//! fallback: when sock_diag is missing or refused, when the table is
//! another network namespace's (`/proc/PID/net/...`), or when the
//! variable `SOCKERR_NO_SOCK_DIAG` is set (to compare the two, and for
//! the tests). Both give the same rows; only sock_diag knows IPV6_V6ONLY
//! and a listener's backlog.
//!
//! Who holds a socket is `owners.rs`.

use super::host;
use super::sockdiag::{self, Port};
use std::collections::HashMap;
use std::net::SocketAddr;

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
    /// For a listener, the accept queue's length: connections the kernel
    /// has completed and the program has not accept()ed yet.
    pub rx_queue: u32,
    /// For a listener, the queue's limit: the listen() backlog, capped by
    /// net.core.somaxconn. Only sock_diag tells it (`None` from /proc).
    pub backlog: Option<u32>,
    /// For an IPv6 socket that listens or is bound but unconnected,
    /// whether it set IPV6_V6ONLY. Only sock_diag tells it.
    pub v6only: Option<bool>,
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

    /// A listener whose accept queue is over its limit: the kernel drops
    /// new SYNs (`sk_acceptq_is_full`: queue > backlog). Unknown (false)
    /// without sock_diag.
    pub fn queue_full(&self) -> bool {
        self.backlog.is_some_and(|b| self.rx_queue > b)
    }

    /// One evidence line, the way `ss -tan` would show it.
    pub fn line(&self) -> String {
        let mut extra = String::new();
        if self.proto == Proto::Tcp && self.state == LISTEN {
            extra += &format!(" accept-queue {}", self.rx_queue);
            if let Some(b) = self.backlog {
                extra += &format!(" backlog {b}");
            }
        }
        if let Some(v) = self.v6only {
            extra += &format!(" v6only {}", u8::from(v));
        }
        format!(
            "{} {} {} {} uid {} inode {}{extra}",
            self.proto.name(),
            self.state_name(),
            self.local,
            self.remote,
            self.uid,
            self.inode
        )
    }
}

/// What a table query wants: the kernel filters by port and, for TCP
/// listeners, by state, so a host with 100,000 sockets answers with the
/// few that matter.
#[derive(Debug, Clone, Copy)]
pub struct Query {
    pub proto: Proto,
    pub port: Port,
    /// Only listeners (TCP) or bound, unconnected sockets (UDP).
    pub servers_only: bool,
}

impl Query {
    pub fn all(proto: Proto) -> Query {
        Query {
            proto,
            port: Port::Any,
            servers_only: false,
        }
    }

    pub fn on_port(proto: Proto, port: u16) -> Query {
        Query {
            proto,
            port: Port::Local(port),
            servers_only: false,
        }
    }

    pub fn servers(proto: Proto, port: Option<u16>) -> Query {
        Query {
            proto,
            port: port.map_or(Port::Any, Port::Local),
            servers_only: true,
        }
    }

    fn wants(&self, s: &Sock) -> bool {
        (!self.servers_only || s.is_server())
            && match self.port {
                Port::Any => true,
                Port::Local(p) => s.local.port() == p,
            }
    }

    /// The `ss` command that shows the same rows.
    fn ss(&self) -> String {
        let t = if self.proto == Proto::Tcp { 't' } else { 'u' };
        let l = if self.servers_only && self.proto == Proto::Tcp {
            'l'
        } else {
            'a'
        };
        let filter = match self.port {
            Port::Any => String::new(),
            Port::Local(p) => format!(" 'sport = :{p}'"),
        };
        format!("ss -{t}{l}n{filter}")
    }
}

/// The rows a query found, and where they were read, for the evidence.
#[derive(Debug, Default)]
pub struct Table {
    pub socks: Vec<Sock>,
    pub source: String,
}

/// Whether sock_diag may be asked: not when `SOCKERR_NO_SOCK_DIAG` is set.
pub fn sock_diag_allowed() -> bool {
    std::env::var_os("SOCKERR_NO_SOCK_DIAG").is_none_or(|v| v.is_empty())
}

/// This network namespace's table (`pid` None) or that process's. sock_diag
/// answers for this namespace and for processes that share it; /proc for
/// the rest, and whenever sock_diag fails. `Err` says why neither could be
/// read.
pub fn table(q: Query, pid: Option<i32>) -> Result<Table, String> {
    let here = match pid {
        None => true,
        Some(p) => host::netns_of(Some(p)).is_some_and(|n| Some(n) == host::netns_of(None)),
    };
    let mut why_not = String::new();
    if here && sock_diag_allowed() {
        let states = if q.servers_only && q.proto == Proto::Tcp {
            sockdiag::LISTEN_STATE
        } else {
            sockdiag::ALL_STATES
        };
        match sockdiag::inet(q.proto, states, q.port) {
            Ok(mut socks) => {
                socks.retain(|s| q.wants(s));
                return Ok(Table {
                    socks,
                    source: format!("sock_diag ({})", q.ss()),
                });
            }
            Err(e) => why_not = format!(" ({e})"),
        }
    }
    let base = match pid {
        Some(p) => format!("/proc/{p}/net"),
        None => "/proc/net".to_string(),
    };
    let mut socks = proc_table(q.proto, &base)?;
    socks.retain(|s| q.wants(s));
    Ok(Table {
        socks,
        source: format!("{base}/{0} {base}/{0}6{why_not}", q.proto.name()),
    })
}

/// Both families of one protocol's /proc table under `base`.
fn proc_table(proto: Proto, base: &str) -> Result<Vec<Sock>, String> {
    use procfs::net::{TcpNetEntries, UdpNetEntries};
    use procfs::FromBufReadSI;
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
        let row = |local, remote, state: u8, uid, inode, rx_queue| Sock {
            proto,
            local,
            remote,
            state,
            uid,
            inode,
            rx_queue,
            backlog: None,
            v6only: None,
        };
        match proto {
            Proto::Tcp => out.extend(
                TcpNetEntries::from_buf_read(r, si)
                    .map_err(err)?
                    .0
                    .into_iter()
                    .map(|e| {
                        row(
                            e.local_address,
                            e.remote_address,
                            e.state.to_u8(),
                            e.uid,
                            e.inode,
                            e.rx_queue,
                        )
                    }),
            ),
            Proto::Udp => out.extend(
                UdpNetEntries::from_buf_read(r, si)
                    .map_err(err)?
                    .0
                    .into_iter()
                    .map(|e| {
                        row(
                            e.local_address,
                            e.remote_address,
                            e.state.to_u8(),
                            e.uid,
                            e.inode,
                            e.rx_queue,
                        )
                    }),
            ),
        }
    }
    Ok(out)
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
