//! The calls beyond the first ten and the failures without an errno
//! (issue 13), through the binary: explain, --json, list, the man page,
//! both languages.

use crate::util::{run, run_with_input, sockerr};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?} failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

/// Each call with an errno of its own and the trace names that reach it.
const CALLS: &[(&str, &str, &[&str])] = &[
    ("getpeername", "ENOTCONN", &[]),
    ("getsockname", "EINVAL", &[]),
    ("close", "EBADF", &[]),
    ("socketpair", "EOPNOTSUPP", &[]),
    ("sendmsg", "ETOOMANYREFS", &["sendmmsg"]),
    ("recvmsg", "EMSGSIZE", &["recvmmsg"]),
    ("poll", "EINVAL", &["ppoll"]),
    ("select", "EBADF", &["pselect6", "_newselect", "pselect"]),
    ("epoll_wait", "EINTR", &["epoll_pwait", "epoll_pwait2"]),
    ("epoll_ctl", "EEXIST", &[]),
    ("sendfile", "EINVAL", &["sendfile64"]),
    ("splice", "ESPIPE", &[]),
    ("fcntl", "ESRCH", &["fcntl64"]),
    ("ioctl", "ENOTTY", &[]),
];

#[test]
fn every_new_call_answers_under_every_name() {
    for &(call, errno, aliases) in CALLS {
        for name in std::iter::once(&call).chain(aliases) {
            let v = json(&["--json", errno, "--syscall", name]);
            assert_eq!(v["syscall"], call, "{name}");
            assert_eq!(v["entry_syscall"], call, "{name}");
            assert_eq!(v["documented"], true, "{call} {errno}");
            assert_eq!(v["reported"], true, "{call} {errno}");
            assert!(!v["causes"].as_array().unwrap().is_empty());
        }
        let (code, out, _) = run(&[errno, "--syscall", call]);
        assert_eq!(code, 0);
        assert!(out.contains(&format!("{call}(2)")), "{out}");
        for section in ["Meaning", "Likely causes", "What to do"] {
            assert!(out.contains(section), "{call} {errno}: no {section}");
        }
        let (code, out, _) = run(&["--lang", "zh", errno, "--syscall", call]);
        assert_eq!(code, 0);
        assert!(out.contains("含义") && out.contains("怎么办"), "{out}");
        // list --syscall names it.
        let (code, out, _) = run(&["list", "--syscall", call]);
        assert_eq!(code, 0);
        assert!(
            out.lines().any(|l| l.starts_with(errno)),
            "list --syscall {call} lacks {errno}: {out}"
        );
    }
}

/// The first example: getpeername's ENOTCONN, normal during a
/// non-blocking connect.
#[test]
fn getpeername_enotconn_is_in_progress() {
    let v = json(&["--json", "ENOTCONN", "--syscall", "getpeername"]);
    assert_eq!(v["action"], "in-progress");
    assert_eq!(v["reproducible"], true);
    let (_, out, _) = run(&["ENOTCONN", "-s", "getpeername"]);
    assert!(
        out.contains("sockerr repro ENOTCONN --syscall getpeername"),
        "{out}"
    );
}

/// sendmsg and recvmsg were aliases of send and recv; an errno their own
/// files do not cover still gets send's and recv's entry, said so.
#[test]
fn sendmsg_and_recvmsg_fall_back_to_send_and_recv() {
    let v = json(&["--json", "EPIPE", "--syscall", "sendmsg"]);
    assert_eq!(v["syscall"], "sendmsg");
    assert_eq!(v["entry_syscall"], "send");
    assert_eq!(v["documented"], true);
    assert_eq!(v["action"], "close");
    let v = json(&["--json", "ECONNRESET", "-s", "recvmmsg"]);
    assert_eq!(v["syscall"], "recvmsg");
    assert_eq!(v["entry_syscall"], "recv");
    // Their own entries win.
    let v = json(&["--json", "ETOOMANYREFS", "-s", "sendmsg"]);
    assert_eq!(v["entry_syscall"], "sendmsg");
    let (_, out, _) = run(&["EPIPE", "-s", "sendmsg"]);
    assert!(
        out.contains("sendmsg has no entry of its own for EPIPE: it fails as send does"),
        "{out}"
    );
    let (_, out, _) = run(&["--lang", "zh", "EPIPE", "-s", "sendmsg"]);
    assert!(out.contains("sendmsg 没有关于 EPIPE 的专门条目"), "{out}");
    // list: its own errnos, then send's.
    let (_, out, _) = run(&["list", "-s", "sendmsg"]);
    let names: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names[0], "ETOOMANYREFS", "{out}");
    for e in ["EPIPE", "ECONNRESET", "EMSGSIZE"] {
        assert!(names.iter().any(|n| n.starts_with(e)), "{e}: {out}");
    }
}

