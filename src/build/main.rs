//! The build script (Cargo.toml's `build = "src/build/main.rs"`), not part of
//! the library: Cargo compiles and runs it before the crate, and nothing in
//! `src/lib.rs` or the front end includes these files. It lives under `src/`
//! only so that the top level keeps its few folders; the files beside it
//! are its modules.
//!
//! It turns the JSON knowledge base under `data/` into static Rust tables,
//! and says how the binary is linked (`link.rs`).
//!
//! Why code generation rather than parsing at run time: a lookup must not cost
//! more than the C `errno` tool, and parsing a few hundred kilobytes of JSON at
//! every start is the one cost sockerr could not win back. The JSON stays the
//! source people edit (see `data/README.md`); this script checks it against the
//! schema and refuses to build on any violation, naming the file and entry, so a
//! broken knowledge base never reaches a binary.

// getaddrinfo's EAI codes (data/getaddrinfo.json) and the socket failures
// without an errno (data/failures.json), in files of their own so this one
// stays readable.
mod failures;
mod gai;
// The schema checks every table shares.
mod check;
// How the binary is linked: the unwinder inside, no libgcc_s to load; the
// lookup path's functions together at the front of the code.
mod link;
// How the tables hold strings and lists: offsets, not pointers.
mod pools;

use check::Checker;
use pools::{
    advice_fields, diagnoses_lit, list_lit, opt_str_lit, opt_text_lit, relateds_lit, str_lit,
    strs_lit, text_lit, texts_lit,
};

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The socket calls with a file under `data/calls/`, in display order.
const CALLS: &[&str] = &[
    "connect",
    "send",
    "recv",
    "bind",
    "setsockopt",
    "getsockopt",
    "accept",
    "listen",
    "socket",
    "shutdown",
    "getpeername",
    "getsockname",
    "close",
    "socketpair",
    "sendmsg",
    "recvmsg",
    "poll",
    "select",
    "epoll_wait",
    "epoll_ctl",
    "sendfile",
    "splice",
    "fcntl",
    "ioctl",
    "getaddrinfo",
];

