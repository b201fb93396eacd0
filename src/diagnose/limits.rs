//! Descriptor limits (EMFILE, ENFILE): a process's RLIMIT_NOFILE against
//! what it holds and what kind, the system-wide file table, and where the
//! limit comes from (a systemd unit's LimitNOFILE, not ulimit).

use super::host;
use super::owners;
use super::report::{said, Evidence, Report, Status};
use super::sockets::{self, Proto, Query};
use super::unix;
use super::{Error, Request, MAX_SECONDS};
use procfs::process::{LimitValue, Process};
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

/// The most processes `--name` looks at in detail.
const MAX_PIDS: usize = 20;

pub fn check(req: &Request, r: &mut Report) -> Result<(), Error> {
    let enfile = req.failure.name() == "ENFILE";
    system(r, enfile);
    let pids: Vec<i32> = match (&req.pid, &req.name) {
        (Some(p), _) => vec![*p],
        (None, Some(n)) => {
            let found = by_name(n);
            if found.is_empty() {
                r.check(
                    "limits-process",
                    Status::Info,
                    said!("no visible process is named {n}", "没有可见的进程名为 {n}"),
                    vec![],
                );
            }
            found
        }
        (None, None) => {
            busiest(r);
            return Ok(());
        }
    };
    for pid in pids.into_iter().take(MAX_PIDS) {
        process(req, r, pid);
    }
    Ok(())
}

/// Every process whose comm or executable's name is `name`.
fn by_name(name: &str) -> Vec<i32> {
    let mut out = Vec::new();
    let Ok(all) = procfs::process::all_processes() else {
        return out;
    };
    for p in all.flatten() {
        let comm = host::comm(p.pid).unwrap_or_default();
        let exe = p
            .exe()
            .ok()
            .and_then(|e| e.file_name().map(|f| f.to_string_lossy().into_owned()));
        if comm == name || exe.as_deref() == Some(name) {
            out.push(p.pid);
        }
    }
    out
}

/// fs.file-nr against fs.file-max: the whole system's file table (ENFILE).
fn system(r: &mut Report, enfile: bool) {
    let ev = vec![host::sysctl_evidence(&[
        "fs.file-nr",
        "fs.file-max",
        "fs.nr_open",
    ])];
    let Ok(f) = procfs::sys::fs::file_nr() else {
        r.check(
            "limits-system",
            Status::Unseen,
            said!(
                "could not read /proc/sys/fs/file-nr",
                "读不到 /proc/sys/fs/file-nr"
            ),
            ev,
        );
        return;
    };
    let (used, max) = (f.allocated, f.max);
    let pct = used.saturating_mul(100).checked_div(max).unwrap_or(0);
    if used.saturating_mul(10) >= max.saturating_mul(9) {
        r.check(
            "limits-system",
            Status::Problem,
            said!(
                "the system's file table is nearly full: {used} open files of fs.file-max {max} ({pct}%)",
                "系统的文件表快满了：fs.file-max {max} 中已打开 {used} 个文件（{pct}%）"
            ),
            ev,
        );
        r.cause(
            "limits-system",
            if enfile { 90 } else { 60 },
            said!(
                "the whole system is out of file handles: {used} of fs.file-max {max}",
                "整个系统的文件句柄用完了：fs.file-max {max} 中已用 {used}"
            ),
            "file-max",
        );
    } else {
        r.check(
            "limits-system",
            if enfile { Status::Fine } else { Status::Info },
            said!(
                "the system's file table has room: {used} open files of fs.file-max {max} ({pct}%)",
                "系统的文件表还有空间：fs.file-max {max} 中已打开 {used} 个文件（{pct}%）"
            ),
            ev,
        );
    }
}

fn soft_hard(p: &Process) -> Option<(Option<u64>, Option<u64>)> {
    let l = p.limits().ok()?.max_open_files;
    let v = |x: LimitValue| match x {
        LimitValue::Value(n) => Some(n),
        LimitValue::Unlimited => None,
    };
    Some((v(l.soft_limit), v(l.hard_limit)))
}

fn show(v: Option<u64>) -> String {
    v.map(|n| n.to_string())
        .unwrap_or_else(|| "unlimited".into())
}

