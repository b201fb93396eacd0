//! Routes: what the kernel's own lookup answers for a destination
//! (ENETUNREACH, EHOSTUNREACH, EACCES/EINVAL/EPERM from connect), the
//! interface and the next hop's neighbour entry; and whether an address
//! bind() wants is assigned here (EADDRNOTAVAIL from bind).
//!
//! The lookup is RTM_GETROUTE for the destination: the kernel applies
//! policy rules and unreachable/prohibit/blackhole routes exactly as
//! connect() will, so its answer is the verdict. Routes and rules that
//! cover the destination are listed afterwards only as evidence.

use super::host;
use super::netlink::{self, Link, NlError};
use super::report::{capped, said, Evidence, Report, Status};
use super::{Error, Request, Target};
use std::net::IpAddr;

fn destination(req: &Request) -> Result<IpAddr, Error> {
    match &req.target {
        Some(Target::Port { addr: Some(a), .. }) | Some(Target::Addr(a)) => Ok(*a),
        _ => {
            let e = req.failure.name().to_string();
            Err(Error::Needs(said!(
                "{e} needs the destination address: sockerr diagnose {e} 198.51.100.7",
                "{e} 需要目的地址：sockerr diagnose {e} 198.51.100.7"
            )))
        }
    }
}

/// ENETUNREACH, EHOSTUNREACH, and EACCES/EINVAL/EPERM from connect().
pub fn check(req: &Request, r: &mut Report) -> Result<(), Error> {
    let d = destination(req)?;
    let ok = lookup(d, r);
    if ok && req.failure.name() == "EHOSTUNREACH" {
        r.check(
            "route-beyond",
            Status::Info,
            said!(
                "this host has a usable route to {d}: the error came from the network (no ARP/neighbour answer from the host, or a router's or firewall's ICMP host-unreachable)",
                "本机有到 {d} 的可用路由：错误来自网络（目标主机不回应 ARP/邻居请求，或路由器、防火墙返回 ICMP 主机不可达）"
            ),
            vec![],
        );
    }
    Ok(())
}

/// Asks the kernel for the route to `d` and reports it, the interface and
/// the next hop. Returns whether the kernel has a usable route.
pub fn lookup(d: IpAddr, r: &mut Report) -> bool {
    let links = netlink::links().unwrap_or_default();
    match netlink::route_get(d) {
        Ok(route) => {
            let line = route.line(&links);
            let ev = vec![Evidence::one(
                format!("netlink RTM_GETROUTE {d}"),
                line.clone(),
            )];
            if route.kind == "local" {
                r.check(
                    "route-lookup",
                    Status::Fine,
                    said!(
                        "{d} is an address of this host: the kernel delivers it locally ({line})",
                        "{d} 是本机地址：内核在本地投递（{line}）"
                    ),
                    ev,
                );
                return true;
            }
            r.check(
                "route-lookup",
                Status::Fine,
                said!(
                    "the kernel routes {d}: {line}",
                    "内核为 {d} 选择的路由：{line}"
                ),
                ev,
            );
            if let Some(i) = route.oif {
                interface(r, &links, i);
            }
            let hop = route.gateway.unwrap_or(d);
            neighbour(r, &links, route.oif, hop);
            true
        }
        Err(NlError::Kernel(e)) => {
            refused_route(r, d, e);
            false
        }
        Err(NlError::Io(e)) => {
            r.check(
                "route-lookup",
                Status::Unseen,
                said!(
                    "could not ask the kernel for the route to {d}: {e}",
                    "无法向内核查询到 {d} 的路由：{e}"
                ),
                vec![],
            );
            false
        }
    }
}

