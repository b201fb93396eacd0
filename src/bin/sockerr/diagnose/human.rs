//! `sockerr diagnose` for people: the errno and what was diagnosed, the
//! most likely cause first with its fix, then every check, marked fine,
//! problem, information or could not see, with the evidence of the ones
//! that matter.

use crate::render::wrap::wrap;
use colored::Colorize;
use sockerr::diagnose::{Report, Status};
use sockerr::Lang;
use std::io::{self, Write};

fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The conclusion when no check found a cause.
pub fn nothing_found(r: &Report, lang: Lang) -> String {
    let unseen = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Unseen)
        .count();
    let call = r
        .syscall
        .map(|s| format!(" --syscall {}", s.name()))
        .unwrap_or_default();
    let name = &r.name;
    // The knowledge base has no EAI_* entries for explain yet (issue 10):
    // point at what tries the lookup instead.
    if r.kind == "getaddrinfo" && unseen == 0 {
        return match lang {
            Lang::En => "no cause found in the resolver's configuration; --probe tries the lookup once (getent ahosts NAME does the same)".into(),
            Lang::Zh => "在解析器的配置中没有找到原因；--probe 会尝试查询一次（getent ahosts 名字 的作用相同）".into(),
        };
    }
    let problems = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Problem)
        .count();
    if problems > 0 && unseen == 0 {
        return match lang {
            Lang::En => format!(
                "no single cause found; the {problems} check(s) marked problem below are what stands out; `sockerr explain {name}{call}` lists the usual causes"
            ),
            Lang::Zh => format!(
                "没有找到确定的原因；下面标为问题的 {problems} 项检查是最值得注意的；`sockerr explain {name}{call}` 列出了常见原因"
            ),
        };
    }
    match (unseen, lang) {
        (0, Lang::En) => format!(
            "no cause found: everything checked is fine now; `sockerr explain {name}{call}` lists causes this host does not show"
        ),
        (0, Lang::Zh) => format!(
            "没有找到原因：检查到的一切现在都正常；`sockerr explain {name}{call}` 列出了本机看不出的原因"
        ),
        (n, Lang::En) => format!(
            "no cause found among what could be seen, but {n} check(s) could not see: their lines say why (often: run as root)"
        ),
        (n, Lang::Zh) => format!(
            "在能看到的范围内没有找到原因，但有 {n} 项检查看不到：各行说明了原因（通常是：请以 root 运行）"
        ),
    }
}

fn mark(s: Status, lang: Lang) -> String {
    let (sym, word) = match s {
        Status::Problem => ("✗", t(lang, "problem", "问题")),
        Status::Fine => ("✓", t(lang, "fine", "正常")),
        Status::Info => ("·", t(lang, "info", "信息")),
        Status::Unseen => ("?", t(lang, "could not see", "看不到")),
    };
    let text = format!("{sym} {word}");
    match s {
        Status::Problem => text.red().bold().to_string(),
        Status::Fine => text.green().to_string(),
        Status::Info => text.normal().to_string(),
        Status::Unseen => text.yellow().to_string(),
    }
}

fn para(out: &mut dyn Write, text: &str, indent: usize, width: usize) -> io::Result<()> {
    for l in wrap(text, indent, width) {
        writeln!(out, "{:indent$}{l}", "")?;
    }
    Ok(())
}

pub fn report(out: &mut dyn Write, r: &Report, lang: Lang, width: usize) -> io::Result<()> {
    writeln!(out, "{} ({}) {}", r.name.bold(), r.number, r.message)?;
    let call = r.syscall.map(|s| format!("{}()", s.name()));
    let on = match (&call, &r.target) {
        (Some(c), Some(tg)) => match lang {
            Lang::En => format!("diagnosis of {c} on {tg}, on this host, now"),
            Lang::Zh => format!("诊断本机当前 {tg} 上的 {c}"),
        },
        (Some(c), None) => match lang {
            Lang::En => format!("diagnosis of {c} on this host, now"),
            Lang::Zh => format!("诊断本机当前的 {c}"),
        },
        (None, Some(tg)) => match lang {
            Lang::En => format!("diagnosis of {tg} on this host, now"),
            Lang::Zh => format!("诊断本机当前的 {tg}"),
        },
        (None, None) => t(lang, "diagnosis on this host, now", "诊断本机当前状态").to_string(),
    };
    writeln!(out, "{}", on.dimmed())?;

    writeln!(
        out,
        "\n{}",
        t(lang, "Most likely", "最可能的原因").bold().underline()
    )?;
    match r.conclusion() {
        None => para(out, &nothing_found(r, lang), 2, width)?,
        Some(_) => {
            for (i, c) in r.causes.iter().enumerate() {
                if i == 1 {
                    writeln!(
                        out,
                        "\n{}",
                        t(lang, "Also possible", "也可能是").bold().underline()
                    )?;
                }
                let lines = wrap(c.said.get(lang), 4, width);
                for (j, l) in lines.iter().enumerate() {
                    let lead = if j == 0 { "  • " } else { "    " };
                    if i == 0 {
                        writeln!(out, "{lead}{}", l.bold())?;
                    } else {
                        writeln!(out, "{lead}{l}")?;
                    }
                }
                if let Some(f) = &c.fix {
                    let from = f
                        .source()
                        .map(|s| match lang {
                            Lang::En => format!(" (knowledge base, {s})"),
                            Lang::Zh => format!("（知识库，{s}）"),
                        })
                        .unwrap_or_default();
                    let label = t(lang, "Fix", "修复");
                    let colon = t(lang, ": ", "：");
                    let text = format!("{label}{from}{colon}{}", f.get(lang));
                    for l in wrap(&text, 6, width) {
                        writeln!(out, "      {}", l.green())?;
                    }
                }
            }
        }
    }

    writeln!(out, "\n{}", t(lang, "Checks", "检查").bold().underline())?;
    for c in &r.checks {
        writeln!(out, "  {} {}", mark(c.status, lang), c.id.dimmed())?;
        para(out, c.said.get(lang), 4, width)?;
        // Evidence where it supports a verdict; all of it is in --json.
        if matches!(c.status, Status::Problem | Status::Unseen) {
            for e in &c.evidence {
                if e.lines.is_empty() {
                    continue;
                }
                writeln!(out, "      {}", e.source.dimmed())?;
                for l in e.lines.iter().take(4) {
                    writeln!(out, "        {}", l.dimmed())?;
                }
                if e.lines.len() > 4 {
                    let more = e.lines.len() - 4;
                    writeln!(out, "        {}", format!("… +{more}").dimmed())?;
                }
            }
        }
    }
    if r.incomplete() {
        writeln!(
            out,
            "\n{}",
            t(
                lang,
                "Some checks could not see everything; what they could not see is said above, and nothing is concluded from it.",
                "有些检查没能看到全部；看不到的内容已在上面说明，结论不依赖于它们。"
            )
            .yellow()
        )?;
    }
    Ok(())
}