/// Without --pid: the processes closest to their limit.
fn busiest(r: &mut Report) {
    let mut rows = Vec::new();
    let mut unreadable = 0usize;
    if let Ok(all) = procfs::process::all_processes() {
        for p in all.flatten() {
            let (Ok(n), Some((Some(soft), _))) = (owners::fd_count(p.pid), soft_hard(&p)) else {
                unreadable += 1;
                continue;
            };
            if let Some(permille) = (n as u64 * 1000).checked_div(soft) {
                rows.push((permille, n, soft, p.pid));
            }
        }
    }
    rows.sort_by(|a, b| b.cmp(a));
    let near: Vec<_> = rows.iter().filter(|r| r.0 >= 800).take(5).collect();
    let lines: Vec<String> = rows
        .iter()
        .take(10)
        .map(|&(_, n, soft, pid)| {
            format!(
                "pid {pid} ({}): {n} open of soft limit {soft}",
                host::comm(pid).unwrap_or_default()
            )
        })
        .collect();
    let ev = vec![Evidence::new("/proc/*/fd /proc/*/limits", lines)];
    if near.is_empty() {
        r.check(
            "limits-busiest",
            Status::Info,
            said!(
                "no visible process is near its descriptor limit now; give --pid PID (or --name PROGRAM) for the program that failed",
                "现在没有可见进程接近其描述符上限；请用 --pid PID（或 --name 程序名）指定失败的程序"
            ),
            ev,
        );
    } else {
        let list: Vec<String> = near
            .iter()
            .map(|&&(_, n, soft, pid)| {
                format!(
                    "pid {pid} ({}) {n}/{soft}",
                    host::comm(pid).unwrap_or_default()
                )
            })
            .collect();
        let list = list.join(", ");
        r.check(
            "limits-busiest",
            Status::Problem,
            said!(
                "processes at 80% or more of their descriptor limit: {list}",
                "描述符用量达到上限 80% 及以上的进程：{list}"
            ),
            ev,
        );
        r.cause(
            "limits-busiest",
            70,
            said!(
                "these processes are at their RLIMIT_NOFILE: {list}",
                "这些进程已达到 RLIMIT_NOFILE：{list}"
            ),
            "raise-nofile",
        );
    }
    if unreadable > 0 {
        let why = host::why_hidden();
        let (we, wz) = (&why.en, &why.zh);
        r.check(
            "limits-visibility",
            Status::Unseen,
            said!(
                "could not read the descriptors or limits of {unreadable} processes: {we}",
                "读不到 {unreadable} 个进程的描述符或上限：{wz}"
            ),
            vec![],
        );
    }
}

/// What one process holds, by kind.
#[derive(Default)]
struct Kinds {
    total: usize,
    highest: i32,
    by_kind: BTreeMap<&'static str, usize>,
    tcp_states: BTreeMap<&'static str, usize>,
    close_wait: usize,
}

fn kinds(p: &Process) -> Result<Kinds, String> {
    let fds = owners::fd_links(p.pid)?;
    let mut k = Kinds::default();
    let mut sockets_seen = Vec::new();
    for (fd, link) in fds {
        k.total += 1;
        k.highest = k.highest.max(fd);
        if let Some(ino) = link
            .strip_prefix("socket:[")
            .and_then(|s| s.strip_suffix(']'))
            .and_then(|s| s.parse::<u64>().ok())
        {
            sockets_seen.push(ino);
            continue;
        }
        let kind = if link.starts_with("pipe:") {
            "pipe"
        } else if let Some(anon) = link.strip_prefix("anon_inode:") {
            match anon.trim_matches(|c| c == '[' || c == ']') {
                "eventpoll" => "epoll",
                "eventfd" => "eventfd",
                "timerfd" => "timerfd",
                "signalfd" => "signalfd",
                _ => "other anon_inode",
            }
        } else if link.starts_with("/dev/") {
            "device"
        } else if link.starts_with('/') {
            "file"
        } else {
            "other"
        };
        *k.by_kind.entry(kind).or_default() += 1;
    }
    if !sockets_seen.is_empty() {
        // The process's own network namespace's tables.
        let mut by_inode: HashMap<u64, (&'static str, Option<&'static str>)> = HashMap::new();
        for proto in [Proto::Tcp, Proto::Udp] {
            if let Ok(t) = sockets::table(Query::all(proto), Some(p.pid)) {
                for s in t.socks {
                    let st = (proto == Proto::Tcp).then(|| s.state_name());
                    by_inode.insert(
                        s.inode,
                        (if proto == Proto::Tcp { "tcp" } else { "udp" }, st),
                    );
                }
            }
        }
        if let Ok(t) = unix::table_of(Some(p.pid)) {
            for s in t.0 {
                by_inode.insert(s.inode, ("unix", None));
            }
        }
        for ino in sockets_seen {
            match by_inode.get(&ino) {
                Some(&(kind, st)) => {
                    *k.by_kind.entry(kind).or_default() += 1;
                    if let Some(st) = st {
                        *k.tcp_states.entry(st).or_default() += 1;
                        if st == "CLOSE-WAIT" {
                            k.close_wait += 1;
                        }
                    }
                }
                None => *k.by_kind.entry("other socket").or_default() += 1,
            }
        }
    }
    Ok(k)
}

