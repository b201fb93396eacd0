//! ECONNREFUSED on a TCP or UDP port: what listens on the port and on
//! which addresses, here or in another network namespace (a container);
//! whether this process is in the host's namespace; firewall REJECT rules;
//! for a remote destination, the route and (with `--probe`) one attempt.

use super::host::{self, Users};
use super::owners;
use super::ports::{accepts, holder, owners_check, proto, v6only_note, Cover};
use super::report::{capped, said, Evidence, Report, Said, Status};
use super::sockets::{self, Proto, Query, Sock};
use super::{firewall, netlink, probe, routes, Error, Request, Target};
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The destinations a refused connect() may have tried.
/// The addresses, the port, and how a name became addresses (/etc/hosts).
type Destinations = (Vec<IpAddr>, u16, Option<(Said, Evidence)>);

fn destinations(req: &Request) -> Result<Destinations, Error> {
    match &req.target {
        Some(Target::Port {
            addr: Some(a),
            port,
        }) => Ok((vec![*a], *port, None)),
        Some(Target::Port { addr: None, port }) => Ok((
            vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ],
            *port,
            None,
        )),
        Some(Target::Host {
            name,
            port: Some(p),
        }) => {
            let entries = super::resolver::hosts_entries(name);
            if entries.is_empty() {
                return Err(Error::Needs(said!(
                    "{name} is not in /etc/hosts, and diagnose asks DNS only for the EAI_* checks: give the address (sockerr diagnose ECONNREFUSED 10.1.2.3:{p})",
                    "{name} 不在 /etc/hosts 中，而 diagnose 只在 EAI_* 检查中查询 DNS：请给出地址（sockerr diagnose ECONNREFUSED 10.1.2.3:{p}）"
                )));
            }
            let addrs: Vec<IpAddr> = entries.iter().map(|e| e.0).collect();
            let list: Vec<String> = addrs.iter().map(|a| a.to_string()).collect();
            let list = list.join(", ");
            let lines = entries.into_iter().map(|e| e.1).collect();
            let s = if addrs.len() > 1 {
                said!(
                    "{name} is {list} in /etc/hosts; a client may try any of them",
                    "在 /etc/hosts 中 {name} 是 {list}；客户端可能尝试其中任何一个"
                )
            } else {
                said!(
                    "{name} is {list} in /etc/hosts",
                    "在 /etc/hosts 中 {name} 是 {list}"
                )
            };
            Ok((addrs, *p, Some((s, Evidence::new("/etc/hosts", lines)))))
        }
        _ => {
            let errno = "ECONNREFUSED";
            Err(Error::Needs(said!(
                "{errno} needs the address and port: sockerr diagnose {errno} 127.0.0.1:5432 (or :PORT, /path/to.sock, @name, localhost:PORT)",
                "{errno} 需要地址和端口：sockerr diagnose {errno} 127.0.0.1:5432（或 :端口、/路径/到.sock、@名字、localhost:端口）"
            )))
        }
    }
}

/// ECONNREFUSED: what listens on the port, on which addresses, here or in
/// another network namespace; firewall REJECT rules; for a remote
/// destination, the route and (with `--probe`) one attempt.
pub fn refused(req: &Request, r: &mut Report) -> Result<(), Error> {
    let (dests, port, note) = destinations(req)?;
    if let Some((said, ev)) = note {
        r.check("refused-hosts", Status::Info, said, vec![ev]);
    }
    let local: Vec<IpAddr> = dests.iter().copied().filter(|d| is_local(*d)).collect();
    let remote: Vec<IpAddr> = dests
        .iter()
        .copied()
        .filter(|d| !local.contains(d))
        .collect();
    for d in &remote {
        r.check(
            "refused-remote",
            Status::Info,
            said!(
                "{d} is not an address of this host: the refusal came from {d} (nothing listens on port {port} there) or from a firewall on the way that rejects",
                "{d} 不是本机地址：拒绝来自 {d}（那里没有进程监听端口 {port}），或来自途中以拒绝方式处理的防火墙"
            ),
            vec![],
        );
        routes::lookup(*d, r);
    }
    if !local.is_empty() {
        local_listeners(req, r, &local, port);
        firewall::rejects(r, port, req.udp);
    }
    if req.probe {
        for d in &dests {
            let p = probe::tcp(SocketAddr::new(*d, port));
            probe_check(r, &p, SocketAddr::new(*d, port));
        }
    }
    Ok(())
}

/// Whether the kernel would deliver to `d` locally (a `local` route).
pub fn is_local(d: IpAddr) -> bool {
    if d.is_loopback() {
        return true;
    }
    matches!(netlink::route_get(d), Ok(r) if r.kind == "local")
}

