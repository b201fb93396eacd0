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

const OSES: &[&str] = &["linux", "macos", "freebsd", "windows"];
/// Names of the BSD and Windows modules of libc that look like errnos but are not.
const NOT_ERRNO: &[&str] = &["ELAST", "ERA", "EOF", "EMPTY", "EXTA", "EXTB"];
/// C runtime names that do not start with E.
const CRT_EXTRA: &[&str] = &["STRUNCATE"];

// ---------------------------------------------------------------- helpers

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> Value {
    let path = root().join("data").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what} is not an object"))
}

fn arr<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what} is not a list"))
}

fn fail_if_any(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s)\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// The Linux knowledge base: every name and alias, and what it stands for.
struct Kb {
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
fn check_text(v: &Value, at: &str, problems: &mut Vec<String>) {
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

fn check_keys(
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
struct Scratch(PathBuf);

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
fn parse_int(text: &str) -> Option<i64> {
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

fn is_errno_name(name: &str) -> bool {
    name.len() > 1
        && name.starts_with('E')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !NOT_ERRNO.contains(&name)
}

/// The consts of `source` that `pick` selects, each of which must have one value.
fn single(
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

struct Sources {
    macos: BTreeMap<String, i64>,
    freebsd: BTreeMap<String, i64>,
    crt: BTreeMap<String, i64>,
    /// every WSA_ERROR-typed code of the WinSock module, WSAE* or not
    winsock_all: BTreeMap<String, BTreeSet<i64>>,
    problems: Vec<String>,
}

fn sources() -> Sources {
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

// ---------------------------------------------------------------- platforms.json

fn number_table(data: &Value, key: &str) -> BTreeMap<String, i64> {
    obj(&data[key], key)
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_i64()
                    .unwrap_or_else(|| panic!("{key}.{k} is not a number")),
            )
        })
        .collect()
}

fn only_table(data: &Value, key: &str) -> BTreeMap<String, i64> {
    obj(&data[key], key)
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v["number"]
                    .as_i64()
                    .unwrap_or_else(|| panic!("{key}.{k}.number")),
            )
        })
        .collect()
}

/// The data's numbers for one system against the source's, both ways.
fn compare(
    os: &str,
    data: &BTreeMap<String, i64>,
    source: &BTreeMap<String, i64>,
    problems: &mut Vec<String>,
) {
    for (name, &n) in data {
        match source.get(name) {
            Some(&s) if s == n => {}
            Some(&s) => problems.push(format!(
                "{os}: {name} is {n} in data/platforms.json, {s} in the source"
            )),
            None => problems.push(format!(
                "{os}: {name} = {n} is in data/platforms.json but not in the source"
            )),
        }
    }
    for (name, &s) in source {
        if !data.contains_key(name) {
            problems.push(format!(
                "{os}: {name} = {s} is in the source but missing from data/platforms.json"
            ));
        }
    }
}

#[test]
fn every_platform_number_matches_the_crate_sources() {
    let data = load("platforms.json");
    let src = sources();
    let mut problems = src.problems;

    let mut macos = number_table(&data, "macos");
    macos.extend(only_table(&data, "macos_only"));
    compare("macos (libc apple)", &macos, &src.macos, &mut problems);

    let mut freebsd = number_table(&data, "freebsd");
    freebsd.extend(only_table(&data, "freebsd_only"));
    compare(
        "freebsd (libc freebsdlike)",
        &freebsd,
        &src.freebsd,
        &mut problems,
    );

    let mut crt = number_table(&data, "windows_crt");
    crt.extend(only_table(&data, "windows_crt_only"));
    compare(
        "windows C runtime (libc windows)",
        &crt,
        &src.crt,
        &mut problems,
    );

    // WinSock: every WSAE* code of windows-sys must be in the data; the few
    // other WSA codes the data carries (WSANOTINITIALISED, WSASYSNOTREADY,
    // ...) must exist there with the same number.
    let winsock = only_table(&data, "windows_winsock");
    let mut source = single(
        &src.winsock_all,
        |n, _| n.starts_with("WSAE") && n[4..].chars().all(|c| c.is_ascii_uppercase()),
        "windows-sys WinSock",
        &mut problems,
    );
    let others: Vec<String> = winsock
        .keys()
        .filter(|n| !source.contains_key(*n))
        .cloned()
        .collect();
    for name in &others {
        if let Some(v) = src.winsock_all.get(name) {
            if v.len() == 1 {
                source.insert(name.clone(), *v.iter().next().unwrap());
            }
        }
    }
    compare(
        "windows WinSock (windows-sys)",
        &winsock,
        &source,
        &mut problems,
    );
    fail_if_any("data/platforms.json against libc and windows-sys", problems);
}

