//! The resolver checks (EAI_*) in a private network and mount namespace
//! (root): /etc/resolv.conf, nsswitch.conf and hosts are bind-mounted from
//! files the test writes, and the nameserver is either nothing or a
//! responder the test runs on 127.0.0.1 inside the namespace. `--probe`
//! never reaches a real DNS server: the namespace has only loopback.

use super::host::{as_nobody, need_root, Scratch};
use super::netns::{in_netns, sh};
use super::{diag, sentence, shape, status};
use serde_json::Value;
use std::net::UdpSocket;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Writes the three files and bind-mounts them over /etc, in the calling
/// thread's (private) mount namespace.
fn etc(dir: &Scratch, resolv: &str, nsswitch: &str, hosts: &str) {
    for (name, text) in [
        ("resolv.conf", resolv),
        ("nsswitch.conf", nsswitch),
        ("hosts", hosts),
    ] {
        let p = dir.0.join(name);
        std::fs::write(&p, text).unwrap();
        sh(&format!("mount --bind {} /etc/{name}", p.display()));
    }
}

fn conclusion(v: &Value) -> &str {
    v["conclusion"]["check"].as_str().unwrap_or("")
}

/// A DNS responder on a bound UDP socket: `db.internal` has the A record
/// 10.1.2.3 (and no AAAA); every other name is NXDOMAIN. Counts queries.
struct Responder<'a> {
    sock: &'a UdpSocket,
    stop: &'a AtomicBool,
    queries: &'a AtomicUsize,
}

impl Responder<'_> {
    fn serve(&self) {
        self.sock
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let mut buf = [0u8; 1500];
        // Bounded: the test stops it, and it gives up after 60 s anyway.
        let start = std::time::Instant::now();
        while !self.stop.load(Ordering::Relaxed) && start.elapsed() < Duration::from_secs(60) {
            let Ok((n, from)) = self.sock.recv_from(&mut buf) else {
                continue;
            };
            if let Some(reply) = answer(&buf[..n]) {
                self.queries.fetch_add(1, Ordering::Relaxed);
                let _ = self.sock.send_to(&reply, from);
            }
        }
    }
}

fn answer(q: &[u8]) -> Option<Vec<u8>> {
    if q.len() < 12 {
        return None;
    }
    // The question: labels up to the root, then type and class.
    let mut i = 12;
    let mut labels = Vec::new();
    while *q.get(i)? != 0 {
        let len = usize::from(q[i]);
        labels.push(String::from_utf8_lossy(q.get(i + 1..i + 1 + len)?).to_lowercase());
        i += 1 + len;
    }
    let qend = i + 5;
    let qtype = u16::from_be_bytes([*q.get(i + 1)?, *q.get(i + 2)?]);
    let name = labels.join(".");
    let known = name == "db.internal";
    let mut r = Vec::new();
    r.extend_from_slice(&q[..2]);
    let rcode = if known { 0 } else { 3 };
    r.extend_from_slice(&[0x81 | (q[2] & 0x01), 0x80 | rcode]);
    r.extend_from_slice(&[0, 1]);
    let a = known && qtype == 1;
    r.extend_from_slice(&[0, u8::from(a), 0, 0, 0, 0]);
    r.extend_from_slice(q.get(12..qend)?);
    if a {
        r.extend_from_slice(&[0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 2, 3]);
    }
    Some(r)
}

#[test]
fn a_stub_resolver_that_is_not_running() {
    if !need_root("private network and mount namespaces") {
        return;
    }
    let dir = Scratch::new("stub");
    in_netns(true, || {
        etc(
            &dir,
            "nameserver 127.0.0.53\noptions edns0 trust-ad timeout:1 attempts:1\nsearch corp.example\n",
            "hosts: files dns\n",
            "127.0.0.1 localhost\n",
        );
        let check_it = |v: &Value| {
            shape(v);
            assert_eq!(v["errno"]["name"], "EAI_AGAIN");
            assert!(
                sentence(v, "resolver-resolv-conf").contains("nameservers 127.0.0.53"),
                "{v:#}"
            );
            assert!(
                sentence(v, "resolver-search").contains("db.internal.corp.example"),
                "{v:#}"
            );
            assert_eq!(status(v, "resolver-stub"), "problem", "{v:#}");
            assert!(
                sentence(v, "resolver-stub").contains("systemd-resolved"),
                "{v:#}"
            );
            assert_eq!(status(v, "resolver-probe"), "problem", "{v:#}");
            assert!(sentence(v, "resolver-probe").contains("EAI_AGAIN"), "{v:#}");
            assert_eq!(conclusion(v), "resolver-stub");
            // The fix is the knowledge base's, for getaddrinfo's EAI_AGAIN.
            assert!(v["conclusion"]["fix"]
                .as_str()
                .unwrap()
                .contains("Point resolv.conf at a server"));
            assert_eq!(
                v["conclusion"]["fix_from"], "getaddrinfo EAI_AGAIN",
                "{v:#}"
            );
        };
        let (code, v) = diag(&["EAI_AGAIN", "db.internal", "--probe"]);
        assert_eq!(code, 0);
        check_it(&v);
        check_it(&as_nobody(&["EAI_AGAIN", "db.internal", "--probe"]).1);
        let (_, zh, _) =
            crate::util::run(&["diagnose", "EAI_AGAIN", "db.internal", "--lang", "zh"]);
        assert!(zh.contains("systemd-resolved 的存根解析器"), "{zh}");

        // Docker's embedded DNS: nothing bound to 127.0.0.11, then a socket
        // on another port of it, the way Docker redirects port 53.
        etc(
            &dir,
            "nameserver 127.0.0.11\n",
            "hosts: files dns\n",
            "127.0.0.1 localhost\n",
        );
        let (_, v) = diag(&["EAI_AGAIN", "db.internal"]);
        assert_eq!(status(&v, "resolver-stub"), "problem", "{v:#}");
        assert!(sentence(&v, "resolver-stub").contains("Docker"), "{v:#}");
        let _dns = UdpSocket::bind("127.0.0.11:40053").unwrap();
        let (_, v) = diag(&["EAI_AGAIN", "db.internal"]);
        assert_eq!(status(&v, "resolver-stub"), "fine", "{v:#}");
    });
}

