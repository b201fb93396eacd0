//! TCP and UDP ports: who holds a port bind() wanted (EADDRINUSE), and the
//! rules both port families share (which addresses collide, who holds a
//! socket, whether every owner was seen). ECONNREFUSED is in `refused.rs`.

use super::host::{self, Users};
use super::owners::{self, Owners};
use super::report::{capped, said, Evidence, Report, Said, Status};
use super::sockets::{self, Proto, Query, Sock};
use super::{ephemeral, Error, Request, Target};
use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};

/// How a socket's address relates to the address in question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    Yes,
    /// An IPv6 wildcard ([::]) socket that sock_diag says has IPV6_V6ONLY
    /// off: it takes IPv4 too.
    DualStack,
    /// An IPv6 wildcard socket whose IPV6_V6ONLY /proc does not show: it
    /// takes IPv4 too unless it set the option.
    IfDualStack,
    /// A bind to [::] beside an IPv4 socket: they collide unless the new
    /// socket sets IPV6_V6ONLY, which only its program knows.
    IfYoursDualStack,
    No,
}

/// The IPv4 address an IPv4-mapped IPv6 address stands for, or the
/// address itself.
fn plain(a: IpAddr) -> IpAddr {
    match a {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(a, IpAddr::V4),
        v4 => v4,
    }
}

/// What an IPv6 wildcard socket does with IPv4, from its IPV6_V6ONLY.
fn dual(v6only: Option<bool>) -> Cover {
    match v6only {
        Some(false) => Cover::DualStack,
        Some(true) => Cover::No,
        None => Cover::IfDualStack,
    }
}

