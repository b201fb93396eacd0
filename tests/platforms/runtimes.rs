//! runtimes.json against the installed runtimes: Python, Rust's std, Node
//! and libuv, the JDK (loopback probes) and Go.

use super::*;

pub(super) const RUNTIMES: &[&str] = &["python", "rust", "node", "java", "go"];

pub(super) fn runtime<'a>(data: &'a Value, key: &str) -> &'a Vec<Value> {
    arr(&data[key], key)
}

pub(super) fn errnos_of(entry: &Value) -> Vec<&str> {
    arr(&entry["errnos"], "errnos")
        .iter()
        .map(|e| e.as_str().expect("errno name"))
        .collect()
}

#[test]
pub(super) fn runtime_names_point_at_known_errnos() {
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
pub(super) fn claimed(list: &[Value]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in list {
        for errno in errnos_of(e) {
            out.insert(errno.to_string(), e["name"].as_str().unwrap().to_string());
        }
    }
    out
}

/// Both ways: what the runtime does for every Linux errno against what the data claims.
pub(super) fn compare_runtime(
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
pub(super) fn python_classes_match_the_interpreter() {
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
pub(super) fn rust_kinds_match_std() {
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
pub(super) fn node_codes_match_libuv() {
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
pub(super) const JAVA_PROBE: &str = r#"
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
pub(super) fn java_exceptions_match_the_jdk() {
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
pub(super) fn go_messages_match_syscall() {
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
