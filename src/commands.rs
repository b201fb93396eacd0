//! The subcommands: each resolves its input once and hands the result to
//! the format the configuration chose.

use crate::config::{Config, Format};
use crate::error::{Error, Result};
use crate::render::{self, Explanation};
use colored::Colorize;
use sockerr::lookup::{self, Miss, Resolution};
use sockerr::platform;
use sockerr::{kb, Lang, Os};
use std::ffi::OsString;
use std::io::Write;

/// Joins the query words (`sockerr connection reset` works unquoted) and
/// insists on UTF-8: an errno name or message never needs anything else.
pub fn query_text(words: &[OsString]) -> Result<String> {
    let mut parts = Vec::with_capacity(words.len());
    for w in words {
        match w.to_str() {
            Some(s) => parts.push(s),
            None => {
                return Err(Error::Usage(format!(
                "the query {} is not valid UTF-8; errno names, numbers and messages are plain text",
                w.to_string_lossy()
            )))
            }
        }
    }
    let q = parts.join(" ");
    if q.trim().is_empty() {
        return Err(Error::Usage(
            "the query is empty: give an errno name (ECONNRESET), number (104) or message".into(),
        ));
    }
    Ok(q)
}

/// Shortens what the user typed for echoing it back in a message.
fn shown(q: &str) -> String {
    let q = q.trim();
    match q.char_indices().nth(60) {
        Some((i, _)) => format!("{}… ({} bytes)", &q[..i], q.len()),
        None => q.to_string(),
    }
}

pub fn explain(cfg: &Config, out: &mut dyn Write, err: &mut dyn Write, query: &str) -> Result<()> {
    match lookup::resolve_on(query, cfg.os) {
        Resolution::Found { errno, via } => {
            let x =
                Explanation::new(errno, via, query, cfg.syscall).on(cfg.os_given.then_some(cfg.os));
            match cfg.format {
                Format::Brief => render::brief::line_on(out, errno, cfg.os)?,
                Format::Json => writeln!(out, "{}", render::json::explanation(&x, cfg.lang))?,
                Format::Human => render::human::explanation(out, &x, cfg.lang, cfg.width)?,
            }
            Ok(())
        }
        Resolution::Foreign { code, systems } => {
            match cfg.format {
                Format::Brief => {
                    writeln!(out, "{} {} {}", code.name, code.number, code.meaning.en)?
                }
                Format::Json => writeln!(
                    out,
                    "{}",
                    render::json::foreign(&code, &systems, query, cfg.lang)
                )?,
                Format::Human => render::human::foreign(out, &code, &systems, cfg.lang, cfg.width)?,
            }
            Ok(())
        }
        Resolution::Runtime(names) => {
            match cfg.format {
                Format::Json => {
                    let v: Vec<_> = names
                        .iter()
                        .map(|r| render::json::runtime_name(r, cfg.lang))
                        .collect();
                    writeln!(
                        out,
                        "{}",
                        serde_json::json!({ "query": query, "runtime_names": v })
                    )?
                }
                Format::Brief => {
                    for r in &names {
                        for e in r.errnos.iter().filter_map(|n| kb::by_name(n)) {
                            render::brief::line(out, e)?;
                        }
                    }
                }
                Format::Human => render::human::runtime(out, &names, cfg.lang, cfg.width)?,
            }
            Ok(())
        }
        Resolution::Ambiguous(matches) => {
            let msg = match cfg.lang {
                Lang::En => format!("\"{}\" matches {} errnos:", shown(query), matches.len()),
                Lang::Zh => format!("\"{}\" 匹配到 {} 个错误码：", shown(query), matches.len()),
            };
            if cfg.format == Format::Json {
                let v: Vec<_> = matches
                    .iter()
                    .map(|e| render::json::row(e, cfg.lang))
                    .collect();
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "error": "ambiguous", "query": query, "candidates": v })
                )?;
            } else {
                writeln!(err, "sockerr: {msg}")?;
                for e in &matches {
                    render::human::row(err, e)?;
                }
            }
            Err(Error::NotFound)
        }
        Resolution::NotFound { miss, suggestions } => {
            let msg = match (&miss, cfg.lang) {
                (Miss::Empty, _) => {
                    return Err(Error::Usage("the query is empty".into()));
                }
                (Miss::Zero, Lang::En) => "0 is success: errno 0 is not an error".to_string(),
                (Miss::Zero, Lang::Zh) => "0 表示成功：errno 0 不是错误".to_string(),
                (Miss::Number(n), Lang::En) => format!("no errno has the number {}", shown(n)),
                (Miss::Number(n), Lang::Zh) => format!("没有编号为 {} 的错误码", shown(n)),
                (Miss::Unknown, Lang::En) => format!("unknown errno: {}", shown(query)),
                (Miss::Unknown, Lang::Zh) => format!("未知错误码：{}", shown(query)),
            };
            if cfg.format == Format::Json {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "error": "not-found", "query": query, "message": msg, "suggestions": suggestions })
                )?;
            } else {
                writeln!(err, "sockerr: {msg}")?;
                if !suggestions.is_empty() {
                    let dym = if cfg.lang == Lang::Zh {
                        "你是不是想找"
                    } else {
                        "did you mean"
                    };
                    writeln!(err, "  {dym} {}?", suggestions.join(", "))?;
                } else if matches!(miss, Miss::Unknown) {
                    let hint = if cfg.lang == Lang::Zh {
                        "可以试试全文搜索："
                    } else {
                        "try a full-text search:"
                    };
                    writeln!(err, "  {hint} sockerr search WORD")?;
                }
            }
            Err(Error::NotFound)
        }
    }
}

