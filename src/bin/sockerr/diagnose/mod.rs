//! `sockerr diagnose ERRNO [TARGET]`: reads the errno and target once,
//! asks the library (`sockerr::diagnose`) to look at the host, and prints
//! the report in the format the configuration chose (`human.rs`,
//! `json.rs`, or one line for `--brief`).
//!
//! Exit status: 0 when a diagnosis ran (whatever it found); 1 when the
//! errno is unknown or has no checks (`explain` is suggested); 2 on a
//! usage error (a target it cannot read, one it needs and did not get) and
//! on other systems than Linux.

mod human;
mod json;
pub mod man;

use crate::cli::DiagnoseArgs;
use crate::config::{Config, Format};
use crate::error::{Error, Result};
use crate::explain;
use serde_json::json;
use sockerr::diagnose::{self, Failure, Request, Target, TargetError};
use sockerr::lookup::{self, Resolution};
use sockerr::Lang;
use std::io::Write;
use std::time::Duration;

pub fn run(cfg: &Config, out: &mut dyn Write, err: &mut dyn Write, a: &DiagnoseArgs) -> Result<()> {
    if !diagnose::AVAILABLE {
        return Err(Error::Usage(
            match cfg.lang {
                Lang::En => "diagnose is not available on this system: it reads Linux's /proc, /sys and netlink",
                Lang::Zh => "此系统上不能使用 diagnose：它读取的是 Linux 的 /proc、/sys 和 netlink",
            }
            .into(),
        ));
    }
    let query = explain::query_text(std::slice::from_ref(&a.errno))?;
    let Some(failure) = failure(cfg, out, err, &query)? else {
        return Err(Error::NotFound);
    };
    let target = match a.target.as_deref().map(Target::parse) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => return Err(Error::Usage(target_error(&e, cfg.lang))),
    };
    let mut req = Request::new(failure);
    req.target = target;
    req.syscall = cfg.syscall;
    req.pid = a.pid;
    req.name = a.name.clone();
    req.udp = a.udp;
    req.seconds = a.seconds.map(Duration::from_secs);
    req.probe = a.probe;
    let report = match diagnose::run(&req) {
        Ok(r) => r,
        Err(diagnose::Error::NotAvailable) => {
            return Err(Error::Usage(
                "diagnose is not available on this system".into(),
            ))
        }
        Err(diagnose::Error::Needs(s)) => return Err(Error::Usage(s.get(cfg.lang).to_string())),
    };
    if !report.covered {
        return no_checks(cfg, out, err, &report.name);
    }
    match cfg.format {
        Format::Json => writeln!(out, "{}", json::report(&report, cfg.lang))?,
        Format::Brief => {
            let s = match report.conclusion() {
                Some(c) => c.said.get(cfg.lang).to_string(),
                None => human::nothing_found(&report, cfg.lang),
            };
            writeln!(out, "{}: {s}", report.name)?
        }
        Format::Human => human::report(out, &report, cfg.lang, cfg.width)?,
    }
    Ok(())
}

// ---- ISSUE 10 SWITCH POINT ------------------------------------------------
// getaddrinfo's EAI_* codes are not in the knowledge base yet (the
// name-resolution issue adds them). Until then this is the one place that
// turns an `EAI_AGAIN` typed by the user into a resolver failure. When the
// knowledge base's lookup knows them, replace this function's body with
// that lookup (name, number, message from the knowledge base) and delete
// the table below; nothing else in diagnose depends on it.
fn resolver_failure(query: &str) -> Option<Failure> {
    const EAI: &[(&str, i32)] = &[
        ("EAI_BADFLAGS", -1),
        ("EAI_NONAME", -2),
        ("EAI_AGAIN", -3),
        ("EAI_FAIL", -4),
        ("EAI_NODATA", -5),
        ("EAI_FAMILY", -6),
        ("EAI_SOCKTYPE", -7),
        ("EAI_SERVICE", -8),
        ("EAI_ADDRFAMILY", -9),
        ("EAI_MEMORY", -10),
        ("EAI_SYSTEM", -11),
        ("EAI_OVERFLOW", -12),
    ];
    let q = query.trim();
    let &(name, number) = EAI.iter().find(|(n, _)| n.eq_ignore_ascii_case(q))?;
    // SAFETY: gai_strerror returns a pointer to a static string.
    let message = unsafe { std::ffi::CStr::from_ptr(libc::gai_strerror(number)) }
        .to_string_lossy()
        .into_owned();
    Some(Failure::Resolver {
        name: name.to_string(),
        number,
        message,
    })
}
// ---- end of ISSUE 10 SWITCH POINT -----------------------------------------

