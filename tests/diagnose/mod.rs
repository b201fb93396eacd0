//! `diagnose` on the live host: each test creates the situation for real
//! (a listener held by a child process, TIME_WAIT on loopback, a stale
//! socket file, a child at its descriptor limit, narrowed ports and
//! unreachable routes in a private network namespace, a resolver pointed
//! at nothing or at a responder of our own) and checks that the diagnosis
//! names it. As root, the tests also run the binary as uid 65534, and check
//! that what it cannot see is said, never concluded.
//!
//! Nothing leaves loopback or the tests' own namespaces: `--probe` is only
//! used inside a private network namespace. Tests that need one (root)
//! say so loudly when they cannot run, and fail under `CI=true`.

use crate::util::{run, sockerr};
use serde_json::Value;

#[cfg(target_os = "linux")]
mod host;
#[cfg(target_os = "linux")]
mod netns;
#[cfg(target_os = "linux")]
mod resolver;
#[cfg(target_os = "linux")]
mod unix;

/// The variable that makes diagnose read the socket tables from /proc/net
/// instead of asking sock_diag: the fallback for kernels without it.
pub const NO_SOCK_DIAG: &str = "SOCKERR_NO_SOCK_DIAG";

/// Runs `sockerr diagnose ARGS --json` reading the socket tables through
/// sock_diag, or through /proc (`fallback`): the exit status and the object.
pub fn diag_via(args: &[&str], fallback: bool) -> (i32, Value) {
    let mut all = vec!["diagnose"];
    all.extend_from_slice(args);
    all.push("--json");
    let mut cmd = sockerr();
    cmd.args(&all).env_remove(NO_SOCK_DIAG);
    if fallback {
        cmd.env(NO_SOCK_DIAG, "1");
    }
    let out = cmd.output().expect("sockerr runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{all:?} (fallback {fallback}): not JSON ({e}); stderr: {}; stdout: {text}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// Whether sock_diag answers on this machine (inet_diag, or unix_diag with
/// `unix`): what IPV6_V6ONLY, backlogs and bound files are read from. When
/// it does not, says so loudly; under `CI=true` that is a failure.
pub fn need_sock_diag(what: &str, unix: bool) -> bool {
    let (v, id) = if unix {
        let dir = std::env::temp_dir().join(format!("sockerr-sd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("probe.sock");
        let l = std::os::unix::net::UnixListener::bind(&path).unwrap();
        let v = diag_via(&["EADDRINUSE", path.to_str().unwrap()], false).1;
        drop(l);
        let _ = std::fs::remove_dir_all(&dir);
        (v, "unix-bound")
    } else {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let target = l.local_addr().unwrap().to_string();
        (
            diag_via(&["EADDRINUSE", &target], false).1,
            "port-listeners",
        )
    };
    let source = check(&v, id)["evidence"][0]["source"]
        .as_str()
        .unwrap_or("")
        .to_string();
    if source.starts_with("sock_diag") {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} needs sock_diag, which this kernel does not answer: {source}"
    );
    eprintln!("NOTE: not run: {what} needs sock_diag (the kernel said: {source})");
    false
}

/// The checks a report ran, with their statuses, and its conclusion's check.
pub fn outline(v: &Value) -> (Vec<(String, String)>, String) {
    let checks = v["checks"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| (c["id"].to_string(), c["status"].to_string()))
                .collect()
        })
        .unwrap_or_default();
    (checks, v["conclusion"]["check"].to_string())
}

/// Runs `sockerr diagnose ARGS --json` both ways, through sock_diag and
/// through the /proc fallback: both must run the same checks with the same
/// statuses and reach the same conclusion. Returns the sock_diag one.
/// What watches counters over time (`--seconds`) or sends (`--probe`) is
/// run once.
pub fn diag(args: &[&str]) -> (i32, Value) {
    let (code, v) = diag_via(args, false);
    if !args.iter().any(|a| *a == "--seconds" || *a == "--probe") {
        let (code2, v2) = diag_via(args, true);
        assert_eq!(code, code2, "{args:?}: sock_diag {v:#}\n/proc {v2:#}");
        assert_eq!(
            outline(&v),
            outline(&v2),
            "{args:?}: sock_diag and /proc disagree:\nsock_diag {v:#}\n/proc {v2:#}"
        );
    }
    (code, v)
}

/// The check with this id in a report.
pub fn check<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["checks"]
        .as_array()
        .expect("checks is an array")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {v:#}"))
}

pub fn status<'a>(v: &'a Value, id: &str) -> &'a str {
    check(v, id)["status"].as_str().unwrap()
}

