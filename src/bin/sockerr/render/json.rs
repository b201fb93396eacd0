//! `--json`: one object per explanation, with the schema README documents.
//! Field names and types are a promise to scripts: add fields, never rename.

use super::{gai, numbers, runtime_names, separate_elsewhere, Explanation};
use serde_json::{json, Value};
use sockerr::lookup::Via;
use sockerr::platform::{self, Foreign, Os};
use sockerr::runtime::RuntimeName;
use sockerr::{kb, Errno, Failure, Lang};

/// The JSON object for an explanation.
pub fn explanation(x: &Explanation, lang: Lang) -> Value {
    let e = x.errno;
    let entry = x.entry;
    let texts = |v: &[sockerr::Text]| v.iter().map(|t| t.get(lang)).collect::<Vec<_>>();
    let action = match entry {
        Some(en) => Some(en.action),
        None if x.syscall.is_none() => e.usual_action(),
        None => None,
    };
    let n = numbers(e, x.name());
    let os_texts = gai::messages(e);
    let text_on = |os: &str| os_texts.iter().find(|(o, _)| *o == os).map(|(_, m)| *m);
    json!({
        "kind": "errno",
        "name": e.name,
        "namespace": e.namespace().as_str(),
        "cause_in_errno": e.name == "EAI_SYSTEM",
        "other_reading": x.other_reading.map(|o| json!({
            "name": o.name,
            "namespace": o.namespace().as_str(),
            "number": o.number,
            "message": o.message,
            "note": gai::other_reading(&x.query, o, lang),
        })),
        "os_messages": {
            "macos": text_on("macos"),
            "freebsd": text_on("freebsd"),
            "musl": text_on("musl"),
            "windows": text_on("windows"),
        },
        "myths": gai::myths(e).iter().map(|m| json!({
            "query": m.query,
            "note": m.note.get(lang),
        })).collect::<Vec<_>>(),
        "aliases": e.aliases,
        "number": e.number,
        "message": e.message,
        "kernel_only": e.kernel_only,
        "query": { "input": x.query, "matched_by": x.via.as_str(), "name": x.name() },
        "note": note(x, lang),
        "syscall": x.syscall.map(|s| s.name()),
        "entry_syscall": entry.map(|en| en.syscall.name()),
        "documented": entry.is_some(),
        "reported": entry.map(|en| en.reported),
        "source": entry.map(|en| en.source),
        "action": action.map(|a| a.as_str()),
        "summary": e.summary.get(lang),
        "meaning": entry.map_or(e.general(), |en| en.meaning).get(lang),
        "causes": entry.map_or(Vec::new(), |en| texts(&en.causes)),
        "fixes": entry.map_or(Vec::new(), |en| texts(&en.fixes)),
        "diagnose": entry.map_or(Vec::new(), |en| en.diagnose.iter()
            .map(|d| json!({ "cmd": d.cmd, "why": d.why.get(lang) })).collect()),
        "related": entry.map_or(Vec::new(), |en| en.related.iter()
            .map(|r| json!({
                "name": r.errno,
                "number": kb::by_name(r.errno).map(|o| o.number),
                "note": r.note.get(lang),
            })).collect()),
        "see_also": entry.map_or(Vec::new(), |en| en.see_also.to_vec()),
        "myth": entry.and_then(|en| en.myth).map(|m| m.get(lang)),
        "reproducible": entry.is_some_and(|en| en.repro),
        "calls": calls(e, lang),
        "os": x.os.map(|o| o.name()),
        "os_numbers": {
            "linux": n.linux,
            "macos": n.macos,
            "freebsd": n.freebsd,
            "windows": n.winsock.map(|(name, number)| json!({ "name": name, "number": number })),
            "windows_crt": n.windows_crt,
            "musl": gai::musl(e),
        },
        "os_errno": x.spelling().map(|s| json!({
            "os": x.os.map(|o| o.name()),
            "name": s.name,
            "number": s.number,
            "message": s.message,
            "separate": s.separate,
        })),
        "separate_elsewhere": separate_elsewhere(e, x.name()).iter()
            .map(|(os, s)| json!({
                "os": os.name(), "name": s.name, "number": s.number, "message": s.message,
            })).collect::<Vec<_>>(),
        "elsewhere": x.elsewhere().iter()
            .map(|(os, name)| json!({ "os": os.name(), "name": name })).collect::<Vec<_>>(),
        "runtimes": runtime_names(e).iter().map(|r| runtime_name(r, lang)).collect::<Vec<_>>(),
        "platform_notes": platform::notes(e, x.os).map(|n| json!({
            "id": n.id,
            "os": n.os.iter().map(|o| o.name()).collect::<Vec<_>>(),
            "note": n.note.get(lang),
        })).collect::<Vec<_>>(),
        "lang": lang.as_str(),
    })
}

