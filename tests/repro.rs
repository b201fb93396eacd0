//! `repro` on the running kernel, and the knowledge base held to what it shows.
//!
//! Every reproduction runs through the real binary: the cases fork, change
//! signal dispositions and close descriptors, none of which belongs in the
//! multi-threaded test process. The tests pass as root and as an ordinary
//! user; when run as root they also run the whole suite once as uid 65534,
//! so both privilege paths are covered by any CI.

use crate::util::run;
#[cfg(target_os = "linux")]
use crate::util::sockerr;
#[cfg(target_os = "linux")]
use serde_json::Value;
#[cfg(target_os = "linux")]
use std::collections::BTreeSet;
#[cfg(target_os = "linux")]
use std::path::PathBuf;

#[cfg(target_os = "linux")]
pub(crate) fn json(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(args);
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}), stderr {err}: {out}"));
    (code, v)
}

/// A fresh, empty directory for the binary's TMPDIR, so a test can check
/// that nothing is left behind without racing other processes in /tmp.
/// Removed when the test ends, pass or fail.
#[cfg(target_os = "linux")]
pub(crate) struct Scratch(pub(crate) PathBuf);

#[cfg(target_os = "linux")]
impl Scratch {
    pub(crate) fn new(name: &str) -> Scratch {
        let leaf = format!("sockerr-test-{name}-{}", std::process::id());
        // The system temporary directory when the target directory is not
        // ours to write (a test binary run as another user).
        for base in [
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")),
            std::env::temp_dir(),
        ] {
            let d = base.join(&leaf);
            let _ = std::fs::remove_dir_all(&d);
            if std::fs::create_dir_all(&d).is_ok() {
                return Scratch(d);
            }
        }
        panic!("no writable directory for {leaf}");
    }

    /// What the binary left in the directory.
    pub(crate) fn leftovers(&self) -> Vec<PathBuf> {
        std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }
}

#[cfg(target_os = "linux")]
impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(target_os = "linux")]
/// Checks one `repro --json` array: every case either matched or was
/// skipped with a reason; returns (ran, skipped) ids.
fn check_outcomes(v: &Value, who: &str) -> (Vec<String>, Vec<String>) {
    let cases = v
        .as_array()
        .unwrap_or_else(|| panic!("{who}: not an array: {v}"));
    let mut ran = Vec::new();
    let mut skipped = Vec::new();
    let mut wrong = Vec::new();
    for c in cases {
        let id = c["id"].as_str().unwrap().to_string();
        if let Some(reason) = c["skipped"].as_str() {
            assert!(
                !reason.trim().is_empty(),
                "{who}: {id} skipped without a reason"
            );
            assert_eq!(
                c["matched"], false,
                "{who}: a skipped case never counts as matched"
            );
            skipped.push(id);
            continue;
        }
        assert!(
            c["skipped"].is_null(),
            "{who}: {id}: skipped is a string or null"
        );
        let expected = &c["expected"]["errno"];
        let observed = &c["observed"]["errno"];
        if c["matched"] != true || observed != expected {
            wrong.push(format!(
                "{id}: expected {} from {}, observed {} (ret {}); problems {}",
                expected, c["syscall"], observed, c["observed"]["ret"], c["problems"]
            ));
        }
        // The call under test is in the steps, exactly once, with that errno.
        let key: Vec<&Value> = c["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["under_test"] == true)
            .collect();
        assert_eq!(key.len(), 1, "{who}: {id}: one call under test: {c}");
        assert_eq!(&key[0]["errno"], observed, "{who}: {id}");
        ran.push(id);
    }
    assert!(
        wrong.is_empty(),
        "{who}: the kernel did not do what these cases expect:\n  {}",
        wrong.join("\n  ")
    );
    (ran, skipped)
}

#[cfg(target_os = "linux")]
fn listed_ids() -> Vec<String> {
    let (code, v) = json(&["repro", "--list", "--json"]);
    assert_eq!(code, 0);
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn every_reproduction_observes_the_errno_it_expects() {
    let tmp = Scratch::new("all");
    let out = sockerr()
        .args(["repro", "all", "--json"])
        .env("TMPDIR", &tmp.0)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    let (ran, skipped) = check_outcomes(&v, "this user");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut all = ran.clone();
    all.extend(skipped.iter().cloned());
    all.sort();
    let mut listed = listed_ids();
    listed.sort();
    assert_eq!(all, listed, "every listed case ran");
    if !skipped.is_empty() {
        eprintln!("note: skipped here (with reasons in the output): {skipped:?}");
    }
    assert_eq!(
        tmp.leftovers(),
        Vec::<PathBuf>::new(),
        "the AF_UNIX cases left these"
    );
}

/// As root, run everything once more as uid/gid 65534 (nobody), so the
/// unprivileged path (bind below 1024 in-process) is exercised too.
#[cfg(target_os = "linux")]
#[test]
fn every_reproduction_also_holds_for_an_ordinary_user() {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        // Not root: the test above already ran as an ordinary user.
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("sockerr");
    let as_nobody = |args: &[&str]| {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .current_dir("/")
            .output()
    };
    match as_nobody(&["--version"]) {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!("note: cannot run the binary as uid 65534 here (no setpriv, or the path is not readable): {other:?}");
            return;
        }
    }
    let out = as_nobody(&["repro", "all", "--json"]).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    let (ran, skipped) = check_outcomes(&v, "uid 65534");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // As nobody, bind below 1024 fails in-process, unless the host made every
    // port unprivileged (then the case says so and is skipped).
    assert!(
        ran.iter().any(|id| id == "bind-acces") || skipped.iter().any(|id| id == "bind-acces"),
        "{ran:?} {skipped:?}"
    );
    let bind = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "bind-acces")
        .unwrap();
    if bind["skipped"].is_null() {
        let steps = bind["steps"].as_array().unwrap();
        assert!(
            steps
                .iter()
                .all(|s| !s["call"].as_str().unwrap().starts_with("[pid")),
            "an ordinary user binds in-process, no child: {bind}"
        );
    }
}

