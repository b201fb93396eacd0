//! Small facts about the host: sysctls, the kernel's protocol counters,
//! user names, network namespaces, privileges.

use super::report::{said, Evidence, Said};
use std::collections::HashMap;
use std::path::Path;

/// A sysctl as the kernel prints it (`net.ipv4.ip_local_port_range` →
/// `32768\t60999`), trimmed. `None` when the file is missing (the module is
/// not loaded, an older kernel) or unreadable.
pub fn sysctl(name: &str) -> Option<String> {
    let path = sysctl_path(name);
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
}

pub fn sysctl_path(name: &str) -> String {
    format!("/proc/sys/{}", name.replace('.', "/"))
}

/// A numeric sysctl.
pub fn sysctl_num(name: &str) -> Option<i64> {
    sysctl(name)?.split_whitespace().next()?.parse().ok()
}

/// The evidence line for a sysctl: `net.ipv4.tcp_tw_reuse = 2`.
pub fn sysctl_evidence(names: &[&str]) -> Evidence {
    let lines = names
        .iter()
        .map(|n| match sysctl(n) {
            Some(v) => format!(
                "{n} = {}",
                v.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
            None => format!("{n}: (absent)"),
        })
        .collect();
    Evidence::new("/proc/sys", lines)
}

/// Protocol counters from `/proc/net/snmp` and `/proc/net/netstat`, keyed
/// `TcpExt.ListenOverflows`, `Tcp.EstabResets`. Both files pair a header
/// line of names with a line of values, per protocol; procfs parses
/// `snmp` but not `netstat`, so one small parser reads both the same way.
pub fn counters() -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for f in ["/proc/net/snmp", "/proc/net/netstat"] {
        if let Ok(text) = std::fs::read_to_string(f) {
            parse_counters(&text, &mut out);
        }
    }
    out
}

fn parse_counters(text: &str, out: &mut HashMap<String, u64>) {
    let mut lines = text.lines();
    while let (Some(head), Some(vals)) = (lines.next(), lines.next()) {
        let (Some((proto, names)), Some((proto2, values))) =
            (head.split_once(':'), vals.split_once(':'))
        else {
            break;
        };
        if proto != proto2 {
            break;
        }
        for (n, v) in names.split_whitespace().zip(values.split_whitespace()) {
            if let Ok(v) = v.parse::<i64>() {
                // A few counters (Tcp.MaxConn) are -1: "no limit".
                out.insert(format!("{proto}.{n}"), v.max(0) as u64);
            }
        }
    }
}

/// User names from /etc/passwd (no NSS: reading, not resolving).
pub struct Users(HashMap<u32, String>);

impl Users {
    pub fn load() -> Users {
        let mut m = HashMap::new();
        if let Ok(text) = std::fs::read_to_string("/etc/passwd") {
            for l in text.lines() {
                let mut f = l.split(':');
                if let (Some(name), _, Some(uid)) = (f.next(), f.next(), f.next()) {
                    if let Ok(uid) = uid.parse() {
                        m.entry(uid).or_insert_with(|| name.to_string());
                    }
                }
            }
        }
        Users(m)
    }

    /// `www-data`, or the number when the name is unknown.
    pub fn name(&self, uid: u32) -> String {
        self.0.get(&uid).cloned().unwrap_or_else(|| uid.to_string())
    }
}

/// Why another process's /proc entries could not be read, and what helps:
/// root, unless this is root already and the kernel still said no (the
/// process holds capabilities this one lacks, or a security module guards it).
pub fn why_hidden() -> Said {
    if euid() == 0 {
        said!(
            "even as root the kernel refused (those processes hold privileges this one lacks, or a security module protects them)",
            "即使以 root 运行，内核也拒绝了（这些进程拥有本进程没有的特权，或受安全模块保护）"
        )
    } else {
        said!(
            "run as root to see other users' processes",
            "请以 root 运行以查看其他用户的进程"
        )
    }
}

/// The effective uid of this process.
pub fn euid() -> u32 {
    // SAFETY: geteuid cannot fail and touches no memory.
    unsafe { libc::geteuid() }
}

/// Whether this process can read every process's descriptors: root, or
/// CAP_SYS_PTRACE (what /proc/PID/fd asks for another user's process).
pub fn sees_all_processes() -> bool {
    effective_caps(None).is_some_and(|c| c & (1 << 19) != 0) || euid() == 0
}

/// The effective capability set of a process (`None`: this one), from the
/// CapEff line of /proc/PID/status.
pub fn effective_caps(pid: Option<i32>) -> Option<u64> {
    let status = match pid {
        Some(p) => procfs::process::Process::new(p).ok()?.status().ok()?,
        None => procfs::process::Process::myself().ok()?.status().ok()?,
    };
    Some(status.capeff)
}

/// The inode of a process's network namespace (`None`: this process's),
/// or `None` when it cannot be read (another user's process, without root).
pub fn netns_of(pid: Option<i32>) -> Option<u64> {
    let path = match pid {
        Some(p) => format!("/proc/{p}/ns/net"),
        None => "/proc/self/ns/net".to_string(),
    };
    netns_link(Path::new(&path))
}

/// `net:[4026531840]` → 4026531840.
pub fn netns_link(path: &Path) -> Option<u64> {
    let l = std::fs::read_link(path).ok()?;
    let s = l.to_str()?;
    s.strip_prefix("net:[")?.strip_suffix(']')?.parse().ok()
}

/// A process's short name (`/proc/PID/comm`).
pub fn comm(pid: i32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .ok()
        .map(|s| s.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_pair_names_with_values() {
        let text =
            "TcpExt: SyncookiesSent ListenOverflows\nTcpExt: 0 17\nIpExt: InNoRoutes\nIpExt: 3\n";
        let mut m = HashMap::new();
        parse_counters(text, &mut m);
        assert_eq!(m["TcpExt.ListenOverflows"], 17);
        assert_eq!(m["IpExt.InNoRoutes"], 3);
    }
}