/// The errno (or resolver code) the query names; misses are printed here
/// and give `None`.
fn failure(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    q: &str,
) -> Result<Option<Failure>> {
    if let Some(f) = resolver_failure(q) {
        return Ok(Some(f));
    }
    let (kind, msg, names) = match lookup::resolve(q) {
        Resolution::Found { errno, .. } => return Ok(Some(Failure::Errno(errno))),
        Resolution::Ambiguous(matches) => {
            let names: Vec<&str> = matches.iter().map(|e| e.name).collect();
            let msg = match cfg.lang {
                Lang::En => format!(
                    "\"{}\" matches several errnos ({}); name one",
                    crate::echo::shown(q),
                    names.join(", ")
                ),
                Lang::Zh => format!(
                    "\"{}\" 匹配到多个错误码（{}）；请指定一个",
                    crate::echo::shown(q),
                    names.join("、")
                ),
            };
            ("ambiguous", msg, names)
        }
        Resolution::Several(parts) => {
            let names: Vec<&str> = parts.iter().map(|(e, _, _)| e.name).collect();
            let msg = match cfg.lang {
                Lang::En => format!(
                    "\"{}\" names several errnos ({}); diagnose one at a time",
                    crate::echo::shown(q),
                    names.join(", ")
                ),
                Lang::Zh => format!(
                    "\"{}\" 包含多个错误码（{}）；请一次诊断一个",
                    crate::echo::shown(q),
                    names.join("、")
                ),
            };
            ("ambiguous", msg, names)
        }
        Resolution::Foreign { .. } | Resolution::Runtime(_) => {
            let s = crate::echo::shown(q);
            let msg = match cfg.lang {
                Lang::En => format!("{s} is not one Linux errno, so there is nothing to diagnose on this host; `sockerr {s}` explains it"),
                Lang::Zh => format!("{s} 不是单个 Linux 错误码，无法在本机诊断；用 `sockerr {s}` 查看解释"),
            };
            ("not-found", msg, Vec::new())
        }
        Resolution::NotFound { suggestions, .. } => {
            let s = crate::echo::shown(q);
            let msg = match cfg.lang {
                Lang::En => format!("unknown errno: {s}"),
                Lang::Zh => format!("未知错误码：{s}"),
            };
            ("not-found", msg, suggestions)
        }
    };
    if cfg.format == Format::Json {
        writeln!(
            out,
            "{}",
            json!({ "error": kind, "query": q, "message": msg, "suggestions": names })
        )?;
    } else {
        writeln!(err, "sockerr: {msg}")?;
        if !names.is_empty() {
            let dym = if cfg.lang == Lang::Zh {
                "你是不是想找"
            } else {
                "did you mean"
            };
            writeln!(err, "  {dym} {}?", names.join(", "))?;
        }
    }
    Ok(None)
}

/// An errno diagnose has no checks for: say so and point to explain.
fn no_checks(cfg: &Config, out: &mut dyn Write, err: &mut dyn Write, name: &str) -> Result<()> {
    let msg = match cfg.lang {
        Lang::En => format!(
            "diagnose has no checks for {name}; `sockerr explain {name}` says what it means and which commands show its cause"
        ),
        Lang::Zh => format!(
            "diagnose 没有针对 {name} 的检查；`sockerr explain {name}` 会说明它的含义以及哪些命令能显示原因"
        ),
    };
    if cfg.format == Format::Json {
        writeln!(
            out,
            "{}",
            json!({ "error": "no-checks", "errno": name, "message": msg, "explain": format!("sockerr explain {name}") })
        )?;
    } else {
        writeln!(err, "sockerr: {msg}")?;
    }
    Err(Error::NotFound)
}

fn target_error(e: &TargetError, lang: Lang) -> String {
    match (e, lang) {
        (TargetError::BadPort(p), Lang::En) => format!("{p} is not a port (0-65535)"),
        (TargetError::BadPort(p), Lang::Zh) => format!("{p} 不是端口（0-65535）"),
        (TargetError::Unreadable(t), Lang::En) => format!(
            "cannot read the target {t:?}: give :PORT, ADDRESS:PORT, [IPV6]:PORT, ADDRESS, /path/to.sock, @name or a host name"
        ),
        (TargetError::Unreadable(t), Lang::Zh) => format!(
            "无法识别目标 {t:?}：请给出 :端口、地址:端口、[IPv6]:端口、地址、/路径/到.sock、@名字 或主机名"
        ),
    }
}
