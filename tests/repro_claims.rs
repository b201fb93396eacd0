//! `repro` cases that hold the knowledge base's corrected claims (issue 9
//! §2) to the kernel, with the tools that show them: the successes folklore
//! gets wrong, `ss -xl` on a full AF_UNIX queue, strace's ERESTARTSYS.
//! Split from `repro.rs`, which holds the harness and the catalogue checks.
#![cfg(target_os = "linux")]

use crate::repro::{json, Scratch};
use serde_json::Value;

/// A tool a test needs: present, or the test says so loudly; on CI
/// (`CI` set) a missing tool is a failure, since `.ci/run` installs it.
fn have_tool(tool: &str, args: &[&str]) -> bool {
    let ok = std::process::Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is missing on CI: .ci/run should install it"
        );
        eprintln!("skipped: {tool} is not installed");
    }
    ok
}

/// The cases (run through the binary, as JSON) for one pair, by id.
fn outcomes(errno: &str, call: &str) -> Vec<Value> {
    let (code, v) = json(&["repro", errno, "--syscall", call, "--json"]);
    assert_eq!(code, 0, "{v}");
    v.as_array().unwrap().clone()
}

fn case_steps<'a>(all: &'a [Value], id: &str) -> &'a [Value] {
    let c = all
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"));
    assert_eq!(c["matched"], true, "{id}: {c}");
    c["steps"].as_array().unwrap()
}

/// Issue 9 §2: where folklore expects an error, the kernel succeeds, and
/// each case shows that success as a step before the call that does fail.
/// (Each case also records a problem, and so fails, if the success does
/// not happen; this test keeps those steps from quietly disappearing.)
#[test]
fn the_successes_folklore_gets_wrong_are_shown() {
    let ok_step = |steps: &[Value], starts: &str, contains: &str, ret: i64| {
        let s = steps
            .iter()
            .find(|s| {
                let c = s["call"].as_str().unwrap();
                c.starts_with(starts) && c.contains(contains) && s["under_test"] == false
            })
            .unwrap_or_else(|| panic!("no step {starts}…{contains} in {steps:?}"));
        assert!(s["errno"].is_null() && s["ret"] == ret, "{s}");
    };
    // send: a connected seqpacket socket takes sendto() with an address.
    let all = outcomes("EISCONN", "send");
    let steps = case_steps(&all, "send-isconn");
    ok_step(steps, "socket(AF_UNIX, SOCK_SEQPACKET", "", 3);
    ok_step(
        steps,
        "sendto(4, \"x\", 1, MSG_NOSIGNAL, \"",
        "nobody.sock",
        1,
    );
    ok_step(steps, "recv(5, \"x\"", "", 1);
    let key = steps.iter().find(|s| s["under_test"] == true).unwrap();
    assert!(
        key["call"].as_str().unwrap().starts_with("sendto("),
        "{key}"
    );
    // bind: 108 bytes of sun_path and no NUL are accepted.
    let all = outcomes("EINVAL", "bind");
    let steps = case_steps(&all, "bind-inval-sunpath");
    ok_step(steps, "bind(", "}, 110)", 0);
    let key = steps.iter().find(|s| s["under_test"] == true).unwrap();
    assert!(key["call"].as_str().unwrap().ends_with("}, 111)"), "{key}");
    // socket: AF_UNIX takes protocol 1.
    let all = outcomes("EPROTONOSUPPORT", "socket");
    let steps = case_steps(&all, "socket-protonosupport-unix");
    ok_step(steps, "socket(AF_UNIX, SOCK_STREAM, 1)", "", 3);
    // listen: against a listening socket it is bind() that fails, with
    // SO_REUSEADDR on both; listen() fails only after two early binds.
    let all = outcomes("EADDRINUSE", "bind");
    for id in ["bind-addrinuse-reuseaddr", "bind-addrinuse-dualstack"] {
        let c = all.iter().find(|c| c["id"] == id).unwrap();
        if c["skipped"].is_string() {
            eprintln!("note: {id} skipped here: {}", c["skipped"]);
            continue;
        }
        let steps = case_steps(&all, id);
        let reuse = steps
            .iter()
            .filter(|s| s["call"].as_str().unwrap().contains("SO_REUSEADDR, [1]"))
            .count();
        assert_eq!(reuse, 2, "{id}: SO_REUSEADDR on both sockets");
        let listen = steps
            .iter()
            .position(|s| s["call"].as_str().unwrap().starts_with("listen("))
            .unwrap();
        let key = steps.iter().position(|s| s["under_test"] == true).unwrap();
        assert!(
            listen < key,
            "{id}: the first socket listens before the bind"
        );
    }
    let all = outcomes("EADDRINUSE", "listen");
    let steps = case_steps(&all, "listen-addrinuse");
    let binds = steps
        .iter()
        .filter(|s| s["call"].as_str().unwrap().starts_with("bind(") && s["ret"] == 0)
        .count();
    assert_eq!(
        binds, 2,
        "both binds succeed before anyone listens: {steps:?}"
    );
}