pub fn list(cfg: &Config, out: &mut dyn Write) -> Result<()> {
    if cfg.os != Os::Linux {
        return list_on(cfg, out);
    }
    let rows: Vec<&kb::Errno> = match cfg.syscall {
        Some(s) => kb::call(s)
            .entries
            .iter()
            .filter(|en| en.reported)
            .map(|en| en.errno())
            .collect(),
        None => kb::errnos().iter().collect(),
    };
    rows_out(cfg, out, &rows)
}

pub fn search(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    words: &[OsString],
) -> Result<()> {
    let q = query_text(words)?;
    let found = lookup::search(&[q.as_str()]);
    if found.is_empty() {
        if cfg.format == Format::Json {
            writeln!(out, "[]")?;
        } else {
            writeln!(err, "sockerr: no errno mentions \"{}\"", shown(&q))?;
        }
        return Err(Error::NotFound);
    }
    rows_out(cfg, out, &found)
}

/// `list --os macos`: every errno that system has, with its number there,
/// then the codes only it has.
fn list_on(cfg: &Config, out: &mut dyn Write) -> Result<()> {
    let os = cfg.os;
    let mut rows: Vec<(i32, &str, &str, &'static kb::Text)> = Vec::new();
    for e in kb::errnos() {
        if cfg
            .syscall
            .is_some_and(|s| e.entry(s).is_none_or(|en| !en.reported))
        {
            continue;
        }
        for (name, n) in platform::numbers_by_name(e, os) {
            rows.push((n, name, e.message, &e.summary));
        }
    }
    if cfg.syscall.is_none() {
        for f in platform::foreign(os) {
            rows.push((f.number, f.name, "", &f.meaning));
        }
    }
    rows.sort_by_key(|r| (r.0, r.1));
    if os == Os::Windows {
        // WinSock codes are what Windows socket calls report.
        for w in platform::WINSOCK {
            let linux = w.errno.and_then(kb::by_name);
            if cfg
                .syscall
                .is_some_and(|s| linux.and_then(|e| e.entry(s)).is_none())
            {
                continue;
            }
            let (msg, text) = match (linux, &w.meaning) {
                (Some(e), _) => (e.message, &e.summary),
                (None, Some(m)) => ("", m),
                (None, None) => continue,
            };
            rows.push((w.number, w.name, msg, text));
        }
    }
    match cfg.format {
        Format::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|(n, name, msg, text)| {
                    serde_json::json!({ "name": name, "number": n, "os": os.name(),
                        "message": if msg.is_empty() { None } else { Some(msg) },
                        "summary": text.get(cfg.lang) })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(v))?;
        }
        Format::Brief | Format::Human => {
            for (n, name, msg, text) in &rows {
                let what = if msg.is_empty() {
                    text.get(cfg.lang)
                } else {
                    msg
                };
                if cfg.format == Format::Brief {
                    writeln!(out, "{name} {n} {what}")?;
                } else {
                    writeln!(out, "{} {n:>5}  {what}", format!("{name:<24}").bold())?;
                }
            }
        }
    }
    Ok(())
}

fn rows_out(cfg: &Config, out: &mut dyn Write, rows: &[&'static kb::Errno]) -> Result<()> {
    match cfg.format {
        Format::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|e| render::json::row(e, cfg.lang))
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(v))?;
        }
        Format::Brief => {
            for e in rows {
                render::brief::line(out, e)?;
            }
        }
        Format::Human => {
            for e in rows {
                render::human::row(out, e)?;
            }
        }
    }
    Ok(())
}
