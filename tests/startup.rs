//! What the process does before `main`, and how its start is kept cheap.
//! With glibc sockerr starts from its own C `main`
//! (src/bin/sockerr/start.rs) instead of Rust's runtime start-up, and must
//! still do what that start-up did for it; and the code a look-up runs is
//! linked together (src/build/link.rs).

use std::process::Command;

/// The binary the tests run, for running it from a shell or with a
/// descriptor of the test's own, with the clean environment of util.rs.
fn std_sockerr() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sockerr"));
    for var in crate::util::SCRUBBED {
        cmd.env_remove(var);
    }
    cmd
}

/// Descriptors 0, 1 and 2 are open (on /dev/null if they were closed)
/// before anything else happens; otherwise the first file or socket sockerr
/// opens would take the closed number, and a `repro` socket, say, would carry
/// the report meant for standard output. Seen from inside: with the
/// descriptor closed, `/proc/self/fd/N` is /dev/null, empty, not missing.
#[test]
fn closed_standard_descriptors_are_reopened() {
    for (fd, closed) in [(0, "<&-"), (1, ">&-"), (2, "2>&-")] {
        let mut sh = Command::new("sh");
        for var in crate::util::SCRUBBED {
            sh.env_remove(var);
        }
        let out = sh
            .arg("-c")
            .arg(format!("exec \"$0\" scan /proc/self/fd/{fd} {closed}"))
            .arg(env!("CARGO_BIN_EXE_sockerr"))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "descriptor {fd} closed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Writing to a pipe nobody reads is an EPIPE error sockerr handles (exit
/// 0, nothing on stderr), not a SIGPIPE that kills it. The pipe's read end is
/// closed before sockerr starts, so its first write fails every time.
#[test]
fn sigpipe_is_ignored() {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe() fills both descriptors; each is owned exactly once below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    let out = std_sockerr()
        .args(["explain", "ECONNRESET"])
        .stdout(write)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The unwinder is linked in (src/build/link.rs): the binary does not
/// load libgcc_s.so.1 at every start for unwinding only a panic uses. It
/// did with GNU ld (Rust before 1.90, or `-C linker-features=-lld`) while
/// libgcc_eh.a came after std's `-lgcc_s` on the command line.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn libgcc_s_is_not_loaded() {
    let dynamic = inspect("readelf", &["-d"]);
    assert!(dynamic.contains("Shared library: [libc.so.6]"), "{dynamic}");
    assert!(!dynamic.contains("libgcc_s"), "{dynamic}");
}

/// What the build script did about the code layout (src/build/link.rs):
/// `hot-text`, or `plain: <reason>` where it had to leave the linker script
/// out (another linker, `SOCKERR_PLAIN_LINK`, a cross build).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const LAYOUT: &str = env!("SOCKERR_LINK_LAYOUT");

/// What a binutils tool (`readelf`, `nm`) prints about the binary under test.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn inspect(tool: &str, args: &[&str]) -> String {
    let bin = env!("CARGO_BIN_EXE_sockerr");
    let out = Command::new(tool).args(args).arg(bin).output().unwrap();
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The binary's `.text.sockerr_hot` and `.text` sections as address ranges
/// (`readelf -S`), and its symbols (`nm -C`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn sections_and_symbols() -> (Option<std::ops::Range<u64>>, std::ops::Range<u64>, String) {
    let sections = inspect("readelf", &["-S", "-W"]);
    let section = |name: &str| {
        sections.lines().find_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let at = f.iter().position(|w| *w == name)?;
            let hex = |i: usize| u64::from_str_radix(f[i], 16).unwrap();
            Some(hex(at + 2)..hex(at + 2) + hex(at + 4))
        })
    };
    let text = section(".text").unwrap_or_else(|| panic!("no .text:\n{sections}"));
    (section(".text.sockerr_hot"), text, inspect("nm", &["-C"]))
}

/// The functions a plain lookup runs sit together in `.text.sockerr_hot`,
/// the output section the build script's linker script adds before the rest
/// of the code (src/build/link.rs; the list comes from bench/hot-text.sh).
/// Scattered over the code they cost `explain` four times the page faults
/// for its code. Checked on the lookup's own functions, whose patterns in
/// src/build/hot-text.txt must keep matching their names in every build,
/// and on the section's size: a pattern gone wide would gather everything
/// and still hold those functions. This runs on the binary `cargo test`
/// built (the debug one by default); `bench/explain.sh` counts the release
/// build's page faults.
///
/// Where the build had to link plainly, the section must be absent, and
/// the reason is printed; in CI (`CI=true`, a native glibc build) a plain
/// link is a failure, so CI always checks the layout itself.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn lookup_path_code_sits_together() {
    let (hot, text, symbols) = sections_and_symbols();
    if let Some(reason) = LAYOUT.strip_prefix("plain: ") {
        assert!(
            hot.is_none(),
            "linked plainly ({reason}) yet has the section"
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must link with the layout script, but: {reason}"
        );
        eprintln!("code layout not checked: the build linked plainly ({reason})");
        return;
    }
    assert_eq!(LAYOUT, "hot-text");
    let hot =
        hot.expect("the build wrote the layout script, but the binary has no .text.sockerr_hot");
    let (hot_len, text_len) = (hot.end - hot.start, text.end - text.start);
    assert!(
        hot_len * 4 < text_len,
        ".text.sockerr_hot holds {hot_len} bytes against .text's {text_len}: a pattern is too wide"
    );
    for function in [
        "main",
        "sockerr::run",
        "sockerr::cli::Cli::from_env",
        "sockerr::explain::explain",
        "sockerr::kb::lookup::resolve_for",
        "sockerr::render::wrap::wrap",
    ] {
        let at = symbols
            .lines()
            .find_map(|l| {
                let (at, rest) = l.split_once(' ')?;
                let (kind, name) = rest.split_once(' ')?;
                let name = name.rsplit_once("::h").map_or(name, |(n, _)| n);
                (matches!(kind, "t" | "T") && name == function)
                    .then(|| u64::from_str_radix(at, 16).unwrap())
            })
            .unwrap_or_else(|| panic!("{function} is not in the binary's symbols"));
        assert!(
            hot.contains(&at),
            "{function} at {at:#x} is outside .text.sockerr_hot ({:#x}..{:#x})",
            hot.start,
            hot.end
        );
    }
}

/// The build script hands the linker script's path to the linker as an
/// argument of its own (`-T`, then the path). Inside `-Wl,-T,PATH` the
/// compiler driver splits at every comma, and a checkout under a directory
/// with a comma in its name failed to link ("cannot find linker script
/// /tmp/a"). Read from the build script's recorded instructions, which is
/// what the link gets; a build that linked plainly must have none.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn linker_script_path_is_one_argument() {
    let out_dir = std::path::Path::new(env!("OUT_DIR"));
    let script = out_dir.join("hot-text.ld");
    let recorded = std::fs::read_to_string(out_dir.parent().unwrap().join("output")).unwrap();
    let args: Vec<&str> = recorded
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rustc-link-arg-bins="))
        .collect();
    let at = args.iter().position(|a| a.contains("hot-text.ld"));
    if LAYOUT != "hot-text" {
        assert_eq!(at, None, "{LAYOUT}, yet {args:?}");
        return;
    }
    let at = at.unwrap_or_else(|| panic!("no linker script among {args:?}"));
    assert_eq!(args[at], script.to_str().unwrap(), "{args:?}");
    assert_eq!(args.get(at.wrapping_sub(1)), Some(&"-T"), "{args:?}");
}
