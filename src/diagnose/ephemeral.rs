//! Ephemeral ports: the local ports connect() (and bind to port 0) pick
//! from `ip_local_port_range`, and how many are left towards a destination
//! (EADDRNOTAVAIL from connect, EADDRINUSE from bind to port 0).

use super::host;
use super::report::{capped, said, Evidence, Report, Status};
use super::sockets::{self, Proto, Query, Sock, Table};
use super::{Error, Request, Target};
use std::collections::{BTreeMap, HashSet};
use std::net::IpAddr;

/// `net.ipv4.ip_local_port_range` and `ip_local_reserved_ports` (both
/// apply to IPv6 too).
#[derive(Debug, Clone)]
pub struct Range {
    pub lo: u16,
    pub hi: u16,
    reserved: Vec<(u16, u16)>,
}

impl Range {
    pub fn read() -> Option<Range> {
        let r = host::sysctl("net.ipv4.ip_local_port_range")?;
        let mut it = r.split_whitespace().map(|n| n.parse::<u16>());
        let (Some(Ok(lo)), Some(Ok(hi))) = (it.next(), it.next()) else {
            return None;
        };
        let reserved = host::sysctl("net.ipv4.ip_local_reserved_ports")
            .map(|s| parse_ranges(&s))
            .unwrap_or_default();
        Some(Range { lo, hi, reserved })
    }

    pub fn contains(&self, p: u16) -> bool {
        (self.lo..=self.hi).contains(&p)
    }

    pub fn reserved(&self, p: u16) -> bool {
        self.reserved.iter().any(|&(a, b)| (a..=b).contains(&p))
    }

    /// In the range and not reserved: a port connect() may pick.
    pub fn usable(&self, p: u16) -> bool {
        self.contains(p) && !self.reserved(p)
    }

    pub fn usable_count(&self) -> usize {
        (self.lo..=self.hi).filter(|&p| !self.reserved(p)).count()
    }
}

/// `8080,9000-9100` → [(8080, 8080), (9000, 9100)].
fn parse_ranges(s: &str) -> Vec<(u16, u16)> {
    s.split(',')
        .filter_map(|part| {
            let part = part.trim();
            match part.split_once('-') {
                Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
                None => part.parse().ok().map(|p| (p, p)),
            }
        })
        .collect()
}

fn range_evidence() -> Evidence {
    host::sysctl_evidence(&[
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_tw_reuse",
    ])
}

/// Reports the range; a range narrowed below 1024 usable ports is a problem.
fn range_check(r: &mut Report, g: &Range) -> usize {
    let (lo, hi) = (g.lo, g.hi);
    let usable = g.usable_count();
    let total = usize::from(hi - lo) + 1;
    let reserved = total - usable;
    if usable < 1024 {
        r.check(
            "ephemeral-range",
            Status::Problem,
            said!(
                "the ephemeral range is narrow: ip_local_port_range {lo}-{hi} has {usable} usable ports ({reserved} reserved); the default 32768-60999 has 28232",
                "临时端口范围很窄：ip_local_port_range {lo}-{hi} 只有 {usable} 个可用端口（{reserved} 个保留）；默认的 32768-60999 有 28232 个"
            ),
            vec![range_evidence()],
        );
        r.cause(
            "ephemeral-range",
            60,
            said!(
                "the ephemeral port range was narrowed to {usable} usable ports ({lo}-{hi})",
                "临时端口范围被缩小到 {usable} 个可用端口（{lo}-{hi}）"
            ),
            "widen-range",
        );
    } else {
        r.check(
            "ephemeral-range",
            Status::Info,
            said!(
                "ip_local_port_range {lo}-{hi}: {usable} usable ports ({reserved} reserved)",
                "ip_local_port_range {lo}-{hi}：{usable} 个可用端口（{reserved} 个保留）"
            ),
            vec![range_evidence()],
        );
    }
    usable
}

