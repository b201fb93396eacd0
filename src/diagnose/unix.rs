//! AF_UNIX sockets: is the path a live server, a stale file left by one
//! that died, or not a socket at all; who holds an abstract name.
//!
//! The table comes from unix_diag (`sockdiag.rs`), which tells each
//! socket's state and the device and inode of the file it is bound to: a
//! path is matched by the file itself, however it was spelled, and a
//! server whose file was removed or replaced is told apart from one that
//! serves the path. `/proc/net/unix` is the fallback, read by hand: procfs
//! drops its Flags column, and that column is the only place there that
//! says a socket listens (`__SO_ACCEPTCON`, 0x10000); there a path is
//! matched by name. Either lists the sockets of this network namespace
//! only, so "nothing is bound to it" is said of this namespace, and
//! `--probe` (one connect) settles it.

use super::host::Users;
use super::ports::holder;
use super::report::{capped, said, Evidence, Report, Said, Status};
use super::{owners, sockdiag, sockets};
use super::{probe, Error, Request, Target};
use std::collections::HashSet;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// One AF_UNIX socket.
#[derive(Debug, Clone)]
pub struct UnixSock {
    pub inode: u64,
    pub listening: bool,
    /// SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5.
    pub kind: u16,
    /// As /proc/net/unix prints it: the bound path, or `@name` for an
    /// abstract name; empty for unbound sockets.
    pub path: String,
    /// The device and inode of the file it is bound to (unix_diag only).
    pub vfs: Option<(u64, u64)>,
    /// For a listener: connections waiting, and the backlog (unix_diag only).
    pub queue: Option<(u32, u32)>,
    /// Whose socket it is (unix_diag on Linux 5.3 and later).
    pub uid: Option<u32>,
}

const ACCEPTCON: u32 = 0x10000;

impl UnixSock {
    fn kind_name(&self) -> &'static str {
        match self.kind {
            1 => "stream",
            2 => "dgram",
            5 => "seqpacket",
            _ => "?",
        }
    }

    fn line(&self) -> String {
        let mut s = format!(
            "{} {} inode {} {}",
            self.kind_name(),
            if self.listening { "LISTEN" } else { "bound" },
            self.inode,
            self.path
        );
        if let Some((dev, ino)) = self.vfs {
            s += &format!(
                " file {}:{} inode {ino}",
                libc::major(dev),
                libc::minor(dev)
            );
        }
        if let Some((q, b)) = self.queue {
            s += &format!(" accept-queue {q} backlog {b}");
        }
        if let Some(u) = self.uid {
            s += &format!(" uid {u}");
        }
        s
    }
}

impl From<sockdiag::UnixRow> for UnixSock {
    fn from(r: sockdiag::UnixRow) -> UnixSock {
        let path = match r.name.split_first() {
            None => String::new(),
            // An abstract name: /proc/net/unix writes its NUL bytes as @.
            Some((0, rest)) => {
                let mut p = String::from("@");
                p.push_str(&String::from_utf8_lossy(rest).replace('\0', "@"));
                p
            }
            // A path: the kernel keeps the terminating NUL.
            Some(_) => {
                let end = r.name.iter().position(|&b| b == 0).unwrap_or(r.name.len());
                String::from_utf8_lossy(&r.name[..end]).into_owned()
            }
        };
        UnixSock {
            inode: r.inode,
            listening: r.state == sockets::LISTEN,
            kind: u16::from(r.kind),
            path,
            vfs: r.vfs,
            queue: r.queue,
            uid: r.uid,
        }
    }
}

/// This network namespace's table, or that process's, and where it was
/// read: unix_diag for this namespace (and processes sharing it),
/// `/proc/PID/net/unix` otherwise or when unix_diag fails.
pub fn table_of(pid: Option<i32>) -> Result<(Vec<UnixSock>, String), String> {
    let here = match pid {
        None => true,
        Some(p) => {
            super::host::netns_of(Some(p)).is_some_and(|n| Some(n) == super::host::netns_of(None))
        }
    };
    let mut why_not = String::new();
    if here && sockets::sock_diag_allowed() {
        match sockdiag::unix() {
            Ok(rows) => {
                return Ok((
                    rows.into_iter().map(UnixSock::from).collect(),
                    "sock_diag (ss -xan)".into(),
                ))
            }
            Err(e) => why_not = format!(" ({e})"),
        }
    }
    let path = match pid {
        Some(p) => format!("/proc/{p}/net/unix"),
        None => "/proc/net/unix".to_string(),
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    Ok((parse(&text), format!("{path}{why_not}")))
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
                listening: flags & ACCEPTCON != 0,
                kind: kind as u16,
                path,
                vfs: None,
                queue: None,
                uid: None,
            });
        }
    }
    out
}

/// What the table says about one path or name.
struct Found {
    /// Bound to this file (unix_diag), or to this name (/proc).
    socks: Vec<UnixSock>,
    /// Bound under this name to another file: one removed or replaced
    /// since (unix_diag only).
    gone: Vec<UnixSock>,
    owners: owners::Owners,
    source: String,
}