/// The messages macOS's strerror() gives the names it splits (Apple's Libc
/// `gen/errlst.c`); a split this list lacks is a problem until someone
/// looks the text up.
const MACOS_SPLIT_MESSAGES: &[(&str, &str)] = &[
    ("ENOTSUP", "Operation not supported"),
    ("EOPNOTSUPP", "Operation not supported on socket"),
];

/// An alias on Linux is not an alias everywhere (issue 9): macOS gives
/// ENOTSUP and EOPNOTSUPP two numbers, the Windows C runtime splits
/// EAGAIN/EWOULDBLOCK and ENOTSUP/EOPNOTSUPP, and macOS and FreeBSD have no
/// EDEADLOCK at all. For every name of every errno with aliases, on every
/// system, the binary's answers follow the crate sources: `--json NAME`
/// gives the name's own number there (or, where the system lacks the name,
/// the errno's under another name), and the number read back with `--os`
/// answers with a name the system gives that number, its message where the
/// name is an errno of its own.
#[test]
fn aliases_are_modelled_per_system() {
    let src = sources();
    let file = load("errnos.json");
    let mut problems = Vec::new();
    let mut checked = 0;
    for e in arr(&file["errnos"], "errnos") {
        let aliases = arr(&e["aliases"], "aliases");
        if aliases.is_empty() {
            continue;
        }
        let mut names = vec![e["name"].as_str().unwrap()];
        names.extend(aliases.iter().map(|a| a.as_str().unwrap()));
        for (os, key, table) in [
            ("macos", "macos", &src.macos),
            ("freebsd", "freebsd", &src.freebsd),
            ("windows", "windows_crt", &src.crt),
        ] {
            for &name in &names {
                checked += 1;
                let expected = table
                    .get(name)
                    .or_else(|| names.iter().find_map(|n| table.get(*n)))
                    .copied();
                let (code, out, err) = crate::util::run(&["--json", name]);
                assert_eq!(code, 0, "{name}: {err}");
                let v: Value = serde_json::from_str(&out).unwrap();
                let got = v["os_numbers"][key].as_i64();
                if got != expected {
                    problems.push(format!(
                        "--json {name}: os_numbers.{key} is {got:?}, the source says {expected:?}"
                    ));
                }
                let Some(&n) = table.get(name) else {
                    continue;
                };
                // The names this system gives the same number, and whether
                // this name is an errno of its own there.
                let same: Vec<&str> = names
                    .iter()
                    .copied()
                    .filter(|m| table.get(*m) == Some(&n))
                    .collect();
                let separate = names.iter().any(|m| table.get(*m).is_some_and(|&v| v != n));
                let number = n.to_string();
                let (code, out, err) = crate::util::run(&["--brief", number.as_str(), "--os", os]);
                assert_eq!(code, 0, "--brief {n} --os {os}: {err}");
                let mut words = out.trim_end().splitn(3, ' ');
                let (shown, num, msg) = (
                    words.next().unwrap_or(""),
                    words.next().unwrap_or(""),
                    words.next().unwrap_or(""),
                );
                if !same.contains(&shown) || num != number {
                    problems.push(format!(
                        "--brief {n} --os {os} says {out:?}; {os} gives {n} to {same:?}"
                    ));
                }
                if separate && shown != name && same == [name] {
                    problems.push(format!(
                        "--brief {n} --os {os}: {name} is its own errno there"
                    ));
                }
                if separate && os == "macos" {
                    match MACOS_SPLIT_MESSAGES.iter().find(|(m, _)| *m == name) {
                        Some((_, text)) if msg != *text => problems.push(format!(
                            "--brief {n} --os macos: message {msg:?}, macOS says {text:?}"
                        )),
                        Some(_) => {}
                        None => problems.push(format!(
                            "macOS splits {name} ({n}): add its strerror() text to \
                             MACOS_SPLIT_MESSAGES and src/kb/platform.rs SPLIT_MESSAGES"
                        )),
                    }
                }
                // The full explanation's header names it the same way.
                let (_, out, _) = crate::util::run(&[number.as_str(), "--os", os]);
                let head = out.lines().next().unwrap_or("");
                let header_ok = same
                    .iter()
                    .any(|m| head.starts_with(&format!("{m} ({os} {n})")));
                if !header_ok || (separate && same == [name] && !head.starts_with(name)) {
                    problems.push(format!("sockerr {n} --os {os}: header {head:?}"));
                }
            }
        }
    }
    assert!(checked >= 18, "{checked} (name, system) pairs");
    fail_if_any("aliases per system against libc", problems);
}

