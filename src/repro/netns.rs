//! A name lookup in a world of its own: a forked child enters private
//! network and mount namespaces, bind-mounts its own resolv.conf, hosts and
//! nsswitch.conf over the real ones, brings up `lo` (the only interface
//! there is), starts a tiny DNS responder on 127.0.0.1:53, and calls
//! getaddrinfo(). The answer the responder gives (NXDOMAIN, no records,
//! REFUSED, silence) decides the EAI code, and no packet can leave: the
//! namespace has no other interface (the child checks before it asks), the
//! nameserver is 127.0.0.1, and the names end in `.test`.
//!
//! As root the child unshares the namespaces directly; otherwise it first
//! enters a user namespace where it is root, where the system allows one.
//! Bounded: resolv.conf says `timeout:1 attempts:1`, the responder stops
//! after [`RESPONDER_LIFE`], and the child is killed after [`LIMIT`].
//!
//! Unlike the other children, this one calls getaddrinfo() and starts a
//! thread after fork: both are safe in the single-threaded `sockerr`
//! binary; a multi-threaded program should not run these cases (glibc
//! resets its malloc and loader locks at fork, but nothing promises more).

use crate::repro::child::*;
use crate::repro::recorder::*;
use crate::repro::tempdir::TempDir;
use crate::repro::{tx, Said};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the child may take in all.
const LIMIT: Duration = Duration::from_secs(6);
/// How long the responder runs at most.
const RESPONDER_LIFE: Duration = Duration::from_secs(4);

/// What the DNS responder answers every query with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// rcode 3: the name does not exist.
    NxDomain,
    /// rcode 0 and no records: the name exists without addresses.
    NoData,
    /// rcode 5: the server will not answer this client.
    Refused,
    /// No answer at all.
    Silent,
}

impl Answer {
    fn rcode(self) -> Option<u8> {
        match self {
            Answer::NxDomain => Some(3),
            Answer::NoData => Some(0),
            Answer::Refused => Some(5),
            Answer::Silent => None,
        }
    }

    fn shown(self) -> &'static str {
        match self {
            Answer::NxDomain => "answers NXDOMAIN",
            Answer::NoData => "answers NOERROR with no records",
            Answer::Refused => "answers REFUSED",
            Answer::Silent => "never answers",
        }
    }
}

/// What the child needs, made before the fork.
struct Prepared {
    root: bool,
    uid_map: Vec<u8>,
    gid_map: Vec<u8>,
    /// (source, target) of each bind mount.
    binds: Vec<(CString, CString)>,
    dir: CString,
    name: CString,
}

const RESOLV_CONF: &str = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n";
const NSSWITCH_CONF: &str = "hosts: files dns\nservices: files\n";
const HOSTS: &str = "127.0.0.1 localhost\n::1 localhost\n";

fn cstring(s: &[u8]) -> CString {
    CString::new(s).expect("paths and names have no NUL")
}

