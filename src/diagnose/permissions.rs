//! Permissions (EACCES, EPERM): the unprivileged port start against the
//! process's capabilities for bind(); directory and socket-file modes for
//! an AF_UNIX path; seccomp and no_new_privs for a connect() that a
//! sandbox refused.

use super::host;
use super::report::{said, Evidence, Report, Said, Status};
use super::{Error, Request, Target};
use procfs::process::Process;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const CAP_DAC_OVERRIDE: u32 = 1;
const CAP_DAC_READ_SEARCH: u32 = 2;
const CAP_NET_BIND_SERVICE: u32 = 10;
const CAP_NET_ADMIN: u32 = 12;
const CAP_NET_RAW: u32 = 13;

/// The process whose permissions matter: `--pid`, else this one.
struct Who {
    pid: Option<i32>,
    en: String,
    zh: String,
    status: procfs::process::Status,
}

fn who(req: &Request) -> Result<Who, Said> {
    let (p, pid) = match req.pid {
        Some(pid) => (Process::new(pid), Some(pid)),
        None => (Process::myself(), None),
    };
    let status = p.and_then(|p| p.status()).map_err(|e| {
        said!(
            "could not read the process's status: {e}",
            "读不到进程的状态：{e}"
        )
    })?;
    let users = host::Users::load();
    let user = users.name(status.euid);
    let (en, zh) = match pid {
        Some(pid) => {
            let comm = &status.name;
            (
                format!("pid {pid} ({comm}, user {user})"),
                format!("pid {pid}（{comm}，用户 {user}）"),
            )
        }
        None => (
            format!("this process (user {user}; --pid PID looks at the program that failed)"),
            format!("本进程（用户 {user}；用 --pid PID 查看失败的程序）"),
        ),
    };
    Ok(Who {
        pid,
        en,
        zh,
        status,
    })
}

fn has(caps: u64, cap: u32) -> bool {
    caps & (1u64 << cap) != 0
}

pub fn check(req: &Request, r: &mut Report) -> Result<(), Error> {
    let w = match who(req) {
        Ok(w) => w,
        Err(s) => {
            r.check("perm-process", Status::Unseen, s, vec![]);
            return Ok(());
        }
    };
    match &req.target {
        Some(Target::Port { port, .. }) => port_check(r, &w, *port),
        Some(Target::UnixPath(p)) => path_check(r, &w, p, req.syscall),
        _ => {
            let e = req.failure.name().to_string();
            return Err(Error::Needs(said!(
                "{e} from bind needs the port or path: sockerr diagnose {e} :80 (or /path/to.sock)",
                "bind 返回的 {e} 需要端口或路径：sockerr diagnose {e} :80（或 /路径/到.sock）"
            )));
        }
    }
    Ok(())
}

fn caps_line(w: &Who) -> Evidence {
    let c = w.status.capeff;
    let name = |cap, n: &str| format!("{n}{}", if has(c, cap) { "+" } else { "-" });
    Evidence::new(
        match w.pid {
            Some(p) => format!("/proc/{p}/status"),
            None => "/proc/self/status".into(),
        },
        vec![
            format!("CapEff: {c:016x}"),
            format!(
                "{} {} {}",
                name(CAP_NET_BIND_SERVICE, "cap_net_bind_service"),
                name(CAP_NET_ADMIN, "cap_net_admin"),
                name(CAP_NET_RAW, "cap_net_raw")
            ),
            format!("NoNewPrivs: {}", w.status.nonewprivs.unwrap_or(0)),
        ],
    )
}