/// A kind of descriptor in Chinese; the names of kernel objects stay.
fn kind_zh(kind: &str) -> &str {
    match kind {
        "pipe" => "管道",
        "file" => "文件",
        "device" => "设备",
        "other socket" => "其他套接字",
        "other anon_inode" => "其他 anon_inode",
        "other" => "其他",
        "tcp" => "TCP 套接字",
        "udp" => "UDP 套接字",
        "unix" => "UNIX 套接字",
        k => k,
    }
}

/// The systemd unit a process runs in, from its cgroup path.
fn unit_of(p: &Process) -> Option<String> {
    let cg = p.cgroups().ok()?;
    let path =
        cg.0.iter()
            .find(|c| c.hierarchy == 0)
            .or(cg.0.first())?
            .pathname
            .clone();
    path.rsplit('/')
        .find(|seg| seg.ends_with(".service") || seg.ends_with(".scope"))
        .map(str::to_string)
}

/// `systemctl show -p LimitNOFILE -p LimitNOFILESoft UNIT`, bounded.
fn unit_limit(unit: &str) -> Option<Vec<String>> {
    if !std::path::Path::new("/run/systemd/system").exists() {
        return None;
    }
    let out = run_bounded(
        "systemctl",
        &[
            "show",
            "-p",
            "LimitNOFILE",
            "-p",
            "LimitNOFILESoft",
            "--",
            unit,
        ],
        Duration::from_secs(2),
    )?;
    Some(
        out.lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect(),
    )
}

/// Runs a read-only program, killing it after `limit`; its stdout, or
/// `None` when it is missing, fails or overstays.
pub fn run_bounded(prog: &str, args: &[&str], limit: Duration) -> Option<String> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(prog)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(st)) if st.success() => break,
            Ok(Some(_)) => return None,
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let mut s = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take()?, &mut s).ok()?;
    Some(s)
}

fn process(req: &Request, r: &mut Report, pid: i32) {
    let Ok(p) = Process::new(pid) else {
        r.check(
            "limits-process",
            Status::Problem,
            said!("there is no process {pid}", "没有进程 {pid}"),
            vec![],
        );
        return;
    };
    let comm = host::comm(pid).unwrap_or_else(|| "?".into());
    let who_en = format!("pid {pid} ({comm})");
    let who_zh = format!("pid {pid}（{comm}）");
    let limits = soft_hard(&p);
    let why = host::why_hidden();
    let (we, wz) = (&why.en, &why.zh);
    let Some((soft, hard)) = limits else {
        r.check(
            "limits-nofile",
            Status::Unseen,
            said!(
                "could not read the limits of {who_en}: {we}",
                "读不到 {who_zh}的上限：{wz}"
            ),
            vec![],
        );
        return;
    };
    let limits_ev = Evidence::one(
        format!("/proc/{pid}/limits"),
        format!("Max open files {} {} files", show(soft), show(hard)),
    );
    let k = match kinds(&p) {
        Ok(k) => k,
        Err(e) => {
            let (s, h) = (show(soft), show(hard));
            r.check(
                "limits-nofile",
                Status::Unseen,
                said!(
                    "{who_en} has soft limit {s}, hard limit {h}, but its descriptors cannot be read ({e}): {we}",
                    "{who_zh}的软上限 {s}、硬上限 {h}，但读不到它的描述符（{e}）：{wz}"
                ),
                vec![limits_ev],
            );
            return;
        }
    };
    let n = k.total;
    let (s, h) = (show(soft), show(hard));
    let mut lines: Vec<String> = k.by_kind.iter().map(|(a, b)| format!("{a}: {b}")).collect();
    lines.extend(k.tcp_states.iter().map(|(a, b)| format!("tcp {a}: {b}")));
    let kinds_text = lines.join(", ");
    let kinds_zh = {
        let mut v: Vec<String> = k
            .by_kind
            .iter()
            .map(|(a, b)| format!("{} {b} 个", kind_zh(a)))
            .collect();
        v.extend(
            k.tcp_states
                .iter()
                .map(|(a, b)| format!("{a} 状态的 TCP {b} 个")),
        );
        v.join("，")
    };
    let at_limit = soft.is_some_and(|s| (n as u64) * 10 >= s * 9);
    let unit = unit_of(&p);
    if at_limit {
        r.check(
            "limits-nofile",
            Status::Problem,
            said!(
                "{who_en} has {n} descriptors open against its soft limit {s} (hard {h})",
                "{who_zh}打开了 {n} 个描述符，软上限 {s}（硬上限 {h}）"
            ),
            vec![limits_ev],
        );
        let from_en = match &unit {
            Some(u) if u.ends_with(".service") => format!("; it runs in {u}, so the limit comes from the unit's LimitNOFILE=, not from ulimit or limits.conf"),
            _ => String::new(),
        };
        let from_zh = match &unit {
            Some(u) if u.ends_with(".service") => format!(
                "；它运行在 {u} 中，上限来自该单元的 LimitNOFILE=，而不是 ulimit 或 limits.conf"
            ),
            _ => String::new(),
        };
        r.cause(
            "limits-nofile",
            85,
            said!(
                "{who_en} is at its descriptor limit: {n} open, soft limit {s}{from_en}",
                "{who_zh}已达描述符上限：打开 {n} 个，软上限 {s}{from_zh}"
            ),
            "raise-nofile",
        );
    } else {
        r.check(
            "limits-nofile",
            Status::Fine,
            said!(
                "{who_en} has {n} descriptors open, below its soft limit {s} (hard {h})",
                "{who_zh}打开了 {n} 个描述符，低于软上限 {s}（硬上限 {h}）"
            ),
            vec![limits_ev],
        );
    }
    r.check(
        "limits-descriptors",
        Status::Info,
        said!("{who_en} holds: {kinds_text}", "{who_zh}持有：{kinds_zh}"),
        vec![Evidence::new(
            format!("/proc/{pid}/fd /proc/{pid}/net"),
            lines,
        )],
    );
    close_wait(req, r, &p, &k, &who_en, &who_zh);
    // select() can only watch descriptors below FD_SETSIZE (1024).
    let hi = k.highest;
    if hi >= 1024 {
        r.check(
            "limits-select",
            Status::Info,
            said!(
                "{who_en} has descriptors numbered 1024 and above (highest {hi}): a program that uses select() cannot watch them (FD_SETSIZE is 1024) and may fail or corrupt memory",
                "{who_zh}有编号 1024 及以上的描述符（最高 {hi}）：使用 select() 的程序无法监视它们（FD_SETSIZE 为 1024），可能失败或破坏内存"
            ),
            vec![],
        );
    }
    // Where the limit comes from.
    match unit {
        Some(u) if u.ends_with(".service") => {
            let shown = unit_limit(&u);
            let ev = shown
                .clone()
                .map(|l| vec![Evidence::new(format!("systemctl show {u}"), l)])
                .unwrap_or_default();
            r.check(
                "limits-systemd",
                Status::Info,
                said!(
                    "{who_en} runs in the systemd unit {u}: its limit is the unit's LimitNOFILE= (systemctl edit {u}), not ulimit or /etc/security/limits.conf",
                    "{who_zh}运行在 systemd 单元 {u} 中：它的上限是该单元的 LimitNOFILE=（systemctl edit {u}），而不是 ulimit 或 /etc/security/limits.conf"
                ),
                ev,
            );
        }
        _ => r.check(
            "limits-systemd",
            Status::Info,
            said!(
                "{who_en} is not a systemd service: its limit comes from whoever started it (a shell's ulimit -n, limits.conf for logins, or setrlimit())",
                "{who_zh}不是 systemd 服务：它的上限来自启动它的一方（shell 的 ulimit -n、登录会话的 limits.conf，或 setrlimit()）"
            ),
            vec![],
        ),
    }
}

