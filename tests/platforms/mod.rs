/*!
Other systems' numbers (`data/platforms.json`) and runtimes' names
(`data/runtimes.json`) held to machine-readable sources, never to memory.

Numbers: the crate sources Cargo has already fetched for the build, found
through `cargo metadata`, so this works on a clean machine:
  - macOS: `libc` src/unix/bsd/apple/mod.rs
  - FreeBSD: `libc` src/unix/bsd/freebsdlike/mod.rs and freebsdlike/freebsd/mod.rs
  - Windows C runtime (errno.h): `libc` src/windows/mod.rs and windows/msvc/mod.rs
  - WinSock: `windows-sys` src/Windows/Win32/Networking/WinSock/mod.rs
Every number in the data must equal the source, and every errno the source
has must be in the data. `data/gen/platforms.py` writes the number tables from
the same sources.

Runtime names: what can be checked on this machine is checked against the real
thing, on Linux: Python's exception classes with the interpreter, Rust's
`ErrorKind` with std itself, Node's codes with `util.getSystemErrorMap()` and
libuv's `uv/errno.h`, Java's exceptions with loopback-only probe programs, Go's
messages with `go run`. A runtime that is not installed is skipped with a
message on stderr; Rust always runs.
*/

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub(super) const OSES: &[&str] = &["linux", "macos", "freebsd", "windows"];
/// Names of the BSD and Windows modules of libc that look like errnos but are not.
pub(super) const NOT_ERRNO: &[&str] = &["ELAST", "ERA", "EOF", "EMPTY", "EXTA", "EXTB"];
/// C runtime names that do not start with E.
pub(super) const CRT_EXTRA: &[&str] = &["STRUNCATE"];

// ---------------------------------------------------------------- helpers

pub(super) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(super) fn load(name: &str) -> Value {
    let path = root().join("data").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(super) fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what} is not an object"))
}

pub(super) fn arr<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what} is not a list"))
}

pub(super) fn fail_if_any(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s)\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// The Linux knowledge base: every name and alias, and what it stands for.
pub(super) struct Kb {
    /// name or alias -> canonical name
    canonical: BTreeMap<String, String>,
    /// canonical name -> Linux number
    number: BTreeMap<String, i64>,
    kernel_only: BTreeSet<String>,
}

impl Kb {
    fn get() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| {
            let file = load("errnos.json");
            let mut kb = Kb {
                canonical: BTreeMap::new(),
                number: BTreeMap::new(),
                kernel_only: BTreeSet::new(),
            };
            for e in arr(&file["errnos"], "errnos") {
                let name = e["name"].as_str().expect("errno name").to_string();
                kb.canonical.insert(name.clone(), name.clone());
                for a in arr(&e["aliases"], "aliases") {
                    kb.canonical
                        .insert(a.as_str().expect("alias").to_string(), name.clone());
                }
                kb.number
                    .insert(name.clone(), e["number"].as_i64().expect("number"));
                if e["kernel_only"].as_bool() == Some(true) {
                    kb.kernel_only.insert(name);
                }
            }
            kb
        })
    }

    /// Errnos a program can see, in number order.
    fn user_errnos(&self) -> Vec<(&str, i64)> {
        let mut v: Vec<(&str, i64)> = self
            .number
            .iter()
            .filter(|(n, _)| !self.kernel_only.contains(*n))
            .map(|(n, &num)| (n.as_str(), num))
            .collect();
        v.sort_by_key(|&(_, num)| num);
        v
    }

    fn is_canonical(&self, name: &str) -> bool {
        self.canonical.get(name).map(String::as_str) == Some(name)
    }
}