/// The sockets bound to `file` (device and inode, when the path is a
/// socket file) or, without unix_diag, named one of `names`.
fn find(names: &[String], file: Option<(u64, u64)>) -> Result<Found, String> {
    let (table, source) = table_of(None)?;
    let by_file = table.iter().any(|s| s.vfs.is_some());
    let mut socks = Vec::new();
    let mut gone = Vec::new();
    for s in table {
        let named = !s.path.is_empty() && names.contains(&s.path);
        if by_file && s.vfs.is_some() {
            if file.is_some() && s.vfs == file {
                socks.push(s);
            } else if named {
                gone.push(s);
            }
        } else if named {
            socks.push(s);
        }
    }
    let inodes: HashSet<u64> = socks.iter().chain(&gone).map(|s| s.inode).collect();
    Ok(Found {
        owners: owners::owners(&inodes),
        socks,
        gone,
        source,
    })
}

/// The spellings a bound path may have in the table: as given, absolute
/// with symlinks in the directory resolved, and (for connect(), which
/// follows a symbolic link at the end too) the file it finally names.
fn spellings(p: &Path, follow: bool) -> Vec<String> {
    let mut v = vec![p.to_string_lossy().into_owned()];
    let mut add = |q: PathBuf| {
        let s = q.to_string_lossy().into_owned();
        if !v.contains(&s) {
            v.push(s);
        }
    };
    if let (Some(dir), Some(file)) = (p.parent(), p.file_name()) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = dir.canonicalize() {
            add(d.join(file));
        }
    }
    if follow {
        if let Ok(full) = p.canonicalize() {
            add(full);
        }
    }
    v
}

enum Kind {
    Missing,
    /// A socket file: its device and inode.
    Socket(u64, u64),
    Other(Said),
    Unreadable(String),
}

