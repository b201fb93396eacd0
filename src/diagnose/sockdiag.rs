//! NETLINK_SOCK_DIAG, asked by hand: the socket tables the way `ss` reads
//! them, in binary, filtered by the kernel.
//!
//! Why not `/proc/net/tcp`: the kernel formats 150 bytes of text per
//! socket into it, 4 KB per read(), and every read walks the hash tables
//! back to where the last one stopped; on a host with 100,000 sockets that
//! is most of a diagnosis. inet_diag instead runs a filter program (the
//! `INET_DIAG_REQ_BYTECODE` attribute, the same one `ss 'sport = :8080'`
//! sends) inside the kernel and answers only the sockets on the port, and
//! it says what /proc does not: IPV6_V6ONLY (`INET_DIAG_SKV6ONLY`) and a
//! listener's backlog (`idiag_wqueue`). unix_diag gives each AF_UNIX
//! socket's state, name, and the device and inode of the file it is bound
//! to, so a path is matched by the file, not by how it was spelled.
//!
//! Why by hand and not `netlink-packet-sock-diag`: that crate's request
//! type cannot carry the bytecode attribute (it emits the fixed
//! `inet_diag_req_v2` only), and it builds a vector of parsed attributes
//! per socket where a full dump here needs five fields at fixed offsets.
//! The structures are kernel ABI (`linux/inet_diag.h`, `linux/unix_diag.h`,
//! `linux/sock_diag.h`), stable since Linux 3.3. `netlink-sys` is the
//! socket, as for rtnetlink.
//!
//! Nothing here needs privileges: the kernel answers every user with every
//! socket of this network namespace, as /proc/net does.

use super::sockets::{Proto, Sock};
use netlink_sys::{protocols::NETLINK_SOCK_DIAG, Socket, SocketAddr};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const SOCK_DIAG_BY_FAMILY: u16 = 20;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_DUMP: u16 = 0x300;

const INET_DIAG_REQ_BYTECODE: u16 = 1;
const INET_DIAG_SKV6ONLY: u16 = 11;
const INET_DIAG_BC_S_GE: u8 = 2;
const INET_DIAG_BC_S_LE: u8 = 3;

const UNIX_DIAG_NAME: u16 = 0;
const UNIX_DIAG_VFS: u16 = 1;
const UNIX_DIAG_RQLEN: u16 = 4;
const UNIX_DIAG_UID: u16 = 7;
const UDIAG_SHOW_NAME: u32 = 1;
const UDIAG_SHOW_VFS: u32 = 2;
const UDIAG_SHOW_RQLEN: u32 = 0x10;
const UDIAG_SHOW_UID: u32 = 0x40;

/// Every TCP state `ss -a` asks for (1 << TCP_ESTABLISHED .. TCP_CLOSING);
/// asking for SYN_RECV also brings the request sockets (TCP_NEW_SYN_RECV).
pub const ALL_STATES: u32 = 0xFFE;
pub const LISTEN_STATE: u32 = 1 << 10;

/// Which sockets the kernel answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    Any,
    /// The local port (`sport = :P`).
    Local(u16),
}

/// `sport >= P && sport <= P`: two comparisons rather than
/// `INET_DIAG_BC_S_EQ`, which kernels before 4.16 refuse. Each comparison
/// is an op `{code, yes, no}` followed by one whose `no` holds the port;
/// `yes` jumps to the next test, `no` jumps past the end (rejects).
fn bytecode(port: Port) -> Vec<u8> {
    let (ge, le, p) = match port {
        Port::Any => return Vec::new(),
        Port::Local(p) => (INET_DIAG_BC_S_GE, INET_DIAG_BC_S_LE, p),
    };
    let op = |code: u8, yes: u8, no: u16| {
        let n = no.to_ne_bytes();
        [code, yes, n[0], n[1]]
    };
    let mut bc = Vec::with_capacity(16);
    // 16 bytes of program: reject = jump to 16 + 4 from the first op, to
    // 8 + 4 from the second.
    bc.extend_from_slice(&op(ge, 8, 20));
    bc.extend_from_slice(&op(0, 0, p));
    bc.extend_from_slice(&op(le, 8, 12));
    bc.extend_from_slice(&op(0, 0, p));
    bc
}