pub fn probe_check(r: &mut Report, p: &probe::Probe, to: SocketAddr) {
    let line = p.line(&to.to_string());
    let ev = vec![Evidence::one("connect()", line.clone())];
    let ms = format!("{:.1}", p.elapsed.as_secs_f64() * 1000.0);
    let (status, s) = match p.outcome {
        probe::Outcome::Connected => (
            Status::Info,
            said!(
                "a connection to {to} succeeds now (in {ms} ms)",
                "现在连接 {to} 成功（{ms} 毫秒）"
            ),
        ),
        probe::Outcome::Failed(e) => {
            let name = probe::errno_name(e);
            (
                Status::Problem,
                said!(
                    "a connection to {to} fails now with {name} after {ms} ms",
                    "现在连接 {to} 在 {ms} 毫秒后以 {name} 失败"
                ),
            )
        }
        probe::Outcome::NoAnswer => {
            let s = probe::TIMEOUT.as_secs();
            (
                Status::Problem,
                said!(
                    "a connection to {to} got no answer within {s} s: something drops the SYN",
                    "连接 {to} 在 {s} 秒内没有应答：有东西丢弃了 SYN"
                ),
            )
        }
    };
    r.check("probe-connect", status, s, ev);
}

fn local_listeners(req: &Request, r: &mut Report, dests: &[IpAddr], port: u16) {
    let proto = proto(req);
    let p = proto.name();
    let table = match sockets::table(Query::servers(proto, Some(port)), None) {
        Ok(t) => t,
        Err(e) => {
            r.check(
                "refused-listeners",
                Status::Unseen,
                said!(
                    "could not read the {p} socket table: {e}",
                    "读不到 {p} 套接字表：{e}"
                ),
                vec![],
            );
            return;
        }
    };
    let servers: Vec<&Sock> = table.socks.iter().collect();
    let inodes: HashSet<u64> = servers
        .iter()
        .map(|s| s.inode)
        .filter(|&i| i != 0)
        .collect();
    let owners = owners::owners(&inodes);
    let users = Users::load();
    let ev = vec![Evidence::new(
        table.source.clone(),
        capped(servers.iter().map(|s| s.line()).collect(), 20),
    )];
    let served: Vec<(IpAddr, Vec<(&Sock, Cover)>)> = dests
        .iter()
        .map(|d| {
            let by: Vec<(&Sock, Cover)> = servers
                .iter()
                .map(|s| (*s, accepts(s, *d)))
                .filter(|(_, c)| *c != Cover::No)
                .collect();
            (*d, by)
        })
        .collect();
    let unserved: Vec<IpAddr> = served
        .iter()
        .filter(|(_, by)| by.is_empty())
        .map(|(d, _)| *d)
        .collect();
    let listed: Vec<String> = servers
        .iter()
        .map(|s| {
            let h = holder(s.inode, Some(s.uid), &owners, &users);
            format!("{}{} held by {}", s.local, v6only_note(s).0, h.said.en)
        })
        .collect();
    let listed_zh: Vec<String> = servers
        .iter()
        .map(|s| {
            let h = holder(s.inode, Some(s.uid), &owners, &users);
            format!("{}{}，由{}持有", s.local, v6only_note(s).1, h.said.zh)
        })
        .collect();
    let (le, lz) = (listed.join("; "), listed_zh.join("；"));
    if servers.is_empty() {
        r.check(
            "refused-listeners",
            Status::Problem,
            said!(
                "nothing listens on port {port}/{p} in this network namespace, on any address",
                "本网络命名空间中没有进程在任何地址上监听端口 {port}/{p}"
            ),
            ev,
        );
        r.cause(
            "refused-listeners",
            80,
            said!(
                "no server listens on port {port}: it is not running, crashed, or still starting",
                "没有服务器监听端口 {port}：它未运行、已崩溃或仍在启动"
            ),
            "start-server",
        );
        other_namespaces(r, proto, port);
        container(r, dests);
    } else if unserved.is_empty() {
        let dual = served
            .iter()
            .any(|(_, by)| by.iter().all(|(_, c)| *c == Cover::IfDualStack));
        let ds = dests
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        if dual {
            r.check(
                "refused-listeners",
                Status::Info,
                said!(
                    "port {port} has listeners: {le}; an IPv6 wildcard takes {ds} too, unless it set IPV6_V6ONLY (then IPv4 is refused)",
                    "端口 {port} 有监听者：{lz}；IPv6 通配套接字也接收 {ds}，除非设置了 IPV6_V6ONLY（那样 IPv4 会被拒绝）"
                ),
                ev,
            );
            r.cause(
                "refused-listeners",
                45,
                said!(
                    "the only listener on port {port} is an IPv6 wildcard; if it set IPV6_V6ONLY, IPv4 connections to {ds} are refused",
                    "端口 {port} 唯一的监听者是 IPv6 通配套接字；如果它设置了 IPV6_V6ONLY，到 {ds} 的 IPv4 连接会被拒绝"
                ),
                "start-server",
            );
        } else {
            r.check(
                "refused-listeners",
                Status::Fine,
                said!(
                    "something listens on port {port} for {ds} now: {le}; the refusal happened while it was not running (restarting), or a firewall rejects",
                    "现在有进程在端口 {port} 上为 {ds} 监听：{lz}；拒绝发生在它未运行（重启）时，或者防火墙拒绝了连接"
                ),
                ev,
            );
            r.cause(
                "refused-listeners",
                35,
                said!(
                    "the server listens now: it was down or restarting when the connection was refused, or a firewall rule rejects the connection",
                    "服务器现在在监听：连接被拒绝时它处于停止或重启状态，或者有防火墙规则拒绝了连接"
                ),
                "start-server",
            );
        }
    } else {
        let miss = unserved
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let hint = family_hint(&unserved, &servers);
        let (he, hz) = (&hint.en, &hint.zh);
        r.check(
            "refused-listeners",
            Status::Problem,
            said!(
                "nothing listens on port {port} for {miss}; the listeners on port {port} are: {le}{he}",
                "没有进程在端口 {port} 上为 {miss} 监听；端口 {port} 上的监听者是：{lz}{hz}"
            ),
            ev,
        );
        r.cause(
            "refused-listeners",
            85,
            said!(
                "the server listens on another address than the one the client uses: {le}, not {miss}{he}",
                "服务器监听的地址与客户端使用的不同：{lz}，而不是 {miss}{hz}"
            ),
            "start-server",
        );
    }
    let serving: Vec<&Sock> = servers
        .iter()
        .copied()
        .filter(|s| dests.iter().any(|d| accepts(s, *d) != Cover::No))
        .collect();
    accept_queue(r, &serving);
    owners_check(r, &servers, &owners, &users, port);
}