/// Looks `name` up in a private namespace whose nameserver gives `answer`;
/// the getaddrinfo() call is the one under test.
pub(crate) fn lookup(t: &mut Trace, name: &'static str, answer: Answer) -> Res {
    let mut dir = TempDir::new(t)?;
    let mut binds = Vec::new();
    for (file, text, target) in [
        ("resolv.conf", RESOLV_CONF, "/etc/resolv.conf"),
        ("nsswitch.conf", NSSWITCH_CONF, "/etc/nsswitch.conf"),
        ("hosts", HOSTS, "/etc/hosts"),
    ] {
        let path = dir.file(file);
        let shown = format!(
            "write(\"{}\", \"{}\")",
            path.display(),
            text.trim_end().replace('\n', "\\n")
        );
        t.setup(shown, std::fs::write(&path, text).map_err(io_errno))?;
        binds.push((
            cstring(path.as_os_str().as_bytes()),
            cstring(target.as_bytes()),
        ));
    }
    // SAFETY: these calls cannot fail.
    let (uid, gid, euid) = unsafe { (libc::getuid(), libc::getgid(), libc::geteuid()) };
    let prep = Prepared {
        root: euid == 0,
        uid_map: format!("0 {uid} 1\n").into_bytes(),
        gid_map: format!("0 {gid} 1\n").into_bytes(),
        binds,
        dir: cstring(dir.path.as_os_str().as_bytes()),
        name: cstring(name.as_bytes()),
    };
    let run = in_child(t, LIMIT, |rep| child(rep, &prep, answer))?;
    let pid = run.pid;
    let mut recs = run.records.iter().copied();
    let flags = if prep.root {
        "CLONE_NEWNET|CLONE_NEWNS"
    } else {
        "CLONE_NEWUSER|CLONE_NEWNET|CLONE_NEWNS"
    };
    let Some(rec) = recs.next() else {
        t.event(describe_status(pid, run.status), None);
        return Err(Stop::Failed);
    };
    let call = format!("[pid {pid}] unshare({flags})");
    if rec.ret < 0 {
        t.child_step(call.clone(), rec, false);
        t.event(describe_status(pid, run.status), None);
        let name = crate::repro::errno_name(rec.errno);
        return Err(skip(
            format!(
                "no private network namespace here ({call} = -1 {name}); it takes root, or user namespaces the system allows an ordinary user"
            ),
            format!(
                "这里无法创建私有网络命名空间（{call} = -1 {name}）；需要 root，或者系统允许普通用户使用用户命名空间"
            ),
        ));
    }
    t.child_step(call, rec, false);
    t.note(tx(
        "a network namespace of its own: only lo, nothing can leave the machine",
        "独立的网络命名空间：只有 lo，任何数据都出不了本机",
    ));
    let mut steps: Vec<(String, Option<crate::kb::Text>)> = Vec::new();
    if !prep.root {
        steps.push((
            format!("[pid {pid}] write(\"/proc/self/uid_map\", \"0 {uid} 1\")"),
            Some(tx(
                "root inside the user namespace only; outside, still this user",
                "只在用户命名空间内是 root，外面仍是原来的用户",
            )),
        ));
    }
    steps.push((
        format!("[pid {pid}] mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE)"),
        Some(tx(
            "the mounts below stay in this namespace",
            "下面的挂载只在这个命名空间里可见",
        )),
    ));
    for (src, target) in &prep.binds {
        steps.push((
            format!(
                "[pid {pid}] mount(\"{}\", \"{}\", NULL, MS_BIND)",
                src.to_string_lossy(),
                target.to_string_lossy()
            ),
            None,
        ));
    }
    steps.push((
        format!(
            "[pid {pid}] mount(\"{}\", \"/run/nscd\", NULL, MS_BIND)",
            prep.dir.to_string_lossy()
        ),
        Some(tx(
            "hides nscd's socket and its cached answers, which a network namespace does not",
            "遮住 nscd 的套接字和它缓存的答复，网络命名空间挡不住它",
        )),
    ));
    steps.push((
        format!("[pid {pid}] ioctl(3, SIOCSIFFLAGS, {{ifr_name=\"lo\", ifr_flags=IFF_UP}})"),
        None,
    ));
    steps.push((
        format!("[pid {pid}] interfaces other than lo in /proc/self/net/dev"),
        Some(tx(
            "must be 0, or the child stops before any query",
            "必须为 0，否则子进程在发出任何查询之前就停下",
        )),
    ));
    steps.push((
        format!("[pid {pid}] bind(4, {{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.1\")}}, 16)"),
        Some(match answer {
            Answer::NxDomain => tx("the DNS responder: it answers NXDOMAIN", "DNS 应答程序：回答 NXDOMAIN"),
            Answer::NoData => tx(
                "the DNS responder: NOERROR with no records",
                "DNS 应答程序：回答 NOERROR 但没有记录",
            ),
            Answer::Refused => tx("the DNS responder: it answers REFUSED", "DNS 应答程序：回答 REFUSED"),
            Answer::Silent => tx(
                "the DNS responder: it reads queries and never answers",
                "DNS 应答程序：读取查询但从不回答",
            ),
        }),
    ));
    for (call, note) in steps {
        let Some(rec) = recs.next() else {
            t.event(describe_status(pid, run.status), None);
            return Err(Stop::Failed);
        };
        if call.contains("/run/nscd") && rec.ret == 1 {
            t.event(
                format!("[pid {pid}] access(\"/run/nscd\", F_OK) = -1 ENOENT (No such file or directory)"),
                Some(tx(
                    "no nscd on this machine, so no cache to hide",
                    "这台机器上没有 nscd，没有缓存需要遮住",
                )),
            );
            continue;
        }
        let failed = rec.ret < 0 || (call.contains("interfaces other than lo") && rec.ret != 0);
        t.child_step(call.clone(), rec, false);
        if let Some(n) = note {
            t.note(n);
        }
        if failed {
            t.problems.push(Said::new(
                format!("a set-up step in the namespace failed: {call}"),
                format!("命名空间中的准备步骤失败：{call}"),
            ));
            t.event(describe_status(pid, run.status), None);
            return Err(Stop::Failed);
        }
    }
    let call = format!(
        "[pid {pid}] getaddrinfo(\"{name}\", \"80\", {{ai_family=AF_UNSPEC, ai_socktype=SOCK_STREAM}}, ...)"
    );
    match (recs.next(), recs.next()) {
        (Some(rec), Some(took)) => {
            t.child_step(call, rec, true);
            t.last().elapsed = Some(Duration::from_micros(took.ret.max(0) as u64));
        }
        _ => {
            t.event(describe_status(pid, run.status), None);
            return Err(Stop::Failed);
        }
    }
    if let Some(q) = recs.next() {
        let kinds: Vec<&str> = [(1, "A"), (2, "AAAA"), (4, "other")]
            .iter()
            .filter(|(bit, _)| q.errno & bit != 0)
            .map(|(_, k)| *k)
            .collect();
        t.event(
            format!(
                "responder: {} quer{} ({}) for {name}, and it {}",
                q.ret,
                if q.ret == 1 { "y" } else { "ies" },
                if kinds.is_empty() {
                    "none".to_string()
                } else {
                    kinds.join(", ")
                },
                answer.shown()
            ),
            None,
        );
    }
    t.event(describe_status(pid, run.status), None);
    drop(dir);
    Ok(())
}

