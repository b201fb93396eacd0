//! Regressions: one test per defect found by using sockerr as a hostile user
//! would (issue 9, section 3), each named after what it guards, each failing
//! on the code before its fix. Through the real binary wherever the defect
//! shows there.

use crate::util::run;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A directory of this test process, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("sockerr-regression-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sockerr"))
}

/// The binary as a std `Command` (for what assert_cmd's wrapper cannot do:
/// redirecting stdout to a file, spawning), with the same clean environment.
fn std_sockerr() -> Command {
    let mut cmd = Command::new(bin());
    for var in crate::util::SCRUBBED {
        cmd.env_remove(var);
    }
    cmd
}

/// `sh -c SCRIPT` in `dir`, bounded by timeout(1), with sockerr as $S.
fn shell(dir: &Path, script: &str) -> std::process::Output {
    Command::new("timeout")
        .args(["10", "sh", "-c", script])
        .current_dir(dir)
        .env("S", bin())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("timeout and sh run")
}

// 1. `sockerr scan f >> f` -------------------------------------------------

#[test]
fn scan_refuses_to_read_its_own_output() {
    let dir = Scratch::new("own-output");
    let line = "connect(3, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused)\n";
    std::fs::write(dir.path("f"), line).unwrap();
    for script in [
        "\"$S\" scan f >> f",
        "\"$S\" scan < f >> f",
        "\"$S\" scan - >> f < f",
        "\"$S\" scan other f >> f",
        "\"$S\" < f >> f",
    ] {
        std::fs::write(dir.path("other"), line).unwrap();
        let out = shell(&dir.0, script);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{script}: {err}");
        assert!(err.contains("input file is output file"), "{script}: {err}");
        assert_eq!(
            std::fs::read_to_string(dir.path("f")).unwrap(),
            line,
            "{script}: f must not grow"
        );
    }
    // Not the same file: scanning goes on as ever.
    let out = shell(&dir.0, "\"$S\" scan f > g && cat g");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("↳"));
}

// 2. repro's temporary directory and the signals that end the process ----

/// The signals whose default action ends a process and that sockerr leaves
/// at their default, so its handler takes them over while a directory
/// exists. Not SIGPIPE (Rust ignores it: sockerr survives it), not SIGSEGV
/// and SIGBUS (Rust's stack-overflow handler owns them), and not SIGKILL
/// or SIGSTOP, which nothing can catch.
fn terminating_signals() -> Vec<libc::c_int> {
    let mut v = vec![
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGILL,
        libc::SIGTRAP,
        libc::SIGABRT,
        libc::SIGFPE,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGALRM,
        libc::SIGTERM,
        libc::SIGSTKFLT,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGIO,
        libc::SIGPWR,
        libc::SIGSYS,
    ];
    v.extend([libc::SIGRTMIN(), libc::SIGRTMIN() + 5, libc::SIGRTMAX()]);
    v
}