/// EADDRNOTAVAIL from connect(): local ports used towards the destination
/// against the range, TIME_WAIT among them, tcp_tw_reuse.
pub fn check(req: &Request, r: &mut Report) -> Result<(), Error> {
    let (dest, port) = match &req.target {
        Some(Target::Port { addr: Some(a), port }) => (*a, Some(*port)),
        Some(Target::Addr(a)) => (*a, None),
        _ => {
            return Err(Error::Needs(said!(
                "EADDRNOTAVAIL from connect needs the destination: sockerr diagnose EADDRNOTAVAIL 10.1.2.3:443 (for bind, add --syscall bind)",
                "connect 返回的 EADDRNOTAVAIL 需要目的地址：sockerr diagnose EADDRNOTAVAIL 10.1.2.3:443（bind 的情况请加 --syscall bind）"
            )))
        }
    };
    let Some(g) = Range::read() else {
        r.check(
            "ephemeral-range",
            Status::Unseen,
            said!(
                "could not read net.ipv4.ip_local_port_range",
                "读不到 net.ipv4.ip_local_port_range"
            ),
            vec![],
        );
        return Ok(());
    };
    let usable = range_check(r, &g);
    let proto = if req.udp { Proto::Udp } else { Proto::Tcp };
    let table = match sockets::table(Query::all(proto), None) {
        Ok(t) => t,
        Err(e) => {
            r.check(
                "ephemeral-in-use",
                Status::Unseen,
                said!(
                    "could not read the socket table: {e}",
                    "读不到套接字表：{e}"
                ),
                vec![],
            );
            return Ok(());
        }
    };
    let dest = dest.to_canonical();
    let to: Vec<&Sock> = table
        .socks
        .iter()
        .filter(|s| {
            s.remote.ip().to_canonical() == dest
                && port.is_none_or(|p| s.remote.port() == p)
                && g.contains(s.local.port())
        })
        .collect();
    // The limit is per (source address, destination address, port):
    // the busiest source address is the one that runs out.
    let mut by_src: BTreeMap<(IpAddr, u16), usize> = BTreeMap::new();
    for s in &to {
        *by_src
            .entry((s.local.ip().to_canonical(), s.remote.port()))
            .or_default() += 1;
    }
    let busiest = by_src.values().copied().max().unwrap_or(0);
    let tw = to.iter().filter(|s| s.state == sockets::TIME_WAIT).count();
    let n = to.len();
    let shown = match port {
        Some(p) => std::net::SocketAddr::new(dest, p).to_string(),
        None => dest.to_string(),
    };
    let mut states: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &to {
        *states.entry(s.state_name()).or_default() += 1;
    }
    let mut lines: Vec<String> = states.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    lines.extend(capped(to.iter().map(|s| s.line()).collect(), 10));
    let ev = vec![Evidence::new(table.source.clone(), lines)];
    if busiest * 10 >= usable * 9 && busiest > 0 {
        r.check(
            "ephemeral-in-use",
            Status::Problem,
            said!(
                "{busiest} of {usable} usable local ports are in use towards {shown} from one source address ({n} sockets in all, {tw} in TIME_WAIT): connect() finds no free port for this destination",
                "从同一源地址到 {shown} 已用掉 {usable} 个可用本地端口中的 {busiest} 个（共 {n} 个套接字，{tw} 个处于 TIME_WAIT）：connect() 找不到到这个目的地的空闲端口"
            ),
            ev,
        );
        let key = if tw * 2 >= n {
            "keep-alive"
        } else {
            "widen-range"
        };
        r.cause(
            "ephemeral-in-use",
            85,
            said!(
                "the local ports towards {shown} are used up: {busiest} of {usable} ({tw} in TIME_WAIT)",
                "到 {shown} 的本地端口已用尽：{usable} 个中用了 {busiest} 个（{tw} 个处于 TIME_WAIT）"
            ),
            key,
        );
    } else if n == 0 {
        r.check(
            "ephemeral-in-use",
            Status::Fine,
            said!(
                "no socket uses a local port towards {shown}: all {usable} usable ports are free for it",
                "没有套接字使用到 {shown} 的本地端口：{usable} 个可用端口对它都是空闲的"
            ),
            ev,
        );
    } else {
        r.check(
            "ephemeral-in-use",
            Status::Fine,
            said!(
                "{n} sockets use local ports towards {shown} ({tw} in TIME_WAIT), at most {busiest} from one source address, of {usable} usable: far from exhausted",
                "有 {n} 个套接字使用到 {shown} 的本地端口（{tw} 个处于 TIME_WAIT），同一源地址最多 {busiest} 个，可用 {usable} 个：远未耗尽"
            ),
            ev,
        );
    }
    // TIME_WAIT and tcp_tw_reuse.
    let reuse = host::sysctl_num("net.ipv4.tcp_tw_reuse").unwrap_or(-1);
    let loopback = dest.is_loopback();
    let reuses = reuse == 1 || (reuse == 2 && loopback);
    let ev = vec![host::sysctl_evidence(&["net.ipv4.tcp_tw_reuse"])];
    let exhausted = busiest > 0 && busiest * 10 >= usable * 9;
    if tw > 0 && !reuses {
        r.check(
            "ephemeral-time-wait",
            if tw * 2 >= n && exhausted {
                Status::Problem
            } else {
                Status::Info
            },
            said!(
                "{tw} of those ports are in TIME_WAIT, and tcp_tw_reuse = {reuse} does not let new connections to {dest} take them over",
                "其中 {tw} 个端口处于 TIME_WAIT，而 tcp_tw_reuse = {reuse} 不允许到 {dest} 的新连接接管它们"
            ),
            ev,
        );
        if tw * 2 >= n && exhausted {
            r.cause(
                "ephemeral-time-wait",
                60,
                said!(
                    "short-lived connections to {shown} leave their ports in TIME_WAIT for 60 s, and tcp_tw_reuse = {reuse} keeps them from being reused",
                    "到 {shown} 的短连接让端口在 TIME_WAIT 中停留 60 秒，而 tcp_tw_reuse = {reuse} 阻止了它们被重用"
                ),
                "tw-reuse",
            );
        }
    } else {
        let (me, mz) = match reuse {
            0 => (
                "no TIME_WAIT port is ever reused",
                "TIME_WAIT 端口从不被重用",
            ),
            1 => (
                "new connections may take over TIME_WAIT ports",
                "新连接可以接管 TIME_WAIT 端口",
            ),
            2 => (
                "new connections to loopback may take over TIME_WAIT ports, others not",
                "只有到回环地址的新连接可以接管 TIME_WAIT 端口",
            ),
            _ => ("its effect is unknown", "作用未知"),
        };
        let s = if n == 0 {
            said!(
                "tcp_tw_reuse = {reuse}: {me}",
                "tcp_tw_reuse = {reuse}：{mz}"
            )
        } else {
            said!(
                "{tw} of those ports are in TIME_WAIT; tcp_tw_reuse = {reuse}: {me}",
                "其中 {tw} 个端口处于 TIME_WAIT；tcp_tw_reuse = {reuse}：{mz}"
            )
        };
        r.check("ephemeral-time-wait", Status::Info, s, ev);
    }
    all_ports(r, &g, &table, usable, "ephemeral-all-ports", 70);
    Ok(())
}

