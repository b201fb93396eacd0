//! `repro` of the calls beyond the first ten (issue 13): each case runs
//! through the binary and shows the steps that make its point, and a
//! failure without an errno (glibc's fd_set abort) leads to the case that
//! shows it.
#![cfg(target_os = "linux")]

use crate::repro::json;
use crate::util::run;
use serde_json::Value;

/// The one case for a pair, which must have matched; its steps as
/// `call = ret ERRNO` lines.
fn steps(errno: &str, call: &str, id: &str) -> Vec<String> {
    let (code, v) = json(&["repro", errno, "--syscall", call, "--json"]);
    assert_eq!(code, 0, "{v}");
    let c = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}: {v}"));
    if c["skipped"].is_string() {
        eprintln!("note: {id} skipped here: {}", c["skipped"]);
        return Vec::new();
    }
    assert_eq!(c["matched"], true, "{id}: {c}");
    c["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let ret = match &s["ret"] {
                Value::Null => String::new(),
                r => format!(" = {r}"),
            };
            let errno = s["errno"]
                .as_str()
                .map_or(String::new(), |e| format!(" {e}"));
            format!("{}{ret}{errno}", s["call"].as_str().unwrap())
        })
        .collect()
}

fn has(steps: &[String], what: &str) -> bool {
    steps.iter().any(|s| s.contains(what))
}

#[test]
fn getpeername_fails_while_the_handshake_is_pending() {
    let s = steps("ENOTCONN", "getpeername", "getpeername-notconn");
    assert!(has(&s, "= -1 EINPROGRESS"), "{s:#?}");
    // getsockname succeeds on the same socket: it has a local address.
    assert!(
        s.iter()
            .any(|l| l.starts_with("getsockname(") && l.ends_with("= 0")),
        "{s:#?}"
    );
    assert!(s.last().unwrap().ends_with("= -1 ENOTCONN"), "{s:#?}");
}

#[test]
fn close_twice_is_ebadf() {
    let s = steps("EBADF", "close", "close-badf");
    let closes: Vec<&String> = s.iter().filter(|l| l.starts_with("close(")).collect();
    assert_eq!(closes.len(), 2, "{s:#?}");
    assert!(closes[0].ends_with("= 0") && closes[1].ends_with("= -1 EBADF"));
}

#[test]
fn epoll_ctl_exist_and_perm() {
    let s = steps("EEXIST", "epoll_ctl", "epoll-ctl-exist");
    let adds: Vec<&String> = s.iter().filter(|l| l.starts_with("epoll_ctl(")).collect();
    assert_eq!(adds.len(), 2, "{s:#?}");
    assert!(adds[0].ends_with("= 0") && adds[1].ends_with("= -1 EEXIST"));
    let s = steps("EPERM", "epoll_ctl", "epoll-ctl-perm");
    assert!(has(&s, "memfd_create("), "{s:#?}");
    assert!(s.last().unwrap().ends_with("= -1 EPERM"), "{s:#?}");
}

/// As root the child becomes nobody first (root is exempt from the limit);
/// several messages get through before the one that fails.
#[test]
fn sendmsg_toomanyrefs_as_an_ordinary_user() {
    let s = steps("ETOOMANYREFS", "sendmsg", "sendmsg-toomanyrefs");
    if s.is_empty() {
        return;
    }
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        assert!(has(&s, "setuid(65534) = 0"), "{s:#?}");
    }
    assert!(has(&s, "SCM_RIGHTS"), "{s:#?}");
    assert!(has(&s, "more calls succeed"), "{s:#?}");
    assert!(s.iter().any(|l| l.ends_with("= -1 ETOOMANYREFS")), "{s:#?}");
}

/// The kernel reads nfds bits from a 1024-bit fd_set; a fortified FD_SET
/// of the same descriptor aborts with glibc's message, which scan and
/// explain recognise as glibc-fdset-out-of-range.
#[test]
fn select_above_fd_setsize_in_a_child() {
    let s = steps("EFAULT", "select", "select-fd-setsize");
    if s.is_empty() {
        return;
    }
    assert!(has(&s, ", 1100) = 1100"), "{s:#?}");
    assert!(
        s.iter()
            .any(|l| l.contains("select(1101,") && l.ends_with("= -1 EFAULT")),
        "{s:#?}"
    );
    if cfg!(target_env = "gnu") {
        let said = s
            .iter()
            .find(|l| l.contains("(standard error)"))
            .unwrap_or_else(|| panic!("glibc's message: {s:#?}"));
        assert!(said.contains("FD_SETSIZE"), "{said}");
        assert!(has(&s, "killed by SIGABRT"), "{s:#?}");
        // What it printed is a failure scan knows.
        let (code, out, _) = run(&["explain", "--json", said]);
        assert_eq!(code, 0);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["id"], "glibc-fdset-out-of-range", "{v}");
    }
}

/// A failure whose entry names a case runs that case; every such name is a
/// real case, and explain points at it.
#[test]
fn failures_lead_to_their_reproduction() {
    let (code, v) = json(&["repro", "glibc-fdset-out-of-range", "--json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v[0]["id"], "select-fd-setsize");
    for f in sockerr::failure::all() {
        if let Some(id) = f.repro {
            assert!(
                sockerr::repro::by_id(&id).is_some(),
                "failures.json {}: no case {id}",
                f.id
            );
        }
    }
    let (_, out, _) = run(&["explain", "glibc-fdset-out-of-range"]);
    assert!(
        out.contains("See it happen: sockerr repro EFAULT --syscall select"),
        "{out}"
    );
    // A failure with no case says so, as an errno with none does.
    let (code, _, err) = run(&["repro", "conntrack-full"]);
    assert_eq!(code, 1);
    assert!(err.contains("sockerr conntrack-full"), "{err}");
}
