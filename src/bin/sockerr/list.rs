//! `sockerr list` and `sockerr search`: every errno (or those of one call, or
//! of another system) as rows, and a full-text search over the knowledge base.

use crate::config::{Config, Format};
use crate::echo::shown;
use crate::error::{Error, Result};
use crate::explain::query_text;
use crate::render::{self};
use colored::Colorize;
use sockerr::lookup::{self};
use sockerr::platform;
use sockerr::{kb, Os};
use std::ffi::OsString;
use std::io::Write;

pub fn list(cfg: &Config, out: &mut dyn Write) -> Result<()> {
    if cfg.os != Os::Linux {
        return list_on(cfg, out);
    }
    let rows: Vec<&kb::Errno> = match cfg.syscall {
        Some(s) => kb::entries_for(s)
            .into_iter()
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
    let mut found = lookup::search(&[q.as_str()]);
    // With --syscall, as with list: only the errnos that call reports.
    if let Some(s) = cfg.syscall {
        found.retain(|e| e.entry(s).is_some_and(|en| en.reported));
    }
    if found.is_empty() {
        if cfg.format == Format::Json {
            writeln!(out, "[]")?;
        } else {
            let of = cfg
                .syscall
                .map(|s| format!(" that {s} reports"))
                .unwrap_or_default();
            writeln!(err, "sockerr: no errno{of} mentions \"{}\"", shown(&q))?;
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
    if cfg.syscall == Some(sockerr::Syscall::Getaddrinfo) {
        // getaddrinfo's codes with that system's numbers and texts.
        for en in kb::call(sockerr::Syscall::Getaddrinfo)
            .entries
            .iter()
            .filter(|en| en.reported)
        {
            let e = en.errno();
            if let Some(c) = sockerr::kb::gai::on(e, os) {
                rows.push((c.number, e.name.as_str(), c.message.as_str(), &e.summary));
            }
        }
    }
    for e in kb::errnos() {
        if cfg
            .syscall
            .is_some_and(|s| e.entry(s).is_none_or(|en| !en.reported))
        {
            continue;
        }
        for (name, n) in platform::numbers_by_name(e, os) {
            // A name that is an errno of its own there has its own message.
            let msg = platform::spelled(e, name, os).map_or(e.message.as_str(), |s| s.message);
            rows.push((n, name, msg, &e.summary));
        }
    }
    if cfg.syscall.is_none() {
        for f in platform::foreign(os) {
            rows.push((f.number, f.name.as_str(), "", &f.meaning));
        }
    }
    rows.sort_by_key(|r| (r.0, r.1));
    if os == Os::Windows && cfg.syscall != Some(sockerr::Syscall::Getaddrinfo) {
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
                (Some(e), _) => (e.message.as_str(), &e.summary),
                (None, Some(m)) => ("", m),
                (None, None) => continue,
            };
            rows.push((w.number, w.name.as_str(), msg, text));
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