fn io_errno(e: std::io::Error) -> nix::errno::Errno {
    nix::errno::Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO))
}

/// Writes `data` to the file at `path` (a NUL-terminated byte string).
unsafe fn write_file(path: &[u8], data: &[u8]) -> i64 {
    let fd = libc::open(path.as_ptr().cast(), libc::O_WRONLY | libc::O_CLOEXEC);
    if fd < 0 {
        return -1;
    }
    let n = libc::write(fd, data.as_ptr().cast(), data.len());
    libc::close(fd);
    if n == data.len() as isize {
        0
    } else {
        -1
    }
}

/// Interfaces other than `lo` this process's network namespace has.
unsafe fn other_interfaces() -> i64 {
    let fd = libc::open(
        c"/proc/self/net/dev".as_ptr(),
        libc::O_RDONLY | libc::O_CLOEXEC,
    );
    if fd < 0 {
        return -1;
    }
    let mut buf = [0u8; 4096];
    let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
    libc::close(fd);
    if n <= 0 {
        return -1;
    }
    // Two header lines, then one "  NAME: counters" line per interface.
    buf[..n as usize]
        .split(|b| *b == b'\n')
        .skip(2)
        .filter(|l| l.contains(&b':'))
        .filter(|l| {
            l.iter()
                .skip_while(|b| **b == b' ')
                .take(3)
                .ne(b"lo:".iter())
        })
        .count() as i64
}