fn nl_header(out: &mut Vec<u8>, len: usize, seq: u32) {
    out.extend_from_slice(&(len as u32).to_ne_bytes());
    out.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    out.extend_from_slice(&(NLM_F_REQUEST | NLM_F_DUMP).to_ne_bytes());
    out.extend_from_slice(&seq.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
}

/// One `inet_diag_req_v2` dump request, with its filter.
fn inet_request(family: u8, proto: Proto, states: u32, port: Port, seq: u32) -> Vec<u8> {
    let bc = bytecode(port);
    let attr = if bc.is_empty() { 0 } else { 4 + bc.len() };
    let len = 16 + 56 + attr;
    let mut m = Vec::with_capacity(len);
    nl_header(&mut m, len, seq);
    let protocol = match proto {
        Proto::Tcp => libc::IPPROTO_TCP as u8,
        Proto::Udp => libc::IPPROTO_UDP as u8,
    };
    m.extend_from_slice(&[family, protocol, 0, 0]);
    m.extend_from_slice(&states.to_ne_bytes());
    // inet_diag_sockid: ports, addresses, interface, cookie: all zero for
    // a dump.
    m.extend_from_slice(&[0u8; 48]);
    if attr > 0 {
        m.extend_from_slice(&(attr as u16).to_ne_bytes());
        m.extend_from_slice(&INET_DIAG_REQ_BYTECODE.to_ne_bytes());
        m.extend_from_slice(&bc);
    }
    m
}

/// The sockets of one protocol, both families, in this network namespace.
pub fn inet(proto: Proto, states: u32, port: Port) -> Result<Vec<Sock>, String> {
    let sock = open()?;
    let mut out = Vec::new();
    for (seq, family) in [(1, libc::AF_INET as u8), (2, libc::AF_INET6 as u8)] {
        let req = inet_request(family, proto, states, port, seq);
        let res = dump(&sock, &req, seq, |msg| {
            if let Some(s) = inet_row(proto, msg) {
                out.push(s);
            }
        });
        match res {
            Ok(()) => {}
            // No IPv6 in this kernel (ipv6.disable=1): nothing to add.
            Err(Failed::Kernel(e)) if family == libc::AF_INET6 as u8 && e == libc::ENOENT => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(out)
}

/// `inet_diag_msg` and its attributes → a row. Offsets from
/// `linux/inet_diag.h`: family 0, state 1, sockid 4..52 (sport 4, dport 6,
/// src 8, dst 24, big-endian), rqueue 56, wqueue 60, uid 64, inode 68.
fn inet_row(proto: Proto, m: &[u8]) -> Option<Sock> {
    if m.len() < 72 {
        return None;
    }
    let u32_at = |o: usize| u32::from_ne_bytes([m[o], m[o + 1], m[o + 2], m[o + 3]]);
    let port_at = |o: usize| u16::from_be_bytes([m[o], m[o + 1]]);
    let addr_at = |o: usize| -> IpAddr {
        if i32::from(m[0]) == libc::AF_INET {
            IpAddr::V4(Ipv4Addr::new(m[o], m[o + 1], m[o + 2], m[o + 3]))
        } else {
            let mut b = [0u8; 16];
            b.copy_from_slice(&m[o..o + 16]);
            IpAddr::V6(Ipv6Addr::from(b))
        }
    };
    let state = m[1];
    let mut v6only = None;
    for (kind, data) in attrs(&m[72..]) {
        if kind == INET_DIAG_SKV6ONLY && !data.is_empty() {
            v6only = Some(data[0] != 0);
        }
    }
    let listening = proto == Proto::Tcp && state == super::sockets::LISTEN;
    Some(Sock {
        proto,
        local: std::net::SocketAddr::new(addr_at(8), port_at(4)),
        remote: std::net::SocketAddr::new(addr_at(24), port_at(6)),
        state,
        uid: u32_at(64),
        inode: u64::from(u32_at(68)),
        rx_queue: u32_at(56),
        // For a listener the kernel puts sk_max_ack_backlog here.
        backlog: listening.then(|| u32_at(60)),
        v6only,
    })
}

/// One AF_UNIX socket as unix_diag tells it.
#[derive(Debug, Clone)]
pub struct UnixRow {
    pub inode: u64,
    /// SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5.
    pub kind: u8,
    /// TCP_LISTEN (10) for a listener.
    pub state: u8,
    /// The bound name as the kernel keeps it: a path, or a NUL byte and
    /// the abstract name; empty when unbound.
    pub name: Vec<u8>,
    /// The device (as stat() gives it) and inode of the file it is bound to.
    pub vfs: Option<(u64, u64)>,
    /// For a listener: connections waiting to be accepted, and the backlog.
    pub queue: Option<(u32, u32)>,
    pub uid: Option<u32>,
}

/// Every AF_UNIX socket of this network namespace.
pub fn unix() -> Result<Vec<UnixRow>, String> {
    let sock = open()?;
    let len = 16 + 24;
    let mut req = Vec::with_capacity(len);
    nl_header(&mut req, len, 1);
    req.extend_from_slice(&[libc::AF_UNIX as u8, 0, 0, 0]);
    req.extend_from_slice(&u32::MAX.to_ne_bytes()); // every state
    req.extend_from_slice(&0u32.to_ne_bytes()); // any inode
    let show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
    req.extend_from_slice(&show.to_ne_bytes());
    req.extend_from_slice(&[0xFF; 8]); // no cookie
    let mut out = Vec::new();
    dump(&sock, &req, 1, |m| {
        if let Some(r) = unix_row(m) {
            out.push(r);
        }
    })
    .map_err(|e| e.to_string())?;
    Ok(out)
}

/// `unix_diag_msg`: family 0, type 1, state 2, inode 4; then attributes.
fn unix_row(m: &[u8]) -> Option<UnixRow> {
    if m.len() < 16 {
        return None;
    }
    let u32_of = |d: &[u8], o: usize| {
        d.get(o..o + 4)
            .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut row = UnixRow {
        inode: u64::from(u32_of(m, 4)?),
        kind: m[1],
        state: m[2],
        name: Vec::new(),
        vfs: None,
        queue: None,
        uid: None,
    };
    for (kind, d) in attrs(&m[16..]) {
        match kind {
            UNIX_DIAG_NAME => row.name = d.to_vec(),
            UNIX_DIAG_VFS => {
                if let (Some(ino), Some(dev)) = (u32_of(d, 0), u32_of(d, 4)) {
                    // The kernel's dev_t (major << 20 | minor), in the
                    // encoding stat() uses.
                    let dev = libc::makedev(dev >> 20, dev & 0xFFFFF);
                    row.vfs = Some((dev, u64::from(ino)));
                }
            }
            UNIX_DIAG_RQLEN if row.state == super::sockets::LISTEN => {
                if let (Some(rq), Some(wq)) = (u32_of(d, 0), u32_of(d, 4)) {
                    row.queue = Some((rq, wq));
                }
            }
            UNIX_DIAG_UID => row.uid = u32_of(d, 0),
            _ => {}
        }
    }
    Some(row)
}

/// Netlink attributes (`struct rtattr`: length, type, data, padded to 4).
fn attrs(mut b: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        if b.len() < 4 {
            return None;
        }
        let len = usize::from(u16::from_ne_bytes([b[0], b[1]]));
        let kind = u16::from_ne_bytes([b[2], b[3]]) & 0x3FFF;
        if len < 4 || len > b.len() {
            return None;
        }
        let data = &b[4..len];
        b = &b[((len + 3) & !3).min(b.len())..];
        Some((kind, data))
    })
}

enum Failed {
    Io(String),
    Kernel(i32),
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Io(s) => write!(f, "sock_diag: {s}"),
            Failed::Kernel(e) => write!(
                f,
                "sock_diag: the kernel answered {}",
                std::io::Error::from_raw_os_error(*e)
            ),
        }
    }
}