/// What is at `p`: bind() looks at the path itself (a symbolic link there
/// is in the way), connect() follows symbolic links.
fn kind_of(p: &Path, follow: bool) -> Kind {
    let md = if follow {
        std::fs::metadata(p)
    } else {
        std::fs::symlink_metadata(p)
    };
    match md {
        Ok(m) => {
            let t = m.file_type();
            if t.is_socket() {
                Kind::Socket(m.dev(), m.ino())
            } else if t.is_symlink() {
                Kind::Other(said!("a symbolic link", "符号链接"))
            } else if t.is_dir() {
                Kind::Other(said!("a directory", "目录"))
            } else if t.is_file() {
                Kind::Other(said!("a regular file", "普通文件"))
            } else {
                Kind::Other(said!("a special file", "特殊文件"))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Kind::Missing,
        Err(e) => Kind::Unreadable(e.to_string()),
    }
}

fn describe(found: &Found, users: &Users) -> (String, String, bool) {
    describe_socks(&found.socks, &found.owners, users)
}

/// Who holds each socket and whether it listens; and whether some holder
/// could not be seen.
fn describe_socks(
    socks: &[UnixSock],
    owners: &owners::Owners,
    users: &Users,
) -> (String, String, bool) {
    let mut en = Vec::new();
    let mut zh = Vec::new();
    let mut hidden = false;
    for s in socks {
        // /proc/net/unix has no uid column; unix_diag has, since Linux 5.3.
        let h = holder(s.inode, s.uid, owners, users);
        hidden |= h.hidden;
        let what_en = if s.listening {
            "listens"
        } else {
            "is bound, not listening"
        };
        let what_zh = if s.listening {
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
        found.source.clone(),
        capped(
            found
                .socks
                .iter()
                .chain(&found.gone)
                .map(|s| s.line())
                .collect(),
            20,
        ),
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
    let mut file = None;
    let (names, shown, raw): (Vec<String>, String, Vec<u8>) = match &req.target {
        Some(Target::UnixPath(p)) => {
            let shown = p.display().to_string();
            let stat = if refused { "stat()" } else { "lstat()" };
            match kind_of(p, refused) {
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
                    let (ke, kz) = (&k.en, &k.zh);
                    r.check(
                        "unix-path",
                        Status::Problem,
                        said!(
                            "{shown} is {ke}, not a socket",
                            "{shown} 是{kz}，不是套接字"
                        ),
                        vec![Evidence::one(stat, format!("{shown}: {ke}"))],
                    );
                    let s = if refused {
                        said!(
                            "{shown} is {ke}, not a socket: connect() to it is refused; is the path the one the server binds?",
                            "{shown} 是{kz}，不是套接字：connect() 连接它会被拒绝；这个路径是服务器绑定的那个吗？"
                        )
                    } else {
                        said!(
                            "{shown} exists and is {ke}: bind() never replaces an existing file; remove it or use another path",
                            "{shown} 已存在且是{kz}：bind() 从不替换已有文件；删除它或换一个路径"
                        )
                    };
                    r.cause(
                        "unix-path",
                        90,
                        s,
                        if refused {
                            "unix-listen"
                        } else {
                            "unlink-stale"
                        },
                    );
                    return Ok(());
                }
                Kind::Socket(dev, ino) => {
                    file = Some((dev, ino));
                    let link = std::fs::symlink_metadata(p)
                        .is_ok_and(|m| m.file_type().is_symlink())
                        .then(|| p.canonicalize().ok())
                        .flatten();
                    let s = match link {
                        Some(to) => {
                            let to = to.display();
                            said!(
                                "{shown} is a symbolic link to the socket file {to}",
                                "{shown} 是指向套接字文件 {to} 的符号链接"
                            )
                        }
                        None => said!(
                            "{shown} exists and is a socket file",
                            "{shown} 存在，是套接字文件"
                        ),
                    };
                    r.check(
                        "unix-path",
                        Status::Info,
                        s,
                        vec![Evidence::one(
                            stat,
                            format!(
                                "{shown}: socket, file {}:{} inode {ino}",
                                libc::major(dev),
                                libc::minor(dev)
                            ),
                        )],
                    );
                }
            }
            (
                spellings(p, refused),
                shown,
                p.as_os_str().as_bytes().to_vec(),
            )
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
    let found = match find(&names, file) {
        Ok(f) => f,
        Err(e) => {
            r.check(
                "unix-bound",
                Status::Unseen,
                said!(
                    "could not read the AF_UNIX socket table: {e}",
                    "读不到 AF_UNIX 套接字表：{e}"
                ),
                vec![],
            );
            return Ok(());
        }
    };
    let probe = req.probe.then(|| probe::unix(&raw));
    let mut found = found;
    // Matched by name (/proc) and yet a connection is refused: the socket
    // listening under that name is not bound to the file at the path.
    if matches!(probe, Some(p) if p.outcome == probe::Outcome::Failed(libc::ECONNREFUSED))
        && found.socks.iter().all(|s| s.vfs.is_none())
        && !raw.starts_with(&[0])
    {
        found.gone.append(&mut found.socks);
    }
    let listening = found.socks.iter().any(|s| s.listening);
    let (en, zh, mut hidden) = describe(&found, &users);
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
            // By name only (/proc): the socket may be bound to a file that
            // was replaced since, and only a connection tells.
            let unsure = probe.is_none() && found.socks.iter().all(|s| s.vfs.is_none());
            let (ue, uz) = if unsure && !abstract_name {
                (
                    " (or its socket file was removed or replaced since, which /proc/net/unix cannot show: --probe connects once to be sure)",
                    "（也可能它的套接字文件后来被删除或替换了，/proc/net/unix 看不出来：用 --probe 连接一次即可确认）",
                )
            } else {
                ("", "")
            };
            r.cause(
                "unix-bound",
                35,
                said!(
                    "a server listens on {shown} now ({en}); it was not listening yet, or had restarted, when the connection was refused{ue}",
                    "现在有服务器在 {shown} 上监听（{zh}）；连接被拒绝时它还未监听，或正在重启{uz}"
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
            if found.gone.is_empty() {
                r.cause(
                    "unix-bound",
                    if confirmed { 95 } else { 85 },
                    said!(
                        "{shown} was left behind by a server that exited without removing it; nothing serves it: unlink it before bind()",
                        "{shown} 是服务器退出时没有删除的残留文件；没有进程在提供服务：bind() 之前先 unlink 它"
                    ),
                    if refused { "unix-listen" } else { "unlink-stale" },
                );
            } else {
                let (ge, gz, gh) = describe_socks(&found.gone, &found.owners, &users);
                hidden |= gh;
                r.check(
                    "unix-replaced",
                    Status::Problem,
                    said!(
                        "a socket is still bound under the name {shown}, to a file that was removed or replaced since: {ge}; the file at {shown} now is another one",
                        "仍有套接字以 {shown} 这个名字绑定，但绑定的文件后来被删除或替换了：{gz}；{shown} 处现在是另一个文件"
                    ),
                    evidence(&found),
                );
                let s = if refused {
                    said!(
                        "the server still runs but its socket file was removed or replaced ({ge}): connect() reaches the file now at {shown}, which nothing serves; restart the server so that it binds {shown} again, and keep other programs from deleting it",
                        "服务器仍在运行，但它的套接字文件被删除或替换了（{gz}）：connect() 连到的是 {shown} 处现在的文件，没有进程为它服务；重启服务器让它重新绑定 {shown}，并防止其他程序删除它"
                    )
                } else {
                    said!(
                        "{shown} is stale, and an earlier server still runs on a socket whose file was removed or replaced ({ge}): unlink {shown} before bind(), and stop the earlier server if it should not run",
                        "{shown} 已是残留文件，而之前的服务器仍运行在一个文件已被删除或替换的套接字上（{gz}）：bind() 之前先 unlink {shown}，如果之前的服务器不该运行就停止它"
                    )
                };
                r.cause(
                    "unix-replaced",
                    90,
                    s,
                    if refused {
                        "start-server"
                    } else {
                        "unlink-stale"
                    },
                );
            }
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
        assert!(t[0].listening);
        assert_eq!(t[0].path, "/run/app dir/s.sock");
        assert!(!t[1].listening);
        assert_eq!(t[1].path, "@name");
        assert_eq!(t[2].path, "");
    }
}
