//! `sockerr trace` on real programs over loopback: small C programs built
//! here with gcc, run bare and under sockerr, their findings, output, exit
//! status and signals compared. They need strace and gcc: `.ci/run` installs
//! both; elsewhere a test without them says so loudly, and under CI=true
//! fails.

use crate::util::sockerr;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// No run of sockerr in these tests should take longer.
const LIMIT: Duration = Duration::from_secs(60);

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// strace and gcc are here; or the test says it cannot run (a failure on CI).
fn ready() -> bool {
    for tool in ["strace", "gcc"] {
        if !have(tool) {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is missing on CI: .ci/run should install it"
            );
            eprintln!("SKIPPED: {tool} is not installed; sockerr trace is not tested");
            return false;
        }
    }
    true
}

mod programs;
use programs::*;

fn trace(args: &[&str], prog: &Path, prog_args: &[&str]) -> Output {
    sockerr()
        .arg("trace")
        .args(args)
        .arg("--")
        .arg(prog)
        .args(prog_args)
        .timeout(LIMIT)
        .output()
        .expect("sockerr runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_client_refused_on_a_closed_port() {
    if !ready() {
        return;
    }
    let p = program("refused", REFUSED);
    let out = trace(&[], &p, &["3"]);
    let stdout = text(&out.stdout);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    let port = stdout
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("port "))
        .expect("the program printed its port");
    // Who was refused, by which address, explained once, then referred to.
    let first = format!(") connect(4, 127.0.0.1:{port}) = -1 ECONNREFUSED");
    assert!(err.contains(&first), "{err}");
    assert!(err.contains("sockerr: pid "), "{err}");
    assert!(err.contains("(refused) connect("), "{err}");
    assert!(
        err.contains("  ↳ connect ECONNREFUSED (111): The destination actively refused"),
        "{err}"
    );
    assert!(err.contains("action: network"), "{err}");
    // The non-blocking connect: normal, normal, then the refusal it learns of.
    assert!(
        err.contains(&format!(
            "connect(5, 127.0.0.1:{port}) = -1 EINPROGRESS  (normal)"
        )),
        "{err}"
    );
    assert!(
        err.contains("getpeername(5, TCP) = -1 ENOTCONN  (normal)"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "connect(5, 127.0.0.1:{port}) → ECONNREFUSED, read back with getsockopt(SO_ERROR)"
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "  ↳ connect ECONNREFUSED (111) via SO_ERROR: again, 2nd time; explained above"
        ),
        "{err}"
    );
    // The table at the end.
    assert!(
        err.contains("sockerr trace: 4 failed calls, 2 of them normal, in 1 process"),
        "{err}"
    );
    let row = |call: &str, errno: &str| {
        err.lines()
            .find(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() >= 5 && w[0].parse::<u64>().is_ok() && w[1] == call && w[2] == errno
            })
            .unwrap_or_else(|| panic!("no row {call} {errno}: {err}"))
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("connect", "ECONNREFUSED")[..6],
        [
            "2",
            "connect",
            "ECONNREFUSED",
            "network",
            "no",
            &format!("127.0.0.1:{port}")
        ]
    );
    assert_eq!(
        row("connect", "EINPROGRESS")[..5],
        ["1", "connect", "EINPROGRESS", "in-progress", "yes"]
    );
    assert_eq!(
        row("getpeername", "ENOTCONN")[..5],
        ["1", "getpeername", "ENOTCONN", "in-progress", "yes"]
    );
    assert!(err.ends_with(&format!(
        "sockerr trace: {} exited with status 3\n",
        p.display()
    )));
}

