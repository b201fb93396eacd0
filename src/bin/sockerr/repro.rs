//! `sockerr repro`: makes socket calls fail on the running kernel, over
//! loopback only, and shows the real calls with their return values, then
//! whether the kernel did what the case (and the knowledge base) expects.
//!
//! `sockerr repro ERRNO [--syscall CALL]` runs the cases for an errno,
//! `sockerr repro all` runs every case, `--list` only lists them.
//!
//! Exit status: 0 when every case that ran observed the errno it expected
//! (skips are allowed, and printed with their reason); 1 when a case observed
//! something else, or the errno or pair has no reproduction (both reach main
//! as `Error::NotFound`, whose message is already printed); 2 on other
//! systems than Linux, where nothing can run.

use crate::config::{Config, Format};
use crate::echo::shown;
use crate::error::{Error, Result};
use crate::render::{self, Explanation};
use colored::Colorize;
use serde_json::{json, Value};
use sockerr::lookup::{self, Resolution};
use sockerr::repro::{self, Case, Observed, Outcome, Step};
use sockerr::{Errno, Lang};
use std::io::Write;

pub fn run(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    errno: Option<&str>,
    list: bool,
) -> Result<()> {
    if !repro::AVAILABLE {
        return Err(Error::Usage(
            match cfg.lang {
                Lang::En => "repro is not available on this system: it runs real socket calls against the Linux kernel",
                Lang::Zh => "此系统上不能使用 repro：它要在 Linux 内核上执行真实的套接字调用",
            }
            .into(),
        ));
    }
    let (cases, note) = select(cfg, out, err, errno)?;
    if list {
        return list_cases(cfg, out, &cases);
    }
    run_cases(cfg, out, &cases, note)
}

/// The cases the command line asks for, and a note on how the query was
/// read (an alias, a myth such as SIGPIPE). Misses are printed here.
fn select(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    query: Option<&str>,
) -> Result<(Vec<&'static Case>, Option<String>)> {
    let of_call = |c: &&'static Case| cfg.syscall.is_none_or(|s| c.syscall == s);
    let q = match query.map(str::trim) {
        None => return Ok((repro::cases().iter().filter(of_call).collect(), None)),
        Some(q) if q.eq_ignore_ascii_case("all") => {
            return Ok((repro::cases().iter().filter(of_call).collect(), None))
        }
        Some(q) => q,
    };
    let shown = shown(q);
    // With --syscall getaddrinfo, `-2` is EAI_NONAME, as in the lookup.
    match lookup::resolve_for(q, sockerr::Os::Linux, cfg.syscall) {
        Resolution::Found { errno, via } => {
            let found = repro::find(errno, cfg.syscall);
            if found.is_empty() {
                no_case(cfg, out, err, q, errno)?;
                return Err(Error::NotFound);
            }
            let note = render::json::note(&Explanation::new(errno, via, q, cfg.syscall), cfg.lang);
            Ok((found, note))
        }
        // `repro ECONNRESET EPIPE`: the cases of each, in the order named.
        Resolution::Several(found) => {
            let mut cases = Vec::new();
            for (errno, _, part) in &found {
                let mine = repro::find(errno, cfg.syscall);
                if mine.is_empty() {
                    no_case(cfg, out, err, part, errno)?;
                    return Err(Error::NotFound);
                }
                cases.extend(mine);
            }
            Ok((cases, None))
        }
        Resolution::Ambiguous(matches) => {
            let names: Vec<&str> = matches.iter().map(|e| e.name.as_str()).collect();
            let msg = match cfg.lang {
                Lang::En => format!(
                    "\"{shown}\" matches several errnos ({}); name one",
                    names.join(", ")
                ),
                Lang::Zh => format!(
                    "\"{shown}\" 匹配到多个错误码（{}）；请指定一个",
                    names.join("、")
                ),
            };
            miss(cfg, out, err, "ambiguous", q, &msg, &names)?;
            Err(Error::NotFound)
        }
        // A failure without an errno that a case shows happen
        // (glibc-fdset-out-of-range: the select case).
        Resolution::Failure(fs) if fs.len() == 1 && fs[0].repro.is_some() => {
            let case = fs[0].repro.and_then(|r| repro::by_id(&r));
            Ok((case.into_iter().collect(), None))
        }
        Resolution::Foreign { .. } | Resolution::Runtime(_) | Resolution::Failure(_) => {
            let msg = match cfg.lang {
                Lang::En => format!(
                    "{shown} is not one Linux errno, so there is nothing to reproduce; `sockerr {shown}` explains it"
                ),
                Lang::Zh => format!("{shown} 不是单个 Linux 错误码，无法复现；用 `sockerr {shown}` 查看解释"),
            };
            miss(cfg, out, err, "not-found", q, &msg, &[])?;
            Err(Error::NotFound)
        }
        Resolution::NotFound { suggestions, .. } => {
            let msg = match cfg.lang {
                Lang::En => format!("unknown errno: {shown}"),
                Lang::Zh => format!("未知错误码：{shown}"),
            };
            miss(cfg, out, err, "not-found", q, &msg, &suggestions)?;
            Err(Error::NotFound)
        }
    }
}