/// The kernel refused the lookup: the errno says which kind of route.
fn refused_route(r: &mut Report, d: IpAddr, e: i32) {
    let (kind, errno, key) = match e {
        libc::ENETUNREACH => ("", "ENETUNREACH", "fix-routing"),
        libc::EHOSTUNREACH => ("unreachable", "EHOSTUNREACH", "unreachable-route"),
        libc::EACCES => ("prohibit", "EACCES", "prohibit-route"),
        libc::EINVAL => ("blackhole", "EINVAL", "blackhole-route"),
        _ => ("?", "", "fix-routing"),
    };
    let links = netlink::links().unwrap_or_default();
    let mut lines = vec![format!("RTM_GETROUTE {d}: {}", super::probe::errno_name(e))];
    let routes = netlink::routes().unwrap_or_default();
    let rules = netlink::rules().unwrap_or_default();
    if !kind.is_empty() && kind != "?" {
        for rt in routes.iter().filter(|rt| rt.kind == kind && rt.covers(d)) {
            lines.push(format!("route: {}", rt.line(&links)));
        }
        for ru in rules
            .iter()
            .filter(|ru| ru.action == kind && netlink::prefix_covers(ru.dst, ru.dst_len, d))
        {
            let to = ru
                .dst
                .map(|a| format!("{a}/{}", ru.dst_len))
                .unwrap_or_else(|| "all".into());
            lines.push(format!("rule {}: to {to} {}", ru.priority, ru.action));
        }
    }
    let ev = vec![Evidence::new(
        "netlink RTM_GETROUTE, RTM_GETROUTE dump, RTM_GETRULE dump",
        capped(lines.clone(), 20),
    )];
    let named = lines.get(1).cloned().unwrap_or_default();
    match kind {
        "" => {
            let family_default = routes.iter().any(|rt| {
                rt.dst.is_none()
                    && rt.dst_len == 0
                    && rt.kind == "unicast"
                    && rt.table == 254
                    && rt.oif.is_some_and(|i| links.iter().any(|l| l.index == i))
                    && (rt.gateway.is_none_or(|g| g.is_ipv4() == d.is_ipv4()))
            });
            let v = if d.is_ipv4() { "IPv4" } else { "IPv6" };
            let (de, dz) = if family_default {
                ("", "")
            } else {
                (" and there is no default route", "，也没有默认路由")
            };
            r.check(
                "route-lookup",
                Status::Problem,
                said!(
                    "the kernel has no route to {d} (ENETUNREACH){de}",
                    "内核没有到 {d} 的路由（ENETUNREACH）{dz}"
                ),
                ev,
            );
            r.check(
                "route-default",
                if family_default { Status::Info } else { Status::Problem },
                if family_default {
                    said!(
                        "an {v} default route exists in the main table, but policy rules send {d} elsewhere",
                        "main 表中有 {v} 默认路由，但策略规则把 {d} 送到了别处"
                    )
                } else {
                    said!(
                        "there is no {v} default route in the main table",
                        "main 表中没有 {v} 默认路由"
                    )
                },
                vec![],
            );
            r.cause(
                "route-lookup",
                90,
                said!(
                    "this host has no route to {d}{de}: an interface is down or unconfigured, or a route is missing",
                    "本机没有到 {d} 的路由{dz}：接口未启用或未配置，或缺少路由"
                ),
                key,
            );
        }
        "?" => {
            let n = super::probe::errno_name(e);
            r.check(
                "route-lookup",
                Status::Problem,
                said!(
                    "the kernel's route lookup for {d} fails with {n}",
                    "内核为 {d} 查路由失败：{n}"
                ),
                ev,
            );
        }
        _ => {
            let (what_en, what_zh) = match kind {
                "unreachable" => ("an unreachable route", "unreachable（不可达）路由"),
                "prohibit" => ("a prohibit route", "prohibit（禁止）路由"),
                _ => ("a blackhole route", "blackhole（黑洞）路由"),
            };
            let found = if named.is_empty() {
                String::new()
            } else {
                format!(": {named}")
            };
            r.check(
                "route-lookup",
                Status::Problem,
                said!(
                    "the kernel's lookup for {d} ends in {what_en} or rule, so connect() fails with {errno}{found}",
                    "内核为 {d} 查路由时命中了{what_zh}或规则，所以 connect() 以 {errno} 失败{found}"
                ),
                ev,
            );
            r.cause(
                "route-lookup",
                90,
                said!(
                    "{d} matches {what_en} on this host{found}",
                    "{d} 在本机命中了{what_zh}{found}"
                ),
                key,
            );
        }
    }
}

