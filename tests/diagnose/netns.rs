//! Situations in a private network namespace (root): a narrowed ephemeral
//! range, unreachable/prohibit/blackhole routes and a prohibit rule, a
//! link without carrier, a tentative IPv6 address, a full listen queue, a
//! firewall REJECT rule, resets while the counters are watched. Each test
//! runs on a thread of its own that unshares its network namespace; the
//! processes it spawns (ip, nft, sockerr, setpriv) share it, and nothing
//! it does is seen outside.

use super::host::{as_nobody, need_root};
use super::{diag, diag_via, need_sock_diag, sentence, shape, status};
use serde_json::Value;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `f` on a fresh thread in a new network namespace (and, with
/// `mount`, a new mount namespace whose mounts do not propagate back),
/// with loopback up.
pub fn in_netns<T: Send>(mount: bool, f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut flags = libc::CLONE_NEWNET;
            if mount {
                flags |= libc::CLONE_NEWNS;
            }
            // SAFETY: unshare affects this thread only (neither flag needs
            // a single-threaded process).
            let rc = unsafe { libc::unshare(flags) };
            assert_eq!(rc, 0, "unshare: {}", std::io::Error::last_os_error());
            if mount {
                // SAFETY: plain mount(2) with static strings; it changes
                // propagation in the new mount namespace only.
                let rc = unsafe {
                    libc::mount(
                        c"none".as_ptr(),
                        c"/".as_ptr(),
                        std::ptr::null(),
                        libc::MS_REC | libc::MS_PRIVATE,
                        std::ptr::null(),
                    )
                };
                assert_eq!(
                    rc,
                    0,
                    "mount --make-rprivate /: {}",
                    std::io::Error::last_os_error()
                );
            }
            sh("ip link set lo up");
            f()
        })
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

/// Runs a shell command (in the calling thread's namespaces); it must succeed.
pub fn sh(cmd: &str) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn conclusion(v: &Value) -> &str {
    v["conclusion"]["check"].as_str().unwrap_or("")
}

/// What connect() really returns for `addr`, to show the situation is real.
fn connect_errno(addr: &str) -> Option<i32> {
    let sa: SocketAddr = addr.parse().unwrap();
    TcpStream::connect_timeout(&sa, Duration::from_secs(2))
        .err()
        .and_then(|e| e.raw_os_error())
}

