//! The Debian package, end to end: `cargo deb` builds it from the crate
//! (configured in Cargo.toml), `dpkg -i` installs it, fresh login shells then
//! have `man sockerr`, `man sockerr-errors` (and the zh_CN page) and
//! `sockerr ECONNRES<TAB>` completing in bash, zsh and fish, and `dpkg -r`
//! leaves none of its files behind.
//!
//! It installs a system package, so `cargo test` does not run it by itself:
//! `.ci/run` runs it (as root, with cargo-deb installed) with
//! `cargo test --test tests package:: -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn sh(cmd: &str) -> (bool, String) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn must(cmd: &str) -> String {
    let (ok, text) = sh(cmd);
    assert!(ok, "`{cmd}` failed:\n{text}");
    text
}

/// Types `keys` into an interactive shell in a pseudo-terminal (script(1))
/// with a clean environment and `home` as HOME, and returns what the
/// terminal showed. Pauses let the shell start and complete.
fn typed(shell: &str, home: &Path, keys: &[&str]) -> String {
    let mut feed = String::from("sleep 2");
    for k in keys {
        feed.push_str(&format!("; printf '%s' '{k}'; sleep 1.5"));
    }
    let cmd = format!(
        "({feed}) | timeout 30 script -qfec \"env -i HOME={} TERM=xterm PATH=/usr/bin:/bin {shell}\" /dev/null",
        home.display()
    );
    let (_, out) = sh(&cmd);
    out.replace('\r', "")
}

/// `sockerr ECONNRES<TAB>` then ` --brief` and Enter: only a completion
/// that turned the prefix into ECONNRESET makes sockerr print its line
/// (`sockerr ECONNRES` alone is unknown and exits 1).
fn completes_in(shell: &str, home: &Path, enter: &str) {
    let screen = typed(
        shell,
        home,
        &[
            "sockerr ECONNRES\t",
            &format!("--brief{enter}"),
            &format!("exit{enter}"),
        ],
    );
    assert!(
        screen.contains("ECONNRESET 104 Connection reset by peer"),
        "{shell}: `sockerr ECONNRES<TAB>` did not complete in a fresh login shell:\n{screen}"
    );
}

#[test]
#[ignore = "installs a system package; .ci/run runs it with --ignored"]
fn deb_installs_man_pages_and_completions_and_removes_cleanly() {
    let (installed, _) = sh("dpkg -s sockerr");
    assert!(
        !installed,
        "a sockerr package is already installed; this test will not replace it"
    );
    for tool in ["cargo-deb", "dpkg", "man", "script", "bash", "zsh", "fish"] {
        assert!(
            sh(&format!("command -v {tool}")).0,
            "{tool} is missing; .ci/run installs it"
        );
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("sockerr-deb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    must(&format!(
        "cd '{}' && cargo deb --quiet --output '{}'",
        root.display(),
        out.display()
    ));
    let deb = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("cargo deb wrote a .deb");

    must(&format!("dpkg -i '{}'", deb.display()));
    let files = must("dpkg -L sockerr");
    let result = std::panic::catch_unwind(|| {
        // The man pages, where man finds them without MANPATH.
        assert!(must("man -w sockerr").contains("/usr/share/man/man1/sockerr.1.gz"));
        // sockerr(1) points to sockerr-diagnose(1): it is there too.
        assert!(must("man -w sockerr-diagnose").contains("/man1/sockerr-diagnose.1.gz"));
        let page = must("MANPAGER=cat MANWIDTH=80 man sockerr-errors 2>/dev/null");
        assert!(page.contains("ECONNRESET"), "{page}");
        assert!(must("man -L zh_CN -w sockerr-errors").contains("/zh_CN/man7/"));
        // Completion in fresh login shells: bash loads it through
        // bash-completion's /etc/profile.d hook, zsh from its vendor
        // directory once compinit runs (as in any user's .zshrc), fish from
        // its vendor directory by itself.
        let home = out.join("home");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(home.join(".zshrc"), "autoload -U compinit; compinit\n").unwrap();
        completes_in("bash -l -i", &home, "\n");
        completes_in("zsh -l -i", &home, "\n");
        completes_in("fish -l -i", &home, "\r");
    });

    must("dpkg -r sockerr");
    let left: Vec<&str> = files.lines().filter(|f| Path::new(f).is_file()).collect();
    let _ = std::fs::remove_dir_all(&out);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
    assert!(left.is_empty(), "dpkg -r left files behind: {left:?}");
    assert!(
        !sh("dpkg -s sockerr").0,
        "the package is still known to dpkg"
    );
    assert!(!sh("man -w sockerr").0, "man still finds sockerr(1)");
}
