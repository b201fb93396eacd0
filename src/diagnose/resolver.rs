//! Name resolution (getaddrinfo's EAI_* codes): what glibc's resolver will
//! read and ask. `/etc/resolv.conf` (nameservers, search, ndots, options),
//! the `hosts` line of `/etc/nsswitch.conf`, `/etc/hosts` entries for the
//! name, whether a local stub resolver (systemd-resolved's 127.0.0.53,
//! Docker's 127.0.0.11, a dnsmasq on 127.0.0.1) is the nameserver and
//! something is bound there, the kernel's route to a remote nameserver; and
//! with `--probe`, one getaddrinfo() with its time and result.
//!
//! The checks are keyed by the EAI name. Until the knowledge base knows
//! the EAI_* codes (the name-resolution issue), the fixes are written here.

use super::report::{capped, said, Evidence, Report, Status};
use super::sockets::{self, Proto, Query};
use super::{netlink, Error, Request, Target};
use std::ffi::{CStr, CString};
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

const RESOLV_CONF: &str = "/etc/resolv.conf";
const NSSWITCH: &str = "/etc/nsswitch.conf";
const HOSTS: &str = "/etc/hosts";

/// What glibc reads from resolv.conf.
#[derive(Debug, Default)]
struct ResolvConf {
    nameservers: Vec<IpAddr>,
    search: Vec<String>,
    ndots: u32,
    timeout: u32,
    attempts: u32,
    options: Vec<String>,
    lines: Vec<String>,
}

fn parse_resolv(text: &str) -> ResolvConf {
    let mut rc = ResolvConf {
        ndots: 1,
        timeout: 5,
        attempts: 2,
        ..Default::default()
    };
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        rc.lines.push(l.to_string());
        let mut f = l.split_whitespace();
        match f.next() {
            Some("nameserver") => {
                // A scope suffix (fe80::1%eth0) is allowed; keep the address.
                if let Some(a) = f.next().and_then(|a| a.split('%').next()?.parse().ok()) {
                    rc.nameservers.push(a);
                }
            }
            // The last of search and domain wins.
            Some("search") | Some("domain") => rc.search = f.map(str::to_string).collect(),
            Some("options") => {
                for o in f {
                    let (k, v) = o.split_once(':').unwrap_or((o, ""));
                    let n = v.parse::<u32>().ok();
                    match (k, n) {
                        ("ndots", Some(n)) => rc.ndots = n.min(15),
                        ("timeout", Some(n)) => rc.timeout = n.clamp(1, 30),
                        ("attempts", Some(n)) => rc.attempts = n.clamp(1, 5),
                        _ => {}
                    }
                    rc.options.push(o.to_string());
                }
            }
            _ => {}
        }
    }
    rc
}

/// `/etc/hosts` lines that name `name`, with the address each gives.
pub fn hosts_entries(name: &str) -> Vec<(IpAddr, String)> {
    let Ok(text) = std::fs::read_to_string(HOSTS) else {
        return Vec::new();
    };
    let name = name.trim_end_matches('.');
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.split('#').next().unwrap_or("").trim();
        let mut f = l.split_whitespace();
        let Some(Ok(a)) = f
            .next()
            .map(|a| a.split('%').next().unwrap_or(a).parse::<IpAddr>())
        else {
            continue;
        };
        if f.any(|n| n.eq_ignore_ascii_case(name)) {
            out.push((a, l.to_string()));
        }
    }
    out
}

/// The sources of the `hosts:` line of nsswitch.conf, and the line.
fn nsswitch_hosts() -> Result<Option<(Vec<String>, String)>, String> {
    let text = match std::fs::read_to_string(NSSWITCH) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    for line in text.lines() {
        let l = line.split('#').next().unwrap_or("").trim();
        if let Some(rest) = l.strip_prefix("hosts:") {
            let sources = rest
                .split_whitespace()
                .filter(|w| !w.starts_with('['))
                .map(str::to_string)
                .collect();
            return Ok(Some((sources, l.to_string())));
        }
    }
    Ok(Some((Vec::new(), String::new())))
}