const ACTIONS: &[&str] = &[
    "retry",
    "wait",
    "in-progress",
    "close",
    "fix-code",
    "fix-config",
    "network",
    "resources",
    "not-reported",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    en: String,
    zh: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrnoFile {
    errnos: Vec<ErrnoJson>,
    myths: Vec<MythJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrnoJson {
    name: String,
    aliases: Vec<String>,
    number: i32,
    message: String,
    summary: Text,
    detail: Option<Text>,
    #[serde(default)]
    kernel_only: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MythJson {
    query: String,
    errno: String,
    note: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallFile {
    syscall: String,
    man: String,
    summary: Text,
    entries: Vec<EntryJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryJson {
    errno: String,
    source: String,
    reported: bool,
    action: String,
    meaning: Text,
    causes: Vec<Text>,
    fixes: Vec<Text>,
    diagnose: Vec<DiagnoseJson>,
    related: Vec<RelatedJson>,
    see_also: Vec<String>,
    myth: Option<Text>,
    #[serde(default)]
    repro: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiagnoseJson {
    cmd: String,
    why: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelatedJson {
    errno: String,
    note: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformFile {
    macos: BTreeMap<String, i32>,
    macos_only: BTreeMap<String, ForeignJson>,
    freebsd: BTreeMap<String, i32>,
    freebsd_only: BTreeMap<String, ForeignJson>,
    windows_winsock: BTreeMap<String, WinsockJson>,
    windows_crt: BTreeMap<String, i32>,
    windows_crt_only: BTreeMap<String, ForeignJson>,
    notes: Vec<NoteJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForeignJson {
    number: i32,
    meaning: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WinsockJson {
    number: i32,
    errno: Option<String>,
    meaning: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteJson {
    id: String,
    errnos: Vec<String>,
    os: Vec<String>,
    note: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuntimeFile {
    #[allow(dead_code)]
    checked_with: BTreeMap<String, String>,
    python: Vec<RuntimeJson>,
    rust: Vec<RuntimeJson>,
    node: Vec<RuntimeJson>,
    java: Vec<RuntimeJson>,
    go: Vec<RuntimeJson>,
}

/// One runtime name; the optional keys belong to one runtime each.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuntimeJson {
    name: String,
    errnos: Vec<String>,
    note: Option<Text>,
    // Documented in data/README.md and checked by tests/platforms.rs; the
    // binary does not show them yet.
    #[allow(dead_code)]
    other_os: Option<BTreeMap<String, Vec<String>>>,
    stable_since: Option<String>,
    unstable: Option<String>,
    uv_linux: Option<i32>,
    uv_windows: Option<i32>,
    #[allow(dead_code)]
    uv_message: Option<String>,
    messages: Option<BTreeMap<String, Vec<String>>>,
    constants: Option<Vec<String>>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} does not fit the schema: {e}", path.display()))
}

/// `not-reported` -> `NotReported`, `epoll_wait` -> `EpollWait`.
fn variant(s: &str) -> String {
    s.split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn main() {
    link::unwinder();
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    link::hot_text(
        &PathBuf::from(std::env::var("OUT_DIR").unwrap()),
        &root.join("src/build/hot-text.txt"),
    );
    let data = root.join("data");
    println!("cargo:rerun-if-changed={}", data.display());
    let mut ck = Checker {
        problems: Vec::new(),
    };

    let errnos: ErrnoFile = read_json(&data.join("errnos.json"));
    let mut names: BTreeMap<String, i32> = BTreeMap::new();
    let mut canonical: BTreeSet<String> = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for e in &errnos.errnos {
        let at = format!("errnos.json {}", e.name);
        canonical.insert(e.name.clone());
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            if !n.starts_with('E')
                || !n
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                ck.problems
                    .push(format!("{at}: {n:?} is not an errno name"));
            }
            if names.insert(n.clone(), e.number).is_some() {
                ck.problems.push(format!("{at}: name {n} appears twice"));
            }
        }
        if !numbers.insert(e.number) {
            ck.problems
                .push(format!("{at}: number {} appears twice", e.number));
        }
        if e.message.trim().is_empty() {
            ck.problems.push(format!("{at}: empty message"));
        }
        ck.text(&e.summary, &format!("{at} summary"));
        if let Some(d) = &e.detail {
            ck.text(d, &format!("{at} detail"));
        }
    }
    let mut sorted = errnos.errnos.iter().map(|e| e.number).collect::<Vec<_>>();
    sorted.sort_unstable();
    if sorted != errnos.errnos.iter().map(|e| e.number).collect::<Vec<_>>() {
        ck.problems
            .push("errnos.json: entries must be sorted by number".to_string());
    }
    for m in &errnos.myths {
        let at = format!("errnos.json myth {}", m.query);
        if !canonical.contains(&m.errno) {
            ck.problems
                .push(format!("{at}: {} is not a canonical errno name", m.errno));
        }
        if names.contains_key(&m.query.to_ascii_uppercase()) {
            ck.problems
                .push(format!("{at}: the query is a real errno name"));
        }
        ck.text(&m.note, &at);
    }

    let gai: gai::GaiFile = read_json(&data.join("getaddrinfo.json"));
    let gai_codes = gai::check(&gai, &names, &mut ck);
    // Related entries may name a code of either namespace.
    let either: BTreeSet<String> = canonical.union(&gai_codes).cloned().collect();

    let mut calls = Vec::new();
    for call in CALLS {
        let path = data.join("calls").join(format!("{call}.json"));
        if !path.exists() {
            // A call without a file yet has no entries; tests/kb.rs insists on
            // the ones the man pages list, so this cannot pass unnoticed.
            println!("cargo:rerun-if-changed={}", path.display());
            calls.push(None);
            continue;
        }
        let file: CallFile = read_json(&path);
        let at = format!("calls/{call}.json");
        if file.syscall != *call {
            ck.problems
                .push(format!("{at}: syscall is {:?}", file.syscall));
        }
        ck.man_ref(&file.man, &at);
        ck.text(&file.summary, &format!("{at} summary"));
        let mut seen = BTreeSet::new();
        // getaddrinfo's entries are EAI codes; every other call's are errnos.
        let own = if *call == "getaddrinfo" {
            &gai_codes
        } else {
            &canonical
        };
        for e in &file.entries {
            let at = format!("{at} {}", e.errno);
            if !own.contains(&e.errno) {
                ck.problems
                    .push(format!("{at}: not a canonical name of this call's codes"));
            }
            if !seen.insert(e.errno.clone()) {
                ck.problems.push(format!("{at}: entry appears twice"));
            }
            if e.source != "man" && e.source != "practice" {
                ck.man_ref(&e.source, &format!("{at} source"));
            }
            if !ACTIONS.contains(&e.action.as_str()) {
                ck.problems
                    .push(format!("{at}: unknown action {:?}", e.action));
            }
            if (e.action == "not-reported") == e.reported {
                ck.problems.push(format!(
                    "{at}: action not-reported goes with reported false, and only with it"
                ));
            }
            ck.text(&e.meaning, &format!("{at} meaning"));
            if e.reported && (e.causes.is_empty() || e.fixes.is_empty()) {
                ck.problems
                    .push(format!("{at}: a reported entry needs causes and fixes"));
            }
            ck.causes_and_fixes(&at, &e.causes, &e.fixes);
            ck.pointers(&at, &e.diagnose, &e.related, &e.see_also, &either);
            if let Some(m) = &e.myth {
                ck.text(m, &format!("{at} myth"));
            }
        }
        calls.push(Some(file));
    }

    place_names(&errnos, &gai);
    let platform_code = platforms(&data, &names, &canonical, &mut ck);
    let runtime_code = runtimes(&data, &names, &canonical, &gai, &mut ck);
    place_by_errno(&errnos, &calls);
    let gai_code = gai::emit(&gai);
    let failure_code = failures::failures(&data, &canonical, &mut ck);

    if !ck.problems.is_empty() {
        panic!(
            "the knowledge base under data/ has {} problem(s):\n  {}",
            ck.problems.len(),
            ck.problems.join("\n  ")
        );
    }

    let mut out = String::new();
    out.push_str(
        "// Generated by the build script (src/build/) from data/*.json. Do not edit.\n\n",
    );
    out.push_str("/// Every errno, sorted by number.\npub static ERRNOS: &[Errno] = &[\n");
    for e in &errnos.errnos {
        writeln!(
            out,
            "    Errno {{ name: {}, aliases: {}, number: {}, message: {}, summary: {}, detail: {}, kernel_only: {} }},",
            str_lit(&e.name),
            strs_lit(&e.aliases),
            e.number,
            str_lit(&e.message),
            text_lit(&e.summary),
            opt_text_lit(&e.detail),
            e.kernel_only
        )
        .unwrap();
    }
    out.push_str("];\n\n/// Names and beliefs that are not errnos, and the errno they are about.\npub static MYTHS: &[Myth] = &[\n");
    // getaddrinfo's myths join the errnos': `errno` then holds an EAI name.
    let mut myth = |query: &str, errno: &str, note: &Text| {
        writeln!(
            out,
            "    Myth {{ query: {}, errno: {}, note: {} }},",
            str_lit(query),
            str_lit(errno),
            text_lit(note)
        )
        .unwrap();
    };
    for m in &errnos.myths {
        myth(&m.query, &m.errno, &m.note);
    }
    for m in &gai.myths {
        myth(&m.query, &m.code, &m.note);
    }
    out.push_str("];\n\n/// The socket calls with their entries, in display order.\npub static CALLS: &[Call] = &[\n");
    for (name, file) in CALLS.iter().zip(&calls) {
        let (man, summary, entries) = match file {
            Some(f) => (f.man.clone(), text_lit(&f.summary), &f.entries[..]),
            None => (
                format!("{name}(2)"),
                text_lit(&Text {
                    en: String::new(),
                    zh: String::new(),
                }),
                &[][..],
            ),
        };
        let entries = entries
            .iter()
            .map(|e| {
                format!(
                    "Entry {{ syscall: Syscall::{}, errno: {}, source: {}, reported: {}, action: Action::{}, {}, myth: {}, repro: {} }}",
                    variant(name),
                    str_lit(&e.errno),
                    str_lit(&e.source),
                    e.reported,
                    variant(&e.action),
                    advice_fields(&e.meaning, &e.causes, &e.fixes, &e.diagnose, &e.related, &e.see_also),
                    opt_text_lit(&e.myth),
                    e.repro
                )
            })
            .collect();
        writeln!(
            out,
            "    Call {{ syscall: Syscall::{}, man: {}, summary: {}, entries: {} }},",
            variant(name),
            str_lit(&man),
            summary,
            list_lit("ENTRIES", entries)
        )
        .unwrap();
    }
    out.push_str("];\n");

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for (file, code) in [
        ("kb_generated.rs", out),
        ("platform_generated.rs", platform_code),
        ("runtime_generated.rs", runtime_code),
        ("gai_generated.rs", gai_code),
        ("failure_generated.rs", failure_code),
    ] {
        std::fs::write(out_dir.join(file), code).expect("cannot write the generated tables");
    }
    pools::write_pools(&out_dir);
}

/// Orders the blob and the pools for reading, in two steps around the
/// platform and runtime tables: first every name and message a look-up
/// compares a query with (the errnos', getaddrinfo's and the myths' here,
/// then the other systems' and the runtimes' as those tables are written),
/// then each
/// errno's texts side by side, its own and every call's entry for it
/// ([`place_by_errno`]). The tables written afterwards find them already
/// placed (equal strings and lists are stored once).
///
/// Why: a look-up reads the names of the whole table, and `sockerr explain
/// ECONNRESET` one errno's texts across all the calls. In the order of the
/// files the names lay among the texts, and the texts 30 KB apart, one call
/// file after another: `explain ECONNRESET` took 6 to 9 page faults in the
/// blob, and takes 2 or 3 in this order (`perf record -e page-faults -d`).
/// The other systems' names came last, after 700 KB of texts, until they
/// joined the names at the front (two 64 KiB windows fewer).
fn place_names(errnos: &ErrnoFile, gai: &gai::GaiFile) {
    for e in &errnos.errnos {
        str_lit(&e.name);
        strs_lit(&e.aliases);
        str_lit(&e.message);
    }
    for m in &errnos.myths {
        str_lit(&m.query);
    }
    gai::place_names(gai);
}

/// The second step of [`place_names`]: each errno's texts side by side,
/// with the notes of the myths about it, which its explanation shows.
fn place_by_errno(errnos: &ErrnoFile, calls: &[Option<CallFile>]) {
    for e in &errnos.errnos {
        text_lit(&e.summary);
        opt_text_lit(&e.detail);
        for m in errnos.myths.iter().filter(|m| m.errno == e.name) {
            text_lit(&m.note);
        }
        for x in calls.iter().flatten().flat_map(|f| &f.entries) {
            if x.errno == e.name {
                text_lit(&x.meaning);
                texts_lit(&x.causes);
                texts_lit(&x.fixes);
                diagnoses_lit(&x.diagnose);
                relateds_lit(&x.related);
                opt_text_lit(&x.myth);
            }
        }
    }
}

const OSES: &[&str] = &["linux", "macos", "freebsd", "windows"];

/// Checks `platforms.json` and emits the tables `src/kb/platform.rs` includes.
fn platforms(
    data: &Path,
    names: &BTreeMap<String, i32>,
    canonical: &BTreeSet<String>,
    ck: &mut Checker,
) -> String {
    let p: PlatformFile = read_json(&data.join("platforms.json"));
    let mut out = String::from(
        "// Generated by the build script (src/build/) from data/platforms.json. Do not edit.\n\n",
    );
    for (table, map) in [
        ("MACOS", &p.macos),
        ("FREEBSD", &p.freebsd),
        ("WINDOWS_CRT", &p.windows_crt),
    ] {
        writeln!(out, "pub static {table}: &[(Str, i32)] = &[").unwrap();
        for (name, n) in map {
            if !names.contains_key(name) {
                ck.problems
                    .push(format!("platforms.json {table}: {name} is not a Linux errno name (use the *_only table)"));
            }
            writeln!(out, "    ({}, {n}),", str_lit(name)).unwrap();
        }
        out.push_str("];\n");
    }
    for (table, map) in [
        ("MACOS_ONLY", &p.macos_only),
        ("FREEBSD_ONLY", &p.freebsd_only),
        ("WINDOWS_CRT_ONLY", &p.windows_crt_only),
    ] {
        writeln!(out, "pub static {table}: &[Foreign] = &[").unwrap();
        for (name, f) in map {
            if names.contains_key(name) {
                ck.problems
                    .push(format!("platforms.json {table}: {name} is a Linux errno"));
            }
            ck.text(&f.meaning, &format!("platforms.json {table} {name}"));
            writeln!(
                out,
                "    Foreign {{ name: {}, number: {}, meaning: {} }},",
                str_lit(name),
                f.number,
                text_lit(&f.meaning)
            )
            .unwrap();
        }
        out.push_str("];\n");
    }
    out.push_str("pub static WINSOCK: &[Winsock] = &[\n");
    let mut codes: Vec<_> = p.windows_winsock.iter().collect();
    codes.sort_by_key(|(_, w)| w.number);
    for (name, w) in codes {
        let at = format!("platforms.json windows_winsock {name}");
        match (&w.errno, &w.meaning) {
            (Some(e), None) if canonical.contains(e) => {}
            (None, Some(m)) => ck.text(m, &at),
            _ => ck
                .problems
                .push(format!("{at}: needs either a canonical errno or a meaning")),
        }
        writeln!(
            out,
            "    Winsock {{ name: {}, number: {}, errno: {}, meaning: {} }},",
            str_lit(name),
            w.number,
            opt_str_lit(w.errno.as_deref()),
            opt_text_lit(&w.meaning)
        )
        .unwrap();
    }
    out.push_str("];\npub static NOTES: &[Note] = &[\n");
    let mut ids = BTreeSet::new();
    for n in &p.notes {
        let at = format!("platforms.json note {}", n.id);
        if !ids.insert(&n.id) {
            ck.problems.push(format!("{at}: id appears twice"));
        }
        for e in &n.errnos {
            if !canonical.contains(e) {
                ck.problems
                    .push(format!("{at}: {e} is not a canonical errno name"));
            }
        }
        if n.os.is_empty() || n.os.iter().any(|o| !OSES.contains(&o.as_str())) {
            ck.problems
                .push(format!("{at}: os must name some of {OSES:?}"));
        }
        ck.text(&n.note, &at);
        let errnos = strs_lit(&n.errnos);
        let os = list_lit(
            "OSES",
            n.os.iter().map(|o| format!("Os::{}", variant(o))).collect(),
        );
        writeln!(
            out,
            "    Note {{ id: {}, errnos: {errnos}, os: {os}, note: {} }},",
            str_lit(&n.id),
            text_lit(&n.note)
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}

/// Checks `runtimes.json` and emits the table `src/kb/runtime.rs` includes.
fn runtimes(
    data: &Path,
    names: &BTreeMap<String, i32>,
    canonical: &BTreeSet<String>,
    gai: &gai::GaiFile,
    ck: &mut Checker,
) -> String {
    let r: RuntimeFile = read_json(&data.join("runtimes.json"));
    let _ = names;
    let mut out = String::from(
        "// Generated by the build script (src/build/) from data/runtimes.json. Do not edit.\n\npub static NAMES: &[RuntimeName] = &[\n",
    );
    // (errno, place in NAMES) for every name an errno has: BY_ERRNO below.
    let mut by_errno: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut count = 0;
    let mut emit = |runtime: &str,
                    name: &str,
                    errnos: &[String],
                    detail: String,
                    note: &Option<Text>,
                    context: Option<&str>| {
        by_errno.extend(errnos.iter().map(|e| (e.clone(), count)));
        count += 1;
        writeln!(
            out,
            "    RuntimeName {{ runtime: Runtime::{}, name: {}, errnos: {}, detail: {}, note: {}, context: {} }},",
            variant(runtime),
            str_lit(name),
            strs_lit(errnos),
            str_lit(&detail),
            opt_text_lit(note),
            opt_str_lit(context)
        )
        .unwrap();
    };
    for (runtime, list) in [
        ("python", &r.python),
        ("rust", &r.rust),
        ("node", &r.node),
        ("java", &r.java),
        ("go", &r.go),
    ] {
        let mut seen = BTreeSet::new();
        for e in list {
            let at = format!("runtimes.json {runtime} {}", e.name);
            if !seen.insert(&e.name) {
                ck.problems.push(format!("{at}: name appears twice"));
            }
            for errno in &e.errnos {
                if !canonical.contains(errno) {
                    ck.problems
                        .push(format!("{at}: {errno} is not a canonical errno name"));
                }
            }
            if e.errnos.is_empty() && e.note.is_none() {
                ck.problems.push(format!(
                    "{at}: a name that is not an errno needs a note saying so"
                ));
            }
            if let Some(n) = &e.note {
                ck.text(n, &at);
            }
            let detail = match runtime {
                "rust" => match (&e.stable_since, &e.unstable) {
                    (Some(v), _) => format!("std::io::ErrorKind::{}, stable since {v}", e.name),
                    (None, Some(f)) => format!("std::io::ErrorKind::{}, unstable ({f})", e.name),
                    _ => format!("std::io::ErrorKind::{}", e.name),
                },
                "node" => match (e.uv_linux, e.uv_windows) {
                    (Some(l), Some(w)) if l == w => format!("libuv {l}"),
                    (Some(l), Some(w)) => format!("libuv {l} on Linux, {w} on Windows"),
                    _ => String::new(),
                },
                "go" => e.constants.clone().unwrap_or_default().join(", "),
                _ => String::new(),
            };
            emit(runtime, &e.name, &e.errnos, detail, &e.note, None);
            // Java's messages are names of their own: "SocketException: Connection reset".
            for (msg, errnos) in e.messages.iter().flatten() {
                for errno in errnos {
                    if !canonical.contains(errno) {
                        ck.problems
                            .push(format!("{at} message {msg:?}: {errno} is not canonical"));
                    }
                }
                emit(
                    runtime,
                    &format!("{}: {msg}", e.name),
                    errnos,
                    String::new(),
                    &e.note,
                    None,
                );
            }
        }
    }
    // Resolver failures: each runtime's names for getaddrinfo's codes, from
    // data/getaddrinfo.json (checked by gai::check).
    for (runtime, list) in gai.runtimes.all() {
        for e in list {
            let mut detail = Vec::new();
            if let Some(uv) = &e.uv {
                let uv = uv.iter().map(i32::to_string).collect::<Vec<_>>();
                detail.push(format!("libuv {}", uv.join(", ")));
            }
            if let Some(x) = e.exit {
                detail.push(format!("exit status {x}"));
            }
            let note = Some(Text {
                en: e.note.en.clone(),
                zh: e.note.zh.clone(),
            });
            emit(
                runtime,
                &e.name,
                &e.codes,
                detail.join(", "),
                &note,
                e.context.as_deref(),
            );
            for (msg, codes) in e.messages.iter().flatten() {
                emit(
                    runtime,
                    &format!("{}: {msg}", e.name),
                    codes,
                    String::new(),
                    &note,
                    e.context.as_deref(),
                );
            }
        }
    }
    out.push_str(
        "];\n\n/// Each errno's names as places in `NAMES`, sorted by errno, then place:\n/// `for_errno` finds an errno's run by binary search instead of reading\n/// every name's list.\npub static BY_ERRNO: &[(Str, u16)] = &[\n",
    );
    for (errno, place) in &by_errno {
        let place = u16::try_from(*place).expect("more runtime names than a u16 counts");
        writeln!(out, "    ({}, {place}),", str_lit(errno)).unwrap();
    }
    out.push_str("];\n");
    out
}
