//! AF_UNIX sockets: is the path a live server, a stale file left by one
//! that died, or not a socket at all; who holds an abstract name.
//!
//! `/proc/net/unix` is read by hand: procfs drops its Flags column, and
//! that column is the only place that says a socket listens
//! (`__SO_ACCEPTCON`, 0x10000). It lists the sockets of this network
//! namespace only, so "nothing is bound to it" is said of this namespace,
//! and `--probe` (one connect) settles it.

use super::host::Users;
use super::ports::holder;
use super::report::{capped, said, Evidence, Report, Status};
use super::sockets;
use super::{probe, Error, Request, Target};
use std::collections::HashSet;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

/// One row of /proc/net/unix.
#[derive(Debug, Clone)]
pub struct UnixSock {
    pub inode: u64,
    pub flags: u32,
    pub kind: u16,
    /// As the kernel prints it: the bound path, or `@name` for an abstract
    /// name; empty for unbound sockets.
    pub path: String,
}

const ACCEPTCON: u32 = 0x10000;

impl UnixSock {
    pub fn listening(&self) -> bool {
        self.flags & ACCEPTCON != 0
    }

    fn kind_name(&self) -> &'static str {
        match self.kind {
            1 => "stream",
            2 => "dgram",
            5 => "seqpacket",
            _ => "?",
        }
    }

    fn line(&self) -> String {
        format!(
            "{} {} flags {:08x} inode {} {}",
            self.kind_name(),
            if self.listening() { "LISTEN" } else { "bound" },
            self.flags,
            self.inode,
            self.path
        )
    }
}

pub fn table() -> Result<Vec<UnixSock>, String> {
    table_of(None)
}

/// This network namespace's table, or that process's (`/proc/PID/net/unix`).
pub fn table_of(pid: Option<i32>) -> Result<Vec<UnixSock>, String> {
    let path = match pid {
        Some(p) => format!("/proc/{p}/net/unix"),
        None => "/proc/net/unix".to_string(),
    };
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    Ok(parse(&text))
}

fn parse(text: &str) -> Vec<UnixSock> {
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        // Num RefCount Protocol Flags Type St Inode [Path]; the path may
        // contain spaces, so it is the rest of the line.
        let mut rest = line;
        let mut f = Vec::with_capacity(7);
        for _ in 0..7 {
            rest = rest.trim_start();
            let end = rest.find(' ').unwrap_or(rest.len());
            f.push(&rest[..end]);
            rest = &rest[end..];
        }
        let path = rest.strip_prefix(' ').unwrap_or(rest).to_string();
        let hex = |s: &str| u32::from_str_radix(s, 16).ok();
        if let (Some(flags), Some(kind), Ok(inode)) = (hex(f[3]), hex(f[4]), f[6].parse::<u64>()) {
            out.push(UnixSock {
                inode,
                flags,
                kind: kind as u16,
                path,
            });
        }
    }
    out
}

/// What the table says about one path or name.
struct Found {
    socks: Vec<UnixSock>,
    owners: sockets::Owners,
}

fn find(names: &[String]) -> Result<Found, String> {
    let socks: Vec<UnixSock> = table()?
        .into_iter()
        .filter(|s| !s.path.is_empty() && names.contains(&s.path))
        .collect();
    let inodes: HashSet<u64> = socks.iter().map(|s| s.inode).collect();
    Ok(Found {
        owners: sockets::owners(&inodes),
        socks,
    })
}

/// The spellings a bound path may have in /proc/net/unix: as given, and
/// absolute with symlinks in the directory resolved.
fn spellings(p: &Path) -> Vec<String> {
    let mut v = vec![p.to_string_lossy().into_owned()];
    if let (Some(dir), Some(file)) = (p.parent(), p.file_name()) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = dir.canonicalize() {
            let full: PathBuf = d.join(file);
            let s = full.to_string_lossy().into_owned();
            if !v.contains(&s) {
                v.push(s);
            }
        }
    }
    v
}