/// A known errno with no case (for the call, if one was given).
fn no_case(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    q: &str,
    errno: &Errno,
) -> Result<()> {
    let calls: Vec<&str> = {
        let mut v: Vec<&str> = repro::find(errno, None)
            .iter()
            .map(|c| c.syscall.name())
            .collect();
        v.dedup();
        v
    };
    let name = errno.name;
    let msg = match (cfg.syscall, calls.first(), cfg.lang) {
        (Some(s), Some(first), Lang::En) => format!(
            "no reproduction of {name} from {s}; there are for {} (try: sockerr repro {name} --syscall {first})",
            calls.join(", ")
        ),
        (Some(s), Some(first), Lang::Zh) => format!(
            "没有 {s} 返回 {name} 的复现；有复现的调用：{}（试试：sockerr repro {name} --syscall {first}）",
            calls.join("、")
        ),
        (_, _, Lang::En) => format!(
            "no reproduction of {name}; sockerr repro --list shows the {} there are",
            repro::cases().len()
        ),
        (_, _, Lang::Zh) => format!(
            "没有 {name} 的复现；sockerr repro --list 列出现有的 {} 个",
            repro::cases().len()
        ),
    };
    if cfg.format == Format::Json {
        writeln!(
            out,
            "{}",
            json!({
                "error": "no-reproduction",
                "query": q,
                "errno": name,
                "syscall": cfg.syscall.map(|s| s.name()),
                "message": msg,
                "syscalls": calls,
            })
        )?;
    } else {
        writeln!(err, "sockerr: {msg}")?;
    }
    Ok(())
}

fn miss(
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    kind: &str,
    q: &str,
    msg: &str,
    names: &[&str],
) -> Result<()> {
    if cfg.format == Format::Json {
        writeln!(
            out,
            "{}",
            json!({ "error": kind, "query": q, "message": msg, "suggestions": names })
        )?;
    } else {
        writeln!(err, "sockerr: {msg}")?;
        if kind == "not-found" && !names.is_empty() {
            let dym = if cfg.lang == Lang::Zh {
                "你是不是想找"
            } else {
                "did you mean"
            };
            writeln!(err, "  {dym} {}?", names.join(", "))?;
        }
    }
    Ok(())
}

// --list ---------------------------------------------------------------

