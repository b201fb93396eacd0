//! Timeouts and counters: how long TCP waits before ETIMEDOUT, what full
//! tables and queues drop (conntrack, listen queues), and which of the
//! kernel's reset counters move while we watch (ECONNRESET, EPIPE).

use super::host;
use super::ports::{accepts, Cover};
use super::report::{said, Evidence, Report, Said, Status};
use super::sockets::{self, Proto, Query};
use super::{firewall, probe, refused, routes, Error, Request, Target, MAX_SECONDS};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// Seconds TCP retransmits before giving up, with the initial RTO `first`
/// doubling each time up to 120 s (TCP_RTO_MAX): what `n` retries cost.
fn backoff(first: f64, n: i64) -> f64 {
    (0..=n.clamp(0, 255))
        .map(|i| (first * 2f64.powi(i as i32)).min(120.0))
        .sum()
}

pub fn check(req: &Request, r: &mut Report) -> Result<(), Error> {
    let syn = host::sysctl_num("net.ipv4.tcp_syn_retries").unwrap_or(6);
    let r2 = host::sysctl_num("net.ipv4.tcp_retries2").unwrap_or(15);
    let connect_s = backoff(1.0, syn);
    let estab_s = backoff(0.2, r2);
    r.check(
        "timeout-connect",
        Status::Info,
        said!(
            "connect() gives up after about {connect_s:.0} s: tcp_syn_retries = {syn} retransmissions of the SYN, the wait doubling from 1 s",
            "connect() 大约 {connect_s:.0} 秒后放弃：tcp_syn_retries = {syn} 次 SYN 重传，等待时间从 1 秒起逐次翻倍"
        ),
        vec![host::sysctl_evidence(&["net.ipv4.tcp_syn_retries"])],
    );
    r.check(
        "timeout-established",
        Status::Info,
        said!(
            "an established connection whose data goes unacknowledged fails after about {estab_s:.0} s (tcp_retries2 = {r2}, from a 200 ms retransmission timeout)",
            "已建立的连接如果数据一直得不到确认，大约 {estab_s:.0} 秒后失败（tcp_retries2 = {r2}，重传超时从 200 毫秒起）"
        ),
        vec![host::sysctl_evidence(&["net.ipv4.tcp_retries2"])],
    );
    let kt = host::sysctl_num("net.ipv4.tcp_keepalive_time").unwrap_or(7200);
    let ki = host::sysctl_num("net.ipv4.tcp_keepalive_intvl").unwrap_or(75);
    let kp = host::sysctl_num("net.ipv4.tcp_keepalive_probes").unwrap_or(9);
    let dead = kt + ki * kp;
    r.check(
        "timeout-keepalive",
        Status::Info,
        said!(
            "with SO_KEEPALIVE, an idle connection to a vanished peer fails after {dead} s ({kt} s idle, then {kp} probes every {ki} s); without it, never",
            "设置 SO_KEEPALIVE 后，到已消失对端的空闲连接在 {dead} 秒后失败（空闲 {kt} 秒，然后每 {ki} 秒探测一次，共 {kp} 次）；不设置则永远不会"
        ),
        vec![host::sysctl_evidence(&[
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
        ])],
    );
    conntrack(r);
    let dest = match &req.target {
        Some(Target::Port {
            addr: Some(a),
            port,
        }) => Some((*a, Some(*port))),
        Some(Target::Addr(a)) => Some((*a, None)),
        _ => None,
    };
    if let Some((d, port)) = dest {
        if refused::is_local(d) {
            if let Some(p) = port {
                listen_queue(req, r, d, p);
            }
        } else if routes::lookup(d, r) && !req.probe {
            // Nothing here explains it: say where to look instead.
            r.check(
                "timeout-remote",
                Status::Info,
                said!(
                    "{d} is not an address of this host and the kernel has a route to it: a timeout then comes from beyond this host, a firewall that drops (on the way or at {d}) or a host that is down; --probe connects once and says how long it waited",
                    "{d} 不是本机地址，内核也有到它的路由：这样的超时来自本机之外，途中或 {d} 上丢弃数据包的防火墙，或已关机的主机；--probe 会连接一次并报告等了多久"
                ),
                vec![],
            );
            r.cause(
                "timeout-remote",
                30,
                said!(
                    "packets to {d} are dropped beyond this host (a firewall or security group that drops rather than rejects), or {d} is down",
                    "到 {d} 的数据包在本机之外被丢弃（丢弃而非拒绝的防火墙或安全组），或 {d} 已关机"
                ),
                "drop-rule",
            );
        }
        if let Some(p) = port {
            firewall::drops(r, p);
            if req.probe {
                let to = SocketAddr::new(d, p);
                let pr = probe::tcp(to);
                refused::probe_check(r, &pr, to);
                if pr.outcome == probe::Outcome::NoAnswer {
                    let secs = probe::TIMEOUT.as_secs();
                    r.cause(
                        "probe-connect",
                        75,
                        said!(
                            "a connection to {to} got no answer within {secs} s now: its SYN is dropped (a firewall that drops rather than rejects, on this host, on the way or at {d}), or {d} is down",
                            "现在连接 {to} 在 {secs} 秒内没有应答：它的 SYN 被丢弃了（本机、途中或 {d} 上丢弃而非拒绝的防火墙），或 {d} 已关机"
                        ),
                        "drop-rule",
                    );
                }
            }
        }
    }
    Ok(())
}