#[test]
fn platform_tables_are_consistent() {
    let data = load("platforms.json");
    let kb = Kb::get();
    let mut problems = Vec::new();
    let top: BTreeSet<&str> = obj(&data, "platforms.json")
        .keys()
        .map(String::as_str)
        .collect();
    let expected = BTreeSet::from([
        "macos",
        "macos_only",
        "freebsd",
        "freebsd_only",
        "windows_winsock",
        "windows_crt",
        "windows_crt_only",
        "notes",
    ]);
    if top != expected {
        problems.push(format!("top-level keys are {top:?}, expected {expected:?}"));
    }

    // Tables keyed by Linux names hold only names data/errnos.json knows;
    // the *_only tables only names it does not, each with a meaning.
    for (table, only) in [
        ("macos", "macos_only"),
        ("freebsd", "freebsd_only"),
        ("windows_crt", "windows_crt_only"),
    ] {
        for name in obj(&data[table], table).keys() {
            if !kb.canonical.contains_key(name) {
                problems.push(format!(
                    "{table}.{name}: not a name or alias in data/errnos.json (move it to {only})"
                ));
            }
        }
        for (name, v) in obj(&data[only], only) {
            if kb.canonical.contains_key(name) {
                problems.push(format!(
                    "{only}.{name}: Linux has this name; it belongs in {table}"
                ));
            }
            let at = format!("{only}.{name}");
            check_keys(obj(v, &at), &["number", "meaning"], &[], &at, &mut problems);
            check_text(&v["meaning"], &at, &mut problems);
        }
    }

    // What the notes say about aliases holds in the tables: EAGAIN and
    // EWOULDBLOCK are one number on each Unix system, two in the C runtime.
    for table in ["macos", "freebsd"] {
        let t = number_table(&data, table);
        if !t.contains_key("EAGAIN") || t.get("EAGAIN") != t.get("EWOULDBLOCK") {
            problems.push(format!("{table}: EAGAIN and EWOULDBLOCK differ"));
        }
    }
    let crt = number_table(&data, "windows_crt");
    if crt.get("EAGAIN") == crt.get("EWOULDBLOCK") {
        problems.push("windows_crt: EAGAIN and EWOULDBLOCK are one number".to_string());
    }

    let freebsd_all: BTreeMap<String, i64> = number_table(&data, "freebsd")
        .into_iter()
        .chain(only_table(&data, "freebsd_only"))
        .collect();

    // WinSock: WSAE<X> stands for E<X> when Linux has E<X>, and its number is
    // WSABASEERR (10000) plus the BSD number of E<X>.
    for (name, v) in obj(&data["windows_winsock"], "windows_winsock") {
        let at = format!("windows_winsock.{name}");
        let m = obj(v, &at);
        let unix = name.strip_prefix("WSAE").map(|x| format!("E{x}"));
        let linux = unix.as_ref().and_then(|u| kb.canonical.get(u));
        match (m.get("errno").and_then(Value::as_str), linux) {
            (Some(e), Some(l)) if e == l => {
                check_keys(m, &["number", "errno"], &[], &at, &mut problems)
            }
            (Some(e), Some(l)) => problems.push(format!(
                "{at}: errno is {e}, but {} is {l} on Linux",
                unix.as_ref().unwrap()
            )),
            (Some(e), None) => problems.push(format!("{at}: errno {e}, but Linux has no {unix:?}")),
            (None, Some(l)) => {
                problems.push(format!("{at}: Linux has {l}; give it \"errno\": \"{l}\""))
            }
            (None, None) => {
                check_keys(m, &["number", "meaning"], &[], &at, &mut problems);
                check_text(&m["meaning"], &at, &mut problems);
            }
        }
        if let (Some(u), Some(n)) = (unix.as_ref(), m.get("number").and_then(Value::as_i64)) {
            if let Some(bsd) = freebsd_all.get(u) {
                if n != 10000 + bsd {
                    problems.push(format!("{at}: {n} is not 10000 + FreeBSD's {u} ({bsd})"));
                }
            }
        }
    }

    // Notes.
    let mut ids = BTreeSet::new();
    for (i, note) in arr(&data["notes"], "notes").iter().enumerate() {
        let at = format!("notes[{i}] ({})", note["id"].as_str().unwrap_or("?"));
        check_keys(
            obj(note, &at),
            &["id", "errnos", "os", "note"],
            &[],
            &at,
            &mut problems,
        );
        if !ids.insert(note["id"].as_str().unwrap_or("").to_string()) {
            problems.push(format!("{at}: duplicate id"));
        }
        for e in arr(&note["errnos"], &at) {
            let e = e.as_str().unwrap_or("");
            if !kb.is_canonical(e) {
                problems.push(format!(
                    "{at}: {e} is not a canonical name of data/errnos.json"
                ));
            }
        }
        let os = arr(&note["os"], &at);
        if os.is_empty() {
            problems.push(format!("{at}: os is empty"));
        }
        for o in os {
            if !OSES.contains(&o.as_str().unwrap_or("")) {
                problems.push(format!("{at}: unknown os {o}"));
            }
        }
        check_text(&note["note"], &at, &mut problems);
    }
    fail_if_any("data/platforms.json", problems);
}