/// A `Text`: `{"en": ..., "zh": ...}`, both filled, the Chinese really Chinese.
pub(super) fn check_text(v: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(m) = v.as_object() else {
        problems.push(format!("{at}: not a Text object"));
        return;
    };
    let keys: BTreeSet<&str> = m.keys().map(String::as_str).collect();
    if keys != BTreeSet::from(["en", "zh"]) {
        problems.push(format!(
            "{at}: a Text has exactly the keys en and zh, found {keys:?}"
        ));
    }
    let en = m.get("en").and_then(Value::as_str).unwrap_or("");
    let zh = m.get("zh").and_then(Value::as_str).unwrap_or("");
    if en.trim().is_empty() || zh.trim().is_empty() {
        problems.push(format!("{at}: empty text"));
    }
    if !zh.is_empty() && !zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        problems.push(format!("{at}: the zh text has no Chinese in it"));
    }
}

pub(super) fn check_keys(
    m: &Map<String, Value>,
    required: &[&str],
    optional: &[&str],
    at: &str,
    problems: &mut Vec<String>,
) {
    for k in required {
        if !m.contains_key(*k) {
            problems.push(format!("{at}: missing key {k}"));
        }
    }
    for k in m.keys() {
        if !required.contains(&k.as_str()) && !optional.contains(&k.as_str()) {
            problems.push(format!("{at}: unknown key {k}"));
        }
    }
}

/// Runs a command; None (with a note on stderr) when the program is not installed.
pub(crate) fn output(cmd: &mut Command) -> Option<std::process::Output> {
    match cmd.output() {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{cmd:?}: {e}"),
    }
}

pub(crate) fn stdout_of(cmd: &mut Command) -> Option<String> {
    let out = output(cmd)?;
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("UTF-8 output"))
}

pub(crate) fn skip(what: &str) {
    eprintln!("platforms: {what} is not installed here; its claims in data/runtimes.json were not checked");
}

/// A scratch directory of this test process, removed when dropped.
pub(super) struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("sockerr-platforms-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------- crate sources

/// The source folders of the `libc` and `windows-sys` versions this package
/// resolves to, from `cargo metadata` (filtered to the host, so nothing for
/// other targets has to be downloaded).
pub(crate) fn crate_dirs() -> &'static (PathBuf, PathBuf) {
    static DIRS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    DIRS.get_or_init(|| {
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
        let vv = stdout_of(Command::new(&rustc).arg("-vV")).expect("rustc runs");
        let host = vv
            .lines()
            .find_map(|l| l.strip_prefix("host: "))
            .expect("rustc -vV names the host")
            .trim()
            .to_string();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let meta = stdout_of(
            Command::new(cargo)
                .args([
                    "metadata",
                    "--format-version",
                    "1",
                    "--filter-platform",
                    &host,
                ])
                .current_dir(root()),
        )
        .expect("cargo runs");
        let meta: Value = serde_json::from_str(&meta).expect("cargo metadata prints JSON");
        let manifest: BTreeMap<&str, &str> = arr(&meta["packages"], "packages")
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap(),
                    p["manifest_path"].as_str().unwrap(),
                )
            })
            .collect();
        let root_id = meta["resolve"]["root"].as_str().expect("a root package");
        let node = arr(&meta["resolve"]["nodes"], "nodes")
            .iter()
            .find(|n| n["id"] == root_id)
            .expect("the root's node");
        let dir = |dep: &str| -> PathBuf {
            let d = arr(&node["deps"], "deps")
                .iter()
                .find(|d| d["name"] == dep)
                .unwrap_or_else(|| panic!("sockerr depends on {dep} (Cargo.toml)"));
            let path = manifest[d["pkg"].as_str().unwrap()];
            Path::new(path).parent().unwrap().to_path_buf()
        };
        (dir("libc"), dir("windows_sys"))
    })
}