/// A socket failure that carries no errno. Shares the explain object's
/// field names where they mean the same (`meaning`, `causes`, `fixes`,
/// `diagnose`, `related`, `see_also`), with `"kind": "failure"`, its `id`
/// and `"name": null`, so a script tells it from an errno by either.
pub fn failure(f: &Failure, query: &str, lang: Lang) -> Value {
    json!({
        "kind": "failure",
        "id": f.id,
        "name": null,
        "title": f.title.get(lang),
        "where": f.seen_in,
        "patterns": f.patterns,
        "query": { "input": query, "matched_by": "failure" },
        "meaning": f.meaning.get(lang),
        "causes": f.causes.iter().map(|t| t.get(lang)).collect::<Vec<_>>(),
        "fixes": f.fixes.iter().map(|t| t.get(lang)).collect::<Vec<_>>(),
        "diagnose": f.diagnose.iter()
            .map(|d| json!({ "cmd": d.cmd, "why": d.why.get(lang) })).collect::<Vec<_>>(),
        "related": f.related.iter()
            .map(|r| json!({
                "name": r.errno,
                "number": kb::by_name(r.errno).map(|o| o.number),
                "note": r.note.get(lang),
            })).collect::<Vec<_>>(),
        "see_also": f.see_also,
        "reproducible": f.repro.is_some(),
        "lang": lang.as_str(),
    })
}

/// One line of a list of failures: an ambiguous query's candidates.
pub fn failure_row(f: &Failure, lang: Lang) -> Value {
    json!({ "kind": "failure", "id": f.id, "title": f.title.get(lang), "where": f.seen_in })
}

/// A runtime's name for errnos, as `explain` and a runtime-name query show it.
pub fn runtime_name(r: &RuntimeName, lang: Lang) -> Value {
    json!({
        "runtime": r.runtime.name(),
        "name": r.name,
        "errnos": r.errnos,
        "detail": if r.detail.is_empty() { None } else { Some(r.detail) },
        "note": r.note.map(|t| t.get(lang)),
    })
}

/// A code only other systems have.
pub fn foreign(code: &Foreign, systems: &[Os], query: &str, lang: Lang) -> Value {
    json!({
        "name": code.name,
        "number": code.number,
        "systems": systems.iter().map(|o| o.name()).collect::<Vec<_>>(),
        "linux": null,
        "meaning": code.meaning.get(lang),
        "query": { "input": query, "matched_by": "foreign" },
        "lang": lang.as_str(),
    })
}

/// Every call's entry for the errno, one line each.
pub fn calls(e: &Errno, lang: Lang) -> Value {
    e.entries()
        .map(|en| {
            json!({
                "syscall": en.syscall.name(),
                "reported": en.reported,
                "action": en.action.as_str(),
                "meaning": en.meaning.get(lang),
            })
        })
        .collect()
}