// ---------------------------------------------------------------- runtimes.json

const RUNTIMES: &[&str] = &["python", "rust", "node", "java", "go"];

fn runtime<'a>(data: &'a Value, key: &str) -> &'a Vec<Value> {
    arr(&data[key], key)
}

fn errnos_of(entry: &Value) -> Vec<&str> {
    arr(&entry["errnos"], "errnos")
        .iter()
        .map(|e| e.as_str().expect("errno name"))
        .collect()
}

#[test]
fn runtime_names_point_at_known_errnos() {
    let data = load("runtimes.json");
    let platforms = load("platforms.json");
    let kb = Kb::get();
    let mut problems = Vec::new();
    let top: BTreeSet<&str> = obj(&data, "runtimes.json")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected: BTreeSet<&str> = RUNTIMES.iter().copied().collect();
    expected.insert("checked_with");
    if top != expected {
        problems.push(format!("top-level keys are {top:?}, expected {expected:?}"));
    }
    for (k, v) in obj(&data["checked_with"], "checked_with") {
        if !RUNTIMES.contains(&k.as_str()) || v.as_str().is_none_or(str::is_empty) {
            problems.push(format!("checked_with.{k}: a runtime's version string"));
        }
    }
    let optional: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("python", &["note", "other_os"][..]),
        ("rust", &["note", "stable_since", "unstable"][..]),
        (
            "node",
            &["note", "uv_linux", "uv_windows", "uv_message"][..],
        ),
        ("java", &["note", "messages"][..]),
        ("go", &["note", "constants"][..]),
    ]);
    for rt in RUNTIMES {
        let mut names = BTreeSet::new();
        for (i, e) in runtime(&data, rt).iter().enumerate() {
            let name = e["name"].as_str().unwrap_or("");
            let at = format!("{rt}[{i}] {name}");
            check_keys(
                obj(e, &at),
                &["name", "errnos"],
                optional[rt],
                &at,
                &mut problems,
            );
            if name.is_empty() || !names.insert(name.to_string()) {
                problems.push(format!("{at}: empty or duplicate name"));
            }
            let errnos = errnos_of(e);
            for errno in &errnos {
                if !kb.is_canonical(errno) {
                    problems.push(format!(
                        "{at}: {errno} is not a canonical name of data/errnos.json"
                    ));
                } else if kb.kernel_only.contains(*errno) {
                    problems.push(format!("{at}: {errno} never reaches a program"));
                }
            }
            // A name that stands for no errno must say what it is.
            if errnos.is_empty() && e.get("note").is_none() {
                problems.push(format!(
                    "{at}: no errno, so it needs a note saying what it is"
                ));
            }
            if let Some(note) = e.get("note") {
                check_text(note, &at, &mut problems);
            }
            if let Some(other) = e.get("other_os") {
                for (os, names) in obj(other, &at) {
                    let table = format!("{os}_only");
                    for n in arr(names, &at) {
                        let n = n.as_str().unwrap_or("");
                        if platforms.get(&table).and_then(|t| t.get(n)).is_none() {
                            problems.push(format!(
                                "{at}: other_os {os} {n} is not in platforms.json {table}"
                            ));
                        }
                    }
                }
            }
            if let Some(messages) = e.get("messages") {
                for (msg, list) in obj(messages, &at) {
                    for errno in arr(list, &at) {
                        if !errnos.contains(&errno.as_str().unwrap_or("")) {
                            problems.push(format!(
                                "{at}: message {msg:?} names {errno}, which errnos lacks"
                            ));
                        }
                    }
                }
            }
            if let Some(consts) = e.get("constants") {
                for c in arr(consts, &at) {
                    if !c.as_str().unwrap_or("").starts_with("syscall.E") {
                        problems.push(format!("{at}: constant {c} is not a syscall.E* name"));
                    }
                }
            }
            if e.get("stable_since").is_some() == e.get("unstable").is_some()
                && *rt == "rust"
                && !errnos.is_empty()
            {
                problems.push(format!(
                    "{at}: give exactly one of stable_since and unstable"
                ));
            }
        }
    }
    fail_if_any("data/runtimes.json", problems);
}