#[test]
fn a_responder_that_knows_one_name() {
    if !need_root("private network and mount namespaces") {
        return;
    }
    let dir = Scratch::new("responder");
    in_netns(true, || {
        let sock = UdpSocket::bind("127.0.0.1:53").unwrap();
        let stop = AtomicBool::new(false);
        let queries = AtomicUsize::new(0);
        etc(
            &dir,
            "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n",
            "hosts: files dns\n",
            "127.0.0.1 localhost\n",
        );
        std::thread::scope(|s| {
            s.spawn(|| {
                Responder {
                    sock: &sock,
                    stop: &stop,
                    queries: &queries,
                }
                .serve()
            });
            // A name that does not exist: NXDOMAIN.
            let (code, v) = diag(&["EAI_NONAME", "nx.example", "--probe"]);
            stop_on_panic(&stop, || {
                assert_eq!(code, 0);
                shape(&v);
                assert_eq!(status(&v, "resolver-stub"), "fine", "{v:#}");
                assert_eq!(status(&v, "resolver-probe"), "problem", "{v:#}");
                assert!(
                    sentence(&v, "resolver-probe").contains("EAI_NONAME"),
                    "{v:#}"
                );
                assert_eq!(conclusion(&v), "resolver-probe");
                assert!(v["conclusion"]["sentence"]
                    .as_str()
                    .unwrap()
                    .contains("does not exist"));
                assert!(
                    queries.load(Ordering::Relaxed) > 0,
                    "the probe asked our responder"
                );
                // A name it knows: the probe says it resolves now.
                let (_, v) = diag(&["EAI_AGAIN", "db.internal", "--probe"]);
                assert_eq!(status(&v, "resolver-probe"), "info", "{v:#}");
                assert!(sentence(&v, "resolver-probe").contains("10.1.2.3"), "{v:#}");
                assert_eq!(v["conclusion"]["found"], false, "{v:#}");
                assert!(
                    v["conclusion"]["sentence"]
                        .as_str()
                        .unwrap()
                        .contains("--probe tries"),
                    "{v:#}"
                );
            });
            stop.store(true, Ordering::Relaxed);
        });
    });
}

/// Stops the responder before a failed assertion unwinds, so the scope ends.
fn stop_on_panic(stop: &AtomicBool, f: impl FnOnce()) {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    if let Err(e) = r {
        stop.store(true, Ordering::Relaxed);
        std::panic::resume_unwind(e);
    }
}

#[test]
fn nsswitch_that_skips_the_hosts_file() {
    if !need_root("private network and mount namespaces") {
        return;
    }
    let dir = Scratch::new("nsswitch");
    in_netns(true, || {
        etc(
            &dir,
            "nameserver 127.0.0.1\n",
            "hosts: dns\n",
            "127.0.0.1 localhost\n10.1.2.3 db.internal\n",
        );
        let (_, v) = diag(&["EAI_NONAME", "db.internal"]);
        shape(&v);
        assert_eq!(status(&v, "resolver-nsswitch"), "problem", "{v:#}");
        assert!(
            sentence(&v, "resolver-hosts-file").contains("maps db.internal to 10.1.2.3"),
            "{v:#}"
        );
        assert_eq!(conclusion(&v), "resolver-nsswitch");
        assert!(v["conclusion"]["fix"]
            .as_str()
            .unwrap()
            .contains("Put the sources on the hosts: line in the intended order"));
        assert_eq!(
            v["conclusion"]["fix_from"], "getaddrinfo EAI_NONAME",
            "{v:#}"
        );
        // ECONNREFUSED to localhost reads /etc/hosts only.
        let (code, v) = diag(&["ECONNREFUSED", "db.internal:9"]);
        assert_eq!(code, 0);
        assert!(sentence(&v, "refused-hosts").contains("10.1.2.3"), "{v:#}");
    });
}