pub fn check(req: &Request, code: &str, r: &mut Report) -> Result<(), Error> {
    let name = match &req.target {
        Some(Target::Host { name, .. }) => Some(name.clone()),
        Some(Target::Addr(a)) => Some(a.to_string()),
        None => None,
        Some(_) => {
            return Err(Error::Needs(said!(
                "{code} is about a name: sockerr diagnose {code} db.internal",
                "{code} 针对的是名字：sockerr diagnose {code} db.internal"
            )))
        }
    };
    if req.probe && name.is_none() {
        return Err(Error::Needs(said!(
            "--probe needs the name to look up: sockerr diagnose {code} db.internal --probe",
            "--probe 需要要查询的名字：sockerr diagnose {code} db.internal --probe"
        )));
    }
    let rc = resolv_conf(r);
    let sources = nsswitch(r, name.as_deref(), code);
    if let Some(n) = &name {
        hosts_file(r, n, sources.as_deref(), code);
        if let Some(rc) = &rc {
            search(r, n, rc);
        }
    }
    if let Some(rc) = &rc {
        let dns_used = sources
            .as_ref()
            .is_none_or(|s| s.iter().any(|x| x == "dns"));
        if dns_used {
            nameservers(r, rc, code);
        }
    }
    if req.probe {
        if let Some(n) = &name {
            probe(r, n, code, rc.as_ref());
        }
    }
    Ok(())
}

fn resolv_conf(r: &mut Report) -> Option<ResolvConf> {
    let text = match std::fs::read_to_string(RESOLV_CONF) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            r.check(
                "resolver-resolv-conf",
                Status::Problem,
                said!(
                    "there is no {RESOLV_CONF}: glibc then sends its queries to 127.0.0.1",
                    "没有 {RESOLV_CONF}：glibc 会把查询发给 127.0.0.1"
                ),
                vec![],
            );
            r.cause(
                "resolver-resolv-conf",
                70,
                said!("{RESOLV_CONF} is missing", "{RESOLV_CONF} 不存在"),
                "resolv-server",
            );
            // glibc's defaults: one nameserver on loopback.
            return Some(ResolvConf {
                nameservers: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
                ndots: 1,
                timeout: 5,
                attempts: 2,
                ..Default::default()
            });
        }
        Err(e) => {
            r.check(
                "resolver-resolv-conf",
                Status::Unseen,
                said!(
                    "could not read {RESOLV_CONF}: {e}",
                    "读不到 {RESOLV_CONF}：{e}"
                ),
                vec![],
            );
            return None;
        }
    };
    let mut rc = parse_resolv(&text);
    let ev = vec![Evidence::new(RESOLV_CONF, capped(rc.lines.clone(), 20))];
    if rc.nameservers.is_empty() {
        r.check(
            "resolver-resolv-conf",
            Status::Problem,
            said!(
                "{RESOLV_CONF} names no nameserver: glibc then asks 127.0.0.1",
                "{RESOLV_CONF} 没有列出域名服务器：glibc 会去问 127.0.0.1"
            ),
            ev,
        );
        r.cause(
            "resolver-resolv-conf",
            75,
            said!(
                "{RESOLV_CONF} has no nameserver line",
                "{RESOLV_CONF} 没有 nameserver 行"
            ),
            "resolv-server",
        );
        rc.nameservers.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
        return Some(rc);
    }
    let ns: Vec<String> = rc.nameservers.iter().map(|a| a.to_string()).collect();
    let used = ns.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let (nd, to, at) = (rc.ndots, rc.timeout, rc.attempts);
    let sr = if rc.search.is_empty() {
        "-".to_string()
    } else {
        rc.search.join(" ")
    };
    let ignored = ns.len().saturating_sub(3);
    let (ie, iz) = if ignored > 0 {
        (
            format!("; {ignored} more nameserver(s) are ignored (glibc uses the first 3)"),
            format!("；另有 {ignored} 个域名服务器被忽略（glibc 只用前 3 个）"),
        )
    } else {
        (String::new(), String::new())
    };
    r.check(
        "resolver-resolv-conf",
        Status::Info,
        said!(
            "nameservers {used}; search {sr}; ndots {nd}, timeout {to} s, attempts {at}{ie}",
            "域名服务器 {used}；搜索域 {sr}；ndots {nd}，超时 {to} 秒，尝试 {at} 次{iz}"
        ),
        ev,
    );
    Some(rc)
}