#[test]
fn json_has_scan_fields_and_the_trace_s_own() {
    if !ready() {
        return;
    }
    let p = program("refused", REFUSED);
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("trace-refused.ndjson");
    let out = trace(&["--json", "-o", file.to_str().unwrap()], &p, &[]);
    assert_eq!(out.status.code(), Some(0));
    // The findings went to the file; standard error is the program's alone.
    assert_eq!(text(&out.stderr), "");
    let port: u32 = text(&out.stdout)
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("port "))
        .and_then(|p| p.parse().ok())
        .unwrap();
    let objects: Vec<serde_json::Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    assert_eq!(objects.len(), 5, "{objects:?}");
    let f = &objects[0];
    for field in [
        "line", "file", "matched", "kind", "call", "context", "pid", "query", "meaning", "action",
    ] {
        assert!(
            f.get(field).is_some(),
            "scan's field {field} is missing: {f}"
        );
    }
    assert_eq!(f["name"], "ECONNREFUSED");
    assert_eq!(f["syscall"], "connect");
    assert_eq!(f["call"], "connect");
    assert_eq!(f["fd"], 4);
    assert_eq!(f["address"], format!("127.0.0.1:{port}"));
    assert_eq!(f["normal"], false);
    assert_eq!(f["count"], 1);
    assert_eq!(f["process"], "refused");
    assert!(f["pid"].as_u64().is_some());
    assert!(f["trace"].as_str().unwrap().contains("connect(4<TCP:["));
    assert_eq!(objects[1]["name"], "EINPROGRESS");
    assert_eq!(objects[1]["normal_reason"], "in-progress");
    assert_eq!(objects[2]["name"], "ENOTCONN");
    assert_eq!(objects[2]["call"], "getpeername");
    assert_eq!(objects[2]["normal_reason"], "connect-pending");
    assert_eq!(objects[3]["context"], "deferred-connect");
    assert_eq!(objects[3]["address"], format!("127.0.0.1:{port}"));
    assert_eq!(objects[3]["count"], 2);
    let s = &objects[4]["summary"];
    assert_eq!(s["failed"], 4);
    assert_eq!(s["normal"], 2);
    assert_eq!(s["exit"]["code"], 0);
    assert_eq!(s["rows"][0]["name"], "ECONNREFUSED");
    assert_eq!(s["rows"][0]["count"], 2);
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn a_server_whose_peer_resets() {
    if !ready() {
        return;
    }
    let p = program("reset", RESET);
    let out = trace(&[], &p, &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let stdout = text(&out.stdout);
    let server = stdout
        .split_whitespace()
        .nth(1)
        .expect("the program printed its pid");
    // The server (the parent, not the child that reset) failed, on its
    // accepted connection, whose both ends are named.
    let reset = err
        .lines()
        .find(|l| l.contains("ECONNRESET") && l.starts_with("sockerr: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        reset.starts_with(&format!(
            "sockerr: pid {server} (reset) read(4, TCP 127.0.0.1:"
        )),
        "{reset}"
    );
    assert!(reset.contains("->127.0.0.1:"), "{reset}");
    assert!(
        err.contains("  ↳ read ECONNRESET (104): The connection was aborted"),
        "{err}"
    );
    assert!(
        err.contains("sendto(4, TCP 127.0.0.1:") && err.contains("= -1 EPIPE"),
        "{err}"
    );
    assert!(err.contains("action: close"), "{err}");
}

#[test]
fn a_program_out_of_descriptors() {
    if !ready() {
        return;
    }
    let p = program("emfile", EMFILE);
    let bare = Command::new(&p).output().unwrap();
    let out = trace(&["--diagnose"], &p, &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0));
    // strace's output FIFO never reaches the program: it opens as many.
    assert_eq!(out.stdout, bare.stdout);
    assert!(
        err.contains("(emfile) socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = -1 EMFILE"),
        "{err}"
    );
    assert!(err.contains("  ↳ socket EMFILE (24): "), "{err}");
    assert!(err.contains("action: fix-config"), "{err}");
    // --diagnose runs `sockerr diagnose` for the worst finding after the
    // table; the program has exited, so its limits are gone and the host's
    // are read.
    assert!(
        err.contains("--diagnose: the worst finding, on this host now: sockerr diagnose EMFILE\n"),
        "{err}"
    );
    let table = err.find("--diagnose: the worst finding").unwrap();
    assert!(
        err[table..].contains("EMFILE (24) Too many open files"),
        "{err}"
    );
    assert!(err[table..].contains("limits-system"), "{err}");
}

#[test]
fn threads_are_followed_and_named() {
    if !ready() {
        return;
    }
    let p = program("threads", THREADS);
    let out = trace(&["--summary"], &p, &[]);
    let err = text(&out.stderr);
    assert!(
        err.contains("sockerr trace: 6 failed calls, 0 of them normal, in 1 process"),
        "{err}"
    );
    // --summary: the table alone, no notes.
    assert!(!err.contains("↳"), "{err}");
    let out = trace(&[], &p, &[]);
    let err = text(&out.stderr);
    let pid = text(&out.stdout)
        .trim()
        .strip_prefix("pid ")
        .unwrap()
        .to_string();
    let first = err.lines().find(|l| l.contains("ECONNREFUSED")).unwrap();
    assert!(
        first.starts_with(&format!("sockerr: pid {pid} (threads), thread ")),
        "{first}"
    );
}

