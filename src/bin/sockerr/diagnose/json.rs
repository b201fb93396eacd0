//! `sockerr diagnose --json`: one object. Fields are only ever added:
//! `errno` {name, number, message, kind}, `syscall`, `target`
//! {text, kind} or null, `checks` [{id, status, sentence, evidence
//! [{source, lines}]}], `causes` [{check, weight, sentence, fix,
//! fix_from}], `conclusion` (the first cause, or found: false), `complete`
//! (false when some check could not see), `lang`.

use serde_json::{json, Value};
use sockerr::diagnose::{Cause, Report};
use sockerr::Lang;

fn cause(c: &Cause, lang: Lang) -> Value {
    json!({
        "check": c.check,
        "weight": c.weight,
        "sentence": c.said.get(lang),
        "fix": c.fix.as_ref().map(|f| f.get(lang)),
        "fix_from": c.fix.as_ref().and_then(|f| f.source()),
    })
}

pub fn report(r: &Report, lang: Lang) -> Value {
    let checks: Vec<Value> = r
        .checks
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "status": c.status.as_str(),
                "sentence": c.said.get(lang),
                "evidence": c.evidence.iter().map(|e| json!({
                    "source": e.source,
                    "lines": e.lines,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let causes: Vec<Value> = r.causes.iter().map(|c| cause(c, lang)).collect();
    let conclusion = match r.conclusion() {
        Some(c) => {
            let mut v = cause(c, lang);
            v["found"] = json!(true);
            v
        }
        None => json!({
            "found": false,
            "check": null,
            "sentence": super::human::nothing_found(r, lang),
            "fix": null,
            "fix_from": null,
        }),
    };
    json!({
        "errno": {
            "name": r.name,
            "number": r.number,
            "message": r.message,
            "kind": r.kind,
        },
        "syscall": r.syscall.map(|s| s.name()),
        "target": r.target.as_ref().map(|t| json!({ "text": t.to_string(), "kind": t.kind() })),
        "checks": checks,
        "causes": causes,
        "conclusion": conclusion,
        "complete": !r.incomplete(),
        "lang": lang.as_str(),
    })
}