enum Kind {
    Missing,
    Socket,
    Other(&'static str),
    Unreadable(String),
}

fn kind_of(p: &Path) -> Kind {
    match std::fs::symlink_metadata(p) {
        Ok(m) => {
            let t = m.file_type();
            if t.is_socket() {
                Kind::Socket
            } else if t.is_symlink() {
                Kind::Other("symbolic link")
            } else if t.is_dir() {
                Kind::Other("directory")
            } else if t.is_file() {
                Kind::Other("regular file")
            } else {
                Kind::Other("special file")
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Kind::Missing,
        Err(e) => Kind::Unreadable(e.to_string()),
    }
}

fn describe(found: &Found, users: &Users) -> (String, String, bool) {
    let mut en = Vec::new();
    let mut zh = Vec::new();
    let mut hidden = false;
    for s in &found.socks {
        // /proc/net/unix has no uid column; the owner lookup tells.
        let h = holder(s.inode, None, &found.owners, users);
        hidden |= h.hidden;
        let what_en = if s.listening() {
            "listens"
        } else {
            "is bound, not listening"
        };
        let what_zh = if s.listening() {
            "在监听"
        } else {
            "已绑定但未监听"
        };
        en.push(format!("{} {what_en}", h.said.en));
        zh.push(format!("{}{what_zh}", h.said.zh));
    }
    (en.join("; "), zh.join("；"), hidden)
}

fn evidence(found: &Found) -> Vec<Evidence> {
    vec![Evidence::new(
        "/proc/net/unix",
        capped(found.socks.iter().map(|s| s.line()).collect(), 20),
    )]
}

/// EADDRINUSE on an AF_UNIX path or abstract name.
pub fn in_use(req: &Request, r: &mut Report) -> Result<(), Error> {
    examine(req, r, false)
}

/// ECONNREFUSED on an AF_UNIX path or abstract name.
pub fn refused(req: &Request, r: &mut Report) -> Result<(), Error> {
    examine(req, r, true)
}

fn examine(req: &Request, r: &mut Report, refused: bool) -> Result<(), Error> {
    let users = Users::load();
    let (names, shown, raw): (Vec<String>, String, Vec<u8>) = match &req.target {
        Some(Target::UnixPath(p)) => {
            let shown = p.display().to_string();
            match kind_of(p) {
                Kind::Missing => {
                    let s = if refused {
                        said!(
                            "there is no file at {shown}: connect() would fail with ENOENT, not ECONNREFUSED; is the path the one the server uses?",
                            "{shown} 处没有文件：connect() 会以 ENOENT 而不是 ECONNREFUSED 失败；这个路径是服务器用的那个吗？"
                        )
                    } else {
                        said!(
                            "there is no file at {shown} now: bind() can create it",
                            "{shown} 处现在没有文件：bind() 可以创建它"
                        )
                    };
                    r.check("unix-path", Status::Fine, s, vec![]);
                    return Ok(());
                }
                Kind::Unreadable(e) => {
                    r.check(
                        "unix-path",
                        Status::Unseen,
                        said!("could not look at {shown}: {e}", "无法查看 {shown}：{e}"),
                        vec![],
                    );
                    return Ok(());
                }
                Kind::Other(k) => {
                    r.check(
                        "unix-path",
                        Status::Problem,
                        said!(
                            "{shown} is a {k}, not a socket",
                            "{shown} 是{k}，不是套接字"
                        ),
                        vec![Evidence::one("lstat()", format!("{shown}: {k}"))],
                    );
                    r.cause(
                        "unix-path",
                        90,
                        said!(
                            "{shown} exists and is a {k}: bind() never replaces an existing file, and connect() to it is refused; remove it or use another path",
                            "{shown} 已存在且是{k}：bind() 从不替换已有文件，connect() 也会被拒绝；删除它或换一个路径"
                        ),
                        if refused { "unix-listen" } else { "unlink-stale" },
                    );
                    return Ok(());
                }
                Kind::Socket => {
                    r.check(
                        "unix-path",
                        Status::Info,
                        said!(
                            "{shown} exists and is a socket file",
                            "{shown} 存在，是套接字文件"
                        ),
                        vec![Evidence::one("lstat()", format!("{shown}: socket"))],
                    );
                }
            }
            (spellings(p), shown, p.as_os_str().as_bytes().to_vec())
        }
        Some(Target::UnixAbstract(n)) => {
            let mut raw = vec![0u8];
            raw.extend_from_slice(n.as_bytes());
            (vec![format!("@{n}")], format!("@{n}"), raw)
        }
        _ => {
            return Err(Error::Needs(said!(
                "give the socket's path or @name",
                "请给出套接字的路径或 @名字"
            )))
        }
    };
    let found = match find(&names) {
        Ok(f) => f,
        Err(e) => {
            r.check(
                "unix-bound",
                Status::Unseen,
                said!(
                    "could not read /proc/net/unix: {e}",
                    "读不到 /proc/net/unix：{e}"
                ),
                vec![],
            );
            return Ok(());
        }
    };
    let probe = req.probe.then(|| probe::unix(&raw));
    let listening = found.socks.iter().any(|s| s.listening());
    let (en, zh, hidden) = describe(&found, &users);
    let abstract_name = raw.first() == Some(&0);
    if listening {
        r.check(
            "unix-bound",
            if refused {
                Status::Info
            } else {
                Status::Problem
            },
            said!("{shown}: {en}", "{shown}：{zh}"),
            evidence(&found),
        );
        if refused {
            r.cause(
                "unix-bound",
                35,
                said!(
                    "a server listens on {shown} now ({en}); it was not listening yet, or had restarted, when the connection was refused",
                    "现在有服务器在 {shown} 上监听（{zh}）；连接被拒绝时它还未监听，或正在重启"
                ),
                "start-server",
            );
        } else {
            r.cause(
                "unix-bound",
                90,
                said!(
                    "a live server holds {shown}: {en}",
                    "一个活着的服务器占用着 {shown}：{zh}"
                ),
                "stop-owner",
            );
        }
    } else if !found.socks.is_empty() {
        r.check(
            "unix-bound",
            Status::Problem,
            said!("{shown}: {en}", "{shown}：{zh}"),
            evidence(&found),
        );
        r.cause(
            "unix-bound",
            80,
            said!(
                "{shown} is bound but nothing listens on it ({en}): the server never called listen(), or it is a datagram socket",
                "{shown} 已被绑定但没有进程在监听（{zh}）：服务器从未调用 listen()，或它是数据报套接字"
            ),
            if refused { "unix-listen" } else { "stop-owner" },
        );
    } else if abstract_name {
        let s = if refused {
            said!(
                "no socket holds the abstract name {shown} in this network namespace: the server is not running",
                "本网络命名空间中没有套接字持有抽象名字 {shown}：服务器没有运行"
            )
        } else {
            said!(
                "no socket holds the abstract name {shown} in this network namespace now",
                "本网络命名空间中现在没有套接字持有抽象名字 {shown}"
            )
        };
        let st = if refused {
            Status::Problem
        } else {
            Status::Fine
        };
        r.check("unix-bound", st, s.clone(), evidence(&found));
        if refused {
            r.cause("unix-bound", 80, s, "start-server");
        }
    } else {
        // A socket file with nothing bound to it here: stale, unless a
        // server in another network namespace holds it; a probe settles it.
        let confirmed =
            matches!(probe, Some(p) if p.outcome == probe::Outcome::Failed(libc::ECONNREFUSED));
        let live_elsewhere = matches!(probe, Some(p) if p.outcome == probe::Outcome::Connected);
        if live_elsewhere {
            r.check(
                "unix-bound",
                Status::Problem,
                said!(
                    "no socket of this network namespace is bound to {shown}, yet a connection to it succeeded: a server in another network namespace (a container sharing the directory) serves it",
                    "本网络命名空间中没有套接字绑定 {shown}，但连接它成功了：另一个网络命名空间（共享该目录的容器）中的服务器在提供服务"
                ),
                evidence(&found),
            );
            r.cause(
                "unix-bound",
                85,
                said!(
                    "a live server in another network namespace holds {shown}",
                    "另一个网络命名空间中活着的服务器占用着 {shown}"
                ),
                "stop-owner",
            );
        } else {
            let how_en = if confirmed {
                "and a connection to it was refused"
            } else {
                "(a server in another network namespace would not show here; --probe connects once to be sure)"
            };
            let how_zh = if confirmed {
                "，而且连接它被拒绝了"
            } else {
                "（另一个网络命名空间中的服务器不会显示在这里；用 --probe 连接一次即可确认）"
            };
            r.check(
                "unix-bound",
                Status::Problem,
                said!(
                    "{shown} is a stale socket file: no socket in this network namespace is bound to it {how_en}",
                    "{shown} 是残留的套接字文件：本网络命名空间中没有套接字绑定它{how_zh}"
                ),
                evidence(&found),
            );
            r.cause(
                "unix-bound",
                if confirmed { 95 } else { 85 },
                said!(
                    "{shown} was left behind by a server that exited without removing it; nothing serves it: unlink it before bind()",
                    "{shown} 是服务器退出时没有删除的残留文件；没有进程在提供服务：bind() 之前先 unlink 它"
                ),
                if refused { "unix-listen" } else { "unlink-stale" },
            );
        }
    }
    if hidden {
        let why = super::host::why_hidden();
        let (we, wz) = (&why.en, &why.zh);
        r.check(
            "unix-owners",
            Status::Unseen,
            said!(
                "could not see which process holds the socket bound to {shown}: {we}",
                "看不到哪个进程持有绑定 {shown} 的套接字：{wz}"
            ),
            vec![],
        );
    }
    if let Some(p) = probe {
        let line = p.line(&shown);
        let ms = format!("{:.1}", p.elapsed.as_secs_f64() * 1000.0);
        let (st, s) = match p.outcome {
            probe::Outcome::Connected => (
                Status::Info,
                said!(
                    "a connection to {shown} succeeds now ({ms} ms)",
                    "现在连接 {shown} 成功（{ms} 毫秒）"
                ),
            ),
            probe::Outcome::Failed(e) => {
                let n = probe::errno_name(e);
                (
                    Status::Problem,
                    said!(
                        "a connection to {shown} fails now with {n}",
                        "现在连接 {shown} 以 {n} 失败"
                    ),
                )
            }
            probe::Outcome::NoAnswer => (
                Status::Problem,
                said!(
                    "a connection to {shown} got no answer",
                    "连接 {shown} 没有应答"
                ),
            ),
        };
        r.check(
            "probe-connect",
            st,
            s,
            vec![Evidence::one("connect()", line)],
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flags_column_says_who_listens() {
        let text = "Num       RefCount Protocol Flags    Type St Inode Path\n\
            0000000000000000: 00000002 00000000 00010000 0001 01 4242 /run/app dir/s.sock\n\
            0000000000000000: 00000002 00000000 00000000 0001 01 4243 @name\n\
            0000000000000000: 00000003 00000000 00000000 0001 03 4244\n";
        let t = parse(text);
        assert_eq!(t.len(), 3);
        assert!(t[0].listening());
        assert_eq!(t[0].path, "/run/app dir/s.sock");
        assert!(!t[1].listening());
        assert_eq!(t[1].path, "@name");
        assert_eq!(t[2].path, "");
    }
}