/// The child: set the world up step by step, reporting each result, then
/// ask. Stops at the first step that fails.
fn child(rep: &Reporter, p: &Prepared, answer: Answer) {
    unsafe {
        let flags = if p.root {
            libc::CLONE_NEWNET | libc::CLONE_NEWNS
        } else {
            libc::CLONE_NEWUSER | libc::CLONE_NEWNET | libc::CLONE_NEWNS
        };
        if !rep.result(i64::from(libc::unshare(flags))) {
            return;
        }
        if !p.root {
            let ok = write_file(b"/proc/self/setgroups\0", b"deny") == 0
                && write_file(b"/proc/self/uid_map\0", &p.uid_map) == 0
                && write_file(b"/proc/self/gid_map\0", &p.gid_map) == 0;
            if !rep.result(if ok { 0 } else { -1 }) {
                return;
            }
        }
        let none = std::ptr::null::<libc::c_char>();
        let r = libc::mount(
            none,
            c"/".as_ptr(),
            none,
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        );
        if !rep.result(i64::from(r)) {
            return;
        }
        for (src, target) in &p.binds {
            let r = libc::mount(
                src.as_ptr(),
                target.as_ptr(),
                none,
                libc::MS_BIND,
                std::ptr::null(),
            );
            if !rep.result(i64::from(r)) {
                return;
            }
        }
        if libc::access(c"/run/nscd".as_ptr(), libc::F_OK) == 0 {
            let r = libc::mount(
                p.dir.as_ptr(),
                c"/run/nscd".as_ptr(),
                none,
                libc::MS_BIND,
                std::ptr::null(),
            );
            if !rep.result(i64::from(r)) {
                return;
            }
        } else {
            rep.send(1, 0);
        }
        // lo starts down in a new namespace.
        let s = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        let mut ifr: libc::ifreq = std::mem::zeroed();
        for (i, b) in b"lo".iter().enumerate() {
            ifr.ifr_name[i] = *b as libc::c_char;
        }
        let mut r = libc::ioctl(s, libc::SIOCGIFFLAGS, &mut ifr);
        if r == 0 {
            ifr.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
            r = libc::ioctl(s, libc::SIOCSIFFLAGS, &ifr);
        }
        libc::close(s);
        if !rep.result(i64::from(r)) {
            return;
        }
        // The one safety check that matters: nothing but lo to leave by.
        let others = other_interfaces();
        rep.send(others, 0);
        if others != 0 {
            return;
        }
        let fd = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        let addr = libc::sockaddr_in {
            sin_family: libc::AF_INET as libc::sa_family_t,
            sin_port: 53u16.to_be(),
            sin_addr: libc::in_addr {
                s_addr: u32::from_be_bytes([127, 0, 0, 1]).to_be(),
            },
            sin_zero: [0; 8],
        };
        let r = libc::bind(
            fd,
            std::ptr::from_ref(&addr).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        );
        if !rep.result(i64::from(r)) {
            return;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(AtomicU32::new(0));
        let kinds = Arc::new(AtomicU32::new(0));
        let responder = {
            let (stop, seen, kinds) = (stop.clone(), seen.clone(), kinds.clone());
            std::thread::spawn(move || respond(fd, answer, &stop, &seen, &kinds))
        };
        let mut hints: libc::addrinfo = std::mem::zeroed();
        hints.ai_family = libc::AF_UNSPEC;
        hints.ai_socktype = libc::SOCK_STREAM;
        let mut res: *mut libc::addrinfo = std::ptr::null_mut();
        let start = Instant::now();
        let rc = libc::getaddrinfo(p.name.as_ptr(), c"80".as_ptr(), &hints, &mut res);
        let took = start.elapsed();
        if rc == 0 {
            libc::freeaddrinfo(res);
        }
        rep.send(i64::from(rc), rc);
        rep.send(i64::try_from(took.as_micros()).unwrap_or(i64::MAX), 0);
        stop.store(true, Ordering::SeqCst);
        let _ = responder.join();
        rep.send(
            i64::from(seen.load(Ordering::SeqCst)),
            kinds.load(Ordering::SeqCst) as i32,
        );
    }
}

/// The DNS responder: reads queries on `fd` until told to stop or
/// [`RESPONDER_LIFE`] is over, and answers each with the header of
/// `answer` and the question echoed back (or not at all). Counts the
/// queries, and which types they asked for (1 A, 2 AAAA, 4 other).
fn respond(fd: i32, answer: Answer, stop: &AtomicBool, seen: &AtomicU32, kinds: &AtomicU32) {
    let deadline = Instant::now() + RESPONDER_LIFE;
    let mut buf = [0u8; 512];
    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 {
            continue;
        }
        let mut from: libc::sockaddr_in = unsafe { std::mem::zeroed() };
        let mut len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        // SAFETY: buf and from are valid for their lengths.
        let n = unsafe {
            libc::recvfrom(
                fd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                libc::MSG_DONTWAIT,
                std::ptr::from_mut(&mut from).cast(),
                &mut len,
            )
        };
        let Some(reply) = usize::try_from(n)
            .ok()
            .and_then(|n| reply(&buf[..n], answer))
        else {
            continue;
        };
        seen.fetch_add(1, Ordering::SeqCst);
        kinds.fetch_or(reply.1, Ordering::SeqCst);
        if let Some(r) = reply.0 {
            // SAFETY: r and from are valid for their lengths.
            unsafe {
                libc::sendto(
                    fd,
                    r.as_ptr().cast(),
                    r.len(),
                    0,
                    std::ptr::from_ref(&from).cast(),
                    len,
                );
            }
        }
    }
}

