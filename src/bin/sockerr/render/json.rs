//! `--json`: one object per explanation, with the schema README documents.
//! Field names and types are a promise to scripts: add fields, never rename.

use super::{numbers, runtime_names, Explanation};
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
    let n = numbers(e);
    json!({
        "kind": "errno",
        "name": e.name,
        "aliases": e.aliases,
        "number": e.number,
        "message": e.message,
        "kernel_only": e.kernel_only,
        "query": { "input": x.query, "matched_by": x.via.as_str() },
        "note": note(x, lang),
        "syscall": x.syscall.map(|s| s.name()),
        "entry_syscall": entry.map(|en| en.syscall.name()),
        "documented": entry.is_some(),
        "reported": entry.map(|en| en.reported),
        "source": entry.map(|en| en.source),
        "action": action.map(|a| a.as_str()),
        "summary": e.summary.get(lang),
        "meaning": entry.map_or(e.general(), |en| en.meaning).get(lang),
        "causes": entry.map_or(Vec::new(), |en| texts(en.causes)),
        "fixes": entry.map_or(Vec::new(), |en| texts(en.fixes)),
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
        },
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
    Some(match (x.via, lang) {
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
        (Via::OsNumber(os), Lang::En) => format!(
            "{} is {} on {os}; on Linux it is {}",
            x.query.trim(),
            e.name,
            e.number
        ),
        (Via::OsNumber(os), Lang::Zh) => format!(
            "{} 在 {os} 上是 {}；在 Linux 上它是 {}",
            x.query.trim(),
            e.name,
            e.number
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