fn interface(r: &mut Report, links: &[Link], index: u32) {
    let Some(l) = links.iter().find(|l| l.index == index) else {
        return;
    };
    let (name, oper) = (&l.name, l.oper);
    let ev = vec![Evidence::one(
        "netlink RTM_GETLINK",
        format!(
            "{name}: {} {} operstate {oper}",
            if l.up { "UP" } else { "DOWN" },
            if l.lower_up { "LOWER_UP" } else { "NO-CARRIER" }
        ),
    )];
    if !l.up || matches!(oper, "down" | "lowerlayerdown" | "notpresent") {
        r.check(
            "route-interface",
            Status::Problem,
            said!(
                "the route leaves through {name}, which is down (operstate {oper})",
                "路由经由 {name} 出去，但它处于关闭状态（operstate {oper}）"
            ),
            ev,
        );
        r.cause(
            "route-interface",
            80,
            said!("the interface {name} is down", "接口 {name} 处于关闭状态"),
            "fix-routing",
        );
    } else {
        r.check(
            "route-interface",
            Status::Fine,
            said!(
                "the interface {name} is up (operstate {oper})",
                "接口 {name} 已启用（operstate {oper}）"
            ),
            ev,
        );
    }
}

fn neighbour(r: &mut Report, links: &[Link], oif: Option<u32>, hop: IpAddr) {
    let Ok(all) = netlink::neighbours() else {
        return;
    };
    let hit = all
        .iter()
        .find(|n| n.addr == hop && oif.is_none_or(|i| n.index == i));
    match hit {
        Some(n) if matches!(n.state, "FAILED" | "INCOMPLETE") => {
            let (st, dev) = (n.state, netlink::link_name(links, n.index));
            r.check(
                "route-neighbour",
                Status::Problem,
                said!(
                    "the next hop {hop} on {dev} is {st}: it does not answer ARP or neighbour discovery",
                    "下一跳 {hop}（{dev}）处于 {st} 状态：它不回应 ARP 或邻居发现"
                ),
                vec![Evidence::one("netlink RTM_GETNEIGH", format!("{hop} dev {dev} {st}"))],
            );
            r.cause(
                "route-neighbour",
                80,
                said!(
                    "the next hop {hop} does not answer ARP/neighbour discovery ({st}): it is down, or the address is wrong",
                    "下一跳 {hop} 不回应 ARP/邻居发现（{st}）：它已宕机，或地址有误"
                ),
                "neighbour",
            );
        }
        Some(n) => {
            let (st, dev) = (n.state, netlink::link_name(links, n.index));
            let (ne, nz) = if st == "STALE" {
                (
                    " (usual: it was reachable and is confirmed again when next used)",
                    "（这是常态：它曾可达，下次使用时会再次确认）",
                )
            } else {
                ("", "")
            };
            r.check(
                "route-neighbour",
                Status::Fine,
                said!(
                    "the next hop {hop} on {dev} is {st}{ne}",
                    "下一跳 {hop}（{dev}）状态为 {st}{nz}"
                ),
                vec![Evidence::one(
                    "netlink RTM_GETNEIGH",
                    format!("{hop} dev {dev} {st}"),
                )],
            );
        }
        None => r.check(
            "route-neighbour",
            Status::Info,
            said!(
                "no neighbour entry for the next hop {hop}: it has not been contacted lately",
                "没有下一跳 {hop} 的邻居表项：最近没有与它通信"
            ),
            vec![],
        ),
    }
}