/// Issue 9 §2, connect EAGAIN: `ss -xl` shows a full AF_UNIX accept queue
/// as Recv-Q greater than Send-Q (backlog 2: Recv-Q 3, Send-Q 2); at
/// Recv-Q equal to Send-Q a non-blocking connect still gets in.
#[test]
fn ss_shows_a_full_unix_queue_as_recv_q_above_send_q() {
    use nix::sys::socket::{
        bind, connect, listen, socket, AddressFamily, Backlog, SockFlag, SockType, UnixAddr,
    };
    if !have_tool("ss", &["-V"]) {
        return;
    }
    let tmp = Scratch::new("ss");
    let path = tmp.0.join("q.sock");
    let addr = UnixAddr::new(&path).unwrap();
    let flags = SockFlag::SOCK_CLOEXEC;
    let l = socket(AddressFamily::Unix, SockType::Stream, flags, None).unwrap();
    bind(std::os::fd::AsRawFd::as_raw_fd(&l), &addr).unwrap();
    listen(&l, Backlog::new(2).unwrap()).unwrap();
    let queue = || {
        let out = std::process::Command::new("ss")
            .arg("-xl")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = text
            .lines()
            .find(|l| l.contains(path.to_str().unwrap()))
            .unwrap_or_else(|| panic!("{} not in ss -xl:\n{text}", path.display()));
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f[..2], ["u_str", "LISTEN"], "{line}");
        (f[2].parse::<u32>().unwrap(), f[3].parse::<u32>().unwrap())
    };
    let mut seen = vec![queue()];
    let mut clients = Vec::new();
    let refused = loop {
        assert!(clients.len() < 8, "8 connections queued: {seen:?}");
        let c = socket(
            AddressFamily::Unix,
            SockType::Stream,
            flags | SockFlag::SOCK_NONBLOCK,
            None,
        )
        .unwrap();
        match connect(std::os::fd::AsRawFd::as_raw_fd(&c), &addr) {
            Ok(()) => clients.push(c),
            Err(e) => break e,
        }
        seen.push(queue());
    };
    assert_eq!(refused, nix::errno::Errno::EAGAIN);
    // (Recv-Q, Send-Q) after 0, 1, 2 and 3 connections; the fourth failed.
    assert_eq!(seen, [(0, 2), (1, 2), (2, 2), (3, 2)]);
}

/// Issue 9 §2, connect EINTR: strace shows `= ? ERESTARTSYS` for an
/// interrupted connect() that is not restarted (no SA_RESTART): then the
/// signal, then rt_sigreturn returning EINTR to the program.
#[test]
fn strace_shows_erestartsys_also_when_not_restarted() {
    if !have_tool("strace", &["-V"]) {
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("sockerr");
    let out = std::process::Command::new("strace")
        .args([
            "-f",
            "-q",
            "-e",
            "trace=connect,rt_sigreturn",
            "-e",
            "signal=SIGALRM",
        ])
        .arg(&bin)
        .args(["repro", "EINTR", "--syscall", "connect", "--json"])
        .output()
        .unwrap();
    let trace = String::from_utf8_lossy(&out.stderr);
    let v: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(_) => {
            // strace could not trace here (no ptrace in this container).
            assert!(
                std::env::var_os("CI").is_none(),
                "strace cannot trace on CI: {trace}"
            );
            eprintln!("skipped: strace cannot trace here: {trace}");
            return;
        }
    };
    assert_eq!(v[0]["id"], "connect-intr");
    assert_eq!(v[0]["matched"], true, "{v}");
    // The child's lines: [pid N] connect(...) = ? ERESTARTSYS ...
    let lines: Vec<&str> = trace.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            l.contains("connect(")
                && l.contains("= ? ERESTARTSYS (To be restarted if SA_RESTART is set)")
        })
        .unwrap_or_else(|| panic!("no interrupted connect in:\n{trace}"));
    let pid = lines[at]
        .strip_prefix("[pid")
        .and_then(|r| r.split(']').next())
        .map(str::trim)
        .unwrap_or_else(|| panic!("the child's line has its pid: {}", lines[at]));
    let child: Vec<&str> = lines[at + 1..]
        .iter()
        .filter_map(|l| {
            l.strip_prefix("[pid")
                .and_then(|r| r.split_once(']'))
                .filter(|(p, _)| p.trim() == pid)
                .map(|(_, rest)| rest.trim())
        })
        .collect();
    assert!(
        child.len() >= 3
            && child[0].starts_with("--- SIGALRM ")
            && child[1].starts_with("rt_sigreturn(")
            && child[1].ends_with("= -1 EINTR (Interrupted system call)")
            && child[2].starts_with("+++ exited with 0 +++"),
        "expected ERESTARTSYS, SIGALRM, rt_sigreturn = -1 EINTR and no restart:\n{trace}"
    );
}