/// Would a bind to `want` (None: the port on any address) collide with
/// the bound socket `s`?
pub fn collides(want: Option<IpAddr>, s: &Sock) -> Cover {
    let Some(want) = want else {
        return Cover::Yes;
    };
    let (want, have) = (plain(want), s.local.ip());
    match (want, have) {
        (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => {
            if want.is_unspecified() || have.is_unspecified() || want == have {
                Cover::Yes
            } else {
                Cover::No
            }
        }
        (IpAddr::V4(w), IpAddr::V6(h)) => {
            if h.is_unspecified() {
                dual(s.v6only)
            } else if h.to_ipv4_mapped() == Some(w) {
                Cover::Yes
            } else {
                Cover::No
            }
        }
        (IpAddr::V6(w), IpAddr::V4(_)) => {
            if w.is_unspecified() {
                Cover::IfYoursDualStack
            } else {
                Cover::No
            }
        }
    }
}

/// Does the server socket `s` accept a connection to `dest`?
pub fn accepts(s: &Sock, dest: IpAddr) -> Cover {
    let have = s.local.ip();
    match (have, plain(dest)) {
        (IpAddr::V4(h), IpAddr::V4(d)) => {
            if h.is_unspecified() || h == d {
                Cover::Yes
            } else {
                Cover::No
            }
        }
        (IpAddr::V6(h), IpAddr::V6(d)) => {
            if h.is_unspecified() || h == d {
                Cover::Yes
            } else {
                Cover::No
            }
        }
        (IpAddr::V6(h), IpAddr::V4(d)) => {
            if h.is_unspecified() {
                dual(s.v6only)
            } else if h.to_ipv4_mapped() == Some(d) {
                Cover::Yes
            } else {
                Cover::No
            }
        }
        (IpAddr::V4(_), IpAddr::V6(_)) => Cover::No,
    }
}

/// Who holds a socket, in both languages, and whether that is certain.
pub struct Holder {
    pub said: Said,
    /// Some owner was found.
    pub found: bool,
    /// No owner was found and some processes could not be read.
    pub hidden: bool,
}

pub fn holder(s_inode: u64, s_uid: Option<u32>, owners: &Owners, users: &Users) -> Holder {
    let list = owners.of(s_inode);
    if !list.is_empty() {
        let en: Vec<String> = list.iter().map(|o| o.describe(users)).collect();
        let zh: Vec<String> = list
            .iter()
            .map(|o| {
                format!(
                    "pid {}（{}，用户 {}，fd {}）",
                    o.pid,
                    o.comm,
                    users.name(o.uid),
                    o.fd
                )
            })
            .collect();
        return Holder {
            said: Said::new(en.join(", "), zh.join("、")),
            found: true,
            hidden: false,
        };
    }
    let (of_en, of_zh) = match s_uid {
        Some(u) => {
            let user = users.name(u);
            (
                format!(", socket of user {user}"),
                format!("，套接字属于用户 {user}"),
            )
        }
        None => (String::new(), String::new()),
    };
    if s_inode == 0 {
        Holder {
            said: said!("no process (the kernel keeps it)", "没有进程（由内核保留）"),
            found: false,
            hidden: false,
        }
    } else if owners.may_hide() {
        Holder {
            said: said!(
                "a process not visible to this user{of_en}",
                "当前用户看不到的进程{of_zh}"
            ),
            found: false,
            hidden: true,
        }
    } else {
        Holder {
            said: said!(
                "no process in this PID namespace{of_en}",
                "本 PID 命名空间中没有进程持有{of_zh}"
            ),
            found: false,
            hidden: false,
        }
    }
}

/// The port and address a port check is about.
fn port_target(req: &Request, errno: &str) -> Result<(Option<IpAddr>, u16), Error> {
    match &req.target {
        Some(Target::Port { addr, port }) => Ok((*addr, *port)),
        Some(Target::Host {
            name,
            port: Some(p),
        }) if name.eq_ignore_ascii_case("localhost") => Ok((None, *p)),
        _ => Err(Error::Needs(said!(
            "{errno} needs the port: sockerr diagnose {errno} :8080 (or ADDRESS:PORT, /path/to.sock, @name)",
            "{errno} 需要端口：sockerr diagnose {errno} :8080（或 地址:端口、/路径/到.sock、@名字）"
        ))),
    }
}

pub(super) fn proto(req: &Request) -> Proto {
    if req.udp {
        Proto::Udp
    } else {
        Proto::Tcp
    }
}

fn shown(addr: Option<IpAddr>, port: u16) -> String {
    match addr {
        Some(a) => SocketAddr::new(a, port).to_string(),
        None => format!(":{port}"),
    }
}

/// EADDRINUSE on a TCP or UDP port.
pub fn in_use(req: &Request, r: &mut Report) -> Result<(), Error> {
    let (addr, port) = port_target(req, "EADDRINUSE")?;
    if port == 0 {
        ephemeral::port_zero(req, r);
        return Ok(());
    }
    let proto = proto(req);
    let p = proto.name();
    let want = shown(addr, port);
    let table = match sockets::table(Query::on_port(proto, port), None) {
        Ok(t) => t,
        Err(e) => {
            r.check(
                "port-sockets",
                Status::Unseen,
                said!(
                    "could not read the {p} socket table: {e}",
                    "读不到 {p} 套接字表：{e}"
                ),
                vec![],
            );
            return Ok(());
        }
    };
    let on_port: Vec<&Sock> = table.socks.iter().collect();
    let inodes: HashSet<u64> = on_port
        .iter()
        .map(|s| s.inode)
        .filter(|&i| i != 0)
        .collect();
    let owners = owners::owners(&inodes);
    let users = Users::load();
    let src = table.source.clone();
    let evidence = |socks: &[&Sock]| {
        vec![Evidence::new(
            src.clone(),
            capped(socks.iter().map(|s| s.line()).collect(), 20),
        )]
    };

    // Listeners (TCP) or bound sockets (UDP) on the port.
    let servers: Vec<&Sock> = on_port.iter().copied().filter(|s| s.is_server()).collect();
    let clashing: Vec<(&Sock, Cover)> = servers
        .iter()
        .map(|s| (*s, collides(addr, s)))
        .filter(|(_, c)| *c != Cover::No)
        .collect();
    let verb_en = if proto == Proto::Tcp {
        "listens on"
    } else {
        "is bound to"
    };
    let verb_zh = if proto == Proto::Tcp {
        "监听"
    } else {
        "绑定了"
    };
    let already_en = if proto == Proto::Tcp {
        "already listens on"
    } else {
        "is already bound to"
    };
    if clashing.is_empty() {
        if servers.is_empty() {
            r.check(
                "port-listeners",
                Status::Fine,
                said!(
                    "nothing {verb_en} port {port}/{p} in this network namespace",
                    "本网络命名空间中没有套接字{verb_zh}端口 {port}/{p}"
                ),
                evidence(&servers),
            );
        } else {
            let (list, list_zh) = addresses(&servers);
            r.check(
                "port-listeners",
                Status::Info,
                said!(
                    "port {port} is in use only on other addresses ({list}), which do not overlap {want}",
                    "端口 {port} 只在其他地址上被占用（{list_zh}），与 {want} 不重叠"
                ),
                evidence(&servers),
            );
        }
    } else {
        let mut en = Vec::new();
        let mut zh = Vec::new();
        let bindv6only = host::sysctl("net.ipv6.bindv6only").unwrap_or_default();
        for (s, cover) in &clashing {
            let h = holder(s.inode, Some(s.uid), &owners, &users);
            let local = s.local;
            let (he, hz) = (&h.said.en, &h.said.zh);
            let (ae, az) = v6only_note(s);
            en.push(format!("{he} {verb_en} {local}{ae}"));
            zh.push(format!("{hz}{verb_zh} {local}{az}"));
            let ip = local.ip();
            let weight = if h.found { 90 } else { 80 };
            match cover {
                Cover::DualStack => {
                    r.cause(
                        "port-listeners",
                        weight,
                        said!(
                            "{he} {verb_en} {local} with IPV6_V6ONLY off, so it takes IPv4 as well: it collides with {want}",
                            "{hz}{verb_zh} {local}，且未开启 IPV6_V6ONLY，因此也占用 IPv4：与 {want} 冲突"
                        ),
                        "dual-stack",
                    );
                }
                Cover::IfDualStack => {
                    r.cause(
                        "port-listeners",
                        70,
                        said!(
                            "{he} {verb_en} {local}; an IPv6 wildcard socket also takes IPv4 unless it set IPV6_V6ONLY (net.ipv6.bindv6only = {bindv6only}; /proc does not show the option, sock_diag would), so it collides with {want}",
                            "{hz}{verb_zh} {local}；IPv6 通配套接字未设置 IPV6_V6ONLY 时也占用 IPv4（net.ipv6.bindv6only = {bindv6only}；/proc 不显示该选项，sock_diag 才能看到），因此与 {want} 冲突"
                        ),
                        "dual-stack",
                    );
                }
                Cover::IfYoursDualStack => {
                    r.cause(
                        "port-listeners",
                        75,
                        said!(
                            "{he} {verb_en} {local}; a bind to {want} takes IPv4 as well unless the new socket sets IPV6_V6ONLY (net.ipv6.bindv6only = {bindv6only} is the default for new sockets), so it collides",
                            "{hz}{verb_zh} {local}；绑定 {want} 时，除非新套接字设置 IPV6_V6ONLY，否则也会占用 IPv4（新套接字的默认值是 net.ipv6.bindv6only = {bindv6only}），因此冲突"
                        ),
                        "dual-stack",
                    );
                }
                _ if addr.is_some_and(|a| !a.is_unspecified()) && ip.is_unspecified() => {
                    r.cause(
                        "port-listeners",
                        weight,
                        said!(
                            "{he} {verb_en} the wildcard {local}, which covers {want} as well",
                            "{hz}{verb_zh} 通配地址 {local}，它也覆盖 {want}"
                        ),
                        "stop-owner",
                    );
                }
                _ if addr.is_some_and(|a| a.is_unspecified()) && !ip.is_unspecified() => {
                    r.cause(
                        "port-listeners",
                        weight,
                        said!(
                            "{he} {verb_en} {local}; a wildcard bind to {want} collides with every specific address on the port",
                            "{hz}{verb_zh} {local}；绑定通配地址 {want} 会与该端口上的每个具体地址冲突"
                        ),
                        "stop-owner",
                    );
                }
                _ => {
                    r.cause(
                        "port-listeners",
                        weight,
                        said!("{he} {already_en} {local}", "{hz}已经{verb_zh} {local}"),
                        "stop-owner",
                    );
                }
            }
        }
        let (en, zh) = (en.join("; "), zh.join("；"));
        let socks: Vec<&Sock> = clashing.iter().map(|(s, _)| *s).collect();
        r.check(
            "port-listeners",
            Status::Problem,
            said!("{en}", "{zh}"),
            evidence(&socks),
        );
    }

    // Connections closing on the port: TIME_WAIT and FIN_WAIT2 have no
    // owner to kill.
    if proto == Proto::Tcp {
        let closing: Vec<&Sock> = on_port
            .iter()
            .copied()
            .filter(|s| matches!(s.state, 0x04 | 0x05 | 0x06 | 0x09 | 0x0B))
            .collect();
        let tw = closing
            .iter()
            .filter(|s| s.state == sockets::TIME_WAIT)
            .count();
        let fw2 = closing
            .iter()
            .filter(|s| s.state == sockets::FIN_WAIT2)
            .count();
        let other = closing.len() - tw - fw2;
        if closing.is_empty() {
            r.check(
                "port-time-wait",
                Status::Fine,
                said!(
                    "no connection in TIME_WAIT or FIN_WAIT2 holds port {port}",
                    "没有处于 TIME_WAIT 或 FIN_WAIT2 的连接占用端口 {port}"
                ),
                vec![],
            );
        } else {
            let fin_timeout = host::sysctl_num("net.ipv4.tcp_fin_timeout").unwrap_or(60);
            let mut ev = evidence(&closing);
            ev.push(host::sysctl_evidence(&["net.ipv4.tcp_fin_timeout"]));
            let status = if clashing.is_empty() {
                Status::Problem
            } else {
                Status::Info
            };
            r.check(
                "port-time-wait",
                status,
                said!(
                    "{tw} connection(s) in TIME_WAIT, {fw2} in FIN_WAIT2 and {other} otherwise closing still hold port {port}; no process owns them, so there is nothing to kill; they expire by themselves (TIME_WAIT after 60 s, FIN_WAIT2 after {fin_timeout} s)",
                    "端口 {port} 仍被 {tw} 个 TIME_WAIT、{fw2} 个 FIN_WAIT2 和 {other} 个其他关闭中的连接占用；它们不属于任何进程，没有可杀的进程；它们会自行过期（TIME_WAIT 60 秒，FIN_WAIT2 {fin_timeout} 秒）"
                ),
                ev,
            );
            if clashing.is_empty() {
                r.cause(
                    "port-time-wait",
                    75,
                    said!(
                        "connections of an earlier server are still closing on port {port} ({tw} in TIME_WAIT, {fw2} in FIN_WAIT2); a socket without SO_REUSEADDR cannot bind the port until they expire",
                        "之前服务器的连接仍在端口 {port} 上关闭中（TIME_WAIT {tw} 个，FIN_WAIT2 {fw2} 个）；未设置 SO_REUSEADDR 的套接字在它们过期前无法绑定该端口"
                    ),
                    "reuseaddr",
                );
            }
        }
    }

    // Live connections whose local port is this one.
    let live: Vec<&Sock> = on_port
        .iter()
        .copied()
        .filter(|s| !s.is_server() && s.inode != 0)
        .collect();
    let range = ephemeral::Range::read();
    let in_range = range.as_ref().is_some_and(|g| g.usable(port));
    if live.is_empty() {
        r.check(
            "port-connections",
            Status::Fine,
            said!(
                "no open connection uses {port} as its local port",
                "没有打开的连接以 {port} 作为本地端口"
            ),
            vec![],
        );
    } else {
        let n = live.len();
        let mut who_en = Vec::new();
        let mut who_zh = Vec::new();
        for s in live.iter().take(5) {
            let h = holder(s.inode, Some(s.uid), &owners, &users);
            who_en.push(format!("{} → {} ({})", s.local, s.remote, h.said.en));
            who_zh.push(format!("{} → {}（{}）", s.local, s.remote, h.said.zh));
        }
        let (we, wz) = (who_en.join("; "), who_zh.join("；"));
        let status = if clashing.is_empty() {
            Status::Problem
        } else {
            Status::Info
        };
        r.check(
            "port-connections",
            status,
            said!(
                "{n} open connection(s) use local port {port}: {we}",
                "{n} 个打开的连接使用本地端口 {port}：{wz}"
            ),
            evidence(&live),
        );
        if clashing.is_empty() {
            if in_range {
                r.cause(
                    "port-connections",
                    65,
                    said!(
                        "outgoing connections took {port} as their local port ({we}): it lies in the ephemeral range",
                        "出站连接占用了 {port} 作为本地端口（{wz}）：它位于临时端口范围内"
                    ),
                    "reserve-port",
                );
            } else {
                r.cause(
                    "port-connections",
                    65,
                    said!(
                        "connections accepted by an earlier server, or inherited by its child processes, still use port {port}: {we}",
                        "之前服务器接受的连接（或被其子进程继承）仍在使用端口 {port}：{wz}"
                    ),
                    "stop-owner",
                );
            }
        }
    }

    // The ephemeral range.
    if let Some(g) = &range {
        let (lo, hi) = (g.lo, g.hi);
        let ev = vec![host::sysctl_evidence(&[
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_local_reserved_ports",
        ])];
        if in_range {
            r.check(
                "port-ephemeral-range",
                Status::Info,
                said!(
                    "{port} lies in ip_local_port_range ({lo}-{hi}) and is not in ip_local_reserved_ports: outgoing connections may take it as their local port",
                    "{port} 位于 ip_local_port_range（{lo}-{hi}）内且不在 ip_local_reserved_ports 中：出站连接可能把它用作本地端口"
                ),
                ev,
            );
        } else if g.contains(port) {
            r.check(
                "port-ephemeral-range",
                Status::Fine,
                said!(
                    "{port} lies in ip_local_port_range ({lo}-{hi}) but is reserved (ip_local_reserved_ports)",
                    "{port} 位于 ip_local_port_range（{lo}-{hi}）内，但已保留（ip_local_reserved_ports）"
                ),
                ev,
            );
        } else {
            r.check(
                "port-ephemeral-range",
                Status::Fine,
                said!(
                    "{port} lies outside ip_local_port_range ({lo}-{hi}): outgoing connections never take it",
                    "{port} 不在 ip_local_port_range（{lo}-{hi}）内：出站连接不会占用它"
                ),
                ev,
            );
        }
    }
    owners_check(r, &on_port, &owners, &users, port);
    Ok(())
}

/// ` (IPV6_V6ONLY on: IPv6 only)` or ` (IPV6_V6ONLY off: IPv4 too)` after
/// an IPv6 wildcard address, when sock_diag told.
pub fn v6only_note(s: &Sock) -> (&'static str, &'static str) {
    let wildcard6 = matches!(s.local.ip(), IpAddr::V6(a) if a.is_unspecified());
    match s.v6only {
        Some(true) if wildcard6 => (
            " (IPV6_V6ONLY on: IPv6 only)",
            "（开启了 IPV6_V6ONLY：只接收 IPv6）",
        ),
        Some(false) if wildcard6 => (
            " (IPV6_V6ONLY off: IPv4 too)",
            "（未开启 IPV6_V6ONLY：也接收 IPv4）",
        ),
        _ => ("", ""),
    }
}

/// The sockets' addresses, each with its IPV6_V6ONLY note.
pub fn addresses(socks: &[&Sock]) -> (String, String) {
    let en: Vec<String> = socks
        .iter()
        .map(|s| format!("{}{}", s.local, v6only_note(s).0))
        .collect();
    let zh: Vec<String> = socks
        .iter()
        .map(|s| format!("{}{}", s.local, v6only_note(s).1))
        .collect();
    (en.join(", "), zh.join("，"))
}

/// Says whether every socket's owner was seen; when some were not, why.
pub(super) fn owners_check(
    r: &mut Report,
    socks: &[&Sock],
    owners: &Owners,
    users: &Users,
    port: u16,
) {
    let with_inode: Vec<&&Sock> = socks.iter().filter(|s| s.inode != 0).collect();
    if with_inode.is_empty() {
        return;
    }
    let missing: Vec<&&Sock> = with_inode
        .iter()
        .copied()
        .filter(|s| owners.of(s.inode).is_empty())
        .collect();
    let n = owners.unreadable;
    let who: Vec<String> = owners
        .unreadable_uids
        .iter()
        .map(|u| users.name(*u))
        .collect();
    let who = capped(who, 5).join(", ");
    let ev = vec![Evidence::one(
        "/proc/*/fd",
        format!(
            "{} processes read, {} unreadable (users: {who})",
            owners.scanned - n,
            n
        ),
    )];
    if missing.is_empty() {
        r.check(
            "port-owners",
            Status::Fine,
            said!(
                "found the process holding every socket on port {port}",
                "找到了端口 {port} 上每个套接字的持有进程"
            ),
            ev,
        );
    } else if owners.may_hide() {
        let m = missing.len();
        let why = host::why_hidden();
        let (we, wz) = (&why.en, &why.zh);
        r.check(
            "port-owners",
            Status::Unseen,
            said!(
                "could not see who holds {m} socket(s) on port {port}: the descriptors of {n} processes (users {who}) cannot be read; {we}",
                "看不到端口 {port} 上 {m} 个套接字的持有进程：无法读取 {n} 个进程（用户 {who}）的描述符；{wz}"
            ),
            ev,
        );
    } else {
        let m = missing.len();
        r.check(
            "port-owners",
            Status::Info,
            said!(
                "no process in this PID namespace holds {m} socket(s) on port {port}: they belong to a process in another PID namespace (a container), or are being closed",
                "本 PID 命名空间中没有进程持有端口 {port} 上的 {m} 个套接字：它们属于另一个 PID 命名空间（容器）中的进程，或正在关闭"
            ),
            ev,
        );
    }
}
