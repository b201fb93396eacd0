//! platforms.json against the libc and windows-sys sources, both ways, and
//! the binary's answers for every alias on every system.

use super::*;

pub(super) fn number_table(data: &Value, key: &str) -> BTreeMap<String, i64> {
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

pub(super) fn only_table(data: &Value, key: &str) -> BTreeMap<String, i64> {
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
pub(super) fn compare(
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
pub(super) fn every_platform_number_matches_the_crate_sources() {
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
pub(super) const MACOS_SPLIT_MESSAGES: &[(&str, &str)] = &[
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
pub(super) fn aliases_are_modelled_per_system() {
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
pub(super) fn platform_tables_are_consistent() {
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
