//! scan --json: one NDJSON object per finding, the fields of `explain --json`
//! plus where and how the finding was made.

use super::*;

pub(super) fn kind_str(k: &Key) -> &'static str {
    match k {
        Key::Errno(_) => "errno",
        Key::Candidates(_) => "candidates",
        Key::Timeout(_) => "client-timeout",
        Key::Failure(_) => "failure",
    }
}

pub(super) fn context_str(c: Context) -> Option<&'static str> {
    Some(match c {
        Context::None => return None,
        Context::InProgress => "in-progress",
        Context::WouldBlock => "would-block",
        Context::DeferredConnect => "deferred-connect",
        Context::Interrupted { .. } => "interrupted",
        Context::Restarted => "restarted",
        Context::WinSock { .. } => "winsock",
        Context::EaiSystem => "eai-system",
    })
}

/// The same object as `explain --json`, with every value emptied: for
/// findings that name no errno, so scripts see one shape.
pub(super) fn blank(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let b = match v {
                        Value::Array(_) => Value::Array(Vec::new()),
                        Value::Bool(_) => Value::Bool(false),
                        _ => Value::Null,
                    };
                    (k.clone(), b)
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// The explain-shaped object for a finding that names no errno; `reference`
/// only lends the shape.
pub(super) fn no_errno_json(f: &Finding, reference: &'static Errno, lang: Lang) -> Value {
    let x = Explanation::new(reference, Via::Name, &f.matched, None);
    let mut v = blank(&json::explanation(&x, lang));
    v["syscall"] = json!(f.syscall.map(|s| s.name()));
    v["lang"] = json!(lang.as_str());
    v
}

/// One finding's NDJSON line. The fields that change from finding to
/// finding come first; the rest (the explain object, several kilobytes)
/// depends only on what was found, the call, the context and how it was
/// named, so it is serialized once per such combination and reused: a log
/// with a million findings must not build a million explain objects.
pub(crate) fn finding_line(
    cache: &mut HashMap<String, String>,
    f: &Finding,
    line: u64,
    file: Option<&str>,
    lang: Lang,
) -> String {
    let query = json!({ "input": f.matched, "matched_by": matched_by(f) });
    let head = format!(
        "{{\"line\":{line},\"file\":{},\"matched\":{},\"call\":{},\"pid\":{},\"query\":{query}",
        json!(file),
        json!(f.matched),
        json!(f.call),
        json!(f.pid)
    );
    // A negative number's note quotes the text ("ret=-104 is how the
    // kernel writes..."), so that one is not shared.
    let shared = f.via != Via::Negative;
    let cache_key = format!("{:?}|{:?}|{:?}|{:?}", key(f), f.syscall, f.context, f.via);
    let rest = match cache.get(&cache_key).filter(|_| shared) {
        Some(r) => r,
        None => {
            let v = stable_json(f, lang);
            let r = v.to_string();
            // `{"a":1,...}` -> `,"a":1,...}`
            let r = format!(",{}", r.strip_prefix('{').unwrap_or(&r));
            if !shared {
                return format!("{head}{r}");
            }
            cache.entry(cache_key).or_insert(r)
        }
    };
    format!("{head}{rest}")
}

pub(super) fn matched_by(f: &Finding) -> &'static str {
    match f.what {
        What::Errno(_) => f.via.as_str(),
        _ => "text",
    }
}

/// Everything in a finding's object but the per-finding fields.
pub(super) fn stable_json(f: &Finding, lang: Lang) -> Value {
    let k = key(f);
    let mut v = match &f.what {
        What::Errno(e) => {
            let x = Explanation::new(e, f.via, &f.matched, f.syscall);
            let mut v = json::explanation(&x, lang);
            if let Some(c) = context_text(f, lang) {
                v["note"] = Value::String(c);
            }
            v
        }
        What::Candidates { errnos, .. } if !errnos.is_empty() => no_errno_json(f, errnos[0], lang),
        _ => match kb::errnos().first() {
            Some(r) => no_errno_json(f, r, lang),
            None => json!({}),
        },
    };
    match &f.what {
        What::Candidates { client, errnos } => {
            v["name"] = Value::Null;
            v["candidates"] = json!(errnos.iter().map(|e| e.name).collect::<Vec<_>>());
            v["note"] = json!(format!(
                "{}{}",
                label(no_errno_key(errnos), lang),
                paren(candidates_source(*client, errnos, lang), lang)
            ));
            v["client"] = json!(client.as_str());
        }
        What::ClientTimeout { client } => {
            v["name"] = Value::Null;
            v["candidates"] = json!([]);
            v["note"] = json!(format!(
                "{}{}",
                label("not_errno", lang),
                paren(client_text(*client, lang), lang)
            ));
            v["client"] = json!(client.as_str());
        }
        What::Failure(x) => {
            // The failure's own entry, under the explain object's names.
            if let (Value::Object(m), Value::Object(own)) =
                (&mut v, json::failure(x, &f.matched, lang))
            {
                m.extend(own);
            }
            v["candidates"] = json!([]);
            v["client"] = Value::Null;
            v["note"] = json!(failure_note(x, lang));
        }
        What::Errno(_) => {
            v["candidates"] = json!([]);
            v["client"] = Value::Null;
        }
    }
    v["kind"] = json!(kind_str(&k));
    if let Value::Object(m) = &mut v {
        for per_finding in ["line", "file", "matched", "call", "pid", "query"] {
            m.remove(per_finding);
        }
    }
    v["context"] = json!(context_str(f.context));
    v["winsock"] = match f.context {
        Context::WinSock { name, code } => json!({ "name": name, "number": code }),
        _ => Value::Null,
    };
    v["kernel_code"] = match f.context {
        Context::Interrupted { code } => json!(code),
        _ => Value::Null,
    };
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_what_drives_a_terminal() {
        let mut v = Vec::new();
        sanitize(b"a\x1b[2Jb\tc\r\nd\x07\xc2\x9b\xffe\r", &mut v);
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "a\\x1b[2Jb\tc\r\nd\\x07\\u{9b}\\xffe\\x0d"
        );
        let mut v = Vec::new();
        sanitize("中文 ok\n".as_bytes(), &mut v);
        assert_eq!(v, "中文 ok\n".as_bytes());
    }

    #[test]
    fn first_sentence_of_either_language() {
        assert_eq!(first_sentence("A b. C d."), "A b.");
        assert_eq!(first_sentence("甲乙。丙丁。"), "甲乙。");
        assert_eq!(first_sentence("v1.2 is out. Yes."), "v1.2 is out.");
        assert_eq!(first_sentence("End."), "End.");
    }
}