/// A listener that does not accept(): its queue over the backlog. TCP
/// then drops new SYNs, so clients hang in SYN-SENT and time out; they are
/// not refused (the kernel only resets with tcp_abort_on_overflow = 1, and
/// then a connection the client already counts as established).
fn accept_queue(r: &mut Report, serving: &[&Sock]) {
    for s in serving.iter().filter(|s| s.queue_full()) {
        let (local, q, b) = (s.local, s.rx_queue, s.backlog.unwrap_or(0));
        r.check(
            "refused-accept-queue",
            Status::Info,
            said!(
                "the listener on {local} is not accepting: {q} connections wait in its accept queue, over its backlog of {b}; new clients to it are not refused but hang and time out (ETIMEDOUT), so the refusal came at another time or from another listener",
                "{local} 上的监听者没有在 accept：它的接受队列里有 {q} 个连接在等待，超过了 backlog {b}；新客户端不会被拒绝，而是挂起直到超时（ETIMEDOUT），所以拒绝发生在其他时候或来自其他监听者"
            ),
            vec![Evidence::one("sock_diag", s.line())],
        );
    }
}

/// `; ::1 is IPv6 and 127.0.0.1 IPv4: ...` when the families differ.
fn family_hint(unserved: &[IpAddr], servers: &[&Sock]) -> Said {
    let want_v4 = unserved.iter().any(|d| d.is_ipv4());
    let want_v6 = unserved.iter().any(|d| d.is_ipv6());
    let have_v4 = servers.iter().any(|s| s.local.is_ipv4());
    let have_v6 = servers.iter().any(|s| s.local.is_ipv6());
    if want_v4 && !have_v4 && have_v6 {
        said!(
            " (the server listens on IPv6 only: connect to its IPv6 address, or make it listen on IPv4 as well)",
            "（服务器只监听 IPv6：请连接它的 IPv6 地址，或让它同时监听 IPv4）"
        )
    } else if want_v6 && !have_v6 && have_v4 {
        said!(
            " (the server listens on IPv4 only, while the client used IPv6, as `localhost` gives ::1 first: connect to 127.0.0.1, or make the server listen on ::1 too)",
            "（服务器只监听 IPv4，而客户端用了 IPv6，`localhost` 会先给出 ::1：请连接 127.0.0.1，或让服务器也监听 ::1）"
        )
    } else {
        Said::default()
    }
}