fn list_cases(cfg: &Config, out: &mut dyn Write, cases: &[&'static Case]) -> Result<()> {
    let lang = cfg.lang;
    match cfg.format {
        Format::Json => {
            let v: Vec<Value> = cases
                .iter()
                .map(|c| {
                    json!({
                        "id": c.id,
                        "syscall": c.syscall.name(),
                        "errno": c.errno,
                        "number": c.expected().number,
                        "title": c.title.get(lang),
                        "why": c.why.get(lang),
                    })
                })
                .collect();
            writeln!(out, "{}", Value::Array(v))?;
        }
        Format::Brief => {
            for c in cases {
                writeln!(out, "{} {} {}", c.syscall, c.errno, c.id)?;
            }
        }
        Format::Human => {
            for c in cases {
                writeln!(
                    out,
                    "{} {} {}",
                    format!("{:<11}", c.syscall.name()).cyan(),
                    format!("{:<16}", c.errno).bold(),
                    c.title.get(lang)
                )?;
            }
            let pairs: std::collections::BTreeSet<_> =
                cases.iter().map(|c| (c.syscall.name(), c.errno)).collect();
            let (summary, hint) = match lang {
                Lang::En => (
                    format!(
                        "{} reproductions of {} (call, errno) pairs.",
                        cases.len(),
                        pairs.len()
                    ),
                    "Run one: sockerr repro ERRNO --syscall CALL    every one: sockerr repro all",
                ),
                Lang::Zh => (
                    format!(
                        "共 {} 个复现，覆盖 {} 个（调用，错误码）组合。",
                        cases.len(),
                        pairs.len()
                    ),
                    "运行一个：sockerr repro 错误码 --syscall 调用    全部运行：sockerr repro all",
                ),
            };
            writeln!(out, "\n{}\n{}", summary.dimmed(), hint.dimmed())?;
        }
    }
    Ok(())
}

// Running --------------------------------------------------------------

fn run_cases(
    cfg: &Config,
    out: &mut dyn Write,
    cases: &[&'static Case],
    note: Option<String>,
) -> Result<()> {
    let lang = cfg.lang;
    let mut outcomes = Vec::with_capacity(cases.len());
    if cfg.format == Format::Human {
        if let Some(n) = &note {
            writeln!(out, "{}\n", n.dimmed())?;
        }
    }
    for (i, &case) in cases.iter().enumerate() {
        let o = repro::run(case);
        match cfg.format {
            Format::Human => {
                if i > 0 {
                    writeln!(out)?;
                }
                human(out, &o, lang)?;
                // Show each case as it finishes: some take a second.
                out.flush()?;
            }
            Format::Brief => brief(out, &o, lang)?,
            Format::Json => {}
        }
        outcomes.push(o);
    }
    let bad = outcomes
        .iter()
        .filter(|o| o.skipped.is_none() && !o.matched())
        .count();
    match cfg.format {
        Format::Json => {
            let v: Vec<Value> = outcomes.iter().map(|o| to_json(o, lang)).collect();
            writeln!(out, "{}", Value::Array(v))?;
        }
        Format::Human if outcomes.len() > 1 => {
            let skipped = outcomes.iter().filter(|o| o.skipped.is_some()).count();
            let ok = outcomes.len() - skipped - bad;
            let line = match lang {
                Lang::En => format!(
                    "{} cases: {ok} as expected, {skipped} skipped, {bad} not as expected",
                    outcomes.len()
                ),
                Lang::Zh => format!(
                    "共 {} 个案例：{ok} 个符合预期，{skipped} 个跳过，{bad} 个与预期不符",
                    outcomes.len()
                ),
            };
            let line = if bad > 0 {
                line.red().bold()
            } else {
                line.bold()
            };
            writeln!(out, "\n{line}")?;
        }
        _ => {}
    }
    if bad > 0 {
        Err(Error::NotFound)
    } else {
        Ok(())
    }
}

/// `-1 ECONNREFUSED (Connection refused)`, `3`, or `?`.
fn ret_text(s: &Step) -> String {
    match (s.ret, s.errno) {
        (Some(r), Some(e)) => format!(
            "{r} {} ({})",
            repro::errno_name(e).red().bold(),
            repro::errno_message(e)
        ),
        (Some(r), None) => r.to_string(),
        (None, _) => "?".to_string(),
    }
}

fn step_line(out: &mut dyn Write, s: &Step, why: &str, lang: Lang) -> std::io::Result<()> {
    let call = if s.under_test {
        s.call.bold().to_string()
    } else {
        s.call.clone()
    };
    let mut line = match s.ret {
        Some(_) => format!("  {call} = {}", ret_text(s)),
        None => format!("  {call}"),
    };
    if let Some(d) = s.elapsed {
        // strace -T style: the time spent in the call.
        line.push_str(&format!(" <{:.3}>", d.as_secs_f64()));
    }
    let comment = match (s.note, s.under_test) {
        (Some(n), _) => Some(n.get(lang)),
        (None, true) => Some(why),
        (None, false) => None,
    };
    match comment {
        Some(c) => writeln!(out, "{line}   {}", format!("# {c}").dimmed()),
        None => writeln!(out, "{line}"),
    }
}

/// What the call under test did, in words.
fn observed_text(o: &Outcome, lang: Lang) -> String {
    match (o.observed, lang) {
        (Observed::Failed(e), _) => repro::errno_name(e).into_owned(),
        (Observed::Returned(r), Lang::En) => format!("success (= {r})"),
        (Observed::Returned(r), Lang::Zh) => format!("成功（= {r}）"),
        (Observed::NotReached, Lang::En) => "nothing: the case stopped before the call".into(),
        (Observed::NotReached, Lang::Zh) => "无：案例在该调用之前就停止了".into(),
    }
}

fn human(out: &mut dyn Write, o: &Outcome, lang: Lang) -> std::io::Result<()> {
    let c = o.case;
    let head = match lang {
        Lang::En => format!(
            "{} from {}: {}",
            c.errno.bold().red(),
            c.syscall.name().cyan().bold(),
            c.title.en
        ),
        Lang::Zh => format!(
            "{} 返回 {}：{}",
            c.syscall.name().cyan().bold(),
            c.errno.bold().red(),
            c.title.zh
        ),
    };
    writeln!(out, "{head}")?;
    for s in &o.steps {
        step_line(out, s, c.why.get(lang), lang)?;
    }
    let pair = format!("{} → {}", c.syscall, c.errno);
    if let Some(reason) = &o.skipped {
        let label = if lang == Lang::Zh {
            "跳过："
        } else {
            "skipped: "
        };
        writeln!(
            out,
            "  {}",
            format!("– {label}{}", reason.get(lang)).yellow()
        )?;
    } else if o.matched() {
        let label = if lang == Lang::Zh {
            "符合预期："
        } else {
            "as expected: "
        };
        writeln!(out, "  {} {label}{pair}", "✓".green().bold())?;
    } else {
        let line = match lang {
            Lang::En => format!(
                "✗ not as expected: expected {pair}, observed {}",
                observed_text(o, lang)
            ),
            Lang::Zh => format!("✗ 与预期不符：预期 {pair}，实际 {}", observed_text(o, lang)),
        };
        writeln!(out, "  {}", line.red().bold())?;
        for p in &o.problems {
            writeln!(out, "    · {}", p.get(lang))?;
        }
    }
    Ok(())
}

fn brief(out: &mut dyn Write, o: &Outcome, lang: Lang) -> std::io::Result<()> {
    let c = o.case;
    match &o.skipped {
        Some(r) => writeln!(
            out,
            "skip {} {} {}: {}",
            c.syscall,
            c.errno,
            c.id,
            r.get(lang)
        ),
        None if o.matched() => writeln!(out, "ok {} {} {}", c.syscall, c.errno, c.id),
        None => writeln!(
            out,
            "FAIL {} {} {}: observed {}",
            c.syscall,
            c.errno,
            c.id,
            observed_text(o, lang)
        ),
    }
}

fn to_json(o: &Outcome, lang: Lang) -> Value {
    let c = o.case;
    let entry = c.entry();
    let steps: Vec<Value> = o
        .steps
        .iter()
        .map(|s| {
            json!({
                "call": s.call,
                "ret": s.ret,
                "errno": s.errno_name(),
                "message": s.errno.map(repro::errno_message),
                "elapsed_ms": s.elapsed.map(|d| d.as_secs_f64() * 1000.0),
                "under_test": s.under_test,
                "note": s.note.map(|n| n.get(lang)),
            })
        })
        .collect();
    let (obs_errno, obs_ret) = match o.observed {
        Observed::Failed(e) => (Some(repro::errno_name(e)), Some(-1)),
        Observed::Returned(r) => (None, Some(r)),
        Observed::NotReached => (None, None),
    };
    json!({
        "id": c.id,
        "syscall": c.syscall.name(),
        "errno": c.errno,
        "title": c.title.get(lang),
        "why": c.why.get(lang),
        "expected": { "syscall": c.syscall.name(), "errno": c.errno, "number": c.expected().number },
        "observed": {
            "syscall": c.syscall.name(),
            "errno": obs_errno,
            "number": match o.observed { Observed::Failed(e) => Some(e), _ => None },
            "ret": obs_ret,
            "reached": o.observed != Observed::NotReached,
        },
        "matched": o.matched(),
        "skipped": o.skipped.as_ref().map(|s| s.get(lang)),
        "problems": o.problems.iter().map(|p| p.get(lang)).collect::<Vec<_>>(),
        "steps": steps,
        "documented": entry.is_some(),
        "reproducible": entry.is_some_and(|e| e.repro),
        "lang": lang.as_str(),
    })
}