/// sockerr-errors(7) carries every call and every failure, in both languages.
#[test]
fn the_errors_page_has_the_new_calls_and_the_failures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (page, heading) in [
        (
            "man/sockerr-errors.7",
            ".SH SOCKET FAILURES WITHOUT AN ERRNO",
        ),
        ("man/zh_CN/sockerr-errors.7", ".SH 不带错误码的套接字故障"),
    ] {
        // The Chinese page has a break point (\:) after each CJK character.
        let text = std::fs::read_to_string(root.join(page))
            .unwrap()
            .replace("\\:", "");
        for &(call, _, _) in CALLS {
            assert!(
                text.contains(&format!(".SH {}(2)", call.to_uppercase())),
                "{page}: no section for {call}"
            );
        }
        assert!(text.contains(heading), "{page}");
        for f in sockerr::failure::all() {
            assert!(
                text.contains(&format!(".SS {}", f.id.replace('-', "\\-"))),
                "{page}: {}",
                f.id
            );
        }
    }
}

/// Each failure through explain: by id, by a pasted line holding a
/// pattern, by a distinctive part; human output in both languages and
/// --json marked as not an errno.
#[test]
fn every_failure_is_explained_by_id_line_and_part() {
    for f in sockerr::failure::all() {
        let v = json(&["--json", &f.id]);
        assert_eq!(v["kind"], "failure");
        assert_eq!(v["id"], f.id.as_str());
        assert!(v["name"].is_null());
        assert!(!v["causes"].as_array().unwrap().is_empty());
        assert!(!v["fixes"].as_array().unwrap().is_empty());
        for p in f.patterns {
            let line = format!("2024-05-01T10:00:00 host app[12]: {p} (and more)");
            let v = json(&["--json", &line]);
            assert_eq!(v["id"], f.id.as_str(), "{line}");
            assert_eq!(v["query"]["matched_by"], "failure");
        }
        let (code, out, _) = run(&[&f.id]);
        assert_eq!(code, 0);
        assert!(
            out.contains("a socket failure that carries no errno"),
            "{out}"
        );
        assert!(out.contains("Likely causes") && out.contains("What to do"));
        let (code, out, _) = run(&["--lang", "zh", &f.id]);
        assert_eq!(code, 0);
        assert!(
            out.contains("不带错误码的套接字故障") && out.contains("怎么办"),
            "{out}"
        );
    }
    for (part, id) in [
        ("SYN flooding", "syn-flood"),
        ("table full, dropping packet", "conntrack-full"),
        ("use of closed network connection", "go-use-of-closed-conn"),
        ("Socket is closed", "java-socket-closed"),
        (
            "worker_connections are not enough",
            "nginx-worker-connections",
        ),
        (
            "bit out of range 0 - FD_SETSIZE",
            "glibc-fdset-out-of-range",
        ),
    ] {
        assert_eq!(json(&["--json", part])["id"], id, "{part}");
    }
    assert_eq!(
        json(&["--json", "too many open files; retrying"])["id"],
        "go-accept-emfile"
    );
    // An errno's own message stays the errno.
    assert_eq!(json(&["--json", "Bad file descriptor"])["name"], "EBADF");
    assert_eq!(json(&["--json", "Too many open files"])["name"], "EMFILE");
}

/// scan marks a failure as not an errno, in its notes (both languages), in
/// --json and in the summary.
#[test]
fn scan_marks_failures_in_both_languages() {
    let input = "Jul  8 09:51:16 gw kernel: nf_conntrack: nf_conntrack: table full, dropping packet\n\
                 2024/05/01 10:00:11 [crit] 12#12: accept4() failed (24: Too many open files)\n\
                 Jul  8 09:51:17 gw kernel: nf_conntrack: nf_conntrack: table full, dropping packet\n";
    let (_, text, _) = run_with_input(&["scan"], input);
    assert!(
        text.contains(
            "  ↳ conntrack-full: not an errno (kernel log): Connection tracking table full: "
        ),
        "{text}"
    );
    assert!(
        text.contains("    explained by: sockerr conntrack-full"),
        "{text}"
    );
    assert!(text.contains("  ↳ accept4 EMFILE (24): "), "{text}");
    assert!(
        text.contains("  ↳ nginx-accept-emfile: not an errno (nginx)"),
        "{text}"
    );
    assert!(
        text.contains("  ↳ conntrack-full: again, first seen at line 1"),
        "{text}"
    );
    let (_, text, _) = run_with_input(&["scan", "--lang", "zh"], input);
    assert!(
        text.contains("  ↳ conntrack-full：不是错误码（内核日志）：连接跟踪表已满："),
        "{text}"
    );
    assert!(text.contains("详见：sockerr conntrack-full"), "{text}");
    let out = sockerr()
        .args(["scan", "--json", "--summary"])
        .write_stdin(input)
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = lines[..4]
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["failure", "errno", "failure", "failure"]);
    assert_eq!(lines[0]["id"], "conntrack-full");
    assert!(lines[0]["name"].is_null());
    assert_eq!(lines[0]["title"], "Connection tracking table full");
    assert!(!lines[0]["fixes"].as_array().unwrap().is_empty());
    assert_eq!(lines[1]["name"], "EMFILE");
    assert_eq!(lines[2]["id"], "nginx-accept-emfile");
    let rows = lines[4]["summary"]["rows"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "failure" && r["id"] == "conntrack-full" && r["count"] == 2),
        "{rows:?}"
    );
    let (_, text, _) = run_with_input(&["scan", "--summary", "--only-errors"], input);
    assert!(text.contains("conntrack-full (no errno)"), "{text}");
}