#[test]
fn stdio_and_exit_status_are_the_program_s() {
    if !ready() {
        return;
    }
    let p = program("stdio", STDIO);
    let input: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let bare = Command::new(&p)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            let mut i = c.stdin.take().unwrap();
            let data = input.clone();
            let w = std::thread::spawn(move || i.write_all(&data));
            let o = c.wait_with_output();
            w.join().unwrap().unwrap();
            o
        })
        .unwrap();
    assert_eq!(bare.status.code(), Some(5));
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("trace-stdio.txt");
    for extra in [&[][..], &["-o", file.to_str().unwrap()][..]] {
        let out = sockerr()
            .arg("trace")
            .args(extra)
            .arg("--")
            .arg(&p)
            .write_stdin(input.clone())
            .timeout(LIMIT)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5));
        assert!(
            out.stdout == bare.stdout,
            "standard output differs from a bare run"
        );
        if extra.is_empty() {
            let err = text(&out.stderr);
            assert!(err.starts_with("a line of its own on stderr\n"), "{err}");
            assert!(
                err.contains("sockerr trace: no failed socket calls"),
                "{err}"
            );
        } else {
            // With -o, standard error too is the program's alone.
            assert_eq!(out.stderr, bare.stderr);
            let f = std::fs::read_to_string(&file).unwrap();
            assert!(f.contains("exited with status 5"), "{f}");
        }
    }
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn the_program_s_signals_and_descriptors_are_as_bare() {
    if !ready() {
        return;
    }
    // Ignored and blocked signals, and the descriptors it has, seen from
    // inside; SIGQUIT ignored by the parent stays ignored, as it would.
    let script = "grep -E '^Sig(Ign|Blk)' /proc/self/status; ls /proc/self/fd | wc -l";
    let run = |traced: bool| {
        let mut c = if traced {
            let mut c = Command::new(env!("CARGO_BIN_EXE_sockerr"));
            c.args(["trace", "--", "sh", "-c", script]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", script]);
            c
        };
        // SAFETY: signal() between fork and exec.
        unsafe {
            c.pre_exec(|| {
                libc::signal(libc::SIGQUIT, libc::SIG_IGN);
                Ok(())
            });
        }
        text(&c.stderr(Stdio::null()).output().unwrap().stdout)
    };
    let bare = run(false);
    let ignored = bare
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:\t"))
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap();
    assert_eq!(
        ignored & (1 << (libc::SIGQUIT - 1)),
        1 << (libc::SIGQUIT - 1),
        "{bare}"
    );
    assert_eq!(run(true), bare);
}

#[test]
fn death_by_a_signal_comes_through() {
    if !ready() {
        return;
    }
    let out = sockerr()
        .args(["trace", "--", "sh", "-c", "kill -TERM $$"])
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.signal(), Some(libc::SIGTERM));
    let err = text(&out.stderr);
    assert!(
        err.contains("sockerr trace: sh was killed by SIGTERM"),
        "{err}"
    );
    // What a shell script sees: 128 + 15, as for the bare command.
    let me = env!("CARGO_BIN_EXE_sockerr");
    let sh = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{me} trace -- sh -c 'kill -TERM $$' 2>/dev/null; echo $?"
        ))
        .output()
        .unwrap();
    assert_eq!(text(&sh.stdout), "143\n");
}