fn conntrack(r: &mut Report) {
    let count = host::sysctl_num("net.netfilter.nf_conntrack_count");
    let max = host::sysctl_num("net.netfilter.nf_conntrack_max");
    let ev = vec![host::sysctl_evidence(&[
        "net.netfilter.nf_conntrack_count",
        "net.netfilter.nf_conntrack_max",
    ])];
    match (count, max) {
        (Some(c), Some(m)) if m > 0 && c * 10 >= m * 9 => {
            r.check(
                "timeout-conntrack",
                Status::Problem,
                said!(
                    "the connection-tracking table is nearly full ({c} of nf_conntrack_max {m}): new connections are dropped",
                    "连接跟踪表快满了（nf_conntrack_max {m} 中已有 {c}）：新连接会被丢弃"
                ),
                ev,
            );
            r.cause(
                "timeout-conntrack",
                75,
                said!(
                    "the conntrack table is full ({c}/{m}): the kernel drops new connections' packets",
                    "conntrack 表已满（{c}/{m}）：内核丢弃新连接的数据包"
                ),
                "drop-rule",
            );
        }
        (Some(c), Some(m)) => r.check(
            "timeout-conntrack",
            Status::Fine,
            said!(
                "the connection-tracking table has room ({c} of {m})",
                "连接跟踪表还有空间（{m} 中已有 {c}）"
            ),
            ev,
        ),
        _ => r.check(
            "timeout-conntrack",
            Status::Info,
            said!(
                "connection tracking is not in use in this network namespace (no nf_conntrack_count)",
                "本网络命名空间未使用连接跟踪（没有 nf_conntrack_count）"
            ),
            ev,
        ),
    }
}

