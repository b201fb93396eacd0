//! rtnetlink questions to the kernel, asked synchronously: the route it
//! would use for a destination (RTM_GETROUTE, which applies policy rules
//! and unreachable/prohibit/blackhole routes exactly as connect() will),
//! and dumps of routes, rules, links, addresses and neighbours.
//!
//! `netlink-packet-route` builds and parses the messages; `netlink-sys`
//! is the socket, used blocking with a receive timeout so a kernel that
//! never answers cannot hang the diagnosis. No async runtime: every
//! question is one request and its answer.

use netlink_packet_core::{
    NetlinkHeader, NetlinkMessage, NetlinkPayload, NLM_F_DUMP, NLM_F_REQUEST,
};
use netlink_packet_route::address::{AddressAttribute, AddressFlags, AddressMessage};
use netlink_packet_route::link::{LinkAttribute, LinkFlags, LinkMessage, State};
use netlink_packet_route::neighbour::{
    NeighbourAddress, NeighbourAttribute, NeighbourMessage, NeighbourState,
};
use netlink_packet_route::route::{RouteAddress, RouteAttribute, RouteMessage, RouteType};
use netlink_packet_route::rule::{RuleAction, RuleAttribute, RuleMessage};
use netlink_packet_route::{AddressFamily, RouteNetlinkMessage};
use netlink_sys::{protocols::NETLINK_ROUTE, Socket, SocketAddr};
use std::net::IpAddr;
use std::os::fd::AsRawFd;

/// Why a question got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NlError {
    /// The kernel answered with this errno: for a route lookup, that is
    /// the answer (ENETUNREACH: no route; EHOSTUNREACH: unreachable;
    /// EACCES: prohibit; EINVAL: blackhole).
    Kernel(i32),
    /// The question could not be asked (no netlink, a timeout).
    Io(String),
}

/// A route the kernel chose or listed.
#[derive(Debug, Clone, Default)]
pub struct Route {
    pub kind: &'static str,
    pub table: u32,
    pub dst: Option<IpAddr>,
    pub dst_len: u8,
    pub oif: Option<u32>,
    pub gateway: Option<IpAddr>,
    pub prefsrc: Option<IpAddr>,
}

impl Route {
    /// `unreachable 198.51.100.0/24 table main`, the way `ip route` reads.
    pub fn line(&self, links: &[Link]) -> String {
        let dst = match self.dst {
            Some(d) => format!("{d}/{}", self.dst_len),
            None => "default".into(),
        };
        let mut s = format!("{} {dst}", self.kind);
        if let Some(g) = self.gateway {
            s += &format!(" via {g}");
        }
        if let Some(i) = self.oif {
            s += &format!(" dev {}", link_name(links, i));
        }
        if let Some(p) = self.prefsrc {
            s += &format!(" src {p}");
        }
        s += &format!(" table {}", table_name(self.table));
        s
    }

    /// Whether `ip` lies inside this route's prefix (for listing the
    /// candidates after the kernel has answered; the kernel chose).
    pub fn covers(&self, ip: IpAddr) -> bool {
        prefix_covers(self.dst, self.dst_len, ip)
    }
}

