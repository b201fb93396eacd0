//! `sockerr scan` through the real binary: the captured traces and client
//! output under `tests/fixtures/scan/` against their expected findings,
//! every output mode, exit statuses, and hostile input (invalid UTF-8, CRLF,
//! NUL, a 50 MB line, a reader that goes away, random bytes).

use crate::util::{run, run_with_input, sockerr};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scan")
}

/// A resolver failure in a log: named with its EAI code in `name`, like an
/// errno, and explained for getaddrinfo.
#[test]
fn resolver_findings_are_named_like_errnos() {
    let input = b"socket.gaierror: [Errno -2] Name or service not known\n\
                  Resolving deb.debian.org (deb.debian.org)... 151.101.2.132\n\
                  Error: getaddrinfo EAI_AGAIN db\n";
    let out = sockerr()
        .args(["scan", "--json"])
        .write_stdin(&input[..])
        .output()
        .unwrap();
    let v: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v.len(), 2, "{v:?}");
    assert_eq!(
        (&v[0]["name"], &v[0]["line"]),
        (&"EAI_NONAME".into(), &1.into())
    );
    assert_eq!(v[0]["namespace"], "getaddrinfo");
    assert_eq!(v[0]["number"], -2);
    assert_eq!(
        (&v[1]["name"], &v[1]["syscall"]),
        (&"EAI_AGAIN".into(), &"getaddrinfo".into())
    );
    let out = sockerr()
        .args(["scan", "--color", "never"])
        .write_stdin(&input[..])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  ↳ EAI_NONAME (-2): The host name could not be resolved"),
        "{text}"
    );
    assert!(text.contains("action: fix-config"), "{text}");
}