/// A local destination: is the listener's accept queue full, and do the
/// listen-queue overflow counters move? sock_diag tells the queue and its
/// limit (the listen() backlog, capped by net.core.somaxconn), so a full
/// queue is seen at once, without waiting. Otherwise the counters are
/// watched over `--seconds` (1 s by default): overflows come in bursts,
/// and without sock_diag (/proc shows the queue's length, not its limit)
/// the moving counter is the only proof.
fn listen_queue(req: &Request, r: &mut Report, d: IpAddr, port: u16) {
    let Ok(t) = sockets::table(Query::servers(Proto::Tcp, Some(port)), None) else {
        return;
    };
    let l = t.socks.iter().find(|s| accepts(s, d) != Cover::No);
    // A queue seen full is the answer; otherwise overflows come in bursts,
    // and watching the counters for a second is how to catch them.
    let wait = match req.seconds {
        Some(s) => Some(s.min(Duration::from_secs(MAX_SECONDS))),
        None if l.is_some_and(|l| !l.queue_full()) => Some(Duration::from_secs(1)),
        None => None,
    };
    let before = host::counters();
    if let Some(w) = wait {
        std::thread::sleep(w);
    }
    let after = if wait.is_some() {
        host::counters()
    } else {
        before.clone()
    };
    let get = |m: &HashMap<String, u64>, k: &str| m.get(k).copied().unwrap_or(0);
    let (ov0, dr0) = (
        get(&before, "TcpExt.ListenOverflows"),
        get(&before, "TcpExt.ListenDrops"),
    );
    let (ov, dr) = (
        get(&after, "TcpExt.ListenOverflows"),
        get(&after, "TcpExt.ListenDrops"),
    );
    let moved = ov.saturating_sub(ov0);
    let somax = host::sysctl_num("net.core.somaxconn").unwrap_or(4096);
    let mut ev = vec![
        Evidence::new(
            "/proc/net/netstat",
            if wait.is_some() {
                vec![
                    format!("TcpExt.ListenOverflows {ov0} → {ov}"),
                    format!("TcpExt.ListenDrops {dr0} → {dr}"),
                ]
            } else {
                vec![
                    format!("TcpExt.ListenOverflows {ov}"),
                    format!("TcpExt.ListenDrops {dr}"),
                ]
            },
        ),
        host::sysctl_evidence(&["net.core.somaxconn"]),
    ];
    let Some(l) = l else {
        r.check(
            "timeout-listen-queue",
            Status::Info,
            said!(
                "nothing listens on {d} port {port} here: a SYN to a closed local port is answered with a reset (ECONNREFUSED), so a timeout comes from a rule that drops it",
                "这里没有进程在 {d} 的端口 {port} 上监听：发往本地关闭端口的 SYN 会得到复位（ECONNREFUSED），所以超时来自丢弃它的规则"
            ),
            ev,
        );
        return;
    };
    ev.insert(0, Evidence::one(t.source.clone(), l.line()));
    let (q, local) = (l.rx_queue, l.local);
    let watched = wait.map(|w| {
        let secs = w.as_secs_f64();
        if moved == 0 {
            said!(
                " and did not overflow in {secs:.1} s of watching",
                "，观察 {secs:.1} 秒内也没有溢出"
            )
        } else {
            said!(
                "; in {secs:.1} s the listen queue overflowed {moved} time(s) (ListenOverflows)",
                "；{secs:.1} 秒内监听队列溢出了 {moved} 次（ListenOverflows）"
            )
        }
    });
    let (we, wz) = watched
        .as_ref()
        .map_or(("", ""), |s| (s.en.as_str(), s.zh.as_str()));
    if l.queue_full() {
        let b = l.backlog.unwrap_or(0);
        let secs = wait.map_or(0.0, |w| w.as_secs_f64());
        let (de, dz) = if moved > 0 {
            (
                format!(" ({moved} dropped in {secs:.1} s of watching)"),
                format!("（观察 {secs:.1} 秒内丢弃了 {moved} 个）"),
            )
        } else {
            (String::new(), String::new())
        };
        r.check(
            "timeout-listen-queue",
            Status::Problem,
            said!(
                "the listener on {local} has a full accept queue: {q} connections wait to be accepted, over its backlog of {b}; the kernel drops new SYNs{de}, so clients hang in SYN-SENT and time out",
                "{local} 上的监听者接受队列已满：{q} 个连接等待 accept，超过了 backlog {b}；内核丢弃新的 SYN{dz}，客户端停在 SYN-SENT 直到超时"
            ),
            ev,
        );
        r.cause(
            "timeout-listen-queue",
            85,
            said!(
                "the server on {local} does not accept() fast enough: its accept queue is full ({q} waiting, backlog {b}; the backlog is the listen() argument, at most net.core.somaxconn = {somax})",
                "{local} 上的服务器调用 accept() 不够快：接受队列已满（{q} 个在等待，backlog {b}；backlog 是 listen() 的参数，最多为 net.core.somaxconn = {somax}）"
            ),
            "accept-faster",
        );
    } else if moved > 0 {
        let secs = wait.map_or(0.0, |w| w.as_secs_f64());
        r.check(
            "timeout-listen-queue",
            Status::Problem,
            said!(
                "the listen queue overflowed {moved} time(s) in {secs:.1} s (ListenOverflows), and the listener on {local} has {q} connections waiting to be accepted: new SYNs are dropped, so clients time out",
                "{secs:.1} 秒内监听队列溢出了 {moved} 次（ListenOverflows），{local} 上的监听者有 {q} 个连接等待 accept：新的 SYN 被丢弃，客户端因此超时"
            ),
            ev,
        );
        r.cause(
            "timeout-listen-queue",
            80,
            said!(
                "the server on {local} does not accept() fast enough: its accept queue overflows ({q} waiting; the limit is its listen() backlog, at most net.core.somaxconn = {somax})",
                "{local} 上的服务器调用 accept() 不够快：接受队列溢出（{q} 个在等待；上限是它的 listen() backlog，最多为 net.core.somaxconn = {somax}）"
            ),
            "accept-faster",
        );
    } else if let Some(b) = l.backlog {
        r.check(
            "timeout-listen-queue",
            if q > 0 { Status::Info } else { Status::Fine },
            said!(
                "the listener on {local} has {q} connections waiting to be accepted, backlog {b}: the queue is not full{we} (since boot: ListenOverflows {ov}, ListenDrops {dr})",
                "{local} 上的监听者有 {q} 个连接等待 accept，backlog 为 {b}：队列未满{wz}（自启动以来：ListenOverflows {ov}，ListenDrops {dr}）"
            ),
            ev,
        );
    } else {
        let secs = wait.map_or(0.0, |w| w.as_secs_f64());
        r.check(
            "timeout-listen-queue",
            if q > 0 { Status::Info } else { Status::Fine },
            said!(
                "the listen queue did not overflow in {secs:.1} s; the listener on {local} has {q} connections waiting to be accepted (since boot: ListenOverflows {ov}, ListenDrops {dr})",
                "{secs:.1} 秒内监听队列没有溢出；{local} 上的监听者有 {q} 个连接等待 accept（自启动以来：ListenOverflows {ov}，ListenDrops {dr}）"
            ),
            ev,
        );
    }
}