/// Parses an integer literal as the crates write them: `35`, `0x20`, `10054i32`, `0o755`.
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let t = text.replace('_', "");
    let t = [
        "isize", "usize", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64",
    ]
    .iter()
    .find_map(|s| t.strip_suffix(s))
    .unwrap_or(&t)
    .to_string();
    if let Some(h) = t.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(o) = t.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if t.starts_with('-') || t.chars().all(|c| c.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

/// Every `pub const NAME: TYPE = VALUE;` of the files, as NAME -> the set of
/// values (a const defined under several cfgs may have more than one). A VALUE
/// that names another const of the same files is resolved.
pub(crate) fn parse_consts(paths: &[PathBuf]) -> BTreeMap<String, BTreeSet<i64>> {
    let mut values: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    let mut refs = Vec::new();
    for path in paths {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("pub const ") else {
                continue;
            };
            let Some((name, rest)) = rest.split_once(':') else {
                continue;
            };
            let Some((_, value)) = rest.split_once('=') else {
                continue;
            };
            let Some(value) = value.trim().strip_suffix(';') else {
                continue;
            };
            let value = value.trim();
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            match parse_int(value) {
                Some(n) => {
                    values.entry(name.to_string()).or_default().insert(n);
                }
                None if value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    refs.push((name.to_string(), value.to_string()));
                }
                None => {}
            }
        }
    }
    for (name, target) in refs {
        if let Some(v) = values.get(&target).cloned() {
            values.entry(name).or_default().extend(v);
        }
    }
    values
}

pub(super) fn is_errno_name(name: &str) -> bool {
    name.len() > 1
        && name.starts_with('E')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !NOT_ERRNO.contains(&name)
}

/// The consts of `source` that `pick` selects, each of which must have one value.
pub(super) fn single(
    source: &BTreeMap<String, BTreeSet<i64>>,
    pick: impl Fn(&str, &BTreeSet<i64>) -> bool,
    what: &str,
    problems: &mut Vec<String>,
) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for (name, values) in source {
        if !pick(name, values) {
            continue;
        }
        if values.len() == 1 {
            out.insert(name.clone(), *values.iter().next().unwrap());
        } else {
            problems.push(format!(
                "{what}: {name} has several values {values:?}; the data cannot say which"
            ));
        }
    }
    out
}

pub(super) struct Sources {
    macos: BTreeMap<String, i64>,
    freebsd: BTreeMap<String, i64>,
    crt: BTreeMap<String, i64>,
    /// every WSA_ERROR-typed code of the WinSock module, WSAE* or not
    winsock_all: BTreeMap<String, BTreeSet<i64>>,
    problems: Vec<String>,
}

pub(super) fn sources() -> Sources {
    let (libc, winsys) = crate_dirs();
    let mut problems = Vec::new();
    let pick = |n: &str, v: &BTreeSet<i64>| is_errno_name(n) && v.iter().any(|&x| 0 < x && x < 200);
    let apple = parse_consts(&[libc.join("src/unix/bsd/apple/mod.rs")]);
    let freebsd = parse_consts(&[
        libc.join("src/unix/bsd/freebsdlike/mod.rs"),
        libc.join("src/unix/bsd/freebsdlike/freebsd/mod.rs"),
    ]);
    let crt_all = parse_consts(&[
        libc.join("src/windows/mod.rs"),
        libc.join("src/windows/msvc/mod.rs"),
    ]);
    let winsock_all = parse_consts(&[winsys.join("src/Windows/Win32/Networking/WinSock/mod.rs")]);
    let macos = single(&apple, pick, "libc apple", &mut problems);
    let freebsd = single(&freebsd, pick, "libc freebsd", &mut problems);
    let crt = single(
        &crt_all,
        |n, v| pick(n, v) || CRT_EXTRA.contains(&n),
        "libc windows",
        &mut problems,
    );
    assert!(
        macos.len() > 90 && freebsd.len() > 90 && crt.len() > 70 && winsock_all.len() > 100,
        "the crate sources did not parse: {} {} {} {}",
        macos.len(),
        freebsd.len(),
        crt.len(),
        winsock_all.len()
    );
    Sources {
        macos,
        freebsd,
        crt,
        winsock_all,
        problems,
    }
}

/// platforms.json: every number against the crate sources, aliases per system.
mod numbers;
/// runtimes.json: every name against the installed runtimes.
mod runtimes;
