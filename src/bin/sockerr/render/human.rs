//! The format for people: a header line, then sections, coloured where the
//! colour carries meaning (names, headings, commands) and only when the
//! resolved configuration says so.

use super::wrap::wrap;
use super::{cjk, gai, json::note, numbers, runtime_names, separate_elsewhere, Explanation};
use colored::Colorize;
use sockerr::platform::{self, Foreign, Os};
use sockerr::runtime::RuntimeName;
use sockerr::{kb, Errno, Failure, Lang};
use std::io::{self, Write};

/// Section headings and fixed phrases, in both languages.
fn label(key: &str, lang: Lang) -> &'static str {
    let (en, zh) = match key {
        "meaning" => ("Meaning", "含义"),
        "causes" => ("Likely causes", "常见原因"),
        "fixes" => ("What to do", "怎么办"),
        "diagnose" => ("Diagnose", "诊断命令"),
        "related" => ("Related", "相关错误"),
        "see_also" => ("See also", "另见"),
        "myth" => ("Myth", "误解"),
        "action" => ("action", "处理方式"),
        "calls" => ("Reported by", "会报告它的调用"),
        "no_calls" => (
            "No socket call in the knowledge base reports it.",
            "知识库中没有套接字调用会报告它。",
        ),
        "ask" => ("Ask about one call:", "查询某个调用："),
        "also" => ("also named", "别名"),
        "kernel_only" => (
            "Kernel-internal code: tracers show it, programs never see it.",
            "内核内部错误码：跟踪工具会显示，程序永远看不到。",
        ),
        "not_reported" => (
            "does not report this errno on Linux",
            "在 Linux 上不会报告此错误",
        ),
        "not_reported_gai" => (
            "does not return this code on Linux (glibc)",
            "在 Linux（glibc）上不会返回此错误码",
        ),
        "not_documented_gai" => (
            "has no entry for this code. What it means in general:",
            "没有关于此错误码的条目。一般含义：",
        ),
        "not_documented" => (
            "has no entry for this errno. What it means in general:",
            "没有关于此错误的条目。一般含义：",
        ),
        "see_it" => ("See it happen:", "亲眼看它发生："),
        "numbers" => ("numbers", "各系统编号"),
        "runtimes" => ("in runtimes", "各语言中"),
        "elsewhere" => ("elsewhere", "其他系统"),
        "other_systems" => ("Other systems", "其他系统"),
        "no_linux" => ("Linux has no such errno.", "Linux 没有这个错误码。"),
        "covers" => ("stands for", "对应"),
        "not_errno" => ("not an errno", "不是 errno"),
        "other_reading" => ("other reading", "另一种解读"),
        "texts" => ("texts", "各系统文字"),
        "also_believed" => ("Also believed", "其他误解"),
        "failure" => (
            "a socket failure that carries no errno",
            "不带错误码的套接字故障",
        ),
        "seen_in" => ("printed by", "输出者"),
        "patterns" => ("recognised by", "识别依据"),
        "several_failures" => ("The text fits several failures:", "这段文字符合多种故障："),
        _ => unreachable!("unknown label {key}"),
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The label's wording for an EAI code, which is not an errno.
fn gai_key(key: &'static str, e: &Errno) -> &'static str {
    match (key, sockerr::kb::gai::is_code(e)) {
        ("not_reported", true) => "not_reported_gai",
        ("not_documented", true) => "not_documented_gai",
        _ => key,
    }
}

fn para(out: &mut dyn Write, text: &str, indent: usize, width: usize) -> io::Result<()> {
    for l in wrap(text, indent, width) {
        indented(out, indent, &l)?;
    }
    Ok(())
}

/// `s` padded with spaces to `width` characters: `format!("{s:<width$}")`
/// without the formatting machinery, which pads a character at a time.
fn padded(s: &str, width: usize) -> String {
    let fill = width.saturating_sub(s.chars().count());
    let mut p = String::with_capacity(s.len() + fill);
    p.push_str(s);
    p.extend(std::iter::repeat_n(' ', fill));
    p
}

/// `line` after `indent` spaces, and a newline: what `writeln!(out,
/// "{:indent$}{line}", "")` prints, without the formatting machinery, which
/// pads a character at a time (a tenth of a whole `sockerr explain`).
fn indented(out: &mut dyn Write, indent: usize, line: &str) -> io::Result<()> {
    const SPACES: &[u8; 32] = b"                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.write_all(&SPACES[..n])?;
        left -= n;
    }
    out.write_all(line.as_bytes())?;
    out.write_all(b"\n")
}

fn bullets(out: &mut dyn Write, items: &[&str], width: usize) -> io::Result<()> {
    for item in items {
        for (i, l) in wrap(item, 4, width).iter().enumerate() {
            let mark = if i == 0 { "  • " } else { "    " };
            writeln!(out, "{mark}{l}")?;
        }
    }
    Ok(())
}

fn heading(out: &mut dyn Write, key: &str, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n{}", label(key, lang).bold().underline())
}

/// `ECONNRESET (104) Connection reset by peer`; with another system, its
/// number instead: `ECONNRESET (macos 54) ...`. Where that system makes the
/// name asked about an errno of its own, that errno: `ENOTSUP (macos 45)
/// Operation not supported`, not EOPNOTSUPP, which is 102 there. An EAI
/// code's number and text are that system's too (macOS words them its own
/// way).
pub fn header_on(out: &mut dyn Write, x: &Explanation, lang: Lang) -> io::Result<()> {
    let e = x.errno;
    let gai_on =
        x.os.filter(|&os| os != Os::Linux)
            .and_then(|os| sockerr::kb::gai::on(e, os).map(|c| (os, c)));
    let (name, number, message, separate) = match (x.os, x.spelling(), gai_on) {
        (_, _, Some((os, c))) => (
            e.name.as_str(),
            format!("{os} {}", c.number),
            c.message.as_str(),
            false,
        ),
        (Some(os), Some(s), _) if s.separate => {
            (s.name, format!("{os} {}", s.number), s.message, true)
        }
        (Some(os), Some(s), _) => (
            e.name.as_str(),
            format!("{os} {}", s.number),
            s.message,
            false,
        ),
        (Some(os), None, _) if os != Os::Linux => (
            e.name.as_str(),
            format!("linux {}; none on {os}", e.number),
            e.message.as_str(),
            false,
        ),
        _ => (
            e.name.as_str(),
            e.number.to_string(),
            e.message.as_str(),
            false,
        ),
    };
    writeln!(out, "{} ({number}) {}", name.bold().red(), message.bold())?;
    if sockerr::kb::gai::is_code(e) {
        writeln!(out, "{}", gai::namespace_line(e, lang).dimmed())?;
    }
    // Linux's other names for the errno; not where the name shown is an
    // errno of its own (the note says how they relate).
    if !e.aliases.is_empty() && !separate {
        writeln!(
            out,
            "{} {}",
            label("also", lang).dimmed(),
            e.aliases.join(", ").bold()
        )?;
    }
    Ok(())
}

pub fn explanation(
    out: &mut dyn Write,
    x: &Explanation,
    lang: Lang,
    width: usize,
) -> io::Result<()> {
    let e = x.errno;
    header_on(out, x, lang)?;
    if let Some(n) = note(x, lang) {
        para(out, &n, 0, width)?;
    }
    if let Some(other) = x.other_reading {
        let text = gai::other_reading(&x.query, other, lang);
        labelled(out, "other_reading", &text, lang, width)?;
    }
    elsewhere(out, x, lang, width)?;
    if e.kernel_only {
        writeln!(out, "{}", label("kernel_only", lang).yellow())?;
    }
    match (x.syscall, x.entry) {
        (Some(s), Some(en)) => {
            let man = kb::call(s).man;
            if en.reported {
                writeln!(
                    out,
                    "{} · {}: {} — {}",
                    man.cyan().bold(),
                    label("action", lang),
                    en.action.as_str().bold(),
                    en.action.describe().get(lang)
                )?;
            } else {
                writeln!(
                    out,
                    "{} {}",
                    man.cyan().bold(),
                    label(gai_key("not_reported", e), lang).yellow().bold()
                )?;
            }
            if en.syscall != s {
                // sendmsg without an entry of its own: send's, said so.
                let text = match lang {
                    Lang::En => format!(
                        "{s} has no entry of its own for {}: it fails as {} does, so this is {}'s entry.",
                        e.name, en.syscall, en.syscall
                    ),
                    Lang::Zh => format!(
                        "{s} 没有关于 {} 的专门条目：它在这里与 {} 的失败方式相同，以下是 {} 的条目。",
                        e.name, en.syscall, en.syscall
                    ),
                };
                para(out, &text, 0, width)?;
            }
            heading(out, "meaning", lang)?;
            para(out, en.meaning.get(lang), 2, width)?;
            if let Some(m) = en.myth {
                heading(out, "myth", lang)?;
                para(out, m.get(lang), 2, width)?;
            }
            beliefs(out, e, lang, width)?;
            let get = |v: &[sockerr::Text]| v.iter().map(|t| t.get(lang)).collect::<Vec<_>>();
            if !en.causes.is_empty() {
                heading(out, "causes", lang)?;
                bullets(out, &get(&en.causes), width)?;
            }
            if !en.fixes.is_empty() {
                heading(out, "fixes", lang)?;
                bullets(out, &get(&en.fixes), width)?;
            }
            if !en.diagnose.is_empty() {
                heading(out, "diagnose", lang)?;
                for d in en.diagnose {
                    writeln!(out, "  {} {}", "$".dimmed(), d.cmd.green())?;
                    para(out, d.why.get(lang), 6, width)?;
                }
            }
            if !en.related.is_empty() {
                heading(out, "related", lang)?;
                for r in en.related {
                    let n = kb::by_name(r.errno).map_or(0, |o| o.number);
                    writeln!(out, "  {} ({n})", r.errno.bold())?;
                    para(out, r.note.get(lang), 6, width)?;
                }
            }
            if !en.see_also.is_empty() {
                heading(out, "see_also", lang)?;
                writeln!(out, "  {}", en.see_also.join(", "))?;
            }
            if en.repro {
                writeln!(
                    out,
                    "\n{} sockerr repro {} --syscall {}",
                    label("see_it", lang).dimmed(),
                    e.name,
                    en.syscall
                )?;
            }
        }
        (syscall, _) => {
            if let Some(s) = syscall {
                writeln!(
                    out,
                    "{} {}",
                    kb::call(s).man.cyan().bold(),
                    label(gai_key("not_documented", e), lang)
                )?;
            }
            writeln!(out)?;
            para(out, e.summary.get(lang), 0, width)?;
            if let Some(d) = e.detail {
                writeln!(out)?;
                para(out, d.get(lang), 0, width)?;
            }
            beliefs(out, e, lang, width)?;
            calls(out, e, lang, width)?;
        }
    }
    platforms(out, x, lang, width)?;
    platform_notes(out, x, lang, width)
}

/// What the number the user typed means on other systems, where that
/// differs: shown first, since it may change which errno they meant.
fn elsewhere(out: &mut dyn Write, x: &Explanation, lang: Lang, width: usize) -> io::Result<()> {
    let elsewhere = x.elsewhere();
    if elsewhere.is_empty() {
        return Ok(());
    }
    let typed = x.query.trim();
    let text = elsewhere
        .iter()
        .map(|(os, name)| match lang {
            Lang::En => format!("on {os} {typed} is {name}"),
            Lang::Zh => format!("{typed} 在 {os} 上是 {name}"),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    labelled(out, "elsewhere", &text, lang, width)
}

/// Every system's number and the runtimes' names:
/// `linux 104 · macos 54 · freebsd 54 · windows WSAECONNRESET 10054`.
fn platforms(out: &mut dyn Write, x: &Explanation, lang: Lang, width: usize) -> io::Result<()> {
    let e = x.errno;
    if e.kernel_only {
        return Ok(());
    }
    let n = numbers(e, x.name());
    let mut parts = vec![format!("linux {}", n.linux)];
    if let Some(m) = gai::musl(e) {
        parts.push(format!("musl {m}"));
    }
    for (os, v) in [("macos", n.macos), ("freebsd", n.freebsd)] {
        if let Some(v) = v {
            parts.push(format!("{os} {v}"));
        }
    }
    match (n.winsock, n.windows_crt) {
        (Some((name, v)), Some(c)) => parts.push(format!("windows {name} {v} (errno.h {c})")),
        (Some((name, v)), None) => parts.push(format!("windows {name} {v}")),
        (None, Some(c)) => parts.push(format!("windows errno.h {c}")),
        (None, None) => {}
    }
    // The other names that are errnos of their own somewhere (for
    // EOPNOTSUPP: macOS ENOTSUP 45, Windows errno.h ENOTSUP 129).
    for (os, s) in separate_elsewhere(e, x.name()) {
        match os {
            Os::Windows => parts.push(format!("windows errno.h {} {}", s.name, s.number)),
            _ => parts.push(format!("{os} {} {}", s.name, s.number)),
        }
    }
    writeln!(out)?;
    labelled(out, "numbers", &parts.join(" · "), lang, width)?;
    let texts = gai::messages(e);
    if !texts.is_empty() {
        let text = texts
            .iter()
            .map(|(os, m)| format!("{os} \"{m}\""))
            .collect::<Vec<_>>()
            .join(" · ");
        labelled(out, "texts", &text, lang, width)?;
    }
    let names = runtime_names(e);
    if !names.is_empty() {
        let text = names
            .iter()
            .map(|r| {
                // Names that are messages (Go's, curl's) are quoted so
                // they read as text.
                if r.runtime.prints_messages() || (r.name.contains(' ') && !r.name.contains('.')) {
                    format!("{} \"{}\"", r.runtime, r.shown())
                } else {
                    format!("{} {}", r.runtime, r.shown())
                }
            })
            .collect::<Vec<_>>()
            .join(" · ");
        labelled(out, "runtimes", &text, lang, width)?;
    }
    Ok(())
}

/// `label: text`, wrapped under itself.
fn labelled(
    out: &mut dyn Write,
    key: &str,
    text: &str,
    lang: Lang,
    width: usize,
) -> io::Result<()> {
    let label = format!("{}:", label(key, lang));
    let indent = label.chars().map(cjk::width).sum::<usize>() + 1;
    for (i, l) in wrap(text, indent, width).iter().enumerate() {
        if i == 0 {
            writeln!(out, "{} {l}", label.dimmed())?;
        } else {
            indented(out, indent, l)?;
        }
    }
    Ok(())
}

/// Platform notes for the errno (with `--os`, that system's, general ones too).
fn platform_notes(
    out: &mut dyn Write,
    x: &Explanation,
    lang: Lang,
    width: usize,
) -> io::Result<()> {
    let notes: Vec<_> = platform::notes(x.errno, x.os).collect();
    let windows = gai::windows_note(x.errno, x.os);
    if notes.is_empty() && windows.is_none() {
        return Ok(());
    }
    heading(out, "other_systems", lang)?;
    for n in notes {
        let os = n.os.iter().map(|o| o.name()).collect::<Vec<_>>().join(", ");
        writeln!(out, "  [{}]", os.cyan())?;
        para(out, n.note.get(lang), 4, width)?;
    }
    if let Some(n) = windows {
        writeln!(out, "  [{}]", "windows".cyan())?;
        para(out, n.get(lang), 4, width)?;
    }
    Ok(())
}

/// The beliefs the knowledge base answers about an EAI code, besides the
/// entry's myth: "ping works, so DNS works".
fn beliefs(out: &mut dyn Write, e: &Errno, lang: Lang, width: usize) -> io::Result<()> {
    let myths = gai::myths(e);
    if myths.is_empty() {
        return Ok(());
    }
    heading(out, "also_believed", lang)?;
    for m in myths {
        writeln!(out, "  \u{201c}{}\u{201d}", m.query.bold())?;
        para(out, m.note.get(lang), 4, width)?;
    }
    Ok(())
}

/// A socket failure that carries no errno: what it is, then the same
/// sections an errno's entry has.
pub fn failure(out: &mut dyn Write, f: &Failure, lang: Lang, width: usize) -> io::Result<()> {
    writeln!(out, "{} {}", f.id.bold().red(), f.title.get(lang).bold())?;
    writeln!(
        out,
        "{} · {}: {}",
        label("failure", lang).yellow(),
        label("seen_in", lang),
        f.printed_by(lang).cyan()
    )?;
    let patterns = f
        .patterns
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(" · ");
    labelled(out, "patterns", &patterns, lang, width)?;
    heading(out, "meaning", lang)?;
    para(out, f.meaning.get(lang), 2, width)?;
    let get = |v: &[sockerr::Text]| v.iter().map(|t| t.get(lang)).collect::<Vec<_>>();
    heading(out, "causes", lang)?;
    bullets(out, &get(&f.causes), width)?;
    heading(out, "fixes", lang)?;
    bullets(out, &get(&f.fixes), width)?;
    if !f.diagnose.is_empty() {
        heading(out, "diagnose", lang)?;
        for d in f.diagnose {
            writeln!(out, "  {} {}", "$".dimmed(), d.cmd.green())?;
            para(out, d.why.get(lang), 6, width)?;
        }
    }
    if !f.related.is_empty() {
        heading(out, "related", lang)?;
        for r in f.related {
            let n = kb::by_name(r.errno).map_or(0, |o| o.number);
            writeln!(out, "  {} ({n})", r.errno.bold())?;
            para(out, r.note.get(lang), 6, width)?;
        }
    }
    if !f.see_also.is_empty() {
        heading(out, "see_also", lang)?;
        writeln!(out, "  {}", f.see_also.join(", "))?;
    }
    if let Some(case) = sockerr::repro::by_id(f.repro.map_or("", |r| r.as_str())) {
        writeln!(
            out,
            "\n{} sockerr repro {} --syscall {}",
            label("see_it", lang).dimmed(),
            case.errno,
            case.syscall
        )?;
    }
    Ok(())
}

/// Several failures fit the text: one line each, to pick from.
pub fn failures(out: &mut dyn Write, fs: &[&Failure], lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", label("several_failures", lang))?;
    for f in fs {
        writeln!(out, "  {:<26} {}", f.id.bold(), f.title.get(lang))?;
    }
    Ok(())
}

/// A code only other systems have: name, number, systems, meaning.
pub fn foreign(
    out: &mut dyn Write,
    code: &Foreign,
    systems: &[Os],
    lang: Lang,
    width: usize,
) -> io::Result<()> {
    let on = systems
        .iter()
        .map(|o| o.name())
        .collect::<Vec<_>>()
        .join(", ");
    writeln!(out, "{} ({} on {on})", code.name.bold().red(), code.number)?;
    para(out, label("no_linux", lang), 0, width)?;
    writeln!(out)?;
    para(out, code.meaning.get(lang), 0, width)
}

/// Runtime names that stand for several errnos or none: what each covers.
pub fn runtime(
    out: &mut dyn Write,
    names: &[&RuntimeName],
    lang: Lang,
    width: usize,
) -> io::Result<()> {
    for (i, r) in names.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let name = if r.runtime.prints_messages() {
            format!("\"{}\"", r.shown())
        } else {
            r.shown()
        };
        write!(out, "{} {}", r.runtime.to_string().cyan(), name.bold())?;
        if r.errnos.is_empty() {
            writeln!(out, " — {}", label("not_errno", lang).yellow().bold())?;
        } else {
            writeln!(
                out,
                " {} {}",
                label("covers", lang),
                r.errnos.join(", ").bold()
            )?;
        }
        if !r.detail.is_empty() {
            writeln!(out, "  {}", r.detail.dimmed())?;
        }
        if let Some(n) = r.note {
            para(out, n.get(lang), 2, width)?;
        }
        for name in r.errnos {
            let e = kb::by_name(name).expect("the build script checks runtime errnos");
            write!(out, "  ")?;
            row(out, e)?;
        }
    }
    Ok(())
}

/// The one-line-each list of calls with an entry, so the user knows what to ask next.
fn calls(out: &mut dyn Write, e: &Errno, lang: Lang, width: usize) -> io::Result<()> {
    let entries: Vec<_> = e.entries().collect();
    if entries.is_empty() {
        if !e.kernel_only {
            writeln!(out, "\n{}", label("no_calls", lang).dimmed())?;
        }
        return Ok(());
    }
    heading(out, "calls", lang)?;
    for en in &entries {
        let action = if en.reported {
            en.action.as_str()
        } else {
            "not-reported"
        };
        let first = first_sentence(en.meaning.get(lang));
        let call = padded(en.syscall.name(), 11);
        let action = padded(action, 13);
        // `  call        action        `, then the text.
        let lead = 2 + call.len() + 1 + action.len() + 1;
        let lines = wrap(first, lead, width);
        writeln!(out, "  {} {} {}", call.cyan(), action.bold(), lines[0])?;
        for l in &lines[1..] {
            indented(out, lead, l)?;
        }
    }
    writeln!(
        out,
        "\n{} sockerr {} --syscall {}",
        label("ask", lang).dimmed(),
        e.name,
        entries[0].syscall
    )?;
    if entries.iter().any(|en| en.repro) {
        writeln!(
            out,
            "{} sockerr repro {}",
            label("see_it", lang).dimmed(),
            e.name
        )?;
    }
    Ok(())
}

/// The first sentence of a paragraph, in either language.
fn first_sentence(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(i, c)| c == '。' || (c == '.' && s[i + 1..].starts_with(' ')))
        .map_or(s.len(), |(i, c)| i + c.len_utf8());
    &s[..end]
}

/// One row of `list` and `search`: name, number, message.
pub fn row(out: &mut dyn Write, e: &Errno) -> io::Result<()> {
    let names = e.names().collect::<Vec<_>>().join("/");
    writeln!(
        out,
        "{} {:>4}  {}",
        format!("{names:<24}").bold(),
        e.number,
        e.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_of_either_language() {
        assert_eq!(first_sentence("A b. C d."), "A b.");
        assert_eq!(first_sentence("甲乙。丙丁。"), "甲乙。");
        assert_eq!(first_sentence("no stop"), "no stop");
        assert_eq!(first_sentence("v1.2 is out. Yes."), "v1.2 is out.");
    }
}