/// Each case's pair is in the knowledge base, reported, and marked
/// `"repro": true`; each entry marked so has a case. This holds the data
/// to the kernel: a claim marked as reproduced is reproduced on every run.
#[cfg(target_os = "linux")]
#[test]
fn knowledge_base_marks_exactly_the_reproduced_pairs() {
    use sockerr::{kb, repro};
    let mut problems = Vec::new();
    let mut proven = BTreeSet::new();
    for c in repro::cases() {
        // One line per pair, not per case.
        if !proven.insert((c.syscall.name(), c.errno)) {
            continue;
        }
        let ids: Vec<&str> = repro::find(c.expected(), Some(c.syscall))
            .iter()
            .map(|c| c.id)
            .collect();
        let file = format!("data/calls/{}.json", c.syscall);
        match c.entry() {
            None => problems.push(format!(
                "{file} has no {} entry (proven by {ids:?})",
                c.errno
            )),
            Some(e) if !e.reported => problems.push(format!(
                "{file} says {} is not reported, but the kernel reports it ({ids:?})",
                c.errno
            )),
            Some(e) if !e.repro => problems.push(format!(
                "{file} {} lacks \"repro\": true (proven by {ids:?})",
                c.errno
            )),
            Some(_) => {}
        }
    }
    for call in kb::calls() {
        for e in call.entries.iter().filter(|e| e.repro) {
            if !proven.contains(&(call.syscall.name(), e.errno.as_str())) {
                problems.push(format!(
                    "data/calls/{}.json {} says \"repro\": true, but no case reproduces it",
                    call.syscall, e.errno
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "knowledge base and reproductions disagree:\n  {}",
        problems.join("\n  ")
    );
}

#[cfg(target_os = "linux")]
#[test]
fn list_shows_every_pair_and_how_to_run_one() {
    let (code, out, _) = run(&["repro", "--list"]);
    assert_eq!(code, 0);
    let (_, v) = json(&["repro", "--list", "--json"]);
    let cases = v.as_array().unwrap();
    let pairs: BTreeSet<(&str, &str)> = cases
        .iter()
        .map(|c| (c["syscall"].as_str().unwrap(), c["errno"].as_str().unwrap()))
        .collect();
    assert!(pairs.len() >= 20, "{} pairs", pairs.len());
    for (call, errno) in &pairs {
        assert!(
            out.lines().any(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() > 2 && w[0] == *call && w[1] == *errno
            }),
            "{call} {errno} missing from --list:\n{out}"
        );
    }
    // The pairs the issue names.
    for (call, errno) in [
        ("connect", "ECONNREFUSED"),
        ("connect", "EINPROGRESS"),
        ("bind", "EADDRINUSE"),
        ("listen", "EADDRINUSE"),
        ("bind", "EADDRNOTAVAIL"),
        ("connect", "EISCONN"),
        ("recv", "ENOTCONN"),
        ("send", "EPIPE"),
        ("recv", "ECONNRESET"),
        ("send", "ECONNRESET"),
        ("recv", "EAGAIN"),
        ("send", "EAGAIN"),
        ("connect", "EALREADY"),
        ("setsockopt", "ENOPROTOOPT"),
        ("getsockopt", "ENOPROTOOPT"),
        ("setsockopt", "EINVAL"),
        ("accept", "EINVAL"),
        ("bind", "EINVAL"),
        ("socket", "EAFNOSUPPORT"),
        ("socket", "EPROTONOSUPPORT"),
        ("socket", "ESOCKTNOSUPPORT"),
        ("recv", "EBADF"),
        ("recv", "ENOTSOCK"),
        ("send", "EMSGSIZE"),
        ("send", "EDESTADDRREQ"),
        ("listen", "EOPNOTSUPP"),
        ("send", "EOPNOTSUPP"),
        ("socket", "EMFILE"),
        ("recv", "EINTR"),
        ("send", "EACCES"),
        ("bind", "EACCES"),
        // Issue 9 §2: claims the kernel corrected.
        ("send", "EISCONN"),
        ("connect", "EAGAIN"),
        ("connect", "EINTR"),
    ] {
        assert!(pairs.contains(&(call, errno)), "no case for {call} {errno}");
    }
    assert!(out.contains("sockerr repro ERRNO --syscall CALL"), "{out}");
    // --syscall narrows the list.
    let (_, v) = json(&["repro", "--list", "--json", "--syscall", "socket"]);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["syscall"] == "socket"));
}

#[cfg(target_os = "linux")]
#[test]
fn one_pair_runs_one_case_with_real_calls() {
    let (code, out, _) = run(&["repro", "ECONNRESET", "--syscall", "recv"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ECONNRESET from recv:"), "{out}");
    assert!(out.contains("socket(AF_INET, SOCK_STREAM, 0) = 3"), "{out}");
    assert!(out.contains("SO_LINGER"), "{out}");
    assert!(
        out.lines().any(|l| l.contains("recv(")
            && l.contains("= -1 ECONNRESET (Connection reset by peer)   # ")),
        "{out}"
    );
    assert!(out.contains("✓ as expected: recv → ECONNRESET"), "{out}");
    assert!(!out.contains("send("), "only the recv case ran: {out}");
    // Trace names work as for explain.
    let (code, v) = json(&["repro", "ECONNRESET", "--syscall", "recvmsg", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["id"], "recv-connreset");
}

#[cfg(target_os = "linux")]
#[test]
fn an_errno_runs_all_its_cases() {
    let (code, v) = json(&["repro", "econnreset", "--json"]);
    assert_eq!(code, 0, "{v}");
    let calls: BTreeSet<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["syscall"].as_str().unwrap())
        .collect();
    assert_eq!(calls, BTreeSet::from(["recv", "send"]));
    for c in v.as_array().unwrap() {
        for key in [
            "steps",
            "expected",
            "observed",
            "matched",
            "skipped",
            "why",
            "reproducible",
        ] {
            assert!(c.get(key).is_some(), "{key} missing: {c}");
        }
    }
    // The same errno by number, alias or myth.
    let (code, v) = json(&["repro", "EWOULDBLOCK", "--syscall", "accept", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(v[0]["errno"], "EAGAIN");
    let (code, out, _) = run(&["repro", "SIGPIPE"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("+++ killed by SIGPIPE +++"), "{out}");
    assert!(out.contains("EPIPE (Broken pipe)"), "{out}");
}

#[cfg(target_os = "linux")]
#[test]
fn misses_say_why_and_exit_1() {
    let (code, out, err) = run(&["repro", "ENOTANERRNO"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("unknown errno: ENOTANERRNO"), "{err}");

    let (code, _, err) = run(&["repro", "ENOMEM"]);
    assert_eq!(code, 1);
    assert!(err.contains("no reproduction of ENOMEM"), "{err}");
    assert!(err.contains("sockerr repro --list"), "{err}");

    let (code, _, err) = run(&["repro", "ECONNRESET", "--syscall", "bind"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no reproduction of ECONNRESET from bind"),
        "{err}"
    );
    assert!(err.contains("send") && err.contains("recv"), "{err}");

    let (code, v) = json(&["repro", "ENOMEM", "--json"]);
    assert_eq!(code, 1);
    assert_eq!(v["error"], "no-reproduction");
    let (code, v) = json(&["repro", "EFOO", "--json"]);
    assert_eq!(code, 1);
    assert_eq!(v["error"], "not-found");
}

#[cfg(target_os = "linux")]
#[test]
fn chinese_output() {
    let (code, out, _) = run(&[
        "repro",
        "ECONNREFUSED",
        "--syscall",
        "connect",
        "--lang",
        "zh",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("connect 返回 ECONNREFUSED："), "{out}");
    assert!(out.contains("# 该端口没有任何套接字在监听"), "{out}");
    assert!(out.contains("✓ 符合预期：connect → ECONNREFUSED"), "{out}");
    // The calls themselves are not translated.
    assert!(
        out.contains("= -1 ECONNREFUSED (Connection refused)"),
        "{out}"
    );
    let (_, out, _) = run(&["repro", "--list", "--lang", "zh"]);
    assert!(out.contains("全部运行：sockerr repro all"), "{out}");
}

#[cfg(target_os = "linux")]
#[test]
fn skips_are_printed_with_their_reason() {
    // Whatever this host skips (IPv6 off, every port unprivileged...), the
    // human output says so on the case itself, and the exit status is 0.
    let (_, v) = json(&["repro", "all", "--json"]);
    let skipped: Vec<&Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["skipped"].is_null())
        .collect();
    for c in skipped {
        let (code, out, _) = run(&[
            "repro",
            c["errno"].as_str().unwrap(),
            "--syscall",
            c["syscall"].as_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains(&format!("– skipped: {}", c["skipped"].as_str().unwrap())),
            "{out}"
        );
    }
    let (_, out, _) = run(&["repro", "all", "--brief"]);
    assert!(
        out.lines()
            .all(|l| l.starts_with("ok ") || l.starts_with("skip ")),
        "{out}"
    );
}

/// The AF_UNIX cases remove their directory even when a signal ends the
/// process: strace injects SIGTERM at the fourth bind(), the stale-file case,
/// while the directory and the socket file exist.
#[cfg(target_os = "linux")]
#[test]
fn interrupted_runs_leave_nothing_behind() {
    let tmp = Scratch::new("signal");
    let bin = assert_cmd::cargo::cargo_bin("sockerr");
    let out = match std::process::Command::new("strace")
        .args([
            "-f",
            "-o",
            "/dev/null",
            "-e",
            "trace=bind",
            "-e",
            "inject=bind:signal=SIGTERM:when=4",
        ])
        .arg(&bin)
        .args(["repro", "EADDRINUSE", "--syscall", "bind"])
        .env("TMPDIR", &tmp.0)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("note: no strace here ({e}); interruption not tested");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !stdout.contains("EADDRINUSE from bind") {
        eprintln!(
            "note: strace could not trace here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    // The program died of SIGTERM; strace passes that on by killing itself
    // with the same signal (or exiting with 128 + 15).
    use std::os::unix::process::ExitStatusExt;
    assert!(
        out.status.signal() == Some(libc::SIGTERM) || out.status.code() == Some(143),
        "{:?}: {stdout}",
        out.status
    );
    assert_eq!(tmp.leftovers(), Vec::<PathBuf>::new(), "left behind");
}

#[cfg(not(target_os = "linux"))]
#[test]
fn not_available_elsewhere() {
    let (code, _, err) = run(&["repro", "--list"]);
    assert_eq!(code, 2);
    assert!(err.contains("not available"), "{err}");
}