fn port_check(r: &mut Report, w: &Who, port: u16) {
    let start = host::sysctl_num("net.ipv4.ip_unprivileged_port_start").unwrap_or(1024);
    let ev = vec![host::sysctl_evidence(&[
        "net.ipv4.ip_unprivileged_port_start",
    ])];
    let privileged = i64::from(port) < start;
    if privileged {
        r.check(
            "perm-port-start",
            Status::Info,
            said!(
                "port {port} is below net.ipv4.ip_unprivileged_port_start ({start}): binding it needs CAP_NET_BIND_SERVICE",
                "端口 {port} 低于 net.ipv4.ip_unprivileged_port_start（{start}）：绑定它需要 CAP_NET_BIND_SERVICE"
            ),
            ev,
        );
    } else {
        r.check(
            "perm-port-start",
            Status::Fine,
            said!(
                "port {port} is at or above net.ipv4.ip_unprivileged_port_start ({start}): any user may bind it",
                "端口 {port} 不低于 net.ipv4.ip_unprivileged_port_start（{start}）：任何用户都可以绑定"
            ),
            ev,
        );
    }
    let caps = w.status.capeff;
    let can = has(caps, CAP_NET_BIND_SERVICE);
    let nnp = w.status.nonewprivs.unwrap_or(0) == 1;
    let (we, wz) = (&w.en, &w.zh);
    let (ne, nz) = if nnp {
        (
            "; no_new_privs is set, so file capabilities (setcap) are ignored",
            "；设置了 no_new_privs，文件能力（setcap）会被忽略",
        )
    } else {
        ("", "")
    };
    if privileged && !can {
        r.check(
            "perm-capabilities",
            Status::Problem,
            said!(
                "{we} lacks CAP_NET_BIND_SERVICE{ne}",
                "{wz}没有 CAP_NET_BIND_SERVICE{nz}"
            ),
            vec![caps_line(w)],
        );
        r.cause(
            "perm-capabilities",
            90,
            said!(
                "port {port} is privileged here (below {start}) and {we} lacks CAP_NET_BIND_SERVICE{ne}",
                "端口 {port} 在这里是特权端口（低于 {start}），而 {wz}没有 CAP_NET_BIND_SERVICE{nz}"
            ),
            "setcap",
        );
    } else if privileged && w.pid.is_none() {
        // sockerr has the capability (it runs as root): that says nothing
        // about the program that failed.
        r.check(
            "perm-capabilities",
            Status::Info,
            said!(
                "sockerr itself has CAP_NET_BIND_SERVICE here, which says nothing about the program that failed: one that runs as an ordinary user without it gets EACCES for port {port}; --pid PID looks at that program",
                "sockerr 自身在这里拥有 CAP_NET_BIND_SERVICE，这说明不了失败的程序：以普通用户运行且没有该能力的程序绑定端口 {port} 会得到 EACCES；用 --pid PID 查看那个程序"
            ),
            vec![caps_line(w)],
        );
        r.cause(
            "perm-capabilities",
            60,
            said!(
                "port {port} is privileged here (below {start}): a program without CAP_NET_BIND_SERVICE (an ordinary user, without setcap or AmbientCapabilities=) cannot bind it",
                "端口 {port} 在这里是特权端口（低于 {start}）：没有 CAP_NET_BIND_SERVICE 的程序（普通用户，未用 setcap 或 AmbientCapabilities=）无法绑定它"
            ),
            "setcap",
        );
    } else {
        let (he, hz) = if can {
            ("has", "拥有")
        } else {
            ("does not need", "不需要")
        };
        r.check(
            "perm-capabilities",
            Status::Fine,
            said!(
                "{we} {he} CAP_NET_BIND_SERVICE",
                "{wz}{hz} CAP_NET_BIND_SERVICE"
            ),
            vec![caps_line(w)],
        );
        if !privileged || can {
            r.check(
                "perm-lsm",
                Status::Info,
                said!(
                    "neither the port nor the capabilities explain EACCES: a security module (SELinux port labels, AppArmor) may forbid it; look in the audit log",
                    "端口和能力都解释不了 EACCES：可能是安全模块（SELinux 端口标签、AppArmor）禁止了它；请查看审计日志"
                ),
                vec![],
            );
            r.cause_own(
                "perm-lsm",
                40,
                said!(
                    "a security module policy forbids binding port {port}",
                    "安全模块策略禁止绑定端口 {port}"
                ),
                said!(
                    "Find the denial (ausearch -m avc, journalctl -k | grep -i apparmor) and label the port or adjust the profile.",
                    "找到拒绝记录（ausearch -m avc、journalctl -k | grep -i apparmor），为端口加标签或调整配置。"
                ),
            );
        }
    }
}

/// Whether credentials (uid, gids, capabilities) grant `want` (bits of
/// rwx as 4/2/1) on a file with this metadata, as the kernel decides
/// without ACLs.
fn allowed(st: &procfs::process::Status, md: &std::fs::Metadata, want: u32, dir: bool) -> bool {
    let caps = st.capeff;
    if has(caps, CAP_DAC_OVERRIDE) && (want & 1 == 0 || dir || md.mode() & 0o111 != 0) {
        return true;
    }
    if dir && want & 2 == 0 && has(caps, CAP_DAC_READ_SEARCH) {
        return true;
    }
    let mode = md.mode();
    let bits = if md.uid() == st.fuid {
        (mode >> 6) & 7
    } else if md.gid() == st.fgid || st.groups.contains(&md.gid()) {
        (mode >> 3) & 7
    } else {
        mode & 7
    };
    bits & want == want
}