/// Returns the sources of the hosts line (None: no nsswitch.conf, glibc's
/// default "dns files").
fn nsswitch(r: &mut Report, name: Option<&str>, code: &str) -> Option<Vec<String>> {
    match nsswitch_hosts() {
        Err(e) => {
            r.check(
                "resolver-nsswitch",
                Status::Unseen,
                said!("could not read {NSSWITCH}: {e}", "读不到 {NSSWITCH}：{e}"),
                vec![],
            );
            None
        }
        Ok(None) => {
            r.check(
                "resolver-nsswitch",
                Status::Info,
                said!(
                    "there is no {NSSWITCH}: glibc asks DNS first, then /etc/hosts",
                    "没有 {NSSWITCH}：glibc 先问 DNS，再查 /etc/hosts"
                ),
                vec![],
            );
            None
        }
        Ok(Some((sources, line))) => {
            let ev = vec![Evidence::one(NSSWITCH, line.clone())];
            let list = sources.join(" ");
            let files = sources.iter().any(|s| s == "files");
            let dns = sources.iter().any(|s| s == "dns");
            let resolve = sources.iter().any(|s| s == "resolve");
            if sources.is_empty() {
                r.check(
                    "resolver-nsswitch",
                    Status::Info,
                    said!(
                        "{NSSWITCH} has no hosts line: glibc asks DNS first, then /etc/hosts",
                        "{NSSWITCH} 没有 hosts 行：glibc 先问 DNS，再查 /etc/hosts"
                    ),
                    ev,
                );
                return None;
            }
            let in_hosts = name.is_some_and(|n| !hosts_entries(n).is_empty());
            if !files && in_hosts {
                r.check(
                    "resolver-nsswitch",
                    Status::Problem,
                    said!(
                        "the hosts line ({list}) does not consult /etc/hosts (files), where the name is",
                        "hosts 行（{list}）不查 /etc/hosts（files），而名字就在那里"
                    ),
                    ev,
                );
                r.cause(
                    "resolver-nsswitch",
                    80,
                    said!(
                        "nsswitch.conf skips /etc/hosts, which has the name",
                        "nsswitch.conf 跳过了含有该名字的 /etc/hosts"
                    ),
                    "nsswitch-order",
                );
            } else if !dns && !resolve {
                let st = if code == "EAI_NONAME" || code == "EAI_AGAIN" {
                    Status::Problem
                } else {
                    Status::Info
                };
                r.check(
                    "resolver-nsswitch",
                    st,
                    said!(
                        "the hosts line ({list}) never asks DNS: only these sources are tried",
                        "hosts 行（{list}）从不询问 DNS：只尝试这些来源"
                    ),
                    ev,
                );
                if st == Status::Problem {
                    r.cause(
                        "resolver-nsswitch",
                        60,
                        said!(
                            "nsswitch.conf does not ask DNS for host names ({list})",
                            "nsswitch.conf 不为主机名询问 DNS（{list}）"
                        ),
                        "nsswitch-order",
                    );
                }
            } else {
                let (ve, vz) = if resolve {
                    (
                        "; resolve means systemd-resolved answers through its own socket, not resolv.conf",
                        "；resolve 表示由 systemd-resolved 通过自己的套接字回答，而不是 resolv.conf",
                    )
                } else {
                    ("", "")
                };
                r.check(
                    "resolver-nsswitch",
                    Status::Info,
                    said!("hosts: {list}{ve}", "hosts：{list}{vz}"),
                    ev,
                );
            }
            Some(sources)
        }
    }
}

fn hosts_file(r: &mut Report, name: &str, sources: Option<&[String]>, code: &str) {
    let entries = hosts_entries(name);
    let files = sources.is_none_or(|s| s.iter().any(|x| x == "files"));
    if entries.is_empty() {
        r.check(
            "resolver-hosts-file",
            Status::Info,
            said!(
                "{HOSTS} has no entry for {name}",
                "{HOSTS} 中没有 {name} 的条目"
            ),
            vec![],
        );
        return;
    }
    let addrs: Vec<String> = entries.iter().map(|e| e.0.to_string()).collect();
    let list = addrs.join(", ");
    let v4 = entries.iter().any(|e| e.0.is_ipv4());
    let v6 = entries.iter().any(|e| e.0.is_ipv6());
    let ev = vec![Evidence::new(
        HOSTS,
        entries.iter().map(|e| e.1.clone()).collect(),
    )];
    r.check(
        "resolver-hosts-file",
        Status::Info,
        said!(
            "{HOSTS} maps {name} to {list}",
            "{HOSTS} 把 {name} 映射到 {list}"
        ),
        ev,
    );
    if code == "EAI_ADDRFAMILY" || code == "EAI_NODATA" {
        let (has, lacks) = if v4 && !v6 {
            ("IPv4", "IPv6")
        } else if v6 && !v4 {
            ("IPv6", "IPv4")
        } else {
            return;
        };
        if files {
            r.cause("resolver-hosts-file", 60, said!(
                    "{HOSTS} gives {name} only {has} addresses, so a lookup restricted to {lacks} finds none",
                    "{HOSTS} 只给 {name} 提供 {has} 地址，所以限定 {lacks} 的查询一个也找不到"
                ), "any-family");
        }
    }
}

