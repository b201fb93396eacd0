//! `sockerr explain` (and a bare query): resolves the input once and hands
//! the result to the format the configuration chose.

use crate::config::{Config, Format};
use crate::echo::shown;
use crate::error::{Error, Result};
use crate::render::{self, Explanation};
use sockerr::lookup::{self, Miss, Resolution, Via};
use sockerr::{Errno, Lang};
use std::ffi::OsString;
use std::io::Write;

mod pasted;

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
                shown(&w.to_string_lossy())
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

/// One errno, in the configured format.
fn one(
    cfg: &Config,
    out: &mut dyn Write,
    errno: &'static Errno,
    via: Via,
    query: &str,
) -> Result<()> {
    // getaddrinfo's codes have one call: explain them for it.
    let syscall = cfg
        .syscall
        .or(sockerr::kb::gai::is_code(errno).then_some(sockerr::Syscall::Getaddrinfo));
    let x = Explanation::new(errno, via, query, syscall).on(cfg.os_given.then_some(cfg.os));
    match cfg.format {
        Format::Brief => render::brief::line_on(out, &x)?,
        Format::Json => writeln!(out, "{}", render::json::explanation(&x, cfg.lang))?,
        Format::Human => render::human::explanation(out, &x, cfg.lang, cfg.width)?,
    }
    Ok(())
}

pub fn explain(cfg: &Config, out: &mut dyn Write, err: &mut dyn Write, query: &str) -> Result<()> {
    let resolution = match lookup::resolve_for(query, cfg.os, cfg.syscall) {
        // A pasted log line ("socket.gaierror: [Errno -2] ..."): what the
        // scanner reads in it. Not for a list of names with a typo in one
        // (`ECONNRESET ECONNREFUSD`): that one deserves its suggestion, not
        // an answer about the other name alone.
        Resolution::NotFound {
            miss: Miss::Unknown,
            suggestions,
        } if !pasted::only_names(query) => pasted::resolve(query).unwrap_or(Resolution::NotFound {
            miss: Miss::Unknown,
            suggestions,
        }),
        r => r,
    };
    match resolution {
        Resolution::Found { errno, via } => one(cfg, out, errno, via, query),
        // `sockerr ECONNRESET ECONNREFUSED`: whoever typed two names wants
        // both explained, not a "did you mean" for a text that is no
        // errno's. Each gets the output it would get alone: human
        // explanations one after another, brief lines, and for --json one
        // object per line (as scan --json does), so `jq .name` reads both.
        Resolution::Several(found) => {
            for (i, (errno, via, part)) in found.iter().enumerate() {
                if i > 0 && cfg.format == Format::Human {
                    writeln!(out)?;
                }
                one(cfg, out, errno, *via, part)?;
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
                Format::Brief => render::brief::runtime(out, &names, cfg.lang)?,
                Format::Human => render::human::runtime(out, &names, cfg.lang, cfg.width)?,
            }
            Ok(())
        }
        Resolution::Failure(fs) => match (fs.as_slice(), cfg.format) {
            ([f], Format::Json) => {
                writeln!(out, "{}", render::json::failure(f, query, cfg.lang))?;
                Ok(())
            }
            ([f], Format::Brief) => {
                writeln!(out, "{} - {}", f.id, f.title.get(cfg.lang))?;
                Ok(())
            }
            ([f], Format::Human) => {
                render::human::failure(out, f, cfg.lang, cfg.width)?;
                Ok(())
            }
            (many, Format::Json) => {
                let v: Vec<_> = many
                    .iter()
                    .map(|f| render::json::failure_row(f, cfg.lang))
                    .collect();
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "error": "ambiguous", "query": query, "candidates": v })
                )?;
                Err(Error::NotFound)
            }
            (many, _) => {
                render::human::failures(err, many, cfg.lang)?;
                Err(Error::NotFound)
            }
        },
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