/// The reset counters, what moving means, and the fix to show.
const RESET_COUNTERS: &[(&str, &str, &str, &str)] = &[
    (
        "TcpExt.TCPAbortOnClose",
        "programs here closed connections with unread data, so the kernel sent RSTs and their peers got ECONNRESET",
        "本机程序在还有未读数据时关闭了连接，内核发送了 RST，对端收到 ECONNRESET",
        "peer-close",
    ),
    (
        "TcpExt.TCPAbortOnData",
        "connections here were closed with SO_LINGER 0, or got data after shutting down reading, and were reset",
        "本机连接以 SO_LINGER 0 关闭，或在关闭读之后又收到数据，因而被复位",
        "peer-close",
    ),
    (
        "TcpExt.TCPAbortOnTimeout",
        "connections here timed out (retransmissions or keepalive probes unanswered) and were aborted",
        "本机连接超时（重传或保活探测无应答）而被中止",
        "keepalive-idle",
    ),
    (
        "TcpExt.TCPAbortOnMemory",
        "connections were reset because TCP ran short of memory or had too many orphaned sockets",
        "由于 TCP 内存不足或孤儿套接字过多，连接被复位",
        "",
    ),
    (
        "TcpExt.TCPAbortOnLinger",
        "connections were reset in FIN_WAIT2 because of a negative TCP_LINGER2",
        "由于 TCP_LINGER2 为负，连接在 FIN_WAIT2 中被复位",
        "peer-close",
    ),
    (
        "Tcp.EstabResets",
        "established connections ended by a reset (most often one that arrived from the peer or a middlebox)",
        "已建立的连接因复位而结束（多数是对端或中间设备发来的）",
        "keepalive-idle",
    ),
    ("Tcp.OutRsts", "this host sent resets", "本机发送了复位报文", ""),
];

