//! `data/getaddrinfo.json`: getaddrinfo's EAI_* codes, a second namespace
//! beside the errnos. Checked with the same strictness as `errnos.json`
//! (unknown keys, empty or untranslated text, dangling names) and emitted as
//! `gai_generated.rs`, which `src/kb/gai.rs` includes. The myths and the
//! runtimes' names join the errnos' tables (`MYTHS`, `NAMES`), so lookup and
//! explain treat them alike.

use super::pools::{opt_str_lit, opt_text_lit, str_lit, text_lit};
use super::{Checker, Text};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GaiFile {
    #[allow(dead_code)]
    checked_with: BTreeMap<String, String>,
    sources: BTreeMap<String, String>,
    pub codes: Vec<CodeJson>,
    pub winsock: Vec<WinsockJson>,
    pub myths: Vec<MythJson>,
    pub runtimes: RuntimesJson,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeJson {
    pub name: String,
    pub number: i32,
    pub message: String,
    gnu: bool,
    pub summary: Text,
    pub detail: Option<Text>,
    systems: SystemsJson,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemsJson {
    macos: Option<OsCodeJson>,
    freebsd: Option<OsCodeJson>,
    musl: Option<OsCodeJson>,
    windows: Option<WindowsJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OsCodeJson {
    number: i32,
    message: String,
    older_message: Option<String>,
    #[serde(default = "yes")]
    in_libc_crate: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowsJson {
    number: i32,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WinsockJson {
    name: String,
    number: i32,
    code: String,
    message: String,
    note: Text,
    #[serde(default)]
    windows_only: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MythJson {
    pub query: String,
    pub code: String,
    pub note: Text,
}

/// The programs, in the order explain lists them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimesJson {
    node: Vec<RuntimeJson>,
    python: Vec<RuntimeJson>,
    go: Vec<RuntimeJson>,
    java: Vec<RuntimeJson>,
    rust: Vec<RuntimeJson>,
    curl: Vec<RuntimeJson>,
    php: Vec<RuntimeJson>,
    wget: Vec<RuntimeJson>,
    ssh: Vec<RuntimeJson>,
    psql: Vec<RuntimeJson>,
    mysql: Vec<RuntimeJson>,
    nginx: Vec<RuntimeJson>,
    apt: Vec<RuntimeJson>,
    getent: Vec<RuntimeJson>,
    dig: Vec<RuntimeJson>,
}

impl RuntimesJson {
    pub fn all(&self) -> [(&'static str, &[RuntimeJson]); 15] {
        [
            ("node", &self.node),
            ("python", &self.python),
            ("go", &self.go),
            ("java", &self.java),
            ("rust", &self.rust),
            ("curl", &self.curl),
            ("php", &self.php),
            ("wget", &self.wget),
            ("ssh", &self.ssh),
            ("psql", &self.psql),
            ("mysql", &self.mysql),
            ("nginx", &self.nginx),
            ("apt", &self.apt),
            ("getent", &self.getent),
            ("dig", &self.dig),
        ]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeJson {
    pub name: String,
    pub codes: Vec<String>,
    pub note: Text,
    pub messages: Option<BTreeMap<String, Vec<String>>>,
    pub uv: Option<Vec<i32>>,
    pub exit: Option<i32>,
    pub context: Option<String>,
}

fn is_eai_name(n: &str) -> bool {
    n.len() > 4
        && n.starts_with("EAI_")
        && n.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Checks the file; returns the code names, which `calls/getaddrinfo.json`
/// and the runtimes may name.
pub fn check(
    g: &GaiFile,
    errno_names: &BTreeMap<String, i32>,
    ck: &mut Checker,
) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    let mut messages = BTreeSet::new();
    for key in ["glibc", "musl", "macos", "freebsd", "windows"] {
        if g.sources.get(key).is_none_or(|s| s.trim().is_empty()) {
            ck.problems.push(format!(
                "getaddrinfo.json sources: say where the {key} facts come from"
            ));
        }
    }
    for c in &g.codes {
        let at = format!("getaddrinfo.json {}", c.name);
        if !is_eai_name(&c.name) {
            ck.problems.push(format!("{at}: not an EAI_* name"));
        }
        if !codes.insert(c.name.clone()) {
            ck.problems.push(format!("{at}: appears twice"));
        }
        if c.number >= 0 || !numbers.insert(c.number) {
            ck.problems
                .push(format!("{at}: glibc's numbers are negative and unique"));
        }
        if c.message.trim().is_empty() {
            ck.problems.push(format!("{at}: empty message"));
        }
        messages.insert(c.message.to_ascii_lowercase());
        ck.text(&c.summary, &format!("{at} summary"));
        if let Some(d) = &c.detail {
            ck.text(d, &format!("{at} detail"));
        }
        let s = &c.systems;
        for (os, v) in [
            ("macos", &s.macos),
            ("freebsd", &s.freebsd),
            ("musl", &s.musl),
        ] {
            let Some(v) = v else { continue };
            if v.message.trim().is_empty()
                || v.older_message
                    .as_ref()
                    .is_some_and(|m| m.trim().is_empty())
            {
                ck.problems.push(format!("{at} {os}: empty message"));
            }
            if os == "musl" && v.number != c.number {
                ck.problems
                    .push(format!("{at} musl: musl uses glibc's numbers"));
            }
            if os != "musl" && v.number <= 0 {
                ck.problems
                    .push(format!("{at} {os}: BSD numbers are positive"));
            }
            if os != "macos" && !v.in_libc_crate {
                ck.problems.push(format!(
                    "{at} {os}: in_libc_crate is only for macOS's EAI_ADDRFAMILY"
                ));
            }
        }
        if let Some(w) = &s.windows {
            match g.winsock.iter().find(|x| x.name == w.name) {
                Some(x) if x.number == w.number => {}
                _ => ck.problems.push(format!(
                    "{at} windows: {} {} is not in the winsock list with that number",
                    w.name, w.number
                )),
            }
        }
    }
    let mut names = BTreeSet::new();
    for w in &g.winsock {
        let at = format!("getaddrinfo.json winsock {}", w.name);
        if !w.name.starts_with("WSA") || !names.insert(w.name.clone()) {
            ck.problems.push(format!("{at}: a WSA* name, once"));
        }
        if w.windows_only == codes.contains(&w.code) || !is_eai_name(&w.code) {
            ck.problems.push(format!(
                "{at}: code {} must be one of the codes, or an EAI_* name Linux lacks with windows_only",
                w.code
            ));
        }
        if w.number <= 0 || w.message.trim().is_empty() {
            ck.problems.push(format!("{at}: number and message"));
        }
        ck.text(&w.note, &at);
    }
    let mut runtime_names = BTreeSet::new();
    for (runtime, list) in g.runtimes.all() {
        let mut seen = BTreeSet::new();
        for e in list {
            let at = format!("getaddrinfo.json runtimes {runtime} {}", e.name);
            if e.name.trim().is_empty() || !seen.insert(&e.name) {
                ck.problems.push(format!("{at}: empty or duplicate name"));
            }
            runtime_names.insert(e.name.to_ascii_lowercase());
            for code in &e.codes {
                if !codes.contains(code) {
                    ck.problems.push(format!("{at}: {code} is not a code"));
                }
            }
            ck.text(&e.note, &at);
            for (msg, list) in e.messages.iter().flatten() {
                runtime_names.insert(format!("{}: {msg}", e.name).to_ascii_lowercase());
                if list.is_empty() || list.iter().any(|c| !e.codes.contains(c)) {
                    ck.problems.push(format!(
                        "{at} message {msg:?}: its codes must be some of the entry's"
                    ));
                }
            }
            if let Some(uv) = &e.uv {
                if runtime != "node" || uv.len() != e.codes.len() {
                    ck.problems
                        .push(format!("{at}: uv is node's, one number per code"));
                }
            }
            if e.context.as_ref().is_some_and(|c| c.trim().is_empty()) {
                ck.problems.push(format!("{at}: empty context"));
            }
        }
    }
    for m in &g.myths {
        let at = format!("getaddrinfo.json myth {}", m.query);
        if !codes.contains(&m.code) {
            ck.problems.push(format!("{at}: {} is not a code", m.code));
        }
        let q = m.query.to_ascii_lowercase();
        // A myth is looked up by its exact text before messages and runtime
        // names: it must not hide one of them.
        if codes.contains(&m.query.to_ascii_uppercase())
            || errno_names.contains_key(&m.query.to_ascii_uppercase())
            || messages.contains(&q)
            || runtime_names.contains(&q)
        {
            ck.problems.push(format!(
                "{at}: the query is a code, errno, message or runtime name, which lookup finds already"
            ));
        }
        ck.text(&m.note, &at);
    }
    codes
}

fn os_code(v: &Option<OsCodeJson>) -> String {
    match v {
        None => "None".to_string(),
        Some(v) => format!(
            "Some(OsCode {{ number: {}, message: {}, older_message: {}, in_libc_crate: {} }})",
            v.number,
            str_lit(&v.message),
            opt_str_lit(v.older_message.as_deref()),
            v.in_libc_crate
        ),
    }
}

/// The tables `src/kb/gai.rs` includes.
/// Places the names and messages a look-up compares a query with ahead of
/// the texts in the blob (see `place_names` in main.rs): the codes' (with
/// the other systems' messages), the WinSock codes' and the myths' queries.
pub fn place_names(g: &GaiFile) {
    for c in &g.codes {
        str_lit(&c.name);
        str_lit(&c.message);
        let s = &c.systems;
        for v in [&s.macos, &s.freebsd, &s.musl] {
            os_code(v);
        }
        if let Some(w) = &s.windows {
            str_lit(&w.name);
        }
    }
    for w in &g.winsock {
        str_lit(&w.name);
        str_lit(&w.code);
        str_lit(&w.message);
    }
    for m in &g.myths {
        str_lit(&m.query);
    }
}

pub fn emit(g: &GaiFile) -> String {
    let mut out =
        String::from("// Generated by the build script (src/build/) from data/getaddrinfo.json. Do not edit.\n\n");
    out.push_str("/// Every EAI code glibc defines, in glibc's order (-1, -2, ..., -105).\npub static GAI_CODES: &[Errno] = &[\n");
    for c in &g.codes {
        writeln!(
            out,
            "    Errno {{ name: {}, aliases: List::pooled(0, 0), number: {}, message: {}, summary: {}, detail: {}, kernel_only: false }},",
            str_lit(&c.name),
            c.number,
            str_lit(&c.message),
            text_lit(&c.summary),
            opt_text_lit(&c.detail)
        )
        .unwrap();
    }
    out.push_str("];\n\n/// Other systems' numbers and texts, one per entry of `GAI_CODES`, same order.\npub static GAI_SYSTEMS: &[Systems] = &[\n");
    for c in &g.codes {
        let s = &c.systems;
        writeln!(
            out,
            "    Systems {{ gnu: {}, macos: {}, freebsd: {}, musl: {}, windows: {} }},",
            c.gnu,
            os_code(&s.macos),
            os_code(&s.freebsd),
            os_code(&s.musl),
            match &s.windows {
                Some(w) => format!("Some(({}, {}))", str_lit(&w.name), w.number),
                None => "None".into(),
            }
        )
        .unwrap();
    }
    out.push_str("];\n\n/// The WinSock codes Windows' getaddrinfo returns.\npub static GAI_WINSOCK: &[GaiWinsock] = &[\n");
    for w in &g.winsock {
        writeln!(
            out,
            "    GaiWinsock {{ name: {}, number: {}, code: {}, message: {}, note: {}, windows_only: {} }},",
            str_lit(&w.name),
            w.number,
            str_lit(&w.code),
            str_lit(&w.message),
            text_lit(&w.note),
            w.windows_only
        )
        .unwrap();
    }
    out.push_str("];\n\n/// libuv's numbers for the codes (Node's `errno: -3008`), from Node's entries.\npub static GAI_UV: &[(i32, Str)] = &[\n");
    for e in &g.runtimes.node {
        for (uv, code) in e.uv.iter().flatten().zip(&e.codes) {
            writeln!(out, "    ({uv}, {}),", str_lit(code)).unwrap();
        }
    }
    out.push_str("];\n");
    out
}