fn path_check(r: &mut Report, w: &Who, p: &Path, call: Option<crate::Syscall>) {
    let abs: PathBuf = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let exists = std::fs::symlink_metadata(&abs).is_ok();
    let binding = call == Some(crate::Syscall::Bind) || (call.is_none() && !exists);
    let mut lines = Vec::new();
    let mut denied: Option<(PathBuf, &str, &str)> = None;
    let mut unseen = None;
    // Every directory on the way needs search (x) permission.
    let mut dir = PathBuf::from("/");
    let parent = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut comps: Vec<_> = parent.components().skip(1).collect();
    comps.insert(0, std::path::Component::RootDir);
    for (i, c) in comps.iter().enumerate() {
        if i > 0 {
            dir.push(c);
        }
        match std::fs::metadata(&dir) {
            Ok(md) => {
                lines.push(format!(
                    "{} {:o} uid {} gid {}",
                    dir.display(),
                    md.mode() & 0o7777,
                    md.uid(),
                    md.gid()
                ));
                if denied.is_none() && !allowed(&w.status, &md, 1, true) {
                    denied = Some((dir.clone(), "search (x)", "搜索（x）"));
                }
            }
            Err(e) => {
                unseen.get_or_insert(format!("{}: {e}", dir.display()));
                break;
            }
        }
    }
    if denied.is_none() && unseen.is_none() {
        if binding {
            if let Ok(md) = std::fs::metadata(&parent) {
                if !allowed(&w.status, &md, 2 | 1, true) {
                    denied = Some((parent.clone(), "write (w)", "写（w）"));
                }
            }
        } else if let Ok(md) = std::fs::metadata(&abs) {
            lines.push(format!(
                "{} {:o} uid {} gid {}",
                abs.display(),
                md.mode() & 0o7777,
                md.uid(),
                md.gid()
            ));
            if !allowed(&w.status, &md, 2, false) {
                denied = Some((abs.clone(), "write (w)", "写（w）"));
            }
        }
    }
    let ev = vec![Evidence::new("stat()", lines)];
    let (we, wz) = (&w.en, &w.zh);
    let shown = abs.display().to_string();
    match (denied, unseen) {
        (Some((d, en, zh)), _) => {
            let d = d.display().to_string();
            r.check(
                "perm-path",
                Status::Problem,
                said!(
                    "{we} lacks {en} permission on {d}",
                    "{wz}对 {d} 没有{zh}权限"
                ),
                ev,
            );
            let (ve, vz) = if binding { ("create", "创建") } else { ("connect to", "连接") };
            r.cause(
                "perm-path",
                85,
                said!(
                    "{we} may not {ve} {shown}: no {en} permission on {d}",
                    "{wz}不能{vz} {shown}：对 {d} 没有{zh}权限"
                ),
                if binding { "unix-dir" } else { "unix-perms" },
            );
        }
        (None, Some(e)) => r.check(
            "perm-path",
            Status::Unseen,
            said!("could not look at the path: {e}", "无法查看路径：{e}"),
            ev,
        ),
        (None, None) => r.check(
            "perm-path",
            Status::Fine,
            said!(
                "the modes on the way to {shown} allow {we} (ACLs and security modules are not read)",
                "到 {shown} 路径上的权限允许 {wz}（未读取 ACL 和安全模块）"
            ),
            ev,
        ),
    }
}

/// EPERM from connect(): a seccomp filter, or a cgroup BPF program (which
/// /proc does not show).
pub fn sandbox(req: &Request, r: &mut Report) {
    let Ok(w) = who(req) else {
        return;
    };
    let (we, wz) = (&w.en, &w.zh);
    let mode = w.status.seccomp.unwrap_or(0);
    let ev = vec![Evidence::one(
        match w.pid {
            Some(p) => format!("/proc/{p}/status"),
            None => "/proc/self/status".into(),
        },
        format!("Seccomp: {mode}"),
    )];
    if mode == 2 {
        r.check(
            "perm-seccomp",
            Status::Problem,
            said!(
                "{we} runs under a seccomp filter, which may answer connect() with EPERM",
                "{wz}运行在 seccomp 过滤器下，它可能对 connect() 返回 EPERM"
            ),
            ev,
        );
        r.cause(
            "perm-seccomp",
            60,
            said!(
                "a seccomp filter on {we} may refuse connect()",
                "{wz}上的 seccomp 过滤器可能拒绝 connect()"
            ),
            "seccomp",
        );
    } else {
        r.check(
            "perm-seccomp",
            Status::Fine,
            said!(
                "{we} runs without a seccomp filter",
                "{wz}没有运行在 seccomp 过滤器下"
            ),
            ev,
        );
    }
    r.check(
        "perm-cgroup-bpf",
        Status::Unseen,
        said!(
            "cgroup BPF connect hooks (container networking, service meshes) are not visible in /proc: list them with bpftool cgroup tree",
            "cgroup BPF connect 钩子（容器网络、服务网格）在 /proc 中不可见：用 bpftool cgroup tree 列出"
        ),
        vec![],
    );
}