fn search(r: &mut Report, name: &str, rc: &ResolvConf) {
    if name.parse::<IpAddr>().is_ok() {
        return;
    }
    let dots = name.matches('.').count() as u32;
    let nd = rc.ndots;
    let absolute = name.ends_with('.');
    let tries: Vec<String> = if absolute || rc.search.is_empty() {
        vec![name.trim_end_matches('.').to_string()]
    } else if dots >= nd {
        std::iter::once(name.to_string())
            .chain(rc.search.iter().map(|d| format!("{name}.{d}")))
            .collect()
    } else {
        rc.search
            .iter()
            .map(|d| format!("{name}.{d}"))
            .chain(std::iter::once(name.to_string()))
            .collect()
    };
    let n = tries.len();
    let servers = rc.nameservers.len().clamp(1, 3) as u32;
    let worst = n as u32 * servers * rc.attempts * rc.timeout;
    let order = tries.join(", ");
    r.check(
        "resolver-search",
        Status::Info,
        said!(
            "{name} has {dots} dot(s) against ndots {nd}: glibc tries {order}; if no nameserver answers, that takes up to {worst} s",
            "{name} 有 {dots} 个点，ndots 为 {nd}：glibc 依次尝试 {order}；如果没有域名服务器应答，最长需要 {worst} 秒"
        ),
        vec![],
    );
}

/// Loopback nameservers need something bound there; remote ones need a
/// route.
fn nameservers(r: &mut Report, rc: &ResolvConf, code: &str) {
    let udp = sockets::table(Query::servers(Proto::Udp, None), None)
        .unwrap_or_default()
        .socks;
    let tcp = sockets::table(Query::servers(Proto::Tcp, None), None)
        .unwrap_or_default()
        .socks;
    for ns in rc.nameservers.iter().take(3) {
        let ns = *ns;
        if ns.is_loopback() {
            let docker = ns == IpAddr::V4(Ipv4Addr::new(127, 0, 0, 11));
            // Docker's embedded DNS redirects 127.0.0.11:53 to another port
            // of 127.0.0.11; any socket bound to it counts there.
            let bound: Vec<String> = udp
                .iter()
                .chain(tcp.iter())
                .filter(|s| {
                    s.is_server()
                        && (docker && s.local.ip() == ns
                            || !docker
                                && s.local.port() == 53
                                && (s.local.ip() == ns || s.local.ip().is_unspecified()))
                })
                .map(|s| s.line())
                .collect();
            let what_en = match ns.to_string().as_str() {
                "127.0.0.53" => "systemd-resolved's stub resolver",
                "127.0.0.11" => "Docker's embedded DNS server",
                _ => "a local resolver (dnsmasq, unbound, systemd-resolved)",
            };
            let what_zh = match ns.to_string().as_str() {
                "127.0.0.53" => "systemd-resolved 的存根解析器",
                "127.0.0.11" => "Docker 内置的 DNS 服务器",
                _ => "本地解析器（dnsmasq、unbound、systemd-resolved）",
            };
            let ev = vec![Evidence::new(
                "/proc/net/udp /proc/net/udp6 /proc/net/tcp /proc/net/tcp6",
                capped(bound.clone(), 10),
            )];
            if bound.is_empty() {
                r.check(
                    "resolver-stub",
                    Status::Problem,
                    said!(
                        "the nameserver {ns} is {what_en}, and nothing is bound to it in this network namespace: every query fails at once",
                        "域名服务器 {ns} 是{what_zh}，而本网络命名空间中没有任何套接字绑定它：每个查询都会立即失败"
                    ),
                    ev,
                );
                let w = if code == "EAI_AGAIN" { 85 } else { 60 };
                r.cause(
                    "resolver-stub",
                    w,
                    said!(
                        "resolv.conf sends queries to {ns} ({what_en}), but it is not running here",
                        "resolv.conf 把查询发给 {ns}（{what_zh}），但它并没有在这里运行"
                    ),
                    "resolv-server",
                );
            } else {
                r.check(
                    "resolver-stub",
                    Status::Fine,
                    said!(
                        "the nameserver {ns} is {what_en}, and a socket is bound there",
                        "域名服务器 {ns} 是{what_zh}，且有套接字绑定在那里"
                    ),
                    ev,
                );
            }
        } else {
            match netlink::route_get(ns) {
                Ok(rt) => {
                    let links = netlink::links().unwrap_or_default();
                    let line = rt.line(&links);
                    r.check(
                        "resolver-route",
                        Status::Fine,
                        said!(
                            "the kernel has a route to the nameserver {ns}: {line}",
                            "内核有到域名服务器 {ns} 的路由：{line}"
                        ),
                        vec![Evidence::one(
                            format!("netlink RTM_GETROUTE {ns}"),
                            line.clone(),
                        )],
                    );
                }
                Err(netlink::NlError::Kernel(e)) => {
                    let n = super::probe::errno_name(e);
                    r.check(
                        "resolver-route",
                        Status::Problem,
                        said!(
                            "the kernel has no usable route to the nameserver {ns} ({n})",
                            "内核没有到域名服务器 {ns} 的可用路由（{n}）"
                        ),
                        vec![Evidence::one(
                            format!("netlink RTM_GETROUTE {ns}"),
                            n.clone(),
                        )],
                    );
                    r.cause(
                        "resolver-route",
                        80,
                        said!(
                            "the nameserver {ns} cannot be reached from here: {n}",
                            "从这里无法到达域名服务器 {ns}：{n}"
                        ),
                        "resolv-server",
                    );
                }
                Err(netlink::NlError::Io(e)) => r.check(
                    "resolver-route",
                    Status::Unseen,
                    said!(
                        "could not ask the kernel for the route to {ns}: {e}",
                        "无法向内核查询到 {ns} 的路由：{e}"
                    ),
                    vec![],
                ),
            }
        }
    }
}

