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

/// A getaddrinfo code from the knowledge base as the resolver family's
/// failure: the same checks serve every EAI code.
fn resolver_failure(code: &'static sockerr::Errno) -> Failure {
    Failure::Resolver {
        name: code.name.to_string(),
        number: code.number,
        message: code.message.to_string(),
    }
}

/// The errno (or resolver code) the query names; misses are printed here
/// and give `None`.
fn failure(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    q: &str,
) -> Result<Option<Failure>> {
    let gai = sockerr::kb::gai::is_code;
    let (kind, msg, names) = match lookup::resolve(q) {
        Resolution::Found { errno, .. } if gai(errno) => {
            return Ok(Some(resolver_failure(errno)));
        }
        Resolution::Found { errno, .. } => return Ok(Some(Failure::Errno(errno))),
        // A runtime's name for resolver failures (Node's ENOTFOUND, Go's "no
        // such host"): every code it stands for gets the same checks.
        Resolution::Runtime(names)
            if names.iter().all(|r| {
                !r.errnos.is_empty()
                    && r.errnos
                        .iter()
                        .all(|n| sockerr::kb::by_name(n).is_some_and(gai))
            }) =>
        {
            let code = sockerr::kb::by_name(names[0].errnos[0]).expect("checked above");
            return Ok(Some(resolver_failure(code)));
        }
        Resolution::Ambiguous(matches) => {
            let names: Vec<&str> = matches.iter().map(|e| e.name.as_str()).collect();
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
            let names: Vec<&str> = parts.iter().map(|(e, _, _)| e.name.as_str()).collect();
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
        Resolution::Foreign { .. } | Resolution::Runtime(_) | Resolution::Failure(_) => {
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