pub fn prefix_covers(net: Option<IpAddr>, len: u8, ip: IpAddr) -> bool {
    match (net, ip) {
        (None, _) => true,
        (Some(IpAddr::V4(n)), IpAddr::V4(a)) => {
            let mask = if len == 0 {
                0
            } else {
                u32::MAX << (32 - len.min(32))
            };
            u32::from(n) & mask == u32::from(a) & mask
        }
        (Some(IpAddr::V6(n)), IpAddr::V6(a)) => {
            let mask = if len == 0 {
                0
            } else {
                u128::MAX << (128 - len.min(128))
            };
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

pub fn table_name(t: u32) -> String {
    match t {
        254 => "main".into(),
        255 => "local".into(),
        253 => "default".into(),
        n => n.to_string(),
    }
}

/// A policy-routing rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub priority: u32,
    pub action: &'static str,
    pub dst: Option<IpAddr>,
    pub dst_len: u8,
    pub table: u32,
}

/// An interface.
#[derive(Debug, Clone)]
pub struct Link {
    pub index: u32,
    pub name: String,
    pub up: bool,
    pub lower_up: bool,
    pub oper: &'static str,
}

pub fn link_name(links: &[Link], index: u32) -> String {
    links
        .iter()
        .find(|l| l.index == index)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| format!("if{index}"))
}

/// An address assigned to an interface.
#[derive(Debug, Clone)]
pub struct Addr {
    pub index: u32,
    pub addr: IpAddr,
    pub prefix_len: u8,
    pub tentative: bool,
    pub dad_failed: bool,
    pub deprecated: bool,
}

/// A neighbour (ARP/NDP) entry.
#[derive(Debug, Clone)]
pub struct Neighbour {
    pub index: u32,
    pub addr: IpAddr,
    pub state: &'static str,
}

fn family(ip: IpAddr) -> AddressFamily {
    match ip {
        IpAddr::V4(_) => AddressFamily::Inet,
        IpAddr::V6(_) => AddressFamily::Inet6,
    }
}

/// The route the kernel would use to reach `dst` from this host.
pub fn route_get(dst: IpAddr) -> Result<Route, NlError> {
    let mut msg = RouteMessage::default();
    msg.header.address_family = family(dst);
    msg.header.destination_prefix_length = if dst.is_ipv4() { 32 } else { 128 };
    msg.attributes
        .push(RouteAttribute::Destination(RouteAddress::from(dst)));
    let answers = ask(RouteNetlinkMessage::GetRoute(msg), false)?;
    answers
        .into_iter()
        .find_map(|m| match m {
            RouteNetlinkMessage::NewRoute(r) => Some(route(r)),
            _ => None,
        })
        .ok_or_else(|| NlError::Io("no route in the kernel's answer".into()))
}

/// Every route of every table, both families.
pub fn routes() -> Result<Vec<Route>, NlError> {
    let msg = RouteMessage::default();
    Ok(ask(RouteNetlinkMessage::GetRoute(msg), true)?
        .into_iter()
        .filter_map(|m| match m {
            RouteNetlinkMessage::NewRoute(r) => Some(route(r)),
            _ => None,
        })
        .collect())
}

fn route(r: RouteMessage) -> Route {
    let mut out = Route {
        kind: match r.header.kind {
            RouteType::Unicast => "unicast",
            RouteType::Local => "local",
            RouteType::Broadcast => "broadcast",
            RouteType::Anycast => "anycast",
            RouteType::Multicast => "multicast",
            RouteType::BlackHole => "blackhole",
            RouteType::Unreachable => "unreachable",
            RouteType::Prohibit => "prohibit",
            RouteType::Throw => "throw",
            _ => "other",
        },
        table: u32::from(r.header.table),
        dst_len: r.header.destination_prefix_length,
        ..Route::default()
    };
    for a in r.attributes {
        match a {
            RouteAttribute::Table(t) => out.table = t,
            RouteAttribute::Destination(d) => out.dst = ip_of(&d),
            RouteAttribute::Gateway(g) => out.gateway = ip_of(&g),
            RouteAttribute::PrefSource(p) => out.prefsrc = ip_of(&p),
            RouteAttribute::Oif(i) => out.oif = Some(i),
            _ => {}
        }
    }
    out
}

fn ip_of(a: &RouteAddress) -> Option<IpAddr> {
    match a {
        RouteAddress::Inet(v4) => Some(IpAddr::V4(*v4)),
        RouteAddress::Inet6(v6) => Some(IpAddr::V6(*v6)),
        _ => None,
    }
}

/// Every policy-routing rule, both families.
pub fn rules() -> Result<Vec<Rule>, NlError> {
    Ok(
        ask(RouteNetlinkMessage::GetRule(RuleMessage::default()), true)?
            .into_iter()
            .filter_map(|m| match m {
                RouteNetlinkMessage::NewRule(r) => {
                    let mut out = Rule {
                        priority: 0,
                        action: match r.header.action {
                            RuleAction::ToTable => "lookup",
                            RuleAction::Goto => "goto",
                            RuleAction::Nop => "nop",
                            RuleAction::Blackhole => "blackhole",
                            RuleAction::Unreachable => "unreachable",
                            RuleAction::Prohibit => "prohibit",
                            _ => "other",
                        },
                        dst: None,
                        dst_len: r.header.dst_len,
                        table: u32::from(r.header.table),
                    };
                    for a in r.attributes {
                        match a {
                            RuleAttribute::Priority(p) => out.priority = p,
                            RuleAttribute::Destination(d) => out.dst = Some(d),
                            RuleAttribute::Table(t) => out.table = t,
                            _ => {}
                        }
                    }
                    Some(out)
                }
                _ => None,
            })
            .collect(),
    )
}

/// Every interface.
pub fn links() -> Result<Vec<Link>, NlError> {
    Ok(
        ask(RouteNetlinkMessage::GetLink(LinkMessage::default()), true)?
            .into_iter()
            .filter_map(|m| match m {
                RouteNetlinkMessage::NewLink(l) => {
                    let mut out = Link {
                        index: l.header.index,
                        name: String::new(),
                        up: l.header.flags.contains(LinkFlags::Up),
                        lower_up: l.header.flags.contains(LinkFlags::LowerUp),
                        oper: "unknown",
                    };
                    for a in l.attributes {
                        match a {
                            LinkAttribute::IfName(n) => out.name = n,
                            LinkAttribute::OperState(s) => {
                                out.oper = match s {
                                    State::Up => "up",
                                    State::Down => "down",
                                    State::LowerLayerDown => "lowerlayerdown",
                                    State::Dormant => "dormant",
                                    State::NotPresent => "notpresent",
                                    State::Testing => "testing",
                                    _ => "unknown",
                                }
                            }
                            _ => {}
                        }
                    }
                    Some(out)
                }
                _ => None,
            })
            .collect(),
    )
}

/// Every address on every interface.
pub fn addresses() -> Result<Vec<Addr>, NlError> {
    Ok(ask(
        RouteNetlinkMessage::GetAddress(AddressMessage::default()),
        true,
    )?
    .into_iter()
    .filter_map(|m| match m {
        RouteNetlinkMessage::NewAddress(a) => {
            let mut flags = AddressFlags::from_bits_retain(u32::from(a.header.flags.bits()));
            let mut addr = None;
            let mut local = None;
            for at in a.attributes {
                match at {
                    AddressAttribute::Address(ip) => addr = Some(ip),
                    AddressAttribute::Local(ip) => local = Some(ip),
                    AddressAttribute::Flags(f) => flags = f,
                    _ => {}
                }
            }
            // On point-to-point links IFA_ADDRESS is the peer; IFA_LOCAL is ours.
            Some(Addr {
                index: a.header.index,
                addr: local.or(addr)?,
                prefix_len: a.header.prefix_len,
                tentative: flags.contains(AddressFlags::Tentative),
                dad_failed: flags.contains(AddressFlags::Dadfailed),
                deprecated: flags.contains(AddressFlags::Deprecated),
            })
        }
        _ => None,
    })
    .collect())
}

/// Every neighbour entry, both families.
pub fn neighbours() -> Result<Vec<Neighbour>, NlError> {
    Ok(ask(
        RouteNetlinkMessage::GetNeighbour(NeighbourMessage::default()),
        true,
    )?
    .into_iter()
    .filter_map(|m| match m {
        RouteNetlinkMessage::NewNeighbour(n) => {
            let addr = n.attributes.iter().find_map(|a| match a {
                NeighbourAttribute::Destination(NeighbourAddress::Inet(v4)) => {
                    Some(IpAddr::V4(*v4))
                }
                NeighbourAttribute::Destination(NeighbourAddress::Inet6(v6)) => {
                    Some(IpAddr::V6(*v6))
                }
                _ => None,
            })?;
            Some(Neighbour {
                index: n.header.ifindex,
                addr,
                state: match n.header.state {
                    NeighbourState::Incomplete => "INCOMPLETE",
                    NeighbourState::Reachable => "REACHABLE",
                    NeighbourState::Stale => "STALE",
                    NeighbourState::Delay => "DELAY",
                    NeighbourState::Probe => "PROBE",
                    NeighbourState::Failed => "FAILED",
                    NeighbourState::Noarp => "NOARP",
                    NeighbourState::Permanent => "PERMANENT",
                    _ => "NONE",
                },
            })
        }
        _ => None,
    })
    .collect())
}

/// Sends one request and collects the answers: one message, or a dump
/// until NLMSG_DONE. A kernel error (an NLMSG_ERROR with a code) is
/// [`NlError::Kernel`].
fn ask(req: RouteNetlinkMessage, dump: bool) -> Result<Vec<RouteNetlinkMessage>, NlError> {
    let io = |e: std::io::Error| NlError::Io(e.to_string());
    let mut sock = Socket::new(NETLINK_ROUTE).map_err(io)?;
    sock.bind_auto().map_err(io)?;
    sock.connect(&SocketAddr::new(0, 0)).map_err(io)?;
    set_timeout(&sock, 2);

    let mut hdr = NetlinkHeader::default();
    hdr.flags = NLM_F_REQUEST | if dump { NLM_F_DUMP } else { 0 };
    hdr.sequence_number = 1;
    let mut packet = NetlinkMessage::new(hdr, NetlinkPayload::from(req));
    packet.finalize();
    let mut buf = vec![0u8; packet.buffer_len()];
    packet.serialize(&mut buf);
    sock.send(&buf, 0).map_err(io)?;

    let mut out = Vec::new();
    // Bounded: a dump of a host with a million routes still ends, and each
    // recv waits at most the timeout.
    for _ in 0..100_000 {
        let (data, _) = sock.recv_from_full().map_err(io)?;
        let mut off = 0;
        while off < data.len() {
            let msg = NetlinkMessage::<RouteNetlinkMessage>::deserialize(&data[off..])
                .map_err(|e| NlError::Io(format!("netlink: {e}")))?;
            let len = msg.header.length as usize;
            match msg.payload {
                NetlinkPayload::Done(_) => return Ok(out),
                NetlinkPayload::Error(e) => {
                    return match e.code {
                        Some(c) => Err(NlError::Kernel(-c.get())),
                        None => Ok(out),
                    }
                }
                NetlinkPayload::InnerMessage(m) => {
                    out.push(m);
                    if !dump {
                        return Ok(out);
                    }
                }
                _ => {}
            }
            if len == 0 {
                break;
            }
            off += len;
        }
    }
    Ok(out)
}

pub(super) fn set_timeout(sock: &Socket, secs: i64) {
    let tv = libc::timeval {
        tv_sec: secs,
        tv_usec: 0,
    };
    // SAFETY: SO_RCVTIMEO reads one timeval from the pointer we pass.
    unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&tv as *const libc::timeval).cast(),
            std::mem::size_of::<libc::timeval>() as libc::socklen_t,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_cover_what_they_should() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(prefix_covers(
            Some(ip("198.51.100.0")),
            24,
            ip("198.51.100.7")
        ));
        assert!(!prefix_covers(
            Some(ip("198.51.100.0")),
            24,
            ip("198.51.101.7")
        ));
        assert!(prefix_covers(None, 0, ip("10.0.0.1")));
        assert!(prefix_covers(Some(ip("0.0.0.0")), 0, ip("10.0.0.1")));
        assert!(prefix_covers(Some(ip("2001:db8::")), 32, ip("2001:db8::1")));
        assert!(!prefix_covers(Some(ip("2001:db8::")), 32, ip("10.0.0.1")));
    }

    /// The kernel answers a lookup for loopback with a local route.
    #[test]
    fn loopback_is_local() {
        let r = route_get(ip4(127, 0, 0, 1)).expect("the kernel answers for 127.0.0.1");
        assert_eq!(r.kind, "local");
    }

    fn ip4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d))
    }
}