/// Every fixture with an expected list: (input, expected).
fn cases() -> Vec<(PathBuf, PathBuf)> {
    let mut v = Vec::new();
    for dir in ["real", "written"] {
        let mut files: Vec<_> = std::fs::read_dir(fixtures().join(dir))
            .expect("fixture directory")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for f in files {
            let exp = f.with_extension("expected");
            assert!(exp.exists(), "{} has no .expected", f.display());
            v.push((f, exp));
        }
    }
    assert!(v.len() >= 15, "fixtures missing: {}", v.len());
    v
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Runs `sockerr scan --json ARGS` and parses every line.
fn scan_json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["scan", "--json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{all:?}: {err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// A finding as the `.expected` files write it.
fn row(o: &Value) -> String {
    let what = match o["kind"].as_str().unwrap() {
        "errno" => o["name"].as_str().unwrap().to_string(),
        "candidates" => {
            let c: Vec<&str> = o["candidates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            format!("?{}", c.join(","))
        }
        "client-timeout" => format!("timeout:{}", o["client"].as_str().unwrap()),
        "failure" => o["id"].as_str().unwrap().to_string(),
        k => panic!("unknown kind {k}"),
    };
    format!(
        "{}\t{}\t{what}\t{}",
        o["line"],
        o["syscall"].as_str().unwrap_or("-"),
        o["context"].as_str().unwrap_or("-")
    )
}

#[test]
fn captures_give_exactly_the_expected_findings() {
    for (input, expected) in cases() {
        let want: Vec<String> = std::fs::read_to_string(&expected)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let got: Vec<String> = scan_json(&[s(&input)]).iter().map(row).collect();
        assert_eq!(got, want, "{}", input.display());
    }
}

/// An oracle that does not share the scanner's code: in these strace
/// captures every failed call is socket work, so the lines with findings are
/// exactly the lines grep -E ' = (-1|\?) E| SO_ERROR, \[E' selects.
#[test]
fn strace_captures_agree_with_a_grep_oracle() {
    let mut n = 0;
    for (input, _) in cases() {
        if !input
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("strace-")
        {
            continue;
        }
        let text = std::fs::read_to_string(&input).unwrap();
        let oracle: BTreeSet<u64> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                l.contains(" = -1 E") || l.contains(" = ? E") || l.contains("SO_ERROR, [E")
            })
            .map(|(i, _)| i as u64 + 1)
            .collect();
        let found: BTreeSet<u64> = scan_json(&[s(&input)])
            .iter()
            .map(|o| o["line"].as_u64().unwrap())
            .collect();
        assert_eq!(found, oracle, "{}", input.display());
        n += oracle.len();
    }
    assert!(n >= 15, "the strace captures should hold errors: {n}");
}

#[test]
fn the_issue_cases_are_all_there() {
    let all: Vec<String> = cases()
        .iter()
        .flat_map(|(i, _)| scan_json(&[s(i)]).iter().map(row).collect::<Vec<_>>())
        .collect();
    let has = |call: &str, what: &str, ctx: &str| {
        all.iter().any(|r| {
            let f: Vec<&str> = r.split('\t').collect();
            f[1] == call && f[2] == what && f[3] == ctx
        })
    };
    assert!(has("connect", "ECONNREFUSED", "-"));
    // Issue 10: resolver failures by their EAI code, never an errno.
    assert!(has("-", "EAI_NONAME", "-"));
    assert!(has("getaddrinfo", "EAI_AGAIN", "-"));
    assert!(has("-", "EAI_NODATA", "-"));
    assert!(has("-", "?EAI_NONAME,EAI_AGAIN,EAI_NODATA", "-"));
    assert!(has("getaddrinfo", "EBUSY", "eai-system"));
    assert!(has("bind", "EADDRINUSE", "-"));
    assert!(has("recv", "ECONNRESET", "-"));
    assert!(has("send", "EPIPE", "-"));
    assert!(has("recv", "EAGAIN", "would-block"));
    assert!(has("connect", "EINPROGRESS", "in-progress"));
    assert!(has("connect", "ECONNREFUSED", "deferred-connect"));
    assert!(has("recv", "EINTR", "interrupted"));
    assert!(has(
        "connect",
        "?ECONNREFUSED,ETIMEDOUT,EHOSTUNREACH,ENETUNREACH",
        "-"
    ));
    for client in ["curl", "python", "java", "go", "nginx", "ssh"] {
        assert!(
            all.iter().any(|r| r.contains(&format!("timeout:{client}"))),
            "{client}"
        );
    }
    assert!(all.iter().any(|r| r.ends_with("winsock")));
    // A client's own timeout is never turned into ETIMEDOUT.
    assert!(!all.iter().any(|r| r.contains("ETIMEDOUT\t")), "{all:?}");
}

/// The output of the default mode is the input, line for line, with notes
/// (`  ↳ ` and their `    ` continuation lines) after lines with findings.
fn strip_notes(input: &[u8], output: &[u8], findings: &BTreeSet<u64>) {
    let inp: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    let out: Vec<&[u8]> = output.split(|&b| b == b'\n').collect();
    let (mut i, mut o) = (0, 0);
    let mut last_finding = false;
    while o < out.len() {
        if i < inp.len() && out[o] == inp[i] {
            last_finding = findings.contains(&(i as u64 + 1));
            i += 1;
        } else {
            let note = out[o].starts_with("  ↳ ".as_bytes()) || out[o].starts_with(b"    ");
            assert!(
                note && last_finding,
                "line {} of output is neither input nor a note: {:?}",
                o + 1,
                String::from_utf8_lossy(out[o])
            );
        }
        o += 1;
    }
    assert_eq!(i, inp.len(), "not all input came through");
}

#[test]
fn default_mode_passes_every_line_through_with_notes() {
    for (input, _) in cases() {
        let bytes = std::fs::read(&input).unwrap();
        let out = sockerr().args(["scan", s(&input)]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let lines: BTreeSet<u64> = scan_json(&[s(&input)])
            .iter()
            .map(|o| o["line"].as_u64().unwrap())
            .collect();
        strip_notes(&bytes, &out.stdout, &lines);
    }
}

#[test]
fn first_note_explains_later_ones_refer_back() {
    let input = "connect(3, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused)\n\
                 ok\n\
                 connect(4, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused)\n\
                 getsockopt(5, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0\n\
                 connect(6, {sa_family=AF_INET}, 16) = -1 EINPROGRESS (Operation now in progress)\n";
    let (_, text, _) = run_with_input(&["scan"], input);
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("  ↳ ")).collect();
    assert_eq!(notes.len(), 4, "{text}");
    assert!(
        notes[0].starts_with("  ↳ connect ECONNREFUSED (111): "),
        "{text}"
    );
    assert!(!notes[0].contains("again"), "{text}");
    assert!(notes[1].contains("again, first seen at line 1"), "{text}");
    // SO_ERROR is a connect failure: the same pair, said so.
    assert!(
        notes[2].contains("connect ECONNREFUSED (111) via SO_ERROR: again, first seen at line 1"),
        "{text}"
    );
    // EINPROGRESS is presented as normal.
    assert!(
        notes[3].contains("Normal for a non-blocking connect, not a failure"),
        "{text}"
    );
    // Both languages.
    let (_, text, _) = run_with_input(&["scan", "--lang", "zh"], input);
    assert!(text.contains("再次出现，首次出现于第 1 行"), "{text}");
    assert!(text.contains("非阻塞 connect 的正常结果"), "{text}");
}

#[test]
fn client_timeouts_and_candidates_are_marked() {
    let input = "curl: (28) Operation timed out after 1000 milliseconds with 0 bytes received\n\
                 curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n";
    let (_, out, _) = {
        let o = sockerr().arg("scan").write_stdin(input).output().unwrap();
        (o.status.code(), String::from_utf8(o.stdout).unwrap(), ())
    };
    assert!(out.contains("not an errno: a client-side timeout"), "{out}");
    assert!(out.contains("this is not ETIMEDOUT"), "{out}");
    assert!(
        out.contains("candidates: ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH"),
        "{out}"
    );
    let o = sockerr()
        .args(["scan", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    let v: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v.len(), 2);
    assert!(v[0]["name"].is_null() && v[0]["kind"] == "client-timeout");
    assert_eq!(v[0]["candidates"], serde_json::json!([]));
    assert!(v[1]["name"].is_null() && v[1]["kind"] == "candidates");
    assert_eq!(v[1]["candidates"][0], "ECONNREFUSED");
    assert_eq!(v[1]["syscall"], "connect");
}

#[test]
fn only_errors_keeps_exactly_the_lines_with_findings() {
    for (input, _) in cases() {
        let text = std::fs::read(&input).unwrap();
        let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
        let found: BTreeSet<u64> = scan_json(&[s(&input)])
            .iter()
            .map(|o| o["line"].as_u64().unwrap())
            .collect();
        let out = sockerr()
            .args(["scan", "--only-errors", s(&input)])
            .output()
            .unwrap();
        let kept: Vec<&[u8]> = out
            .stdout
            .split(|&b| b == b'\n')
            .filter(|l| {
                !l.is_empty()
                    && !l.starts_with("  ↳ ".as_bytes())
                    && !l.starts_with(b"    action")
                    && !l.starts_with(b"    explained by")
            })
            .collect();
        let want: Vec<&[u8]> = found.iter().map(|&n| lines[n as usize - 1]).collect();
        assert_eq!(kept, want, "{}", input.display());
    }
}

#[test]
fn summary_counts_per_call_and_errno() {
    let input = "connect(3) = -1 ECONNREFUSED (Connection refused)\n\
                 connect(4) = -1 ECONNREFUSED (Connection refused)\n\
                 recvfrom(5, 0x1, 10, 0, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)\n\
                 TimeoutError: timed out\n";
    let o = sockerr()
        .args(["scan", "--summary", "--only-errors"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let table = out.split("sockerr scan: ").nth(1).expect("a summary");
    assert!(table.starts_with("4 finding(s) in 4 line(s)"), "{out}");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0][..3], ["2", "connect", "ECONNREFUSED"], "{out}");
    assert!(
        rows.iter().any(|r| r[..3] == ["1", "recv", "EAGAIN"]),
        "{out}"
    );
    assert!(
        rows.iter()
            .any(|r| r.join(" ").contains("client-side timeout (python)")),
        "{out}"
    );

    let (_, out, _) = run_with_input(&["scan", "--summary", "--json"], input);
    let last: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(last["summary"]["findings"], 4);
    assert_eq!(last["summary"]["lines"], 4);
    assert_eq!(last["summary"]["rows"][0]["count"], 2);
    assert_eq!(last["summary"]["rows"][0]["name"], "ECONNREFUSED");
}

#[test]
fn json_has_the_explain_fields_plus_line_and_matched() {
    let (code, out, _) = run(&["explain", "--json", "--syscall", "connect", "ECONNREFUSED"]);
    assert_eq!(code, 0);
    let explain: Value = serde_json::from_str(&out).unwrap();
    let keys: BTreeSet<&String> = explain.as_object().unwrap().keys().collect();
    let input = fixtures().join("written/handwritten.txt");
    let all = scan_json(&[s(&input)]);
    assert!(all.len() > 10);
    for o in &all {
        let have: BTreeSet<&String> = o.as_object().unwrap().keys().collect();
        assert!(
            keys.is_subset(&have),
            "missing {:?} in {o}",
            keys.difference(&have).collect::<Vec<_>>()
        );
        assert!(o["line"].as_u64().unwrap() >= 1);
        assert!(!o["matched"].as_str().unwrap().is_empty());
        assert_eq!(o["file"], s(&input));
        if o["kind"] == "errno" {
            let name = o["name"].as_str().unwrap();
            assert!(sockerr::kb::by_name(name).is_some(), "{name}");
        }
    }
    // The first finding: nginx's connect() failed (111: Connection refused).
    assert_eq!(all[0]["matched"], "Connection refused");
    assert_eq!(all[0]["line"], 3);
    assert_eq!(all[0]["number"], 111);
    assert_eq!(all[0]["syscall"], "connect");
    assert_eq!(all[0]["call"], "connect");
}

#[test]
fn no_subcommand_with_piped_input_scans_it() {
    let input = "ConnectionRefusedError: [Errno 111] Connection refused\n";
    let o = sockerr().write_stdin(input).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with(input), "{out}");
    assert!(out.contains("  ↳ ECONNREFUSED (111): "), "{out}");
    // `-` is standard input too.
    let o = sockerr()
        .args(["scan", "--json", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(String::from_utf8(o.stdout).unwrap().trim()).unwrap();
    assert_eq!(v["name"], "ECONNREFUSED");
    assert!(v["file"].is_null());
}

#[test]
fn exit_statuses() {
    let good = fixtures().join("real/strace-reset.txt");
    // No findings is still a successful run.
    let o = sockerr()
        .arg("scan")
        .write_stdin("all quiet\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(o.stdout, b"all quiet\n");
    // An unreadable input: said, the others still scanned, exit 1.
    let (code, out, err) = run(&[
        "scan",
        "--only-errors",
        "/nonexistent/sockerr.log",
        s(&good),
        "/",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sockerr: cannot read /nonexistent/sockerr.log: No such file or directory"),
        "{err}"
    );
    assert!(
        err.contains("sockerr: cannot read /: Is a directory"),
        "{err}"
    );
    assert!(out.contains("ECONNRESET"), "{out}");
    // Usage errors.
    assert_eq!(run(&["scan", "--no-such-flag"]).0, 2);
    assert_eq!(run(&["scan", "--brief", s(&good)]).0, 2);
}

#[test]
fn back_references_name_the_file_when_it_differs() {
    let a = fixtures().join("real/strace-refused.txt");
    let b = fixtures().join("real/c.txt");
    let (code, out, _) = run(&["scan", "--only-errors", s(&a), s(&b)]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!("again, first seen at {}:2", s(&a))),
        "{out}"
    );
}

#[test]
fn hostile_bytes_pass_through_untouched() {
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe invalid UTF-8 \xc3\x28 then ECONNRESET\n");
    input.extend_from_slice(b"crlf: connect: Connection refused\r\n");
    input.extend_from_slice(b"nul\0bytes\0ECONNABORTED\0\n");
    input.extend_from_slice(b"\x1b[2J\x1b]0;title\x07 recv: ECONNRESET\n");
    input.extend_from_slice(b"last line without newline EPIPE");
    let o = sockerr()
        .args(["scan", "--color", "never"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let json = sockerr()
        .args(["scan", "--json"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let lines: BTreeSet<u64> = String::from_utf8(json.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [1, 2, 3, 4, 5].into());
    // The last line had no newline: the note starts on a line of its own.
    let mut want = input.clone();
    want.push(b'\n');
    strip_notes(&want, &o.stdout, &lines);

    // With colour on, what would drive a terminal is escaped.
    let o = sockerr()
        .args(["scan", "--color", "always"])
        .write_stdin(input)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains("\x1b[2J") && !out.contains("\x1b]0;") && !out.contains('\x07'),
        "{out:?}"
    );
    assert!(
        out.contains("\\x1b[2J") && out.contains("\\x00") && out.contains("\\xff"),
        "{out:?}"
    );
    assert!(out.contains("\x1b[2m"), "notes are dimmed: {out:?}");
}

/// Peak resident memory of a running process, from /proc, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The real binary as a child process with pipes, with the same scrubbed
/// environment as `util::sockerr()`.
fn spawn(args: &[&str]) -> std::process::Child {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("sockerr"));
    for var in crate::util::SCRUBBED {
        cmd.env_remove(var);
    }
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sockerr starts")
}

#[test]
fn a_50_mb_line_streams_in_flat_memory() {
    let mut child = spawn(&["scan"]);
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut head = Vec::new();
        let mut total = 0u64;
        let mut buf = vec![0; 1 << 16];
        loop {
            let n = stdout.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            if head.len() < 64 {
                head.extend_from_slice(&buf[..n.min(64)]);
            }
            total += n as u64;
        }
        (head, total)
    });
    let mut stdin = child.stdin.take().unwrap();
    const MB: usize = 1 << 20;
    stdin.write_all(b"recv: ECONNRESET ").unwrap();
    let chunk = vec![b'x'; MB];
    for _ in 0..50 {
        stdin.write_all(&chunk).unwrap();
    }
    // Still running (its input is open): read its peak memory now.
    std::thread::sleep(Duration::from_millis(100));
    let peak = peak_rss_kib(child.id()).expect("/proc/PID/status");
    drop(stdin);
    let status = child.wait().unwrap();
    let (head, total) = reader.join().unwrap();
    assert!(status.success());
    assert!(head.starts_with(b"recv: ECONNRESET xxx"));
    assert!(
        total > 50 * MB as u64 + 17,
        "the whole line came through: {total}"
    );
    assert!(peak < 64 * 1024, "peak RSS {peak} KiB for a 50 MB line");
}

#[test]
fn a_reader_that_goes_away_ends_it_quietly() {
    let input: Vec<u8> =
        "connect(3, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused)\nplain line\n"
            .repeat(100_000)
            .into_bytes();
    let mut child = spawn(&["scan"]);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // Fails with EPIPE once sockerr is gone; that is expected.
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // `| head -c 64`
    let start = Instant::now();
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(
        out.status.code(),
        Some(0),
        "a closed pipe is a quiet success"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// xorshift64*, so random input needs no crate and fails the same way every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn random_bytes_through_the_binary() {
    let mut rng = Rng(0x0dd_ba11);
    // Random bytes with real log lines mixed in, 2 MB.
    let samples: Vec<Vec<u8>> = cases()
        .iter()
        .map(|(i, _)| std::fs::read(i).unwrap())
        .collect();
    let mut input = Vec::new();
    while input.len() < 2 << 20 {
        if rng.next() % 4 == 0 {
            let s = &samples[(rng.next() % samples.len() as u64) as usize];
            let from = (rng.next() % s.len() as u64) as usize;
            let to = (from + (rng.next() % 400) as usize).min(s.len());
            input.extend_from_slice(&s[from..to]);
        } else {
            for _ in 0..rng.next() % 200 {
                input.push(rng.next() as u8);
            }
        }
    }
    let o = sockerr()
        .args(["scan", "--json"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).expect("JSON is UTF-8");
    let mut n = 0;
    for l in text.lines() {
        let v: Value = serde_json::from_str(l).expect("every line is JSON");
        if let Some(name) = v["name"].as_str() {
            assert!(sockerr::kb::by_name(name).is_some(), "{name}");
            n += 1;
        }
        for c in v["candidates"].as_array().unwrap() {
            assert!(sockerr::kb::by_name(c.as_str().unwrap()).is_some());
        }
    }
    assert!(n > 10, "the mix holds findings: {n}");
    let o = sockerr()
        .args(["scan"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.len() >= input.len());
}