/// `sockerr repro all` with its own TMPDIR and no core dumps.
fn spawn_repro_all(tmp: &Path) -> libc::pid_t {
    use std::os::unix::process::CommandExt;
    let mut cmd = std_sockerr();
    cmd.args(["repro", "all"])
        .env("TMPDIR", tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs here.
    unsafe {
        cmd.pre_exec(|| {
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            Ok(())
        });
    }
    // Reaped with waitpid by the callers (`reap`), which must see it stop
    // as well as end; std's Child::wait cannot.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().expect("sockerr starts");
    child.id() as libc::pid_t
}

/// Waits for `pid` (bounded: SIGKILL after 10 s) and returns the signal
/// that ended it, or None if it exited.
fn reap(pid: libc::pid_t) -> Option<libc::c_int> {
    let start = std::time::Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes the status of our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            return libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status));
        }
        assert!(r == 0, "waitpid: {}", std::io::Error::last_os_error());
        if start.elapsed() > std::time::Duration::from_secs(10) {
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Runs `repro all` and delivers `sig` while a `sockerr-repro-*` directory
/// certainly exists: inotify reports its creation, SIGSTOP freezes the
/// process, and only if the directory is still there is `sig` sent, to be
/// delivered when SIGCONT resumes it. Returns whether that moment came
/// (the directories live for a millisecond or less, so it may not).
fn signal_while_a_directory_exists(tmp: &Path, sig: libc::c_int) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    // SAFETY: plain inotify and poll calls on descriptors this function owns.
    unsafe {
        let fd = libc::inotify_init1(libc::IN_CLOEXEC | libc::IN_NONBLOCK);
        assert!(fd >= 0, "inotify: {}", std::io::Error::last_os_error());
        let path = CString::new(tmp.as_os_str().as_bytes()).unwrap();
        assert!(libc::inotify_add_watch(fd, path.as_ptr(), libc::IN_CREATE) >= 0);
        let pid = spawn_repro_all(tmp);
        let mut hit = false;
        let mut buf = [0u8; 4096];
        loop {
            let mut p = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            if libc::poll(&mut p, 1, 3000) <= 0 {
                break; // the run ended without another directory
            }
            while libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) > 0 {}
            libc::kill(pid, libc::SIGSTOP);
            let mut status = 0;
            let r = libc::waitpid(pid, &mut status, libc::WUNTRACED);
            if r != pid || !libc::WIFSTOPPED(status) {
                // It ended on its own before the stop took.
                libc::close(fd);
                assert!(
                    !libc::WIFSIGNALED(status),
                    "died of {}",
                    libc::WTERMSIG(status)
                );
                return false;
            }
            if !entries(tmp).is_empty() {
                libc::kill(pid, sig);
                hit = true;
            }
            libc::kill(pid, libc::SIGCONT);
            if hit {
                break;
            }
        }
        libc::close(fd);
        if !hit {
            libc::kill(pid, libc::SIGKILL);
        }
        let died_of = reap(pid);
        if hit {
            assert_eq!(
                died_of,
                Some(sig),
                "signal {sig}: the process must die of it"
            );
        }
        hit
    }
}

#[test]
fn repro_leaves_no_directory_behind_whatever_signal_ends_it() {
    let dir = Scratch::new("signals");
    let mut missed = Vec::new();
    for sig in terminating_signals() {
        let tmp = dir.path(&format!("sig{sig}"));
        // The moment that matters: a directory exists. Up to three runs
        // to catch one.
        let mut caught = false;
        for _ in 0..3 {
            std::fs::create_dir_all(&tmp).unwrap();
            caught = signal_while_a_directory_exists(&tmp, sig);
            assert_eq!(
                entries(&tmp),
                Vec::<String>::new(),
                "signal {sig}: left behind"
            );
            if caught {
                break;
            }
        }
        if !caught {
            missed.push(sig);
        }
        // And at other moments: at once, early, during the cases.
        for delay_ms in [0, 20, 150] {
            let pid = spawn_repro_all(&tmp);
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            unsafe { libc::kill(pid, sig) };
            assert_eq!(reap(pid), Some(sig), "signal {sig} after {delay_ms} ms");
            assert_eq!(
                entries(&tmp),
                Vec::<String>::new(),
                "signal {sig}: left behind"
            );
        }
    }
    // The directories are short-lived: a miss now and then is luck, not a
    // bug, but most signals must have met one.
    eprintln!("signals that never met a directory: {missed:?}");
    assert!(
        missed.len() <= 3,
        "never caught a directory for signals {missed:?}"
    );
}

// 3. help and version written to a full disk ------------------------------

#[test]
fn help_and_version_report_a_failed_write() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["--version"],
        &["help", "scan"],
        &["scan", "--help"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full exists on Linux");
        let out = std_sockerr().args(args).stdout(full).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("sockerr: cannot write the") && err.contains("No space left"),
            "{args:?}: {err}"
        );
    }
    // A reader that stops early is not an error.
    let out = shell(
        Path::new("."),
        "\"$S\" --help | head -1 >/dev/null; echo $?",
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("sockerr "));
}

// 6. --brief with a runtime's name ----------------------------------------