/// glibc's getaddrinfo codes, for naming a probe's result.
pub fn eai_name(code: i32) -> &'static str {
    match code {
        -1 => "EAI_BADFLAGS",
        -2 => "EAI_NONAME",
        -3 => "EAI_AGAIN",
        -4 => "EAI_FAIL",
        -5 => "EAI_NODATA",
        -6 => "EAI_FAMILY",
        -7 => "EAI_SOCKTYPE",
        -8 => "EAI_SERVICE",
        -9 => "EAI_ADDRFAMILY",
        -10 => "EAI_MEMORY",
        -11 => "EAI_SYSTEM",
        -12 => "EAI_OVERFLOW",
        _ => "EAI_?",
    }
}

/// One getaddrinfo(name) and its time: the addresses, or the code.
fn getaddrinfo(name: &str) -> (Result<Vec<IpAddr>, i32>, Duration) {
    let start = Instant::now();
    let Ok(c) = CString::new(name) else {
        return (Err(libc::EAI_NONAME), start.elapsed());
    };
    // SAFETY: zeroed hints are valid (AF_UNSPEC, any type, no flags); the
    // list getaddrinfo returns is read, then freed exactly once.
    unsafe {
        let mut hints: libc::addrinfo = std::mem::zeroed();
        hints.ai_socktype = libc::SOCK_STREAM;
        let mut res: *mut libc::addrinfo = std::ptr::null_mut();
        let rc = libc::getaddrinfo(c.as_ptr(), std::ptr::null(), &hints, &mut res);
        let took = start.elapsed();
        if rc != 0 {
            return (Err(rc), took);
        }
        let mut out = Vec::new();
        let mut p = res;
        while !p.is_null() {
            let ai = &*p;
            if !ai.ai_addr.is_null() {
                match ai.ai_family {
                    libc::AF_INET => {
                        let sa = &*(ai.ai_addr as *const libc::sockaddr_in);
                        out.push(IpAddr::from(u32::from_be(sa.sin_addr.s_addr).to_be_bytes()));
                    }
                    libc::AF_INET6 => {
                        let sa = &*(ai.ai_addr as *const libc::sockaddr_in6);
                        out.push(IpAddr::from(sa.sin6_addr.s6_addr));
                    }
                    _ => {}
                }
            }
            p = ai.ai_next;
        }
        libc::freeaddrinfo(res);
        out.dedup();
        (Ok(out), took)
    }
}

fn gai_message(code: i32) -> String {
    // SAFETY: gai_strerror returns a pointer to a static string.
    unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned()
}