/// ECONNRESET and EPIPE: which reset counters move over `--seconds`.
pub fn resets(req: &Request, r: &mut Report) -> Result<(), Error> {
    let wait = req
        .seconds
        .unwrap_or(Duration::from_secs(2))
        .min(Duration::from_secs(MAX_SECONDS));
    let before = host::counters();
    if before.is_empty() {
        r.check(
            "reset-counters",
            Status::Unseen,
            said!(
                "could not read /proc/net/snmp and /proc/net/netstat",
                "读不到 /proc/net/snmp 和 /proc/net/netstat"
            ),
            vec![],
        );
        return Ok(());
    }
    std::thread::sleep(wait);
    let after = host::counters();
    let secs = wait.as_secs_f64();
    let mut lines = Vec::new();
    let mut moved = Vec::new();
    for &(k, en, zh, key) in RESET_COUNTERS {
        let (a, b) = (
            before.get(k).copied().unwrap_or(0),
            after.get(k).copied().unwrap_or(0),
        );
        lines.push(format!("{k}: {a} → {b}"));
        if b > a {
            moved.push((k, b - a, en, zh, key));
        }
    }
    let ev = vec![Evidence::new("/proc/net/snmp /proc/net/netstat", lines)];
    if moved.is_empty() {
        r.check(
            "reset-counters",
            Status::Info,
            said!(
                "no TCP reset or abort counter moved in {secs:.1} s: resets are not happening right now in this network namespace (an EPIPE on a pipe or AF_UNIX socket moves no counter)",
                "{secs:.1} 秒内 TCP 复位和中止计数器都没有变化：本网络命名空间现在没有发生复位（管道或 AF_UNIX 套接字上的 EPIPE 不会改变计数器）"
            ),
            ev,
        );
        return Ok(());
    }
    let list: Vec<String> = moved.iter().map(|m| format!("{} +{}", m.0, m.1)).collect();
    let list = list.join(", ");
    r.check(
        "reset-counters",
        Status::Problem,
        said!(
            "in {secs:.1} s these counters moved: {list}",
            "{secs:.1} 秒内这些计数器发生了变化：{list}"
        ),
        ev,
    );
    let mut weight = 70u8;
    for (k, n, en, zh, key) in moved {
        let said = Said::new(format!("{en} ({k} +{n})"), format!("{zh}（{k} +{n}）"));
        if key.is_empty() {
            if k == "Tcp.OutRsts" {
                continue;
            }
            r.cause_own(
                "reset-counters",
                weight,
                said,
                said!(
                    "Look at the orphan and memory limits (net.ipv4.tcp_max_orphans, net.ipv4.tcp_mem) and at what leaves so many closing connections.",
                    "检查孤儿连接和内存上限（net.ipv4.tcp_max_orphans、net.ipv4.tcp_mem），以及产生大量关闭中连接的原因。"
                ),
            );
        } else {
            r.cause("reset-counters", weight, said, key);
        }
        weight = weight.saturating_sub(5);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_matches_the_known_totals() {
        // tcp_syn_retries 6: 127 s; tcp_retries2 15: about 924.6 s.
        assert_eq!(backoff(1.0, 6), 127.0);
        assert!((backoff(0.2, 15) - 924.6).abs() < 0.01);
    }
}