/// EADDRNOTAVAIL from bind(): is the address assigned here, tentative, or
/// allowed anyway by ip_nonlocal_bind?
pub fn address(req: &Request, r: &mut Report) -> Result<(), Error> {
    let a = match &req.target {
        Some(Target::Port { addr: Some(a), .. }) | Some(Target::Addr(a)) => a.to_canonical(),
        _ => {
            return Err(Error::Needs(said!(
                "EADDRNOTAVAIL from bind needs the address: sockerr diagnose EADDRNOTAVAIL 10.1.2.3:8080 --syscall bind",
                "bind 返回的 EADDRNOTAVAIL 需要地址：sockerr diagnose EADDRNOTAVAIL 10.1.2.3:8080 --syscall bind"
            )))
        }
    };
    if a.is_unspecified() {
        r.check(
            "address-assigned",
            Status::Fine,
            said!(
                "{a} is the wildcard address: bind() never reports EADDRNOTAVAIL for it",
                "{a} 是通配地址：bind() 不会因它报 EADDRNOTAVAIL"
            ),
            vec![],
        );
        return Ok(());
    }
    let (links, addrs) = match (netlink::links(), netlink::addresses()) {
        (Ok(l), Ok(ad)) => (l, ad),
        (Err(NlError::Io(e)), _) | (_, Err(NlError::Io(e))) => {
            r.check(
                "address-assigned",
                Status::Unseen,
                said!("could not list the addresses: {e}", "无法列出地址：{e}"),
                vec![],
            );
            return Ok(());
        }
        (Err(NlError::Kernel(e)), _) | (_, Err(NlError::Kernel(e))) => {
            let n = super::probe::errno_name(e);
            r.check(
                "address-assigned",
                Status::Unseen,
                said!("could not list the addresses: {n}", "无法列出地址：{n}"),
                vec![],
            );
            return Ok(());
        }
    };
    let listed: Vec<String> = addrs
        .iter()
        .map(|x| {
            format!(
                "{}/{} dev {}{}{}{}",
                x.addr,
                x.prefix_len,
                netlink::link_name(&links, x.index),
                if x.tentative { " tentative" } else { "" },
                if x.dad_failed { " dadfailed" } else { "" },
                if x.deprecated { " deprecated" } else { "" }
            )
        })
        .collect();
    let ev = vec![Evidence::new("netlink RTM_GETADDR", capped(listed, 30))];
    let mine = addrs.iter().find(|x| x.addr == a);
    let family = if a.is_ipv4() { "ipv4" } else { "ipv6" };
    let nonlocal = host::sysctl_num(&format!("net.{family}.ip_nonlocal_bind")).unwrap_or(0);
    match mine {
        Some(x) if x.dad_failed => {
            let dev = netlink::link_name(&links, x.index);
            r.check(
                "address-assigned",
                Status::Problem,
                said!(
                    "{a} is on {dev} but duplicate address detection failed: another host uses it",
                    "{a} 在 {dev} 上，但重复地址检测失败：另一台主机在使用它"
                ),
                ev,
            );
            r.cause("address-assigned", 85, said!("{a} is a duplicate on the link (DAD failed)", "{a} 在链路上重复（DAD 失败）"), "bind-any");
        }
        Some(x) if x.tentative => {
            let dev = netlink::link_name(&links, x.index);
            r.check(
                "address-assigned",
                Status::Problem,
                said!(
                    "{a} is on {dev} but still tentative: duplicate address detection has not finished",
                    "{a} 在 {dev} 上，但仍是暂定（tentative）状态：重复地址检测还没完成"
                ),
                ev,
            );
            r.cause(
                "address-assigned",
                85,
                said!(
                    "{a} is still tentative (IPv6 DAD runs for about a second after the address is added)",
                    "{a} 仍处于暂定状态（添加地址后 IPv6 DAD 大约要运行一秒）"
                ),
                "freebind",
            );
        }
        Some(x) => {
            let dev = netlink::link_name(&links, x.index);
            r.check(
                "address-assigned",
                Status::Fine,
                said!("{a} is assigned to {dev}", "{a} 已分配给 {dev}"),
                ev,
            );
        }
        None if super::refused::is_local(a) => r.check(
            "address-assigned",
            Status::Fine,
            said!(
                "{a} is local (a local route covers it, as 127.0.0.0/8 does)",
                "{a} 是本地地址（有本地路由覆盖它，如 127.0.0.0/8）"
            ),
            ev,
        ),
        None if nonlocal == 1 => r.check(
            "address-assigned",
            Status::Info,
            said!(
                "{a} is not assigned here, but net.{family}.ip_nonlocal_bind = 1 lets bind() use it anyway",
                "{a} 不在本机，但 net.{family}.ip_nonlocal_bind = 1 允许 bind() 使用它"
            ),
            ev,
        ),
        None => {
            let own_ns = host::netns_of(None);
            let host_ns = host::netns_of(Some(1));
            let (ne, nz) = match (own_ns, host_ns) {
                (Some(x), Some(y)) if x != y => (
                    " (this runs in a network namespace of its own, as in a container: the host's addresses do not exist here)",
                    "（本进程运行在自己的网络命名空间中，就像在容器里：主机的地址在这里不存在）",
                ),
                _ => ("", ""),
            };
            r.check(
                "address-assigned",
                Status::Problem,
                said!(
                    "{a} is not assigned to any interface in this network namespace, and net.{family}.ip_nonlocal_bind = {nonlocal}{ne}",
                    "本网络命名空间中没有任何接口拥有 {a}，且 net.{family}.ip_nonlocal_bind = {nonlocal}{nz}"
                ),
                ev,
            );
            r.cause(
                "address-assigned",
                85,
                said!(
                    "{a} is not an address of this host (yet){ne}",
                    "{a}（目前）不是本机地址{nz}"
                ),
                "bind-any",
            );
        }
    }
    Ok(())
}