fn probe(r: &mut Report, name: &str, code: &str, rc: Option<&ResolvConf>) {
    let (res, took) = getaddrinfo(name);
    let ms = format!("{:.1}", took.as_secs_f64() * 1000.0);
    match res {
        Ok(addrs) => {
            let list = addrs
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            r.check(
                "resolver-probe",
                Status::Info,
                said!(
                    "getaddrinfo(\"{name}\") succeeds now in {ms} ms: {list}",
                    "现在 getaddrinfo(\"{name}\") 在 {ms} 毫秒内成功：{list}"
                ),
                vec![Evidence::one(
                    "getaddrinfo()",
                    format!("{name}: {list} ({ms} ms)"),
                )],
            );
        }
        Err(e) => {
            let got = eai_name(e);
            let msg = gai_message(e);
            let ev = vec![Evidence::one(
                "getaddrinfo()",
                format!("{name}: {got} ({msg}) after {ms} ms"),
            )];
            r.check(
                "resolver-probe",
                Status::Problem,
                said!(
                    "getaddrinfo(\"{name}\") fails now with {got} ({msg}) after {ms} ms",
                    "现在 getaddrinfo(\"{name}\") 在 {ms} 毫秒后以 {got}（{msg}）失败"
                ),
                ev,
            );
            let slow = rc.is_some_and(|rc| took.as_secs() >= u64::from(rc.timeout));
            let (s, fix) = match got {
                "EAI_AGAIN" if slow => (
                    said!(
                        "no nameserver answered in time ({ms} ms): they are down, unreachable, or a firewall drops DNS",
                        "没有域名服务器及时应答（{ms} 毫秒）：它们宕机、不可达，或防火墙丢弃了 DNS"
                    ),
                    said!(
                        "Check that the nameservers in resolv.conf answer (dig @SERVER NAME) and that UDP and TCP port 53 are open to them.",
                        "检查 resolv.conf 中的域名服务器是否应答（dig @服务器 名字），以及到它们的 UDP 和 TCP 53 端口是否放行。"
                    ),
                ),
                "EAI_AGAIN" => (
                    said!(
                        "the lookup failed at once ({ms} ms): nothing answers at the nameservers (refused), or they answered SERVFAIL",
                        "查询立即失败（{ms} 毫秒）：域名服务器处无人应答（被拒绝），或它们回答了 SERVFAIL"
                    ),
                    said!(
                        "Make sure a DNS server runs at the addresses in resolv.conf, and look at its log for SERVFAIL (upstream or DNSSEC failures).",
                        "确认 resolv.conf 中的地址上运行着 DNS 服务器，并在其日志中查找 SERVFAIL（上游或 DNSSEC 失败）。"
                    ),
                ),
                "EAI_NONAME" | "EAI_NODATA" => (
                    said!(
                        "the name does not exist for the resolver: the nameserver answered no such name, and /etc/hosts has none",
                        "对解析器来说该名字不存在：域名服务器回答没有这个名字，/etc/hosts 中也没有"
                    ),
                    said!(
                        "Check the spelling and the search domains; make sure the record exists on the DNS server this host asks.",
                        "检查拼写和搜索域；确认本机所询问的 DNS 服务器上存在该记录。"
                    ),
                ),
                _ => (
                    said!("the resolver answers {got}: {msg}", "解析器回答 {got}：{msg}"),
                    said!(
                        "Run the same lookup with getent ahosts NAME and read the nameserver's log.",
                        "用 getent ahosts 名字 重复这次查询，并查看域名服务器的日志。"
                    ),
                ),
            };
            let w = if got == code { 75 } else { 55 };
            r.cause_own("resolver-probe", w, s, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolv_conf_is_read_as_glibc_reads_it() {
        let rc = parse_resolv(
            "# comment\nnameserver 127.0.0.53\nnameserver fe80::1%eth0\ndomain a.example\nsearch corp.example lab.example\noptions edns0 ndots:5 timeout:2 attempts:3\n",
        );
        assert_eq!(rc.nameservers.len(), 2);
        assert_eq!(rc.search, vec!["corp.example", "lab.example"]);
        assert_eq!((rc.ndots, rc.timeout, rc.attempts), (5, 2, 3));
        assert!(rc.options.contains(&"edns0".to_string()));
    }

    #[test]
    fn names_of_probe_results() {
        assert_eq!(eai_name(libc::EAI_AGAIN), "EAI_AGAIN");
        assert_eq!(eai_name(libc::EAI_NONAME), "EAI_NONAME");
    }

    /// What glibc calls the codes matches the names given here.
    #[test]
    fn messages_come_from_glibc() {
        assert_eq!(
            gai_message(libc::EAI_AGAIN),
            "Temporary failure in name resolution"
        );
    }
}