pub fn sentence<'a>(v: &'a Value, id: &str) -> &'a str {
    check(v, id)["sentence"].as_str().unwrap()
}

/// Every report keeps the documented shape.
pub fn shape(v: &Value) {
    assert!(v["errno"]["name"].is_string(), "{v:#}");
    assert!(v["errno"]["number"].is_i64(), "{v:#}");
    for c in v["checks"].as_array().unwrap() {
        assert!(c["id"].as_str().is_some_and(|s| !s.is_empty()), "{c}");
        assert!(
            ["fine", "problem", "info", "could-not-see"].contains(&c["status"].as_str().unwrap()),
            "{c}"
        );
        assert!(c["sentence"].as_str().is_some_and(|s| !s.is_empty()), "{c}");
        for e in c["evidence"].as_array().unwrap() {
            assert!(e["source"].is_string() && e["lines"].is_array(), "{c}");
        }
    }
    assert!(v["conclusion"]["found"].is_boolean(), "{v:#}");
    assert_eq!(
        v["conclusion"]["found"],
        !v["causes"].as_array().unwrap().is_empty()
    );
}

#[test]
fn numbers_and_names_work_as_in_explain() {
    for q in [
        "104",
        "ECONNRESET",
        "econnreset",
        "Connection reset by peer",
        "-104",
    ] {
        let (code, v) = diag(&[q, "--seconds", "1"]);
        assert_eq!(code, 0, "{q}: {v}");
        assert_eq!(v["errno"]["name"], "ECONNRESET", "{q}");
        assert_eq!(v["errno"]["number"], 104);
        assert_eq!(v["errno"]["kind"], "errno");
        assert_eq!(v["syscall"], "recv");
        shape(&v);
        assert!(check(&v, "reset-counters")["evidence"][0]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().starts_with("TcpExt.TCPAbortOnClose")));
    }
}

