//! Situations on this host's own loopback: a listener held by a child,
//! TIME_WAIT, a server on ::1 only, dual-stack and IPv6-only listeners,
//! UDP, a child at its descriptor limit (AF_UNIX sockets are in
//! `unix.rs`). Each is run as the test's user and, as root, as uid 65534
//! too.

use super::{check, diag, diag_via, need_sock_diag, sentence, shape, status};
use serde_json::Value;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Whether a root-only part may run. When it may not, says so loudly; under
/// `CI=true` that is a failure, since CI must cover it.
pub fn need_root(what: &str) -> bool {
    if is_root() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} needs root, and CI must run the tests as root"
    );
    eprintln!("NOTE: not run: {what} needs root; run the tests as root to cover it");
    false
}

/// `sockerr diagnose ARGS --json` as uid/gid 65534 with no groups (the
/// caller is root). Spawned from the calling thread, so it shares that
/// thread's namespaces.
pub fn as_nobody(args: &[&str]) -> (i32, Value) {
    let bin = assert_cmd::cargo::cargo_bin("sockerr");
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("diagnose")
        .args(args)
        .arg("--json")
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .current_dir("/")
        .output()
        .expect("setpriv runs (util-linux)");
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "as uid 65534 {args:?}: not JSON ({e}); stderr {}; stdout {text} (is {} readable by every user?)",
            String::from_utf8_lossy(&out.stderr),
            bin.display()
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// A child process (`sleep`) that holds descriptors: ours are dup'ed to 3,
/// 4, ... in the child, which may also lower its RLIMIT_NOFILE. Killed when
/// dropped, and it sleeps at most 120 s in any case.
pub struct Held(pub Child);

impl Held {
    pub fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn hold(fds: Vec<OwnedFd>, nofile: Option<u64>, prog: Option<&Path>) -> Held {
    let raw: Vec<i32> = fds.iter().map(|f| f.as_raw_fd()).collect();
    assert!(raw.len() <= 128);
    // Copies go above every source first, so moving them to 3, 4, ...
    // never overwrites a source not yet copied.
    let base = raw.iter().max().map_or(3, |m| m + 1);
    let mut cmd = Command::new(prog.unwrap_or(Path::new("sleep")));
    cmd.arg("120")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: between fork and exec the closure makes only async-signal-safe
    // calls (fcntl, dup2, close, setrlimit) and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let mut tmp = [0i32; 128];
            for (i, &fd) in raw.iter().enumerate() {
                tmp[i] = libc::fcntl(fd, libc::F_DUPFD, base);
                if tmp[i] < 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            for (i, &t) in tmp.iter().take(raw.len()).enumerate() {
                if libc::dup2(t, 3 + i as i32) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(t);
            }
            // Nothing else: a descriptor the test process inherited
            // without close-on-exec (a jobserver pipe) would count too.
            let first = 3 + raw.len() as libc::c_uint;
            libc::syscall(libc::SYS_close_range, first, libc::c_uint::MAX, 0);
            if let Some(n) = nofile {
                let lim = libc::rlimit {
                    rlim_cur: n,
                    rlim_max: n,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    let child = cmd.spawn().expect("the holder child starts");
    drop(fds);
    // Until it has exec'd, the child's comm is the test's.
    std::thread::sleep(Duration::from_millis(100));
    Held(child)
}

pub fn conclusion(v: &Value) -> (&str, &str) {
    (
        v["conclusion"]["check"].as_str().unwrap_or(""),
        v["conclusion"]["sentence"].as_str().unwrap_or(""),
    )
}

/// A scratch directory in the system temporary directory (the root-owned
/// target directory is not for uid 65534), removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let d = std::env::temp_dir().join(format!("sockerr-diag-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Scratch(d)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_listener_held_by_a_child_names_the_child() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let child = hold(vec![l.into()], None, None);
    let pid = format!("pid {} (sleep", child.pid());
    // For real: the port is taken.
    assert!(TcpListener::bind(("127.0.0.1", port)).is_err());
    for target in [
        format!("127.0.0.1:{port}"),
        format!(":{port}"),
        format!("0.0.0.0:{port}"),
    ] {
        let (code, v) = diag(&["EADDRINUSE", &target]);
        assert_eq!(code, 0, "{v:#}");
        shape(&v);
        assert_eq!(v["syscall"], "bind");
        assert_eq!(status(&v, "port-listeners"), "problem", "{v:#}");
        assert!(
            sentence(&v, "port-listeners").contains(&pid),
            "{target}: {v:#}"
        );
        let (by, said) = conclusion(&v);
        assert_eq!(by, "port-listeners");
        assert!(said.contains(&pid), "{said}");
        assert_eq!(v["conclusion"]["fix_from"], "bind EADDRINUSE");
        assert!(v["conclusion"]["fix"]
            .as_str()
            .unwrap()
            .contains("Find the owner"));
        assert_eq!(status(&v, "port-owners"), "fine", "{v:#}");
        assert_eq!(v["complete"], true);
    }
    // Chinese names the child too.
    let (_, out, _) = crate::util::run(&[
        "diagnose",
        "EADDRINUSE",
        &format!(":{port}"),
        "--lang",
        "zh",
    ]);
    assert!(
        out.contains(&format!("pid {}（sleep", child.pid())),
        "{out}"
    );
    if need_root("running diagnose as an ordinary user against root's listener") {
        let (code, v) = as_nobody(&["EADDRINUSE", &format!("127.0.0.1:{port}")]);
        assert_eq!(code, 0);
        shape(&v);
        // It still sees the socket, not whose it is: said, not guessed.
        assert_eq!(status(&v, "port-listeners"), "problem", "{v:#}");
        let s = sentence(&v, "port-listeners");
        assert!(
            s.contains("not visible to this user") && s.contains("root"),
            "{s}"
        );
        assert!(!s.contains("pid "), "{s}");
        assert_eq!(status(&v, "port-owners"), "could-not-see", "{v:#}");
        assert!(sentence(&v, "port-owners").contains("run as root"), "{v:#}");
        assert_eq!(v["complete"], false);
        let (by, said) = conclusion(&v);
        assert_eq!(by, "port-listeners");
        assert!(!said.contains("pid "), "{said}");
    }
}

#[test]
fn time_wait_on_loopback_has_no_owner_to_kill() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let mut c = TcpStream::connect(addr).unwrap();
    let (s, _) = l.accept().unwrap();
    // The server closes first: its end (local port = the server port) goes
    // FIN_WAIT2, then TIME_WAIT when the client closes too.
    drop(s);
    let mut buf = [0u8; 1];
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    assert_eq!(c.read(&mut buf).unwrap(), 0);
    drop(c);
    drop(l);
    std::thread::sleep(Duration::from_millis(200));
    // For real: bind without SO_REUSEADDR fails, with it succeeds.
    {
        use nix::sys::socket::{bind, socket, AddressFamily, SockFlag, SockType, SockaddrIn};
        let fd = socket(
            AddressFamily::Inet,
            SockType::Stream,
            SockFlag::SOCK_CLOEXEC,
            None,
        )
        .unwrap();
        let sa = SockaddrIn::from(std::net::SocketAddrV4::new(
            std::net::Ipv4Addr::LOCALHOST,
            addr.port(),
        ));
        assert_eq!(
            bind(fd.as_raw_fd(), &sa),
            Err(nix::errno::Errno::EADDRINUSE)
        );
    }
    let port = addr.port();
    let diagnose = |v: &Value| {
        shape(v);
        assert_eq!(status(v, "port-time-wait"), "problem", "{v:#}");
        let s = sentence(v, "port-time-wait");
        assert!(s.contains("1 connection(s) in TIME_WAIT"), "{s}");
        assert!(s.contains("nothing to kill"), "{s}");
        assert_eq!(status(v, "port-listeners"), "fine", "{v:#}");
        assert_eq!(conclusion(v).0, "port-time-wait");
        assert!(v["conclusion"]["fix"]
            .as_str()
            .unwrap()
            .contains("SO_REUSEADDR"));
        assert_eq!(v["conclusion"]["fix_from"], "bind EADDRINUSE");
    };
    let (code, v) = diag(&["EADDRINUSE", &format!("127.0.0.1:{port}")]);
    assert_eq!(code, 0);
    diagnose(&v);
    if need_root("the TIME_WAIT diagnosis as an ordinary user") {
        let (_, v) = as_nobody(&["EADDRINUSE", &format!("127.0.0.1:{port}")]);
        diagnose(&v);
    }
    // SO_REUSEADDR (std sets it) does bind now.
    assert!(TcpListener::bind(addr).is_ok());
}

#[test]
fn a_server_on_ipv6_loopback_only_while_the_client_uses_ipv4() {
    let l = TcpListener::bind("[::1]:0").expect("IPv6 loopback (::1) is needed for this test");
    let port = l.local_addr().unwrap().port();
    // For real: IPv4 loopback is refused.
    let e = TcpStream::connect(("127.0.0.1", port)).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused);
    let child = hold(vec![l.into()], None, None);
    let check_it = |v: &Value, owner_seen: bool| {
        shape(v);
        assert_eq!(v["syscall"], "connect");
        assert_eq!(status(v, "refused-listeners"), "problem", "{v:#}");
        let s = sentence(v, "refused-listeners");
        assert!(s.contains(&format!("[::1]:{port}")), "{s}");
        assert!(s.contains("IPv6 only"), "{s}");
        assert_eq!(
            s.contains(&format!("pid {}", child.pid())),
            owner_seen,
            "{s}"
        );
        assert_eq!(conclusion(v).0, "refused-listeners");
        assert!(conclusion(v).1.contains("another address"), "{v:#}");
        assert_eq!(v["conclusion"]["fix_from"], "connect ECONNREFUSED");
    };
    let (code, v) = diag(&["ECONNREFUSED", &format!("127.0.0.1:{port}")]);
    assert_eq!(code, 0);
    check_it(&v, true);
    if need_root("ECONNREFUSED as an ordinary user") {
        let (_, v) = as_nobody(&["ECONNREFUSED", &format!("127.0.0.1:{port}")]);
        check_it(&v, false);
        assert_eq!(status(&v, "port-owners"), "could-not-see", "{v:#}");
    }
}

/// 60 descriptors (pipes, a listener, connections the peer closed) in a
/// child whose RLIMIT_NOFILE is 64.
#[test]
fn a_child_at_its_descriptor_limit() {
    let mut fds: Vec<OwnedFd> = Vec::new();
    // Twelve connections whose peers have closed: CLOSE_WAIT in the child.
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    for _ in 0..12 {
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        drop(s);
        fds.push(c.into());
    }
    fds.push(l.into());
    // Close-on-exec, like every descriptor the test holds: only the copies
    // hold() makes reach the child.
    let pipe = || nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).unwrap();
    while fds.len() < 59 {
        let (r, w) = pipe();
        fds.push(r);
        fds.push(w);
    }
    fds.push(pipe().0);
    assert_eq!(fds.len(), 60);
    std::thread::sleep(Duration::from_millis(100));
    let dir = Scratch::new("limits");
    // A name of its own, for --name.
    let prog = dir.0.join("sxdiag");
    // cp, not std::fs::copy: a descriptor open for writing in this
    // multi-threaded test process can leak into another test's fork, and
    // the exec of the copy then fails with ETXTBSY.
    let cp = Command::new("cp")
        .arg(which("sleep"))
        .arg(&prog)
        .status()
        .unwrap();
    assert!(cp.success());
    let child = hold(fds, Some(64), Some(&prog));
    let pid = child.pid().to_string();
    let check_it = |v: &Value| {
        shape(v);
        assert_eq!(status(v, "limits-nofile"), "problem", "{v:#}");
        let s = sentence(v, "limits-nofile");
        assert!(
            s.contains("63 descriptors open against its soft limit 64"),
            "{s}"
        );
        let kinds = sentence(v, "limits-descriptors");
        assert!(
            kinds.contains("pipe: 47") && kinds.contains("tcp: 13"),
            "{kinds}"
        );
        assert!(
            kinds.contains("tcp CLOSE-WAIT: 12") && kinds.contains("tcp LISTEN: 1"),
            "{kinds}"
        );
        assert_eq!(status(v, "limits-close-wait"), "problem", "{v:#}");
        assert_eq!(conclusion(v).0, "limits-nofile");
        assert!(
            conclusion(v).1.contains(&format!("pid {pid} (sxdiag)")),
            "{v:#}"
        );
        assert_eq!(v["conclusion"]["fix_from"], "socket EMFILE");
        // The leak is the next cause.
        assert_eq!(v["causes"][1]["check"], "limits-close-wait", "{v:#}");
        assert_eq!(v["causes"][1]["fix_from"], "socket EMFILE");
    };
    let (code, v) = diag(&["EMFILE", "--pid", &pid]);
    assert_eq!(code, 0);
    check_it(&v);
    // In Chinese, the kinds too.
    let (_, zh) = diag_via(&["EMFILE", "--pid", &pid, "--lang", "zh"], false);
    let kinds = sentence(&zh, "limits-descriptors");
    assert!(
        kinds.contains("管道 47 个") && kinds.contains("CLOSE-WAIT 状态的 TCP 12 个"),
        "{kinds}"
    );
    let (_, v) = diag(&["EMFILE", "--name", "sxdiag"]);
    check_it(&v);
    // The system-wide table is looked at too.
    let _ = check(&v, "limits-system");
    if need_root("EMFILE as an ordinary user") {
        // Every process's limit and descriptor count are there for every
        // user when the kernel reports counts (Linux 6.2 and later): no
        // process is left unseen, kernel threads included.
        let counts = std::fs::metadata("/proc/self/fd").unwrap().len() > 0;
        let (_, all) = as_nobody(&["EMFILE"]);
        let unseen = all["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "limits-visibility");
        assert_eq!(unseen, !counts, "{all:#}");
        let (_, v) = as_nobody(&["EMFILE", "--pid", &pid]);
        // The limit is world-readable, the descriptors are not: it says so
        // and does not call the process fine.
        assert_eq!(status(&v, "limits-nofile"), "could-not-see", "{v:#}");
        let s = sentence(&v, "limits-nofile");
        assert!(
            s.contains("soft limit 64") && s.contains("run as root"),
            "{s}"
        );
        assert!(v["causes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["check"] != "limits-nofile"));
    }
}

fn which(prog: &str) -> PathBuf {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {prog}"))
        .output()
        .unwrap();
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

#[test]
fn eacces_on_a_low_port_depends_on_the_process_capabilities() {
    let (_, v) = diag(&["EACCES", ":80"]);
    shape(&v);
    assert_eq!(v["syscall"], "bind");
    let _ = check(&v, "perm-port-start");
    let start: u32 = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    if is_root() && start > 80 {
        // sockerr has the capability as root; the program that failed may
        // not, and that is the likely cause, not a security module.
        assert_eq!(status(&v, "perm-capabilities"), "info", "{v:#}");
        assert_eq!(conclusion(&v).0, "perm-capabilities", "{v:#}");
        assert_eq!(v["conclusion"]["fix_from"], "bind EACCES");
        // A root program that failed: its capability is there, so a
        // security module is what is left.
        let me = std::process::id().to_string();
        let (_, v) = diag(&["EACCES", ":80", "--pid", &me]);
        assert_eq!(status(&v, "perm-capabilities"), "fine", "{v:#}");
        assert_eq!(conclusion(&v).0, "perm-lsm", "{v:#}");
    }
    if need_root("EACCES as an ordinary user") {
        let (_, v) = as_nobody(&["EACCES", ":80"]);
        if start > 80 {
            assert_eq!(status(&v, "perm-capabilities"), "problem", "{v:#}");
            assert_eq!(conclusion(&v).0, "perm-capabilities");
            assert_eq!(v["conclusion"]["fix_from"], "bind EACCES");
        } else {
            // Ports from 80 are open to everyone here: nothing to blame.
            assert_eq!(status(&v, "perm-port-start"), "fine", "{v:#}");
        }
    }
}

/// An IPv6 wildcard listener, with IPV6_V6ONLY as asked.
fn listener6(v6only: bool) -> (OwnedFd, u16) {
    use nix::sys::socket::{
        bind, getsockname, listen, setsockopt, socket, sockopt, AddressFamily, Backlog, SockFlag,
        SockType, SockaddrIn6,
    };
    let fd = socket(
        AddressFamily::Inet6,
        SockType::Stream,
        SockFlag::SOCK_CLOEXEC,
        None,
    )
    .unwrap();
    setsockopt(&fd, sockopt::Ipv6V6Only, &v6only).unwrap();
    let any = SockaddrIn6::from(std::net::SocketAddrV6::new(
        std::net::Ipv6Addr::UNSPECIFIED,
        0,
        0,
        0,
    ));
    bind(fd.as_raw_fd(), &any).expect("IPv6 is needed for this test");
    listen(&fd, Backlog::new(16).unwrap()).unwrap();
    let port = getsockname::<SockaddrIn6>(fd.as_raw_fd()).unwrap().port();
    (fd, port)
}

/// sock_diag tells IPV6_V6ONLY, so the dual-stack collision is stated as
/// a fact; /proc does not, and the fallback says what it cannot know.
#[test]
fn a_dual_stack_listener_and_an_ipv6_only_one_beside_an_ipv4_bind() {
    if !need_sock_diag("stating IPV6_V6ONLY", false) {
        return;
    }
    // [::]:P with IPV6_V6ONLY off takes IPv4 too: 0.0.0.0:P is taken.
    let (dual, p) = listener6(false);
    let held = hold(vec![dual], None, None);
    let pid = format!("pid {} (sleep", held.pid());
    assert_eq!(
        TcpListener::bind(("0.0.0.0", p))
            .map_err(|e| e.kind())
            .err(),
        Some(std::io::ErrorKind::AddrInUse),
        "bind fails for real"
    );
    let (code, v) = diag_via(&["EADDRINUSE", &format!("0.0.0.0:{p}")], false);
    assert_eq!(code, 0);
    shape(&v);
    assert_eq!(status(&v, "port-listeners"), "problem", "{v:#}");
    let s = sentence(&v, "port-listeners");
    assert!(
        s.contains(&pid) && s.contains("IPV6_V6ONLY off: IPv4 too"),
        "{s}"
    );
    let (by, said) = conclusion(&v);
    assert_eq!(by, "port-listeners");
    assert!(said.contains("with IPV6_V6ONLY off"), "{said}");
    assert!(!said.contains("unless"), "a fact, not a guess: {said}");
    assert_eq!(v["conclusion"]["fix_from"], "bind EADDRINUSE");
    assert!(v["conclusion"]["fix"]
        .as_str()
        .unwrap()
        .contains("IPV6_V6ONLY"));
    assert!(check(&v, "port-listeners")["evidence"][0]["lines"][0]
        .as_str()
        .unwrap()
        .contains("v6only 0"));
    // The fallback cannot see the option: it says so, and still names it.
    let (_, f) = diag_via(&["EADDRINUSE", &format!("0.0.0.0:{p}")], true);
    assert_eq!(status(&f, "port-listeners"), "problem", "{f:#}");
    let (by, said) = conclusion(&f);
    assert_eq!(by, "port-listeners");
    assert!(said.contains("unless it set IPV6_V6ONLY"), "{said}");
    assert!(check(&f, "port-listeners")["evidence"][0]["source"]
        .as_str()
        .unwrap()
        .starts_with("/proc/net/tcp"));

    // [::]:Q with IPV6_V6ONLY on leaves IPv4 free: 0.0.0.0:Q binds.
    let (v6, q) = listener6(true);
    let held6 = hold(vec![v6], None, None);
    drop(TcpListener::bind(("0.0.0.0", q)).expect("IPv4 is free beside an IPv6-only listener"));
    let (_, v) = diag_via(&["EADDRINUSE", &format!("0.0.0.0:{q}")], false);
    assert_eq!(status(&v, "port-listeners"), "info", "{v:#}");
    assert!(
        sentence(&v, "port-listeners").contains("IPV6_V6ONLY on: IPv6 only"),
        "{v:#}"
    );
    assert!(v["causes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["check"] != "port-listeners"));
    // ... and refuses IPv4 clients, which the diagnosis says plainly.
    let e = TcpStream::connect(("127.0.0.1", q)).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused);
    let (_, v) = diag_via(&["ECONNREFUSED", &format!("127.0.0.1:{q}")], false);
    assert_eq!(status(&v, "refused-listeners"), "problem", "{v:#}");
    let s = sentence(&v, "refused-listeners");
    assert!(
        s.contains("IPV6_V6ONLY on: IPv6 only") && s.contains(&format!("pid {}", held6.pid())),
        "{s}"
    );
    assert_eq!(conclusion(&v).0, "refused-listeners");
    // The dual-stack one accepts IPv4: nothing is wrong with it now.
    let (_, v) = diag_via(&["ECONNREFUSED", &format!("127.0.0.1:{p}")], false);
    assert_eq!(status(&v, "refused-listeners"), "fine", "{v:#}");
    // Without sock_diag both are a maybe.
    let (_, f) = diag_via(&["ECONNREFUSED", &format!("127.0.0.1:{q}")], true);
    assert_eq!(status(&f, "refused-listeners"), "info", "{f:#}");
    assert!(
        sentence(&f, "refused-listeners").contains("unless it set IPV6_V6ONLY"),
        "{f:#}"
    );
    if need_root("the IPV6_V6ONLY diagnosis as an ordinary user") {
        // sock_diag answers every user.
        let (_, v) = as_nobody(&["EADDRINUSE", &format!("0.0.0.0:{p}")]);
        assert!(conclusion(&v).1.contains("with IPV6_V6ONLY off"), "{v:#}");
        assert!(!conclusion(&v).1.contains("pid "), "{v:#}");
    }
}

/// UDP (--udp): a bound socket held by a child, found by sock_diag and by
/// /proc alike, and said in English word order.
#[test]
fn a_udp_port_held_by_a_child() {
    let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = u.local_addr().unwrap().port();
    let child = hold(vec![u.into()], None, None);
    let (code, v) = diag(&["EADDRINUSE", &format!(":{port}"), "--udp"]);
    assert_eq!(code, 0);
    shape(&v);
    assert_eq!(status(&v, "port-listeners"), "problem", "{v:#}");
    let (by, said) = conclusion(&v);
    assert_eq!(by, "port-listeners");
    assert!(
        said.contains(&format!("pid {} (sleep", child.pid()))
            && said.contains(&format!("is already bound to 127.0.0.1:{port}")),
        "{said}"
    );
}