/// CLOSE_WAIT sockets are connections the peer closed and this program
/// did not: a leak when they pile up. With `--seconds`, counts twice.
fn close_wait(req: &Request, r: &mut Report, p: &Process, k: &Kinds, who_en: &str, who_zh: &str) {
    let first = k.close_wait;
    let later = req.seconds.map(|d| {
        std::thread::sleep(d.min(Duration::from_secs(MAX_SECONDS)));
        kinds(p).map(|k| k.close_wait).unwrap_or(first)
    });
    let grew = later.is_some_and(|l| l > first);
    let ev = vec![Evidence::one(
        format!("/proc/{}/net/tcp", p.pid),
        match later {
            Some(l) => format!("CLOSE-WAIT: {first}, then {l}"),
            None => format!("CLOSE-WAIT: {first}"),
        },
    )];
    let many = first >= 10 && first * 10 >= k.total;
    if grew || many {
        let now = later.unwrap_or(first);
        r.check(
            "limits-close-wait",
            Status::Problem,
            said!(
                "{who_en} holds {now} connections in CLOSE_WAIT: their peers closed, and this program never closed its end",
                "{who_zh}持有 {now} 个 CLOSE_WAIT 连接：对端已关闭，而本程序从未关闭自己这一端"
            ),
            ev,
        );
        r.cause(
            "limits-close-wait",
            if grew { 80 } else { 70 },
            said!(
                "{who_en} leaks descriptors: {now} connections in CLOSE_WAIT were never closed",
                "{who_zh}泄漏了描述符：{now} 个 CLOSE_WAIT 连接从未关闭"
            ),
            "fix-leak",
        );
    } else {
        r.check(
            "limits-close-wait",
            Status::Fine,
            said!(
                "{who_en} holds {first} connections in CLOSE_WAIT",
                "{who_zh}持有 {first} 个 CLOSE_WAIT 连接"
            ),
            ev,
        );
    }
}