/// errno -> runtime name, from a runtime's list (entries with errnos only).
fn claimed(list: &[Value]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in list {
        for errno in errnos_of(e) {
            out.insert(errno.to_string(), e["name"].as_str().unwrap().to_string());
        }
    }
    out
}

/// Both ways: what the runtime does for every Linux errno against what the data claims.
fn compare_runtime(
    rt: &str,
    actual: &BTreeMap<String, String>,
    data: &BTreeMap<String, String>,
    problems: &mut Vec<String>,
) {
    for (errno, name) in actual {
        match data.get(errno) {
            Some(n) if n == name => {}
            Some(n) => problems.push(format!(
                "{rt}: {errno} is {name} here, data/runtimes.json says {n}"
            )),
            None => problems.push(format!(
                "{rt}: {errno} is {name} here, data/runtimes.json does not list it"
            )),
        }
    }
    for (errno, name) in data {
        if !actual.contains_key(errno) {
            problems.push(format!(
                "{rt}: data/runtimes.json says {errno} is {name}, but here it has no such name"
            ));
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn python_classes_match_the_interpreter() {
    let data = load("runtimes.json");
    let kb = Kb::get();
    let errnos = kb.user_errnos();
    let script = "import sys, socket\n\
                  for n in sys.argv[1:]:\n    print(OSError(int(n), 'x').__class__.__name__)\n\
                  print(sys.version_info >= (3, 10) and socket.timeout is TimeoutError, issubclass(socket.gaierror, OSError))\n";
    let mut cmd = Command::new("python3");
    cmd.arg("-c")
        .arg(script)
        .args(errnos.iter().map(|(_, n)| n.to_string()));
    let Some(out) = stdout_of(&mut cmd) else {
        return skip("python3");
    };
    let lines: Vec<&str> = out.lines().collect();
    let actual: BTreeMap<String, String> = errnos
        .iter()
        .zip(&lines)
        .filter(|(_, class)| **class != "OSError")
        .map(|((errno, _), class)| (errno.to_string(), class.to_string()))
        .collect();
    let mut problems = Vec::new();
    compare_runtime(
        "python",
        &actual,
        &claimed(runtime(&data, "python")),
        &mut problems,
    );
    if lines.last() != Some(&"True True") {
        problems.push(format!(
            "python: expected socket.timeout is TimeoutError and gaierror an OSError, got {:?}",
            lines.last()
        ));
    }
    fail_if_any("Python's exception classes", problems);
}

#[cfg(target_os = "linux")]
#[test]
fn rust_kinds_match_std() {
    let data = load("runtimes.json");
    let kb = Kb::get();
    let actual: BTreeMap<String, String> = kb
        .user_errnos()
        .into_iter()
        .map(|(errno, n)| {
            (
                errno.to_string(),
                format!("{:?}", std::io::Error::from_raw_os_error(n as i32).kind()),
            )
        })
        .filter(|(_, kind)| kind != "Uncategorized")
        .collect();
    let mut problems = Vec::new();
    compare_runtime(
        "rust",
        &actual,
        &claimed(runtime(&data, "rust")),
        &mut problems,
    );

    // Stability against the installed std docs (the rust-docs component), when present.
    let sysroot = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let page =
        sysroot.map(|s| Path::new(&s).join("share/doc/rust/html/std/io/enum.ErrorKind.html"));
    match page.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) {
        None => {
            eprintln!("platforms: no std docs here; Rust's stable_since/unstable were not checked")
        }
        Some(html) => {
            for e in runtime(&data, "rust") {
                let name = e["name"].as_str().unwrap();
                let start = format!("<section id=\"variant.{name}\"");
                let Some(at) = html.find(&start) else {
                    problems.push(format!("rust: ErrorKind::{name} is not in the std docs"));
                    continue;
                };
                let chunk = &html[at..(at + 1500).min(html.len())];
                let chunk = &chunk[..chunk[start.len()..]
                    .find("<section id=\"variant.")
                    .map_or(chunk.len(), |i| i + start.len())];
                if let Some(since) = e.get("stable_since").and_then(Value::as_str) {
                    if !chunk.contains(&format!(">{since}<")) || chunk.contains("stab unstable") {
                        problems.push(format!(
                            "rust: the docs do not say ErrorKind::{name} is stable since {since}"
                        ));
                    }
                }
                if let Some(feature) = e.get("unstable").and_then(Value::as_str) {
                    if !chunk.contains(&format!("<code>{feature}</code>")) {
                        problems.push(format!(
                            "rust: the docs do not say ErrorKind::{name} is unstable ({feature})"
                        ));
                    }
                }
            }
        }
    }
    fail_if_any("Rust's ErrorKind", problems);
}

#[cfg(target_os = "linux")]
#[test]
fn node_codes_match_libuv() {
    let data = load("runtimes.json");
    let kb = Kb::get();
    let script = "console.log(JSON.stringify([...require('util').getSystemErrorMap().entries()]));\
                  console.log(process.execPath);";
    let Some(out) = stdout_of(Command::new("node").arg("-e").arg(script)) else {
        return skip("node");
    };
    let mut lines = out.lines();
    let map: Vec<(i64, (String, String))> =
        serde_json::from_str(lines.next().unwrap()).expect("the error map as JSON");
    let by_uv: BTreeMap<i64, (String, String)> = map.into_iter().collect();
    let exec = PathBuf::from(lines.next().unwrap());
    let by_number: BTreeMap<i64, &str> =
        kb.user_errnos().into_iter().map(|(e, n)| (n, e)).collect();
    let mut problems = Vec::new();

    let mut actual = BTreeMap::new();
    for (&uv, (code, _)) in &by_uv {
        if let Some(errno) = by_number.get(&-uv) {
            actual.insert(errno.to_string(), code.clone());
        }
    }
    compare_runtime(
        "node",
        &actual,
        &claimed(runtime(&data, "node")),
        &mut problems,
    );

    // libuv's fixed Windows numbers, from the uv/errno.h installed beside node.
    let header = exec
        .canonicalize()
        .unwrap_or(exec)
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("include/node/uv/errno.h"));
    let windows: Option<BTreeMap<String, i64>> = header
        .as_ref()
        .and_then(|h| std::fs::read_to_string(h).ok())
        .map(|text| {
            text.lines()
                .filter_map(|l| {
                    let l = l.trim_start_matches(['#', ' ']);
                    let rest = l.strip_prefix("define UV__")?;
                    let (name, value) = rest.split_once(' ')?;
                    let value = value.trim().strip_prefix('(')?.strip_suffix(')')?;
                    Some((name.to_string(), value.parse().ok()?))
                })
                .collect()
        });
    if windows.is_none() {
        eprintln!(
            "platforms: libuv's uv/errno.h is not beside node here; uv_windows was not checked"
        );
    }
    for e in runtime(&data, "node") {
        let name = e["name"].as_str().unwrap();
        let Some(uv) = e.get("uv_linux").and_then(Value::as_i64) else {
            continue;
        };
        match by_uv.get(&uv) {
            Some((code, msg)) if code == name && Some(msg.as_str()) == e["uv_message"].as_str() => {
            }
            other => problems.push(format!(
                "node: {name} {uv} is {other:?} in getSystemErrorMap()"
            )),
        }
        if let Some(w) = &windows {
            if w.get(name) != e.get("uv_windows").and_then(Value::as_i64).as_ref() {
                problems.push(format!(
                    "node: uv_windows of {name} is {:?} in uv/errno.h",
                    w.get(name)
                ));
            }
        }
    }
    fail_if_any("Node's error codes", problems);
}

/// Loopback-only probes of the JDK's socket exceptions. Each line printed is
/// `ERRNO|CLASS|MESSAGE`, ERRNO being the Linux errno behind the scenario or
/// `-` for a timeout of Java's own.
const JAVA_PROBE: &str = r#"
import java.io.*;
import java.net.*;
import java.nio.ByteBuffer;
import java.nio.channels.*;
import java.util.*;

public class SockerrProbe {
    static void show(String errno, Throwable t) {
        System.out.println(errno + "|" + t.getClass().getName() + "|" + t.getMessage());
    }
    public static void main(String[] a) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        if (a[0].equals("emfile")) { emfile(lo); return; }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, lo)) { closed = s.getLocalPort(); }
        try (Socket c = new Socket()) { c.connect(new InetSocketAddress(lo, closed)); } catch (IOException t) { show("ECONNREFUSED", t); }
        try (SocketChannel c = SocketChannel.open()) { c.connect(new InetSocketAddress(lo, closed)); } catch (IOException t) { show("ECONNREFUSED", t); }
        try (ServerSocket s = new ServerSocket(0, 1, lo)) {
            try (ServerSocket s2 = new ServerSocket(s.getLocalPort(), 1, lo)) {} catch (IOException t) { show("EADDRINUSE", t); }
        }
        // 192.0.2.1 (TEST-NET-1) is not an address of this host: bind fails before any packet.
        try (Socket c = new Socket()) { c.bind(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0)); } catch (IOException t) { show("EADDRNOTAVAIL", t); }
        for (int api = 0; api < 2; api++) {
            try (ServerSocket s = new ServerSocket(0, 1, lo)) {
                Socket c = api == 0 ? new Socket(lo, s.getLocalPort()) : null;
                SocketChannel ch = api == 1 ? SocketChannel.open(new InetSocketAddress(lo, s.getLocalPort())) : null;
                Socket p = s.accept(); p.setSoLinger(true, 0); p.close();
                Thread.sleep(100);
                try { if (c != null) c.getOutputStream().write(new byte[100]); else ch.write(ByteBuffer.allocate(100)); }
                catch (IOException t) { show("ECONNRESET", t); }
                if (c != null) c.close(); else ch.close();
            }
            try (ServerSocket s = new ServerSocket(0, 1, lo)) {
                Socket c = api == 0 ? new Socket(lo, s.getLocalPort()) : null;
                SocketChannel ch = api == 1 ? SocketChannel.open(new InetSocketAddress(lo, s.getLocalPort())) : null;
                Socket p = s.accept(); p.setSoLinger(true, 0); p.close();
                Thread.sleep(100);
                try { if (c != null) c.getInputStream().read(); else ch.read(ByteBuffer.allocate(10)); }
                catch (IOException t) { show("ECONNRESET", t); }
                if (c != null) c.close(); else ch.close();
            }
            try (ServerSocket s = new ServerSocket(0, 1, lo)) {
                Socket c = api == 0 ? new Socket(lo, s.getLocalPort()) : null;
                SocketChannel ch = api == 1 ? SocketChannel.open(new InetSocketAddress(lo, s.getLocalPort())) : null;
                s.accept().close();
                Thread.sleep(100);
                try {
                    for (int i = 0; i < 50; i++) {
                        if (c != null) c.getOutputStream().write(new byte[100]); else ch.write(ByteBuffer.allocate(100));
                        Thread.sleep(20);
                    }
                } catch (IOException t) { show("EPIPE", t); }
                if (c != null) c.close(); else ch.close();
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, lo); Socket c = new Socket(lo, s.getLocalPort())) {
            c.setSoTimeout(200); c.getInputStream().read();
        } catch (IOException t) { show("-", t); }
        try (ServerSocket s = new ServerSocket(0, 1, lo)) { s.setSoTimeout(200); s.accept(); } catch (IOException t) { show("-", t); }
        // A listener whose backlog is full: Linux drops further SYNs, so a connect with a timeout runs out.
        try (ServerSocket s = new ServerSocket(0, 1, lo)) {
            List<Socket> keep = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket c = new Socket();
                try { c.connect(new InetSocketAddress(lo, s.getLocalPort()), 300); keep.add(c); }
                catch (IOException t) { show("-", t); c.close(); break; }
            }
            for (Socket c : keep) c.close();
        }
        try (DatagramSocket d = new DatagramSocket(0, lo)) {
            d.connect(lo, closed); d.send(new DatagramPacket(new byte[1], 1)); Thread.sleep(100);
            d.setSoTimeout(1000); d.receive(new DatagramPacket(new byte[10], 10));
        } catch (IOException t) { show("ECONNREFUSED", t); }
        try (DatagramSocket d = new DatagramSocket(0, lo)) { d.send(new DatagramPacket(new byte[70000], 70000, lo, closed)); }
        catch (IOException t) { show("EMSGSIZE", t); }
    }
    // Run with a low descriptor limit: accept() and socket() once none is left.
    static void emfile(InetAddress lo) throws Exception {
        ServerSocket s = new ServerSocket(0, 50, lo);
        Socket c = new Socket(lo, s.getLocalPort());
        List<FileInputStream> keep = new ArrayList<>();
        try { while (true) keep.add(new FileInputStream("/dev/null")); } catch (IOException t) {}
        try { s.accept(); } catch (IOException t) { show("EMFILE", t); }
        try { Socket x = new Socket(); x.connect(new InetSocketAddress(lo, s.getLocalPort())); } catch (IOException t) { show("EMFILE", t); }
        for (FileInputStream f : keep) f.close();
    }
}
"#;

