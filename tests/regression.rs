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
    let (code, out, _) = run(&["-b", "ENOTFOUND"]);
    assert_eq!(code, 0);
    assert_eq!(out, "ENOTFOUND - not an errno (Node)\n");
    let (code, out, _) = run(&["-b", "EAI_AGAIN"]);
    assert_eq!(code, 0);
    assert_eq!(out, "EAI_AGAIN - not an errno (Node, libuv -3001)\n");
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
        let (full, _, _) = run(&[r.name]);
        let (code, out, err) = run(&["-b", r.name]);
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

#[allow(dead_code)]
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