/// The sentence about how the query reached the errno, where one is due.
pub fn note(x: &Explanation, lang: Lang) -> Option<String> {
    let e = x.errno;
    // Systems where the name asked about is an errno of its own.
    let split_on: Vec<Os> = separate_elsewhere(e, x.name())
        .iter()
        .map(|(os, _)| *os)
        .fold(Vec::new(), |mut v, os| {
            if !v.contains(&os) {
                v.push(os);
            }
            v
        });
    let on = |v: &[Os], and: &str| {
        let names: Vec<&str> = v.iter().map(|o| o.name()).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
            _ => names.join(""),
        }
    };
    if let Some(sp) = x.spelling().filter(|s| s.separate) {
        let os = x.os.expect("a spelling needs --os");
        let others: Vec<(&str, i32)> = e
            .names()
            .filter(|&n| n != sp.name)
            .filter_map(|n| platform::spelled(e, n, os).filter(|o| o.name == n))
            .map(|o| (o.name, o.number))
            .collect();
        let rest: Vec<&str> = e.names().filter(|&n| n != sp.name).collect();
        let (n, num) = (sp.name, sp.number);
        let head = match (x.via, lang) {
            (Via::OsNumber(..), Lang::En) => format!("{} is {n} on {os}", x.query.trim()),
            (Via::OsNumber(..), Lang::Zh) => format!("{} 在 {os} 上是 {n}", x.query.trim()),
            (_, Lang::En) => format!("On {os} {n} is {num}"),
            (_, Lang::Zh) => format!("在 {os} 上 {n} 是 {num}"),
        };
        return Some(match lang {
            Lang::En => format!(
                "{head}, an errno of its own there ({}); on Linux {n} and {} are one errno, {}",
                others
                    .iter()
                    .map(|(o, v)| format!("{o} is {v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                rest.join(", "),
                e.number
            ),
            Lang::Zh => format!(
                "{head}，在那里是独立的错误码（{}）；在 Linux 上 {n} 与 {} 是同一个错误码 {}",
                others
                    .iter()
                    .map(|(o, v)| format!("{o} 是 {v}"))
                    .collect::<Vec<_>>()
                    .join("，"),
                rest.join("、"),
                e.number
            ),
        });
    }
    Some(match (x.via, lang) {
        (Via::Alias(a), Lang::En) if !split_on.is_empty() => format!(
            "{a} is another name for {} (both {} on Linux); {} give {a} a number of its own",
            e.name,
            e.number,
            on(&split_on, "and")
        ),
        (Via::Alias(a), Lang::Zh) if !split_on.is_empty() => format!(
            "{a} 是 {} 的别名（Linux 上都是 {}）；{} 上 {a} 有自己的编号",
            e.name,
            e.number,
            on(&split_on, "和")
        ),
        (Via::Alias(a), Lang::En) => format!(
            "{a} is another name for {} (both {} on Linux)",
            e.name, e.number
        ),
        (Via::Alias(a), Lang::Zh) => {
            format!("{a} 是 {} 的别名（Linux 上都是 {}）", e.name, e.number)
        }
        (Via::Negative, Lang::En) => format!(
            "{} is how the kernel writes errno {} in a return value",
            x.query.trim(),
            e.number
        ),
        (Via::Negative, Lang::Zh) => format!(
            "{} 是内核在返回值中表示 errno {} 的写法",
            x.query.trim(),
            e.number
        ),
        (Via::Myth(m), lang) => m.note.get(lang).to_string(),
        (Via::OsNumber(os, name), Lang::En) => format!(
            "{} is {name} on {os}; on Linux it is {}",
            x.query.trim(),
            e.number
        ),
        (Via::OsNumber(os, name), Lang::Zh) => format!(
            "{} 在 {os} 上是 {name}；在 Linux 上它是 {}",
            x.query.trim(),
            e.number
        ),
        (Via::GaiWinsock(w), Lang::En) => format!(
            "{} ({}) is what Windows' getaddrinfo returns for {}. {}",
            w.name,
            w.number,
            e.name,
            w.note.get(lang)
        ),
        (Via::GaiWinsock(w), Lang::Zh) => format!(
            "{}（{}）是 Windows 的 getaddrinfo 对 {} 返回的错误码。{}",
            w.name,
            w.number,
            e.name,
            w.note.get(lang)
        ),
        (Via::Number, Lang::En) if e.namespace() == sockerr::Namespace::Getaddrinfo => format!(
            "{} read as getaddrinfo's return value: {}, not the errno {}",
            x.query.trim().trim_start_matches("getaddrinfo").trim(),
            e.name,
            -e.number
        ),
        (Via::Number, Lang::Zh) if e.namespace() == sockerr::Namespace::Getaddrinfo => format!(
            "{} 按 getaddrinfo 的返回值解读：是 {}，而不是 errno {}",
            x.query.trim().trim_start_matches("getaddrinfo").trim(),
            e.name,
            -e.number
        ),
        (Via::Winsock(w), Lang::En) => format!(
            "{} ({}) is WinSock's code for {}: 10000 plus the BSD number",
            w.name, w.number, e.name
        ),
        (Via::Winsock(w), Lang::Zh) => format!(
            "{}（{}）是 WinSock 中对应 {} 的错误码：10000 加上 BSD 的编号",
            w.name, w.number, e.name
        ),
        (Via::Runtime(r), lang) => {
            let head = match lang {
                Lang::En => format!("{} {} stands for {}", r.runtime, r.name, e.name),
                Lang::Zh => format!("{} 的 {} 对应 {}", r.runtime, r.name, e.name),
            };
            match r.note {
                Some(n) => format!("{head}. {}", n.get(lang)),
                None => head,
            }
        }
        _ => return None,
    })
}

/// One row of `list` and `search`.
pub fn row(e: &Errno, lang: Lang) -> Value {
    json!({
        "name": e.name,
        "aliases": e.aliases,
        "number": e.number,
        "message": e.message,
        "summary": e.summary.get(lang),
    })
}