fn open() -> Result<Socket, String> {
    let io = |e: std::io::Error| format!("sock_diag: {e}");
    let mut sock = Socket::new(NETLINK_SOCK_DIAG).map_err(io)?;
    sock.bind_auto().map_err(io)?;
    sock.connect(&SocketAddr::new(0, 0)).map_err(io)?;
    super::netlink::set_timeout(&sock, 2);
    Ok(sock)
}

/// Sends one dump request and hands each answer's payload to `each`,
/// until NLMSG_DONE. Bounded: each recv waits at most the socket's
/// timeout, and a dump ends after 10 million messages whatever happens.
fn dump(sock: &Socket, req: &[u8], seq: u32, mut each: impl FnMut(&[u8])) -> Result<(), Failed> {
    sock.send(req, 0).map_err(|e| Failed::Io(e.to_string()))?;
    // The kernel fills at most 32 KB per datagram in a dump.
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut seen = 0usize;
    loop {
        buf.clear();
        let n = sock
            .recv(&mut buf, 0)
            .map_err(|e| Failed::Io(e.to_string()))?;
        if n == 0 {
            return Err(Failed::Io("the kernel closed the dump".into()));
        }
        let mut b = &buf[..n.min(buf.len())];
        while b.len() >= 16 {
            let len = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as usize;
            let kind = u16::from_ne_bytes([b[4], b[5]]);
            let mseq = u32::from_ne_bytes([b[8], b[9], b[10], b[11]]);
            if len < 16 || len > b.len() {
                return Err(Failed::Io("a truncated message".into()));
            }
            let payload = &b[16..len];
            if mseq == seq {
                match kind {
                    NLMSG_DONE => {
                        // A dump may end with an error in NLMSG_DONE.
                        let code = payload
                            .get(..4)
                            .map(|c| i32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
                            .unwrap_or(0);
                        return if code < 0 {
                            Err(Failed::Kernel(-code))
                        } else {
                            Ok(())
                        };
                    }
                    NLMSG_ERROR => {
                        let code = payload
                            .get(..4)
                            .map(|c| i32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
                            .unwrap_or(-libc::EIO);
                        return if code < 0 {
                            Err(Failed::Kernel(-code))
                        } else {
                            Ok(())
                        };
                    }
                    SOCK_DIAG_BY_FAMILY => {
                        each(payload);
                        seen += 1;
                        if seen > 10_000_000 {
                            return Err(Failed::Io("more than 10 million sockets".into()));
                        }
                    }
                    _ => {}
                }
            }
            b = &b[((len + 3) & !3).min(b.len())..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_filter_jumps_past_the_end_to_reject() {
        let bc = bytecode(Port::Local(8080));
        assert_eq!(bc.len(), 16);
        let p = 8080u16.to_ne_bytes();
        assert_eq!(&bc[..8], &[INET_DIAG_BC_S_GE, 8, 20, 0, 0, 0, p[0], p[1]]);
        assert_eq!(&bc[8..], &[INET_DIAG_BC_S_LE, 8, 12, 0, 0, 0, p[0], p[1]]);
        assert!(bytecode(Port::Any).is_empty());
    }

    /// The kernel accepts the filter and answers with exactly the
    /// listener asked about.
    #[test]
    fn the_kernel_answers_the_filtered_dump() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let socks = match inet(Proto::Tcp, ALL_STATES, Port::Local(port)) {
            Ok(s) => s,
            Err(e) => {
                // A kernel without inet_diag: diagnose falls back to /proc.
                assert!(std::env::var_os("CI").is_none(), "{e}");
                eprintln!("NOTE: not run: this kernel does not answer sock_diag: {e}");
                return;
            }
        };
        assert_eq!(socks.len(), 1, "{socks:?}");
        let s = &socks[0];
        assert_eq!(s.local, l.local_addr().unwrap());
        assert_eq!(s.state, super::super::sockets::LISTEN);
        assert!(s.inode != 0);
        assert!(s.backlog.is_some_and(|b| b > 0));
        // A connection to it: the accepted end has the port as its local
        // port too, the client's end has it as its remote port.
        let c = std::net::TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (a, _) = l.accept().unwrap();
        let on = inet(Proto::Tcp, ALL_STATES, Port::Local(port)).unwrap();
        assert_eq!(on.len(), 2, "{on:?}");
        let listeners = inet(Proto::Tcp, LISTEN_STATE, Port::Local(port)).unwrap();
        assert_eq!(listeners.len(), 1, "{listeners:?}");
        drop((c, a));
    }

    #[test]
    fn attributes_stop_at_a_bad_length() {
        let b = [8u8, 0, 11, 0, 1, 0, 0, 0, 3, 0];
        let v: Vec<_> = attrs(&b).collect();
        assert_eq!(v, vec![(11u16, &[1u8, 0, 0, 0][..])]);
    }
}