/// Listeners on the port in other network namespaces (containers): each
/// namespace's table is read through one of its processes.
fn other_namespaces(r: &mut Report, proto: Proto, port: u16) {
    let Some(mine) = host::netns_of(None) else {
        return;
    };
    let (spaces, unreadable) = sockets::namespaces();
    let users = Users::load();
    let mut found = Vec::new();
    let mut failed = 0;
    for (&ns, &pid) in &spaces {
        if ns == mine {
            continue;
        }
        match sockets::table(Query::servers(proto, Some(port)), Some(pid)) {
            Ok(t) => {
                for s in t.socks {
                    found.push((pid, s));
                }
            }
            Err(_) => failed += 1,
        }
    }
    let others = spaces.len().saturating_sub(1);
    if !found.is_empty() {
        let mut en = Vec::new();
        let mut zh = Vec::new();
        let mut lines = Vec::new();
        for (pid, s) in &found {
            let comm = host::comm(*pid).unwrap_or_else(|| "?".into());
            let user = users.name(s.uid);
            en.push(format!(
                "{} in the namespace of pid {pid} ({comm}, socket of user {user})",
                s.local
            ));
            zh.push(format!(
                "{}，位于 pid {pid}（{comm}，套接字属于用户 {user}）的命名空间",
                s.local
            ));
            lines.push(format!("/proc/{pid}/net: {}", s.line()));
        }
        let (en, zh) = (en.join("; "), zh.join("；"));
        r.check(
            "refused-namespaces",
            Status::Problem,
            said!(
                "port {port} has a listener in another network namespace: {en}; addresses there, loopback included, are not this namespace's",
                "端口 {port} 在另一个网络命名空间中有监听者：{zh}；那里的地址（包括回环）不属于本命名空间"
            ),
            vec![Evidence::new("/proc/PID/net", capped(lines, 20))],
        );
        r.cause(
            "refused-namespaces",
            75,
            said!(
                "the server runs in another network namespace (a container or netns): {en}; publish its port or connect from inside that namespace",
                "服务器运行在另一个网络命名空间（容器或 netns）中：{zh}；请发布它的端口，或从该命名空间内部连接"
            ),
            "start-server",
        );
    } else if unreadable > 0 || failed > 0 {
        let n = unreadable + failed;
        let why = host::why_hidden();
        let (we, wz) = (&why.en, &why.zh);
        r.check(
            "refused-namespaces",
            Status::Unseen,
            said!(
                "no other network namespace seen has a listener on port {port}, but the network namespaces of {n} process(es) could not be looked at: {we}",
                "看到的其他网络命名空间中都没有端口 {port} 的监听者，但有 {n} 个进程的网络命名空间无法查看：{wz}"
            ),
            vec![],
        );
    } else {
        r.check(
            "refused-namespaces",
            Status::Fine,
            said!(
                "no other network namespace has a listener on port {port} ({others} other namespace(s) looked at)",
                "其他网络命名空间中也没有端口 {port} 的监听者（查看了 {others} 个其他命名空间）"
            ),
            vec![],
        );
    }
}

/// Whether this process is in the host's network namespace (pid 1's).
fn container(r: &mut Report, dests: &[IpAddr]) {
    let mine = host::netns_of(None);
    let init = host::netns_of(Some(1));
    let ev = vec![Evidence::new(
        "/proc/self/ns/net /proc/1/ns/net",
        vec![
            format!(
                "self: {}",
                mine.map(|n| format!("net:[{n}]")).unwrap_or("?".into())
            ),
            format!(
                "pid 1: {}",
                init.map(|n| format!("net:[{n}]")).unwrap_or("?".into())
            ),
        ],
    )];
    let loopback = dests.iter().any(|d| d.is_loopback());
    match (mine, init) {
        (Some(a), Some(b)) if a == b => r.check(
            "refused-container",
            Status::Fine,
            said!(
                "this runs in the host's network namespace (pid 1's): loopback here is the host's",
                "本进程运行在主机（pid 1）的网络命名空间中：这里的回环就是主机的"
            ),
            ev,
        ),
        (Some(_), Some(_)) => {
            r.check(
                "refused-container",
                if loopback { Status::Problem } else { Status::Info },
                said!(
                    "this runs in a network namespace of its own, not the host's (pid 1's), as in a container: 127.0.0.1 and ::1 here are this namespace, not the host",
                    "本进程运行在自己的网络命名空间中，而不是主机（pid 1）的，就像在容器里：这里的 127.0.0.1 和 ::1 指本命名空间，而不是主机"
                ),
                ev,
            );
            if loopback {
                r.cause(
                    "refused-container",
                    60,
                    said!(
                        "in a container, localhost is the container itself: a server on the host is not reachable at 127.0.0.1; use the host's address or the container network's gateway",
                        "在容器中，localhost 指容器本身：主机上的服务器无法通过 127.0.0.1 访问；请使用主机地址或容器网络的网关"
                    ),
                    "start-server",
                );
            }
        }
        _ => {
            let why = host::why_hidden();
            let (we, wz) = (&why.en, &why.zh);
            r.check(
                "refused-container",
                Status::Unseen,
                said!(
                    "could not compare this network namespace with pid 1's (/proc/1/ns/net): {we}",
                    "无法把本网络命名空间与 pid 1 的比较（/proc/1/ns/net）：{wz}"
                ),
                ev,
            )
        }
    }
}
