//! `explain`, `list`, `search`: every usage issue 2 and the README show, in
//! both languages, plus exit statuses, JSON, colour and pipes.

use crate::util::{run, sockerr};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?} failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

#[test]
fn explain_by_name_shows_header_and_calls() {
    for args in [
        &["explain", "ECONNRESET"][..],
        &["ECONNRESET"],
        &["econnreset"],
    ] {
        let (code, out, _) = run(args);
        assert_eq!(code, 0);
        assert!(
            out.starts_with("ECONNRESET (104) Connection reset by peer\n"),
            "{out}"
        );
        // Without --syscall: the calls that report it, one line each.
        assert!(out.contains("Reported by"), "{out}");
        for call in ["send", "recv", "connect"] {
            assert!(
                out.lines().any(|l| l.trim_start().starts_with(call)),
                "{call} missing: {out}"
            );
        }
        assert!(out.contains("sockerr ECONNRESET --syscall"), "{out}");
    }
}

#[test]
fn explain_number_for_a_call() {
    let (code, out, _) = run(&["104", "--syscall", "recv"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ECONNRESET (104) Connection reset by peer\n"));
    assert!(out.contains("recv(2)"));
    for section in [
        "Meaning",
        "Likely causes",
        "What to do",
        "Related",
        "See also",
    ] {
        assert!(out.contains(section), "no {section}: {out}");
    }
    assert!(out.contains("action: close"), "{out}");
}

#[test]
fn trace_names_select_the_call() {
    let a = json(&["--json", "ECONNRESET", "--syscall", "recvfrom"]);
    assert_eq!(a["syscall"], "recv");
    let b = json(&["--json", "EPIPE", "-s", "sendto"]);
    assert_eq!(b["syscall"], "send");
    let c = json(&["--json", "EINTR", "-s", "accept4"]);
    assert_eq!(c["syscall"], "accept");
}

#[test]
fn unknown_syscall_is_a_usage_error_listing_the_valid_ones() {
    let (code, _, err) = run(&["ECONNRESET", "--syscall", "frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("connect") && err.contains("shutdown"), "{err}");
}

#[test]
fn explain_by_message_whole_or_partial() {
    for q in [
        "Connection reset by peer",
        "connection reset",
        "CONNECTION RESET BY PEER",
    ] {
        let (code, out, _) = run(&["explain", q]);
        assert_eq!(code, 0, "{q}");
        assert!(out.starts_with("ECONNRESET (104)"), "{q}: {out}");
    }
    // Unquoted words are joined.
    let (code, out, _) = run(&["connection", "refused"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ECONNREFUSED (111)"));
}

#[test]
fn ambiguous_message_lists_candidates() {
    let (code, out, err) = run(&["reset"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("ECONNRESET") && err.contains("ENETRESET"),
        "{err}"
    );
}

#[test]
fn alias_is_explained_as_its_canonical_errno() {
    let (code, out, _) = run(&["EWOULDBLOCK", "--syscall", "send"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("EAGAIN (11) Resource temporarily unavailable\n"),
        "{out}"
    );
    assert!(
        out.contains("EWOULDBLOCK is another name for EAGAIN"),
        "{out}"
    );
    assert!(out.contains("send(2)"));
    let v = json(&["--json", "EWOULDBLOCK", "--syscall", "send"]);
    assert_eq!(v["name"], "EAGAIN");
    assert_eq!(v["query"]["matched_by"], "alias");
    assert_eq!(v["action"], "wait");
}

#[test]
fn number_shows_every_name() {
    let (code, out, _) = run(&["11"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("EAGAIN") && out.contains("EWOULDBLOCK"),
        "{out}"
    );
    let v = json(&["--json", "11"]);
    assert_eq!(v["aliases"], serde_json::json!(["EWOULDBLOCK"]));
}

#[test]
fn epipe_on_recv_is_answered_honestly() {
    let (code, out, _) = run(&["EPIPE", "--syscall", "recv"]);
    assert_eq!(code, 0);
    assert!(out.contains("does not report this errno on Linux"), "{out}");
    assert!(
        out.contains("send"),
        "must say where EPIPE comes from: {out}"
    );
    let v = json(&["--json", "EPIPE", "--syscall", "recv"]);
    assert_eq!(v["reported"], false);
    assert_eq!(v["action"], "not-reported");
}

#[test]
fn myths_point_at_the_real_errno() {
    let v = json(&["--json", "SIGPIPE"]);
    assert_eq!(v["name"], "EPIPE");
    assert_eq!(v["query"]["matched_by"], "myth");
    assert!(v["note"].as_str().unwrap().contains("signal"), "{v}");
    let v = json(&["--json", "ETIMEOUT"]);
    assert_eq!(v["name"], "ETIMEDOUT");
}

#[test]
fn typo_suggests_and_exits_1() {
    let (code, out, err) = run(&["ECONNRESTE"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("did you mean ECONNRESET?"), "{err}");
    let (code, _, err) = run(&["--lang", "zh", "ECONNRESTE"]);
    assert_eq!(code, 1);
    assert!(err.contains("ECONNRESET"), "{err}");
}

#[test]
fn list_all_and_per_call() {
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, 0);
    assert!(out.lines().count() >= 130, "{}", out.lines().count());
    let (code, out, _) = run(&["list", "--syscall", "connect"]);
    assert_eq!(code, 0);
    let names: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(
        names.contains(&"ECONNREFUSED") && names.contains(&"EINPROGRESS"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"EPIPE"),
        "connect does not document EPIPE: {names:?}"
    );
    let v = json(&["list", "--json", "-s", "bind"]);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "EADDRINUSE"));
}

#[test]
fn search_needs_all_words_in_either_language() {
    let (code, out, _) = run(&["search", "reset"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ECONNRESET") && out.contains("ENETRESET"),
        "{out}"
    );
    let (code, out, _) = run(&["search", "connection", "reset", "peer"]);
    assert_eq!(code, 0);
    assert!(out.contains("ECONNRESET"));
    assert!(!out.contains("ENETRESET"), "{out}");
    let (code, out, _) = run(&["search", "重置"]);
    assert_eq!(code, 0, "Chinese text is searched too");
    assert!(out.contains("ECONNRESET"), "{out}");
    let (code, _, err) = run(&["search", "qqqqzzzz"]);
    assert_eq!(code, 1);
    assert!(err.contains("qqqqzzzz"));
}

#[test]
fn chinese_output_everywhere() {
    let (code, out, _) = run(&["--lang", "zh", "ECONNRESET", "--syscall", "recv"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("含义") && out.contains("常见原因") && out.contains("怎么办"),
        "{out}"
    );
    // The environment decides without --lang: LC_ALL, then LC_MESSAGES, then LANG.
    let out = sockerr()
        .env("LANG", "zh_CN.UTF-8")
        .args(["ECONNRESET"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("会报告它的调用"));
    let out = sockerr()
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_MESSAGES", "en_US.UTF-8")
        .args(["ECONNRESET"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Reported by"));
    let v = json(&["--json", "--lang", "zh", "EPIPE", "-s", "send"]);
    assert_eq!(v["lang"], "zh");
    assert!(v["meaning"]
        .as_str()
        .unwrap()
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
}

#[test]
fn every_example_in_both_languages() {
    let examples: &[&[&str]] = &[
        &["explain", "ECONNRESET"],
        &["ECONNRESET"],
        &["104", "--syscall", "recv"],
        &["explain", "Connection reset by peer"],
        &["connection reset"],
        &["econnreset"],
        &["EWOULDBLOCK", "--syscall", "send"],
        &["11"],
        &["EPIPE", "--syscall", "recv"],
        &["list"],
        &["list", "--syscall", "connect"],
        &["search", "reset"],
    ];
    for lang in ["en", "zh"] {
        for ex in examples {
            let mut args = vec!["--lang", lang];
            args.extend_from_slice(ex);
            let (code, out, err) = run(&args);
            assert_eq!(code, 0, "{args:?}: {err}");
            assert!(!out.is_empty(), "{args:?}");
            assert!(err.is_empty(), "{args:?}: {err}");
        }
    }
}

#[test]
fn json_has_the_documented_schema() {
    let v = json(&["--json", "ECONNRESET", "--syscall", "recv"]);
    for key in [
        "name", "aliases", "number", "message", "syscall", "action", "summary", "meaning",
        "causes", "fixes", "related", "see_also", "lang", "diagnose", "reported", "calls",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["number"], 104);
    assert_eq!(v["syscall"], "recv");
    assert!(!v["causes"].as_array().unwrap().is_empty());
    assert!(!v["fixes"].as_array().unwrap().is_empty());
    assert!(v["related"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["name"].is_string() && r["number"].is_number()));
    let general = json(&["--json", "ECONNRESET"]);
    assert_eq!(general["syscall"], Value::Null);
    assert!(general["calls"].as_array().unwrap().len() >= 3);
    assert!(
        general["action"].is_string(),
        "the usual action when no call is named"
    );
}

#[test]
fn brief_is_the_errno_1_line() {
    let (code, out, _) = run(&["--brief", "ECONNRESET"]);
    assert_eq!(code, 0);
    assert_eq!(out, "ECONNRESET 104 Connection reset by peer\n");
    let (_, out, _) = run(&["-b", "0x68"]);
    assert_eq!(out, "ECONNRESET 104 Connection reset by peer\n");
}

#[test]
fn hostile_queries_get_messages_not_panics() {
    let long = "E".repeat(100_000);
    let cases: &[(&str, i32)] = &[
        ("", 2),
        ("   ", 2),
        ("-104", 0),
        ("0x68", 0),
        ("0", 1),
        ("99999999999999999999", 1),
        ("-99999999999999999999", 1),
        (&long, 1),
        ("E", 1),
        ("%s%n", 1),
        ("\u{202e}ECONNRESET", 1),
    ];
    for (q, want) in cases {
        let (code, _, err) = run(&["explain", q]);
        assert_eq!(code, *want, "{:?}: {err}", &q[..q.len().min(30)]);
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
        assert!(
            err.len() < 500,
            "the error echoes a bounded part of the query"
        );
    }
}

#[test]
fn invalid_utf8_argument_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let arg = std::ffi::OsStr::from_bytes(b"ECONN\xffRESET");
    let out = sockerr().arg(arg).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("UTF-8"));
}

#[test]
fn no_query_on_a_terminal_less_stdin_is_not_a_crash() {
    // assert_cmd gives an empty stdin: that is "input piped in", so scan runs.
    let out = sockerr().write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let (_, out, _) = run(&["ECONNRESET", "-s", "recv"]);
    assert!(!out.contains('\x1b'), "auto on a pipe must be plain");
    let (_, out, _) = run(&["--color", "always", "ECONNRESET", "-s", "recv"]);
    assert!(out.contains("\x1b["), "always means colour");
    let out = sockerr()
        .env("NO_COLOR", "1")
        .args(["ECONNRESET"])
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
    let (_, out, _) = run(&["--color", "never", "ECONNRESET"]);
    assert!(!out.contains('\x1b'));
}

#[test]
fn closed_pipe_is_quiet() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("sockerr");
    let mut child = Command::new(bin)
        .args(["list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then hang up, the way `| head -c1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And through a real shell pipe.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' list | head -1",
            assert_cmd::cargo::cargo_bin("sockerr").display()
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reproducible_errnos_point_at_repro() {
    let (_, out, _) = run(&["explain", "EADDRINUSE"]);
    assert!(
        out.contains("See it happen: sockerr repro EADDRINUSE"),
        "{out}"
    );
    let (_, out, _) = run(&["EADDRINUSE", "--syscall", "bind"]);
    assert!(
        out.contains("sockerr repro EADDRINUSE --syscall bind"),
        "{out}"
    );
    let v = json(&["--json", "EADDRINUSE", "--syscall", "bind"]);
    assert_eq!(v["reproducible"], true);
    let v = json(&["--json", "EXFULL"]);
    assert_eq!(v["reproducible"], false);
}

/// Issue 5: other systems' numbers and runtimes' names, through the binary.
#[test]
fn numbers_of_other_systems() {
    let (code, out, _) = run(&["54", "--os", "macos"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ECONNRESET (macos 54) Connection reset by peer\n"),
        "{out}"
    );
    let (code, out, _) = run(&["10054"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ECONNRESET (104)"), "{out}");
    assert!(
        out.contains("WSAECONNRESET (10054) is WinSock's code for ECONNRESET"),
        "{out}"
    );
    let (code, out, _) = run(&["WSAECONNREFUSED", "--syscall", "connect"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ECONNREFUSED (111)") && out.contains("connect(2)"),
        "{out}"
    );
    let (_, out, _) = run(&["explain", "ECONNRESET"]);
    assert!(
        out.contains("linux 104 · macos 54 · freebsd 54 · windows WSAECONNRESET 10054"),
        "{out}"
    );
    // On Linux 54 is EXFULL; say what it is elsewhere.
    let (code, out, _) = run(&["54", "--os", "linux"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("EXFULL (54)"), "{out}");
    assert!(out.contains("on macos 54 is ECONNRESET"), "{out}");
    let (code, out, _) = run(&["list", "--os", "freebsd"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("ECONNRESET") && l.contains(" 54 ")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("EPROCLIM")),
        "FreeBSD-only codes are listed"
    );
    let (_, out, _) = run(&["--brief", "ECONNRESET", "--os", "windows"]);
    assert_eq!(out, "ECONNRESET 108 Connection reset by peer\n");
}

#[test]
fn json_carries_every_system() {
    let v = json(&["--json", "ECONNRESET"]);
    let n = &v["os_numbers"];
    assert_eq!(n["linux"], 104);
    assert_eq!(n["macos"], 54);
    assert_eq!(n["freebsd"], 54);
    assert_eq!(n["windows"]["name"], "WSAECONNRESET");
    assert_eq!(n["windows"]["number"], 10054);
    assert_eq!(n["windows_crt"], 108);
    let notes = v["platform_notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["id"] == "windows-udp-connreset"),
        "{v}"
    );
    let v = json(&["--json", "EINPROGRESS", "--os", "windows"]);
    assert_eq!(v["os"], "windows");
    let notes = v["platform_notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["note"].as_str().unwrap().contains("WSAEWOULDBLOCK")),
        "{v}"
    );
}

#[test]
fn runtime_names_explain_their_errno() {
    for (q, name) in [
        ("ConnectionResetError", "ECONNRESET"),
        ("BrokenPipeError", "EPIPE"),
        ("AddrInUse", "EADDRINUSE"),
        ("std::io::ErrorKind::ConnectionRefused", "ECONNREFUSED"),
        (
            "java.net.ConnectException: Connection refused",
            "ECONNREFUSED",
        ),
        ("syscall.ECONNRESET", "ECONNRESET"),
    ] {
        let v = json(&["--json", q]);
        if v.get("runtime_names").is_some() {
            // A name that covers several errnos lists them all.
            let all: Vec<&Value> = v["runtime_names"].as_array().unwrap().iter().collect();
            assert!(
                all.iter()
                    .any(|r| r["errnos"].as_array().unwrap().iter().any(|e| e == name)),
                "{q}: {v}"
            );
        } else {
            assert_eq!(v["name"], name, "{q}");
            assert_eq!(v["query"]["matched_by"], "runtime", "{q}");
        }
    }
    let (code, out, _) = run(&["BlockingIOError"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("EAGAIN") && out.contains("EINPROGRESS") && out.contains("EALREADY"),
        "{out}"
    );
    let (code, out, _) = run(&["SocketTimeoutException"]);
    assert_eq!(code, 0);
    assert!(out.contains("not an errno"), "{out}");
    let (_, out, _) = run(&["ECONNRESET"]);
    assert!(
        out.contains("Python ConnectionResetError") && out.contains("Rust ConnectionReset"),
        "{out}"
    );
    let (code, out, _) = run(&["--lang", "zh", "SocketException"]);
    assert_eq!(code, 0);
    assert!(out.contains("ECONNRESET") && out.contains("EPIPE"), "{out}");
}

#[test]
fn codes_only_other_systems_have() {
    let (code, out, _) = run(&["EPROCLIM"]);
    assert_eq!(code, 0);
    assert!(out.contains("Linux has no such errno"), "{out}");
    let v = json(&["--json", "67", "--os", "macos"]);
    assert_eq!(v["name"], "EPROCLIM");
    assert_eq!(v["linux"], Value::Null);
}
