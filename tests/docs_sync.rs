//! Generated files stay in step with the code: completions and man pages are
//! regenerated in a temporary directory and compared with the committed
//! copies; the man pages pass a linter. tests/completions.rs runs the
//! completion scripts in real shells.

use crate::util::{run, sockerr};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sockerr-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    files
}

/// Every file under `generated` equals the committed one under `committed`.
fn same_tree(generated: &Path, committed: &Path, refresh: &str) {
    let files = files_under(generated);
    for rel in &files {
        let want = std::fs::read(generated.join(rel)).unwrap();
        let have = std::fs::read(committed.join(rel)).unwrap_or_default();
        assert!(
            want == have,
            "{} is out of date with the code; refresh it with: {refresh}",
            committed.join(rel).display()
        );
    }
    assert!(
        !files.is_empty(),
        "nothing was generated under {}",
        generated.display()
    );
}

#[test]
fn completions_are_current() {
    let dir = scratch("completions");
    sockerr()
        .args(["generate", "completions"])
        .arg(&dir)
        .assert()
        .success();
    same_tree(
        &dir,
        &root().join("completions"),
        "cargo run -- generate completions completions/",
    );
    // `sockerr completions SHELL` prints the same script.
    let (code, out, _) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        std::fs::read_to_string(dir.join("sockerr.bash")).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn man_pages_are_current() {
    let dir = scratch("man");
    sockerr()
        .args(["generate", "man"])
        .arg(&dir)
        .assert()
        .success();
    same_tree(&dir, &root().join("man"), "cargo run -- generate man man/");
    let _ = std::fs::remove_dir_all(&dir);
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Lints every committed page with mandoc and groff. `.ci/run` installs
/// both; on a machine without them the test says so instead of passing
/// silently, unless CI is set, where a missing linter is a failure.
#[test]
fn man_pages_lint_clean() {
    let pages = [
        "man/sockerr.1",
        "man/sockerr-diagnose.1",
        "man/sockerr-errors.7",
        "man/zh_CN/sockerr-errors.7",
    ];
    for tool in ["mandoc", "groff"] {
        if !have(tool) {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is missing on CI: .ci/run should install it"
            );
            eprintln!("skipped: {tool} is not installed");
            continue;
        }
        for page in pages {
            let path = root().join(page);
            let out = match tool {
                "mandoc" => Command::new("mandoc")
                    .args(["-T", "lint", "-W", "warning"])
                    .arg(&path)
                    .output(),
                _ => Command::new("groff")
                    // The utf8 device has glyphs for the Chinese page.
                    .args(["-ww", "-z", "-K", "utf8", "-T", "utf8", "-man"])
                    .arg(&path)
                    .output(),
            }
            .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && text.trim().is_empty(),
                "{tool} on {page}:\n{text}"
            );
        }
    }
}

#[test]
fn errors_manual_has_every_entry() {
    let page = std::fs::read_to_string(root().join("man/sockerr-errors.7")).unwrap();
    for call in sockerr::kb::calls() {
        assert!(
            page.contains(&format!(".SH {}", call.man.to_uppercase())),
            "{}",
            call.man
        );
    }
    assert!(page.contains(".SS ECONNRESET (104) Connection reset by peer"));
    let zh = std::fs::read_to_string(root().join("man/zh_CN/sockerr-errors.7")).unwrap();
    // Break points (\:) sit between Chinese characters.
    assert!(zh.replace("\\:", "").contains("原因"));
}

#[test]
fn help_ends_with_examples_and_version_follows_clap() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    let tail: Vec<&str> = out.trim_end().lines().rev().take(4).collect();
    assert!(
        tail.iter().any(|l| l.trim_start().starts_with("sockerr ")),
        "{out}"
    );
    assert!(out.contains("Examples:"));
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("sockerr {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn readme_shows_every_man_page_example() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let page = std::fs::read_to_string(root().join("man/sockerr.1")).unwrap();
    let mut n = 0;
    for line in page
        .lines()
        .skip_while(|l| *l != ".SH EXAMPLES")
        .take_while(|l| *l != ".SH EXIT STATUS")
    {
        if let Some(cmd) = line.strip_prefix(".B ") {
            let cmd = cmd.replace("\\-", "-");
            assert!(readme.contains(&cmd), "README lacks the example: {cmd}");
            n += 1;
        }
    }
    assert!(n >= 10, "{n}");
    let first = readme
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .take(2)
        .collect::<Vec<_>>();
    assert_eq!(
        first,
        ["cargo run --release -- explain ECONNRESET", "cargo test"]
    );
}

/// The Debian package carries every man page `generate man` writes, so that
/// a page another one points to (sockerr(1) names sockerr-diagnose(1)) is
/// there after `dpkg -i`; tests/package.rs checks the installed result.
#[test]
fn deb_assets_hold_every_man_page() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let dir = scratch("deb-assets");
    sockerr()
        .args(["generate", "man"])
        .arg(&dir)
        .assert()
        .success();
    let pages = files_under(&dir);
    for page in &pages {
        let rel = Path::new("man").join(page);
        let asset = format!("[\"{}\",", rel.display());
        assert!(
            manifest.contains(&asset),
            "{} is not in [package.metadata.deb] assets in Cargo.toml",
            rel.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(pages.len() >= 4, "generate man wrote {} pages", pages.len());
}