#[test]
fn brief_prints_a_line_for_every_runtime_name() {
    // A name that stands for no errno or code: one line saying so.
    let (code, out, _) = run(&["-b", "socket.timeout"]);
    assert_eq!(code, 0);
    assert_eq!(out, "socket.timeout - not an errno (Python)\n");
    // Node's names for getaddrinfo's codes: one line per code (issue 10).
    let (code, out, _) = run(&["-b", "ENOTFOUND"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "EAI_NONAME -2 Name or service not known\n\
         EAI_NODATA -5 No address associated with hostname\n"
    );
    let (code, out, _) = run(&["-b", "EAI_AGAIN"]);
    assert_eq!(code, 0);
    assert_eq!(out, "EAI_AGAIN -3 Temporary failure in name resolution\n");
    // A name for several errnos: one errno(1)-shaped line each.
    let (code, out, _) = run(&["-b", "BlockingIOError"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "EAGAIN 11 Resource temporarily unavailable\n\
         EALREADY 114 Operation already in progress\n\
         EINPROGRESS 115 Operation now in progress\n"
    );
    // Every runtime name prints something, with the status the full
    // explanation has.
    for r in sockerr::runtime::names() {
        let (full, _, _) = run(&[&r.name]);
        let (code, out, err) = run(&["-b", &r.name]);
        assert_eq!(code, full, "{}: {err}", r.name);
        assert!(
            code != 0 || !out.trim().is_empty(),
            "-b {}: nothing printed",
            r.name
        );
    }
}

// 9. user input echoed in messages ----------------------------------------

#[test]
fn echoed_names_are_escaped_and_shortened() {
    let (code, _, err) = run(&["\u{1b}[2JECONNRESET\u{7}"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown errno: \\x1b[2JECONNRESET\\x07"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    let dir = Scratch::new("names");
    let hostile = dir.path(format!("{}-log\u{1b}]0;owned\u{7}.txt", "x".repeat(300)).as_str());
    let (code, _, err) = run(&["scan", hostile.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read") && err.contains("\\x1b]0;owned\\x07"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.lines().next().unwrap().chars().count() < 160, "{err}");
    // clap's own usage errors quote the argument too.
    let (code, _, err) = run(&["--color", "x\u{1b}]0;owned\u{7}"]);
    assert_eq!(code, 2);
    assert!(err.contains("x\\x1b]0;owned\\x07"), "{err:?}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    let (code, _, err) = run(&["repro", "\u{1b}[2J"]);
    assert_eq!(code, 1);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn list_rows_pasted_back_are_understood() {
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, 0);
    let pasted: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| n.contains('/'))
        .collect();
    assert!(pasted.contains(&"EAGAIN/EWOULDBLOCK"), "{pasted:?}");
    for names in pasted {
        let (code, out, err) = run(&["-b", names]);
        assert_eq!(code, 0, "{names}: {err}");
        let first = names.split('/').next().unwrap();
        assert!(out.starts_with(&format!("{first} ")), "{names}: {out}");
        assert_eq!(
            out.lines().count(),
            1,
            "{names}: one errno, one line: {out}"
        );
    }
}

#[test]
fn several_names_in_one_query_are_each_explained() {
    let (code, out, _) = run(&["-b", "ECONNRESET ECONNREFUSED"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "ECONNRESET 104 Connection reset by peer\nECONNREFUSED 111 Connection refused\n"
    );
    // Unquoted, the words arrive as two arguments: the same.
    let (code, out2, _) = run(&["-b", "ECONNRESET", "ECONNREFUSED"]);
    assert_eq!((code, out2), (0, out));
    let (code, out, _) = run(&["-b", "104, 111"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2, "{out}");
    let (code, out, _) = run(&["ECONNRESET", "ECONNREFUSED", "--syscall", "connect"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ECONNRESET (104)"), "{out}");
    assert!(
        out.contains("\nECONNREFUSED (111) Connection refused"),
        "{out}"
    );
    let (code, out, _) = run(&["--json", "ECONNRESET ECONNREFUSED"]);
    assert_eq!(code, 0);
    let names: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["name"].to_string())
        .collect();
    assert_eq!(names, ["\"ECONNRESET\"", "\"ECONNREFUSED\""]);
    // A typo in one of them: the suggestion is for that one.
    let (code, _, err) = run(&["ECONNRESET ECONNREFUSD"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean ECONNREFUSED?"), "{err}");
    // Messages are still messages.
    let (code, out, _) = run(&["-b", "no route to host"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "EHOSTUNREACH 113 No route to host\n")
    );
}

#[test]
fn scan_syscall_keeps_only_that_calls_findings() {
    let log = "connect(3, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused)\n\
               recvfrom(3, \"\", 1, 0, NULL, NULL) = -1 ECONNRESET (Connection reset by peer)\n\
               ConnectionRefusedError: [Errno 111] Connection refused\n";
    let out = piped(&["scan", "--syscall", "recv"], log.as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text.starts_with(log.lines().next().unwrap()), "{text}");
    assert_eq!(text.matches("↳").count(), 1, "{text}");
    assert!(text.contains("↳ recvfrom ECONNRESET"), "{text}");
    let out = piped(&["scan", "--json", "--syscall", "connect"], log.as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    let calls: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["syscall"].to_string())
        .collect();
    assert_eq!(calls, ["\"connect\""], "{text}");
}

#[test]
fn clicolor_force_colours_output_that_is_not_a_terminal() {
    let with = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = std_sockerr();
        cmd.env_remove("CLICOLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap().contains('\u{1b}')
    };
    let q = ["ECONNRESET"];
    assert!(!with(&[], &q), "a pipe gets no colour");
    assert!(with(&[("CLICOLOR_FORCE", "1")], &q));
    assert!(!with(&[("CLICOLOR_FORCE", "0")], &q));
    assert!(!with(&[("CLICOLOR_FORCE", "")], &q));
    assert!(!with(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &q));
    assert!(!with(
        &[("CLICOLOR_FORCE", "1")],
        &["--color", "never", "ECONNRESET"]
    ));
    assert!(with(
        &[("NO_COLOR", "1")],
        &["--color", "always", "ECONNRESET"]
    ));
    assert!(with(&[("CLICOLOR_FORCE", "1")], &["list"]));
}

#[test]
fn search_ranks_name_and_message_matches_first() {
    let first = |w: &str| {
        let (code, out, _) = run(&["search", w]);
        assert_eq!(code, 0, "{w}");
        out.split_whitespace().next().unwrap().to_string()
    };
    assert_eq!(first("timeout"), "ETIMEDOUT");
    assert_eq!(first("refused"), "ECONNREFUSED");
    assert_eq!(first("超时"), "ETIMEDOUT");
    let (_, out, _) = run(&["search", "reset"]);
    let names: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(&names[..2], ["ENETRESET", "ECONNRESET"], "{out}");
    // --syscall narrows a search as it narrows list.
    let (code, out, _) = run(&["search", "timeout", "--syscall", "connect"]);
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| !l.starts_with("EDOM")), "{out}");
}

// 4. multi-byte UTF-8 across the scanner's 1 MiB buffer ---------------------

#[test]
fn long_lines_keep_characters_whole_across_the_buffer() {
    // Lines of nothing but 2-, 3- and 4-byte characters, each over 1 MiB,
    // so every piece boundary falls inside a character; one of them with a
    // finding at its start, so it is echoed as a marked line.
    let mut input = String::new();
    for (lead, c, n) in [
        ("", 'é', 600_000),
        (
            "connect(3, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused) ",
            '€',
            400_000,
        ),
        ("", '𝄞', 300_000),
    ] {
        input.push_str(lead);
        input.extend(std::iter::repeat_n(c, n));
        input.push('\n');
    }
    let out = piped(&["--color", "always", "scan"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8 out");
    assert!(!text.contains("\\x"), "a character was escaped as bytes");
    let echoed: String = text
        .lines()
        .filter(|l| !l.contains('↳') && !l.contains("action:"))
        .map(|l| format!("{l}\n"))
        .collect();
    // The note after the marked line is dimmed: strip its escape codes.
    assert_eq!(echoed.replace("\u{1b}[0m", ""), input);
}

// 5. repro EMFILE under a low hard limit -----------------------------------

#[test]
fn emfile_case_stays_within_the_hard_limit() {
    // `ulimit -n` in sh sets both limits: a hard limit of 8, below the 16
    // the case would like.
    let out = shell(Path::new("."), "ulimit -n 8 && exec \"$S\" repro EMFILE");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("setrlimit(RLIMIT_NOFILE, {rlim_cur=8, rlim_max=8}) = 0"),
        "{text}"
    );
    assert!(
        text.contains("= -1 EMFILE") && text.contains("as expected"),
        "{text}"
    );
    assert!(!text.contains("without reaching the limit"), "{text}");
    // So low that the set-up itself fails: said, and skipped, never a mismatch.
    let out = shell(
        Path::new("."),
        "ulimit -n 4 && exec \"$S\" repro EMFILE --json",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(0), "{v}");
    let skipped = v[0]["skipped"].as_str().expect("skipped");
    assert!(skipped.starts_with("the set-up failed: pipe2"), "{skipped}");
    assert!(skipped.contains("EMFILE"), "{skipped}");
    assert_eq!(v[0]["matched"], false);
}

// 8. Chinese line breaks in the terminal ------------------------------------

/// Lines of zh output that start with closing or end with opening
/// full-width punctuation.
fn kinsoku_violations(out: &str) -> Vec<String> {
    const CLOSING: &str = "，。、．；：！？）］｝〕〉》」』】〙〗”’";
    const OPENING: &str = "（［｛〔〈《「『【〘〖“‘";
    out.lines()
        .filter(|l| {
            let text = l.trim_start().trim_start_matches("• ");
            text.starts_with(|c| CLOSING.contains(c)) || text.ends_with(|c| OPENING.contains(c))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn chinese_lines_keep_punctuation_with_its_text() {
    // The paragraph the issue names, at every width.
    for width in ["40", "60", "80", "100"] {
        let out = std_sockerr()
            .env("COLUMNS", width)
            .args(["--lang", "zh", "ECONNREFUSED", "--syscall", "connect"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("误解"), "{text}");
        let bad = kinsoku_violations(&text);
        assert!(bad.is_empty(), "COLUMNS={width}: {bad:#?}");
    }
    // Everything else at the narrowest width, where breaks are most often.
    let mut queries: Vec<Vec<&str>> = Vec::new();
    for call in sockerr::kb::calls() {
        for en in call.entries {
            queries.push(vec![en.errno.as_str(), "--syscall", call.syscall.name()]);
            if !queries.iter().any(|q| q.len() == 1 && q[0] == en.errno) {
                queries.push(vec![en.errno.as_str()]);
            }
        }
    }
    assert!(queries.len() > 150, "{}", queries.len());
    let mut bad = Vec::new();
    for q in &queries {
        let out = std_sockerr()
            .env("COLUMNS", "40")
            .args(["--lang", "zh"])
            .args(q)
            .output()
            .unwrap();
        for l in kinsoku_violations(&String::from_utf8(out.stdout).unwrap()) {
            bad.push(format!("{q:?}: {l}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} lines, e.g. {:#?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

/// A Python traceback's line pasted without quotes splits into words, and
/// `-3]` among them stopped clap, whose tip (`use '-- -3'`) leads nowhere.
/// The error now says the words look like a pasted message and shows the
/// line quoted, and that quoted line is answered (EAI_AGAIN). Exit status
/// stays 2 (usage). A lone negative number is still a query, and an
/// unknown option stays clap's error.
#[test]
fn unquoted_pasted_message_is_shown_quoted() {
    let (code, out, err) = run(&["socket.gaierror:", "[Errno", "-3]", "Temporary", "failure"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    let quoted = "socket.gaierror: [Errno -3] Temporary failure";
    assert!(
        err.contains("look like a message pasted without quotes")
            && err.contains(&format!("sockerr '{quoted}'")),
        "{err}"
    );
    let (code, out, _) = run(&["--brief", quoted]);
    assert_eq!(
        (code, out.split_whitespace().next()),
        (0, Some("EAI_AGAIN"))
    );
    // A quote in the line stays a quote once the shell reads the tip back.
    let (_, _, err) = run(&["can't", "resolve:", "[Errno", "-2]"]);
    assert!(
        err.contains(r"sockerr 'can'\''t resolve: [Errno -2]'"),
        "{err}"
    );
    let (code, out, _) = run(&["--brief", "-3"]);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = run(&["ECONNRESET", "--bogus"]);
    assert_eq!(code, 2);
    assert!(!err.contains("pasted"), "{err}");
}

fn piped(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std_sockerr()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}