#[test]
fn failures_of_other_calls_only_with_all() {
    if !ready() {
        return;
    }
    let missing = "/nonexistent-sockerr-trace-test";
    let out = trace(&[], Path::new("cat"), &[missing]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(!err.contains("ENOENT"), "{err}");
    assert!(
        err.contains("sockerr trace: no failed socket calls"),
        "{err}"
    );
    let out = trace(&["--all"], Path::new("cat"), &[missing]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains(&format!("\"{missing}\"")) || err.contains("openat("),
        "{err}"
    );
    assert!(err.contains("= -1 ENOENT"), "{err}");
}

#[test]
fn what_cannot_start_says_so() {
    if !ready() {
        return;
    }
    // No strace on the PATH: one line, how to install it, exit 2.
    let out = sockerr()
        .env("PATH", "/nonexistent")
        .args(["trace", "--", "/bin/true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "sockerr: trace needs strace, which is not installed (or not on PATH): apt-get install strace\n"
    );
    // No such program: 127, as a shell says; not executable: 126.
    let (code, _, err) = crate::util::run(&["trace", "--", "no-such-program-sockerr"]);
    assert_eq!(
        (code, err.as_str()),
        (127, "sockerr: no-such-program-sockerr: command not found\n")
    );
    let (code, _, err) = crate::util::run(&["trace", "--", "/etc/passwd"]);
    assert_eq!(code, 126, "{err}");
    let (code, _, err) = crate::util::run(&["trace", "-p", "999999999"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "sockerr: no process has id 999999999\n")
    );
    let (code, _, err) = crate::util::run(&["trace"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = crate::util::run(&["trace", "--brief", "--", "true"]);
    assert_eq!(code, 2, "{err}");
}

/// Lines of a child's standard error, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits (boundedly) for a line holding `what`; returns every line seen.
fn wait_for(rx: &mpsc::Receiver<String>, what: &str, seen: &mut Vec<String>) {
    let end = Instant::now() + Duration::from_secs(20);
    while Instant::now() < end {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            let hit = l.contains(what);
            seen.push(l);
            if hit {
                return;
            }
        }
    }
    panic!("no line with {what:?} in 20 s: {seen:#?}");
}

fn wait_exit(c: &mut Child) -> std::process::ExitStatus {
    let end = Instant::now() + LIMIT;
    loop {
        if let Some(s) = c.try_wait().unwrap() {
            return s;
        }
        assert!(Instant::now() < end, "did not end in time");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn status_field(pid: u32, key: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
        .unwrap()
}

/// Kills the child even when an assertion fails first.
struct KillOnDrop(Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The last number a counting program wrote.
fn last_count(out: &mut impl Read) -> u64 {
    let mut buf = [0u8; 65536];
    let n = out.read(&mut buf).unwrap();
    text(&buf[..n])
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn attaches_and_detaches_cleanly() {
    if !ready() {
        return;
    }
    let p = program("loop", LOOP);
    let mut target = KillOnDrop(
        Command::new(&p)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let pid = target.0.id();
    let mut s = sockerr_std(&["trace", "-p", &pid.to_string()]);
    let rx = lines_of(&mut s);
    let mut seen = Vec::new();
    wait_for(&rx, "again, 2nd time", &mut seen);
    // A Ctrl-C (here: SIGINT to sockerr alone) ends the tracing.
    unsafe { libc::kill(s.id() as i32, libc::SIGINT) };
    let status = wait_exit(&mut s);
    seen.extend(rx.iter());
    let all = seen.join("\n");
    assert_eq!(status.code(), Some(0), "{all}");
    assert!(
        all.starts_with(&format!(
            "sockerr: attaching to pid {pid} (loop) and its threads"
        )),
        "{all}"
    );
    assert!(
        all.contains(&format!("sockerr: pid {pid} (loop) connect(4, 127.0.0.1:")),
        "{all}"
    );
    assert!(
        all.contains(&format!(
            "sockerr trace: detached; still running, untraced: pid {pid}"
        )),
        "{all}"
    );
    // Still running, traced by nobody, and still working.
    assert_eq!(status_field(pid, "TracerPid:"), "0");
    assert!(!status_field(pid, "State:").starts_with('t'), "stopped");
    let out = target.0.stdout.as_mut().unwrap();
    let before = last_count(out);
    std::thread::sleep(Duration::from_millis(300));
    let after = last_count(out);
    assert!(
        after > before,
        "the process stopped counting: {before} then {after}"
    );
}

fn sockerr_std(args: &[&str]) -> Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sockerr"));
    for v in crate::util::SCRUBBED {
        c.env_remove(v);
    }
    c.args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn ctrl_c_reaches_the_program_as_it_would_bare() {
    if !ready() {
        return;
    }
    let p = program("loop", LOOP).to_string_lossy().into_owned();
    // sockerr in a process group of its own, as a shell's foreground job;
    // the terminal's Ctrl-C is SIGINT to the whole group.
    let group = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sockerr"));
        for v in crate::util::SCRUBBED {
            c.env_remove(v);
        }
        c.args(args)
            .process_group(0)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // The program dies of it: so does sockerr, after the table.
    let mut s = group(&["trace", "--", &p]);
    let rx = lines_of(&mut s);
    let mut seen = Vec::new();
    wait_for(&rx, "ECONNREFUSED", &mut seen);
    unsafe { libc::killpg(s.id() as i32, libc::SIGINT) };
    let status = wait_exit(&mut s);
    seen.extend(rx.iter());
    let all = seen.join("\n");
    assert_eq!(status.signal(), Some(libc::SIGINT), "{all}");
    assert!(all.contains("  count  call"), "{all}");
    assert!(all.ends_with("was killed by SIGINT"), "{all}");
    // The program handles it and ends well: so does sockerr.
    let mut s = group(&["trace", "--", &p, "int"]);
    let rx = lines_of(&mut s);
    let mut seen = Vec::new();
    wait_for(&rx, "ECONNREFUSED", &mut seen);
    unsafe { libc::killpg(s.id() as i32, libc::SIGINT) };
    let status = wait_exit(&mut s);
    seen.extend(rx.iter());
    let mut out = String::new();
    s.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert_eq!(status.code(), Some(0), "{seen:?}");
    assert!(out.ends_with("bye\n"), "{out}");
    assert!(
        seen.join("\n").ends_with("exited with status 0"),
        "{seen:?}"
    );
}

#[test]
fn a_refused_attach_says_which_rule_refused_it() {
    if !ready() {
        return;
    }
    let me = unsafe { libc::geteuid() };
    let scope: Option<u8> = std::fs::read_to_string("/proc/sys/kernel/yama/ptrace_scope")
        .ok()
        .and_then(|s| s.trim().parse().ok());
    let init_uid = status_field(1, "Uid:")
        .split_whitespace()
        .next()
        .and_then(|u| u.parse::<u32>().ok());
    // A target this user may not trace: as root, trace from an ordinary
    // user; otherwise a sibling process under Yama's scope 1 or more, or
    // else pid 1 when another user owns it. A refused attach leaves the
    // target untouched.
    let sibling = KillOnDrop(
        Command::new("sleep")
            .arg("30")
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let (pid, name, out, expect) = if me == 0 {
        let pid = sibling.0.id();
        // A copy anyone may run: the build directory may be closed to others.
        let dir = std::env::temp_dir().join(format!("sockerr-trace-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let copy = dir.join("sockerr");
        // cp, not std::fs::copy: a descriptor open for writing in this
        // multi-threaded process can leak into another test's fork, and the
        // exec of the copy then fails with ETXTBSY.
        let cp = Command::new("cp")
            .arg(env!("CARGO_BIN_EXE_sockerr"))
            .arg(&copy)
            .status()
            .unwrap();
        assert!(cp.success());
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut c = Command::new(&copy);
        for v in crate::util::SCRUBBED {
            c.env_remove(v);
        }
        let out = c
            .args(["trace", "-p", &pid.to_string()])
            .uid(65534)
            .gid(65534)
            .output()
            .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let expect = "it runs as user 0 and sockerr as user 65534: tracing another user's process takes root or CAP_SYS_PTRACE".to_string();
        (pid, "sleep".to_string(), out, expect)
    } else if scope.is_some_and(|s| s >= 1) {
        let pid = sibling.0.id();
        let out = sockerr()
            .args(["trace", "-p", &pid.to_string()])
            .timeout(LIMIT)
            .output()
            .unwrap();
        let expect = "kernel.yama.ptrace_scope is".to_string();
        (pid, "sleep".to_string(), out, expect)
    } else if init_uid.is_some_and(|u| u != me) {
        let out = sockerr()
            .args(["trace", "-p", "1"])
            .timeout(LIMIT)
            .output()
            .unwrap();
        let expect = format!("and sockerr as user {me}: tracing another user's process");
        (1, status_field(1, "Name:"), out, expect)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "on CI, run as root, with Yama on, or with pid 1 another user's, so that a refusal can be tested"
        );
        eprintln!("SKIPPED: nothing here refuses an attach (not root, no Yama, pid 1 is ours)");
        return;
    };
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "sockerr: the kernel refused to let strace attach to pid {pid} ({name}):"
        )),
        "{err}"
    );
    assert!(err.contains(&expect), "{err}");
    assert!(err.contains("  seen: sockerr runs as user "), "{err}");
    // It was never stopped.
    assert_eq!(status_field(pid, "TracerPid:"), "0");
}