/// Ports of the range held by any socket: sockets that bind() before
/// connect() reserve a port for every destination.
fn all_ports(r: &mut Report, g: &Range, table: &Table, usable: usize, id: &'static str, w: u8) {
    let taken: HashSet<u16> = table
        .socks
        .iter()
        .map(|s| s.local.port())
        .filter(|&p| g.usable(p))
        .collect();
    let n = taken.len();
    let ev = vec![Evidence::one(
        table.source.clone(),
        format!("{n} distinct local ports in use within the range"),
    )];
    if n * 10 >= usable * 9 {
        r.check(
            id,
            Status::Problem,
            said!(
                "{n} of the {usable} usable ports are held by some socket: the range is nearly exhausted for every destination",
                "{usable} 个可用端口中有 {n} 个被套接字占用：对所有目的地来说范围都快耗尽了"
            ),
            ev,
        );
        r.cause(
            id,
            w,
            said!(
                "sockets hold {n} of the {usable} usable local ports; sockets that bind() before connect() keep a port for every destination",
                "套接字占用了 {usable} 个可用本地端口中的 {n} 个；在 connect() 之前 bind() 的套接字会为所有目的地保留端口"
            ),
            "bind-no-port",
        );
    } else {
        r.check(
            id,
            Status::Fine,
            said!(
                "{n} of the {usable} usable ports are held by some socket",
                "{usable} 个可用端口中有 {n} 个被套接字占用"
            ),
            ev,
        );
    }
}

/// EADDRINUSE from bind() to port 0: no free port in the whole range.
pub fn port_zero(req: &Request, r: &mut Report) {
    let Some(g) = Range::read() else {
        return;
    };
    let usable = range_check(r, &g);
    let proto = if req.udp { Proto::Udp } else { Proto::Tcp };
    match sockets::table(Query::all(proto), None) {
        Ok(t) => all_ports(r, &g, &t, usable, "ephemeral-all-ports", 85),
        Err(e) => r.check(
            "ephemeral-all-ports",
            Status::Unseen,
            said!(
                "could not read the socket table: {e}",
                "读不到套接字表：{e}"
            ),
            vec![],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_ports_parse_as_the_kernel_prints_them() {
        assert_eq!(
            parse_ranges("8080,9000-9100"),
            vec![(8080, 8080), (9000, 9100)]
        );
        assert!(parse_ranges("").is_empty());
        let g = Range {
            lo: 40000,
            hi: 40003,
            reserved: vec![(40001, 40001)],
        };
        assert_eq!(g.usable_count(), 3);
        assert!(!g.usable(40001) && g.usable(40002) && !g.usable(39999));
    }
}