#[test]
fn a_narrowed_ephemeral_range() {
    if !need_root("a private network namespace") {
        return;
    }
    in_netns(false, || {
        sh("echo '40000 40003' > /proc/sys/net/ipv4/ip_local_port_range");
        let l = TcpListener::bind("127.0.0.1:5000").unwrap();
        let conns: Vec<TcpStream> = (0..4)
            .map(|_| TcpStream::connect("127.0.0.1:5000").unwrap())
            .collect();
        // For real: the fifth connection has no local port left.
        assert_eq!(connect_errno("127.0.0.1:5000"), Some(libc::EADDRNOTAVAIL));
        let check_it = |v: &Value| {
            shape(v);
            assert_eq!(v["syscall"], "connect");
            assert_eq!(status(v, "ephemeral-range"), "problem", "{v:#}");
            assert!(
                sentence(v, "ephemeral-range").contains("40000-40003 has 4 usable ports"),
                "{v:#}"
            );
            assert_eq!(status(v, "ephemeral-in-use"), "problem", "{v:#}");
            assert!(
                sentence(v, "ephemeral-in-use").starts_with("4 of 4 usable local ports"),
                "{v:#}"
            );
            assert_eq!(conclusion(v), "ephemeral-in-use");
            assert_eq!(v["conclusion"]["fix_from"], "connect EADDRNOTAVAIL");
        };
        let (code, v) = diag(&["EADDRNOTAVAIL", "127.0.0.1:5000"]);
        assert_eq!(code, 0);
        check_it(&v);
        check_it(&as_nobody(&["EADDRNOTAVAIL", "127.0.0.1:5000"]).1);

        // The same ports in TIME_WAIT, which tcp_tw_reuse = 0 keeps.
        sh("echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse");
        let servers: Vec<TcpStream> = (0..4).map(|_| l.accept().unwrap().0).collect();
        drop(conns);
        std::thread::sleep(Duration::from_millis(100));
        drop(servers);
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(connect_errno("127.0.0.1:5000"), Some(libc::EADDRNOTAVAIL));
        let (_, v) = diag(&["EADDRNOTAVAIL", "127.0.0.1:5000"]);
        assert_eq!(status(&v, "ephemeral-time-wait"), "problem", "{v:#}");
        assert!(
            sentence(&v, "ephemeral-in-use").contains("4 in TIME_WAIT"),
            "{v:#}"
        );
        let causes: Vec<&str> = v["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["check"].as_str().unwrap())
            .collect();
        assert!(causes.contains(&"ephemeral-time-wait"), "{causes:?}");
        // Mostly TIME_WAIT: keep connections instead of opening new ones.
        assert!(
            v["conclusion"]["fix"]
                .as_str()
                .unwrap()
                .contains("Reuse connections"),
            "{v:#}"
        );
    });
}

#[test]
fn unreachable_prohibit_and_blackhole_routes() {
    if !need_root("a private network namespace") {
        return;
    }
    in_netns(false, || {
        sh("ip route add unreachable 198.51.100.0/24 \
            && ip route add prohibit 203.0.113.0/24 \
            && ip route add blackhole 192.0.2.0/24 \
            && ip rule add prohibit to 100.64.0.0/10 priority 100");
        let cases = [
            (
                "EHOSTUNREACH",
                "198.51.100.7",
                libc::EHOSTUNREACH,
                "unreachable 198.51.100.0/24",
                "connect EHOSTUNREACH",
            ),
            (
                "EACCES",
                "203.0.113.5",
                libc::EACCES,
                "prohibit 203.0.113.0/24",
                "connect EACCES",
            ),
            (
                "EINVAL",
                "192.0.2.9",
                libc::EINVAL,
                "blackhole 192.0.2.0/24",
                "connect EINVAL",
            ),
            (
                "EACCES",
                "100.64.1.1",
                libc::EACCES,
                "rule 100: to 100.64.0.0/10 prohibit",
                "connect EACCES",
            ),
            (
                "ENETUNREACH",
                "10.9.9.9",
                libc::ENETUNREACH,
                "no route to 10.9.9.9",
                "connect ENETUNREACH",
            ),
        ];
        for (name, addr, errno, says, fix) in cases {
            // For real: connect() fails so, at the route lookup, sending nothing.
            assert_eq!(connect_errno(&format!("{addr}:80")), Some(errno), "{addr}");
            let check_it = |v: &Value| {
                shape(v);
                assert_eq!(v["syscall"], "connect");
                assert_eq!(status(v, "route-lookup"), "problem", "{v:#}");
                assert!(sentence(v, "route-lookup").contains(says), "{addr}: {v:#}");
                assert_eq!(conclusion(v), "route-lookup");
                assert_eq!(v["conclusion"]["fix_from"], fix, "{addr}");
            };
            let (code, v) = diag(&[name, addr]);
            assert_eq!(code, 0);
            check_it(&v);
            check_it(&as_nobody(&[name, addr]).1);
            if name == "ENETUNREACH" {
                assert_eq!(status(&v, "route-default"), "problem");
                assert!(sentence(&v, "route-default").contains("no IPv4 default route"));
            }
        }
    });
}

#[test]
fn a_link_without_carrier_a_failed_neighbour_and_a_tentative_address() {
    if !need_root("a private network namespace") {
        return;
    }
    in_netns(false, || {
        // va is up, its peer vb down: no carrier, so nothing is ever sent.
        sh("ip link add va type veth peer name vb \
            && ip link set va up \
            && ip addr add 10.50.0.1/24 dev va \
            && ip neigh replace 10.50.0.7 dev va nud failed \
            && ip addr add 2001:db8::5/64 dev va");
        let (_, v) = diag(&["EHOSTUNREACH", "10.50.0.7"]);
        shape(&v);
        assert_eq!(status(&v, "route-lookup"), "fine", "{v:#}");
        assert!(sentence(&v, "route-lookup").contains("dev va"), "{v:#}");
        assert_eq!(status(&v, "route-interface"), "problem", "{v:#}");
        assert!(
            sentence(&v, "route-interface").contains("va, which is down"),
            "{v:#}"
        );
        assert_eq!(status(&v, "route-neighbour"), "problem", "{v:#}");
        assert!(
            sentence(&v, "route-neighbour").contains("10.50.0.7 on va is FAILED"),
            "{v:#}"
        );
        let fixes: Vec<&str> = v["causes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["fix_from"].as_str())
            .collect();
        assert!(fixes.contains(&"connect EHOSTUNREACH"), "{fixes:?}");

        // bind(): a tentative IPv6 address, an assigned one, a missing one.
        let e = TcpListener::bind("[2001:db8::5]:8080").unwrap_err();
        assert_eq!(
            e.raw_os_error(),
            Some(libc::EADDRNOTAVAIL),
            "bind fails for real"
        );
        let (_, v) = diag(&["EADDRNOTAVAIL", "[2001:db8::5]:8080", "--syscall", "bind"]);
        assert_eq!(v["syscall"], "bind");
        assert_eq!(status(&v, "address-assigned"), "problem", "{v:#}");
        assert!(
            sentence(&v, "address-assigned").contains("tentative"),
            "{v:#}"
        );
        assert_eq!(v["conclusion"]["fix_from"], "bind EADDRNOTAVAIL");
        let (_, v) = diag(&["EADDRNOTAVAIL", "10.50.0.1:8080", "--syscall", "bind"]);
        assert_eq!(status(&v, "address-assigned"), "fine", "{v:#}");
        for who in [
            diag(&["EADDRNOTAVAIL", "10.50.0.99:8080", "--syscall", "bind"]).1,
            as_nobody(&["EADDRNOTAVAIL", "10.50.0.99:8080", "--syscall", "bind"]).1,
        ] {
            assert_eq!(status(&who, "address-assigned"), "problem", "{who:#}");
            assert!(sentence(&who, "address-assigned").contains("not assigned to any interface"));
            assert_eq!(conclusion(&who), "address-assigned");
        }
    });
}

#[test]
fn a_full_listen_queue_makes_clients_time_out() {
    if !need_root("a private network namespace")
        || !need_sock_diag("reading a listener's backlog", false)
    {
        return;
    }
    in_netns(false, || {
        use nix::sys::socket::{
            bind, connect, listen, socket, AddressFamily, Backlog, SockFlag, SockType, SockaddrIn,
        };
        use std::os::fd::AsRawFd;
        let sa = SockaddrIn::new(127, 0, 0, 1, 6000);
        let l = socket(
            AddressFamily::Inet,
            SockType::Stream,
            SockFlag::SOCK_CLOEXEC,
            None,
        )
        .unwrap();
        bind(l.as_raw_fd(), &sa).unwrap();
        listen(&l, Backlog::new(1).unwrap()).unwrap();
        // Nobody accepts: after two, SYNs are dropped and retransmitted
        // (after 1 s, 3 s, ...), and each drop counts as an overflow.
        let mut clients = Vec::new();
        for _ in 0..6 {
            let c = socket(
                AddressFamily::Inet,
                SockType::Stream,
                SockFlag::SOCK_NONBLOCK,
                None,
            )
            .unwrap();
            let _ = connect(c.as_raw_fd(), &sa);
            clients.push(c);
        }
        std::thread::sleep(Duration::from_millis(200));
        // sock_diag tells the queue (2 waiting) and its limit (backlog 1):
        // full, said at once, without watching the counters.
        let full = |v: &Value| {
            shape(v);
            assert_eq!(status(v, "timeout-listen-queue"), "problem", "{v:#}");
            let s = sentence(v, "timeout-listen-queue");
            assert!(
                s.contains("has a full accept queue: 2 connections wait to be accepted, over its backlog of 1"),
                "{s}"
            );
            assert_eq!(conclusion(v), "timeout-listen-queue");
            assert_eq!(v["conclusion"]["fix_from"], "connect ETIMEDOUT");
            assert!(v["conclusion"]["fix"].as_str().unwrap().contains("backlog"));
        };
        let (code, v) = diag_via(&["ETIMEDOUT", "127.0.0.1:6000"], false);
        assert_eq!(code, 0);
        full(&v);
        let ev = &super::check(&v, "timeout-listen-queue")["evidence"];
        assert!(
            ev[0]["lines"][0]
                .as_str()
                .unwrap()
                .contains("accept-queue 2 backlog 1"),
            "{ev}"
        );
        assert!(
            !ev.to_string().contains('→'),
            "no sampling was needed: {ev}"
        );
        assert!(sentence(&v, "timeout-connect").contains("tcp_syn_retries"));
        full(&as_nobody(&["ETIMEDOUT", "127.0.0.1:6000"]).1);
        // Watching as well: the dropped SYNs' retransmissions overflow it.
        let (_, v) = diag_via(&["ETIMEDOUT", "127.0.0.1:6000", "--seconds", "3"], false);
        full(&v);
        assert!(
            sentence(&v, "timeout-listen-queue").contains("dropped in 3.0 s of watching"),
            "{v:#}"
        );
        // /proc shows the queue but not its limit: the fallback watches the
        // counters, which is the proof there.
        let (_, v) = diag_via(&["ETIMEDOUT", "127.0.0.1:6000", "--seconds", "3"], true);
        assert_eq!(status(&v, "timeout-listen-queue"), "problem", "{v:#}");
        assert!(
            sentence(&v, "timeout-listen-queue").contains("overflowed"),
            "{v:#}"
        );
        assert_eq!(conclusion(&v), "timeout-listen-queue");
        // A refusal is not what a full queue gives: it says so.
        let (_, v) = diag_via(&["ECONNREFUSED", "127.0.0.1:6000"], false);
        assert_eq!(status(&v, "refused-accept-queue"), "info", "{v:#}");
        assert!(
            sentence(&v, "refused-accept-queue").contains("time out (ETIMEDOUT)"),
            "{v:#}"
        );
        drop(clients);
    });
}

/// A destination whose packets vanish, as behind a firewall that drops: a
/// veth pair in the test's own namespace, both ends up, and a neighbour
/// entry for the destination with a MAC address nobody has, so the SYN
/// crosses to the other end and is discarded there without a word.
#[test]
fn a_remote_destination_that_drops() {
    if !need_root("a private network namespace") {
        return;
    }
    in_netns(false, || {
        sh("ip link add va type veth peer name vb \
            && ip link set va up && ip link set vb up \
            && ip addr add 10.77.0.1/24 dev va \
            && ip neigh replace 10.77.0.9 lladdr 02:00:00:00:00:09 dev va nud permanent");
        // For real: no answer at all, neither a reset nor an ICMP error.
        let e =
            TcpStream::connect_timeout(&"10.77.0.9:443".parse().unwrap(), Duration::from_secs(1))
                .unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::TimedOut, "{e}");
        let (_, v) = diag(&["ETIMEDOUT", "10.77.0.9:443"]);
        shape(&v);
        assert_eq!(status(&v, "route-lookup"), "fine", "{v:#}");
        assert_eq!(status(&v, "timeout-remote"), "info", "{v:#}");
        assert_eq!(conclusion(&v), "timeout-remote");
        assert_eq!(v["conclusion"]["fix_from"], "connect ETIMEDOUT");
        // One attempt, which gets no answer: now it is seen, not supposed.
        let (_, v) = diag(&["ETIMEDOUT", "10.77.0.9:443", "--probe"]);
        assert_eq!(status(&v, "probe-connect"), "problem", "{v:#}");
        assert_eq!(conclusion(&v), "probe-connect");
        assert!(
            v["conclusion"]["sentence"]
                .as_str()
                .unwrap()
                .contains("got no answer"),
            "{v:#}"
        );
    });
}

fn have_nft() -> bool {
    Command::new("nft")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_firewall_rule_that_rejects_the_port() {
    if !need_root("a private network namespace") {
        return;
    }
    if !have_nft() {
        assert!(
            std::env::var_os("CI").is_none(),
            "nft is missing on CI: .ci/run should install nftables"
        );
        eprintln!("NOTE: not run: the firewall test needs nft (apt-get install nftables)");
        return;
    }
    in_netns(false, || {
        sh("nft add table inet sockerr_test \
            && nft add chain inet sockerr_test input '{ type filter hook input priority 0; }' \
            && nft add rule inet sockerr_test input tcp dport 7000 reject with tcp reset");
        // The server runs, and is refused anyway.
        let _l = TcpListener::bind("127.0.0.1:7000").unwrap();
        assert_eq!(connect_errno("127.0.0.1:7000"), Some(libc::ECONNREFUSED));
        let (_, v) = diag(&["ECONNREFUSED", "127.0.0.1:7000"]);
        shape(&v);
        assert_eq!(status(&v, "refused-listeners"), "fine", "{v:#}");
        assert_eq!(status(&v, "firewall-rules"), "problem", "{v:#}");
        assert_eq!(conclusion(&v), "firewall-rules");
        assert!(v["conclusion"]["sentence"]
            .as_str()
            .unwrap()
            .contains("sockerr_test"));
        assert_eq!(v["conclusion"]["fix_from"], "connect ECONNREFUSED");
        // An ordinary user cannot read the rules: it says so, and blames
        // nothing it did not see.
        let (_, v) = as_nobody(&["ECONNREFUSED", "127.0.0.1:7000"]);
        assert_eq!(status(&v, "firewall-rules"), "could-not-see", "{v:#}");
        assert!(v["causes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["check"] != "firewall-rules"));
        assert!(
            v["conclusion"]["sentence"]
                .as_str()
                .unwrap()
                .contains("firewall"),
            "{v:#}"
        );
    });
}

#[test]
fn resets_move_the_counters_while_watched() {
    if !need_root("a private network namespace") {
        return;
    }
    in_netns(false, || {
        let child = spawn(&["diagnose", "ECONNRESET", "--seconds", "2", "--json"]);
        // Closing a socket with unread data sends a reset (TCPAbortOnClose).
        let start = Instant::now();
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        while start.elapsed() < Duration::from_millis(2600) {
            let mut c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
            let (s, _) = l.accept().unwrap();
            c.write_all(b"unread").unwrap();
            std::thread::sleep(Duration::from_millis(20));
            drop(s);
            drop(c);
            std::thread::sleep(Duration::from_millis(30));
        }
        let out = child.wait_with_output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        shape(&v);
        assert_eq!(status(&v, "reset-counters"), "problem", "{v:#}");
        assert!(
            sentence(&v, "reset-counters").contains("TcpExt.TCPAbortOnClose +"),
            "{v:#}"
        );
        let abort = v["causes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["sentence"].as_str().unwrap().contains("TCPAbortOnClose"))
            .expect("a cause for the aborts");
        assert_eq!(abort["fix_from"], "recv ECONNRESET");
    });
}

/// The binary started in the background (assert_cmd only runs to the end),
/// with the same scrubbed environment as `util::sockerr()`.
fn spawn(args: &[&str]) -> std::process::Child {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("sockerr"));
    for var in crate::util::SCRUBBED {
        c.env_remove(var);
    }
    c.args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sockerr starts")
}