#[cfg(target_os = "linux")]
#[test]
fn java_exceptions_match_the_jdk() {
    let data = load("runtimes.json");
    let scratch = Scratch::new("java");
    std::fs::write(scratch.0.join("SockerrProbe.java"), JAVA_PROBE).unwrap();
    let Some(out) = output(
        Command::new("javac")
            .arg("-d")
            .arg(&scratch.0)
            .arg(scratch.0.join("SockerrProbe.java")),
    ) else {
        return skip("javac (a JDK)");
    };
    assert!(
        out.status.success(),
        "javac failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = |args: &str| {
        let cmd = format!(
            "ulimit -n 256 && exec java -cp '{}' SockerrProbe {args}",
            scratch.0.display()
        );
        let out = Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "java probe failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let seen = run("main") + &run("emfile");
    let lines: Vec<&str> = seen.lines().collect();
    assert!(
        lines.len() >= 15,
        "the Java probe reported too little:\n{seen}"
    );

    let java = runtime(&data, "java");
    let mut problems = Vec::new();
    for line in &lines {
        let mut parts = line.splitn(3, '|');
        let (errno, class, message) = (
            parts.next().unwrap(),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let Some(entry) = java.iter().find(|e| e["name"] == class) else {
            problems.push(format!("java: {line}: no entry for {class}"));
            continue;
        };
        let errnos = errnos_of(entry);
        let messages = entry.get("messages").map(|m| obj(m, class));
        if errno == "-" {
            if !errnos.is_empty() || messages.is_none_or(|m| !m.contains_key(message)) {
                problems.push(format!(
                    "java: {line}: expected an entry with no errno listing the message"
                ));
            }
            continue;
        }
        if !errnos.contains(&errno) {
            problems.push(format!("java: {line}: {class} does not list {errno}"));
        }
        if message != "null" {
            let listed = messages
                .and_then(|m| m.get(message))
                .map(|l| arr(l, class).iter().any(|e| e == errno));
            if listed != Some(true) {
                problems.push(format!(
                    "java: {line}: {class} messages lack {message:?} -> {errno}"
                ));
            }
        }
    }
    fail_if_any("Java's socket exceptions", problems);
}

#[cfg(target_os = "linux")]
#[test]
fn go_messages_match_syscall() {
    let data = load("runtimes.json");
    let kb = Kb::get();
    let go = runtime(&data, "go");
    let mut src = String::from("package main\n\nimport (\n\t\"fmt\"\n\t\"net\"\n\t\"os\"\n\t\"syscall\"\n)\n\nfunc main() {\n");
    for (_, n) in kb.user_errnos() {
        src += &format!("\tfmt.Printf(\"errno %d\\t%s\\n\", {n}, syscall.Errno({n}).Error())\n");
    }
    for e in go {
        for c in arr(&e["constants"], "constants") {
            let c = c.as_str().unwrap();
            src += &format!("\tfmt.Printf(\"const {c}\\t%d\\n\", int({c}))\n");
        }
    }
    src += "\tfmt.Printf(\"other\\t%s\\n\", os.ErrDeadlineExceeded.Error())\n";
    src += "\tfmt.Printf(\"other\\t%s\\n\", net.ErrClosed.Error())\n}\n";
    let scratch = Scratch::new("go");
    std::fs::write(scratch.0.join("probe.go"), src).unwrap();
    let Some(out) = output(
        Command::new("go")
            .arg("run")
            .arg(scratch.0.join("probe.go")),
    ) else {
        return skip("go");
    };
    if !out.status.success() {
        // A constant the data names that Go lacks fails the build: report it.
        panic!(
            "go run of the probe failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = String::from_utf8(out.stdout).unwrap();
    let mut actual = BTreeMap::new();
    let mut consts = BTreeMap::new();
    let mut others = BTreeSet::new();
    let by_number: BTreeMap<i64, &str> =
        kb.user_errnos().into_iter().map(|(e, n)| (n, e)).collect();
    for line in out.lines() {
        let (head, value) = line.split_once('\t').unwrap();
        if let Some(n) = head.strip_prefix("errno ") {
            actual.insert(
                by_number[&n.parse::<i64>().unwrap()].to_string(),
                value.to_string(),
            );
        } else if let Some(c) = head.strip_prefix("const ") {
            consts.insert(c.to_string(), value.parse::<i64>().unwrap());
        } else {
            others.insert(value.to_string());
        }
    }
    let mut problems = Vec::new();
    compare_runtime("go", &actual, &claimed(go), &mut problems);
    for e in go {
        let errnos = errnos_of(e);
        for c in arr(&e["constants"], "constants") {
            let c = c.as_str().unwrap();
            let want = errnos.first().map(|x| kb.number[*x]);
            if consts.get(c).copied() != want {
                problems.push(format!(
                    "go: {c} is {:?}, the entry's errno is {want:?}",
                    consts.get(c)
                ));
            }
        }
        if errnos.is_empty() && !others.contains(e["name"].as_str().unwrap()) {
            problems.push(format!(
                "go: {:?} is not the text of os.ErrDeadlineExceeded or net.ErrClosed",
                e["name"]
            ));
        }
    }
    fail_if_any("Go's syscall messages", problems);
}