/// The reply to one query (`None` when silent), and its type bit. `None`
/// for what is not a standard query with one question.
fn reply(q: &[u8], answer: Answer) -> Option<(Option<Vec<u8>>, u32)> {
    if q.len() < 17 || q[2] & 0x80 != 0 || u16::from_be_bytes([q[4], q[5]]) != 1 {
        return None;
    }
    // The question: labels up to the root, then type and class.
    let mut i = 12;
    while *q.get(i)? != 0 {
        i += 1 + usize::from(q[i]);
    }
    let end = i + 5;
    let qtype = u16::from_be_bytes([*q.get(i + 1)?, *q.get(i + 2)?]);
    q.get(end - 1)?;
    let kind = match qtype {
        1 => 1,
        28 => 2,
        _ => 4,
    };
    let Some(rcode) = answer.rcode() else {
        return Some((None, kind));
    };
    let mut r = q[..end].to_vec();
    r[2] = 0x80 | (q[2] & 0x79); // QR, the query's opcode and RD
    r[3] = 0x80 | rcode; // RA, rcode
    r[6..12].fill(0); // no answer, authority or additional records
    Some((Some(r), kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_echo_the_question_with_the_rcode() {
        // id 0x1234, RD, one question: nx.test A IN, then an OPT record.
        let mut q = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1];
        q.extend_from_slice(b"\x02nx\x04test\x00\x00\x01\x00\x01");
        q.extend_from_slice(&[0, 0, 41, 4, 208, 0, 0, 0, 0, 0, 0]);
        let (r, kind) = reply(&q, Answer::NxDomain).unwrap();
        let r = r.unwrap();
        assert_eq!(kind, 1);
        assert_eq!(&r[..4], &[0x12, 0x34, 0x81, 0x83]);
        assert_eq!(&r[4..12], &[0, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(&r[12..], b"\x02nx\x04test\x00\x00\x01\x00\x01");
        assert_eq!(reply(&q, Answer::Silent).unwrap(), (None, 1));
        assert!(reply(&q[..14], Answer::NxDomain).is_none());
        let mut resp = q.clone();
        resp[2] |= 0x80;
        assert!(
            reply(&resp, Answer::NxDomain).is_none(),
            "answers are not queries"
        );
    }
}