#[test]
fn an_errno_without_checks_points_to_explain() {
    let (code, out, err) = run(&["diagnose", "EBADF"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("no checks for EBADF"), "{err}");
    assert!(err.contains("sockerr explain EBADF"), "{err}");
    let (code, v) = diag(&["EBADF"]);
    assert_eq!(code, 1);
    assert_eq!(v["error"], "no-checks");
    assert_eq!(v["explain"], "sockerr explain EBADF");
    let (code, _, err) = run(&["diagnose", "EBADF", "--lang", "zh"]);
    assert_eq!(code, 1);
    assert!(err.contains("没有针对 EBADF 的检查"), "{err}");
}

#[test]
fn bad_input_gets_a_clear_message_and_the_right_status() {
    // An unknown errno: 1, with a suggestion.
    let (code, _, err) = run(&["diagnose", "ECONNRESTE", ":80"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean ECONNRESET"), "{err}");
    // A process that does not exist: 2, not a diagnosis of nothing.
    let (code, out, err) = run(&["diagnose", "EMFILE", "--pid", "2147483646"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("there is no process 2147483646"), "{err}");
    // A target it needs and did not get: 2, saying what to give.
    let (code, _, err) = run(&["diagnose", "EADDRINUSE"]);
    assert_eq!(code, 2);
    assert!(err.contains("sockerr diagnose EADDRINUSE :8080"), "{err}");
    let (code, _, err) = run(&["diagnose", "ENETUNREACH", ":80"]);
    assert_eq!(code, 2);
    assert!(err.contains("destination address"), "{err}");
    // Targets it cannot read.
    for t in [":99999", ":http", "a b", "[::1"] {
        let (code, _, err) = run(&["diagnose", "EADDRINUSE", t]);
        assert_eq!(code, 2, "{t}");
        assert!(err.starts_with("sockerr: "), "{t}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Options clap checks.
    let (code, _, _) = run(&["diagnose", "ECONNRESET", "--seconds", "0"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["diagnose", "EMFILE", "--pid", "1", "--name", "x"]);
    assert_eq!(code, 2);
    // A name without a port for ECONNREFUSED is refused, not looked up in DNS.
    let (code, _, err) = run(&["diagnose", "ECONNREFUSED", "no-such-host.invalid:80"]);
    assert_eq!(code, 2);
    assert!(err.contains("does not") || err.contains("only"), "{err}");
}

#[test]
fn resolver_codes_are_accepted_by_name() {
    // Names, the message and a number in getaddrinfo's context go through
    // the knowledge base's lookup, as in explain.
    for q in [
        "EAI_AGAIN",
        "eai_again",
        "Temporary failure in name resolution",
        "server misbehaving",
    ] {
        let (code, v) = diag(&[q]);
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["errno"]["name"], "EAI_AGAIN");
        assert_eq!(v["errno"]["number"], -3);
        assert_eq!(v["errno"]["kind"], "getaddrinfo");
        assert_eq!(
            v["errno"]["message"],
            "Temporary failure in name resolution"
        );
        assert!(v["syscall"].is_null());
        shape(&v);
        // Without a name it still reads the resolver's configuration.
        let _ = check(&v, "resolver-resolv-conf");
    }
    // Node's ENOTFOUND stands for EAI_NONAME and EAI_NODATA: the resolver's
    // checks serve both.
    let (code, v) = diag(&["ENOTFOUND"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["errno"]["name"], "EAI_NONAME");
    // A code that is a program's mistake, not the host's: no checks.
    let (code, v) = diag(&["EAI_BADFLAGS"]);
    assert_eq!(code, 1);
    assert_eq!(v["error"], "no-checks");
    // --probe needs the name.
    let (code, _, err) = run(&["diagnose", "EAI_AGAIN", "--probe"]);
    assert_eq!(code, 2);
    assert!(err.contains("--probe needs the name"), "{err}");
}

#[test]
fn human_output_leads_with_the_cause_and_marks_every_check() {
    let (code, out, _) = run(&["diagnose", "EADDRINUSE", ":1"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("EADDRINUSE (98) Address already in use\n"),
        "{out}"
    );
    let likely = out.find("Most likely").expect("a conclusion section");
    let checks = out.find("Checks").expect("a checks section");
    assert!(likely < checks, "{out}");
    assert!(out.contains("✓ fine port-listeners"), "{out}");
    // No escape bytes through a pipe.
    assert!(!out.contains('\u{1b}'), "{out}");
    let (_, zh, _) = run(&["diagnose", "EADDRINUSE", ":1", "--lang", "zh"]);
    assert!(zh.contains("最可能的原因") && zh.contains("检查"), "{zh}");
    assert!(zh.contains("✓ 正常 port-listeners"), "{zh}");
    let (_, brief, _) = run(&["diagnose", "EADDRINUSE", ":1", "--brief"]);
    assert_eq!(brief.lines().count(), 1, "{brief}");
    assert!(brief.starts_with("EADDRINUSE: "), "{brief}");
}

#[cfg(not(target_os = "linux"))]
#[test]
fn not_available_elsewhere() {
    let (code, _, err) = run(&["diagnose", "EADDRINUSE", ":80"]);
    assert_eq!(code, 2);
    assert!(err.contains("not available on this system"), "{err}");
}

/// A check marked problem with no cause behind it: the conclusion must not
/// say that everything is fine.
#[test]
fn problems_without_a_cause_are_not_called_fine() {
    // A closed port on loopback: the one probe is refused, not timed out.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let target = format!("127.0.0.1:{port}");
    let (code, out, _) = run(&["diagnose", "ETIMEDOUT", &target, "--probe"]);
    assert_eq!(code, 0);
    assert!(out.contains("✗ problem probe-connect"), "{out}");
    assert!(!out.contains("everything checked is fine"), "{out}");
    assert!(out.contains("marked problem below"), "{out}");
}

/// No socket towards a destination: said plainly, not as "0 of 0".
#[test]
fn no_socket_towards_a_destination_is_said_plainly() {
    let (_, v) = diag(&["EADDRNOTAVAIL", "192.0.2.99:443"]);
    let s = sentence(&v, "ephemeral-in-use");
    assert!(
        s.starts_with("no socket uses a local port towards 192.0.2.99:443"),
        "{s}"
    );
    assert!(
        sentence(&v, "ephemeral-time-wait").contains("tcp_tw_reuse = "),
        "{v:#}"
    );
}

/// The help lists the subcommand and its examples.
#[test]
fn help_shows_diagnose() {
    let out = sockerr().args(["diagnose", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("sockerr diagnose EADDRINUSE :8080"), "{text}");
    assert!(text.contains("--probe"), "{text}");
}
