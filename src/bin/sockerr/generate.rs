//! Generated files: shell completions and man pages, all from the clap
//! definition in `cli.rs` and the knowledge base, so none can drift from the
//! code. The copies under `completions/` and `man/` are committed for
//! packagers; `tests/docs_sync.rs` fails when they differ from what this
//! module generates, and says which command refreshes them.

use crate::cli::Cli;
use crate::complete;
use crate::render::cjk;
use clap::CommandFactory;
use clap_complete::Shell;
use sockerr::{kb, Lang};
use std::io::{self, Write};
use std::path::Path;

/// The shells `completions/` holds a script for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// Every usage the README shows, with what it does: the man page's EXAMPLES.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "sockerr explain ECONNRESET",
        "What ECONNRESET means, and which calls report it.",
    ),
    ("sockerr ECONNRESET", "The same, without the word explain."),
    (
        "sockerr 104 --syscall recv",
        "Errno 104 explained for recv(2): causes, fixes, commands.",
    ),
    (
        "sockerr \"connection reset\"",
        "Look up by message text, any case, whole or partial.",
    ),
    (
        "sockerr EWOULDBLOCK --syscall send",
        "An alias: explained as EAGAIN, its number on Linux.",
    ),
    (
        "sockerr EPIPE --syscall recv",
        "Says plainly that recv(2) does not report EPIPE on Linux.",
    ),
    (
        "sockerr ENOTCONN --syscall getpeername",
        "Any call a trace shows: getpeername, close, poll, epoll_ctl, sendmsg, splice, ioctl, ...",
    ),
    (
        "sockerr \"nf_conntrack: table full, dropping packet\"",
        "A socket failure that carries no errno, from a pasted log line.",
    ),
    (
        "sockerr list --syscall connect",
        "Every errno connect(2) documents.",
    ),
    (
        "sockerr \"Temporary failure in name resolution\"",
        "A host name that did not resolve: getaddrinfo's EAI_AGAIN, explained.",
    ),
    (
        "sockerr -2 --syscall getaddrinfo",
        "A number as getaddrinfo returns it: EAI_NONAME, not ENOENT.",
    ),
    (
        "sockerr list --syscall getaddrinfo",
        "Every EAI code getaddrinfo(3) documents.",
    ),
    (
        "sockerr search reset",
        "Every errno whose text mentions all the words.",
    ),
    (
        "sockerr --json ECONNREFUSED --syscall connect",
        "One JSON object, for scripts.",
    ),
    (
        "sockerr --brief 111",
        "One line, the shape errno(1) prints.",
    ),
    (
        "strace -f -o trace.log ./server; sockerr scan trace.log",
        "Explain every socket error in a trace.",
    ),
    (
        "journalctl -u myapp | sockerr scan --only-errors",
        "Only the log lines with socket errors, explained.",
    ),
    (
        "sockerr scan --summary big.log",
        "Counts per call and errno at the end.",
    ),
    (
        "sockerr repro ECONNREFUSED",
        "Make the error happen on this kernel, over loopback.",
    ),
    (
        "sockerr diagnose EADDRINUSE :8080",
        "Who holds port 8080 on this host, and why bind fails; sockerr-diagnose(1).",
    ),
    (
        "sockerr diagnose ECONNREFUSED 127.0.0.1:5432",
        "Nothing listens there? On ::1 only? In another network namespace?",
    ),
    (
        "sockerr trace -- curl -s http://127.0.0.1:9/",
        "Run a program under strace; its socket errors explained as they happen.",
    ),
    (
        "sockerr trace -p 4242",
        "Attach to a running process and its threads; Ctrl-C detaches.",
    ),
    (
        "sockerr trace --json -o found.ndjson -- ./client",
        "NDJSON findings to a file; the terminal stays the program's.",
    ),
    (
        "sockerr completions bash",
        "Print the bash completion script.",
    ),
];

/// Every script comes from `complete/` (see its opening comment for why
/// not clap_complete's), built from the one clap definition.
pub fn completion(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let model = complete::Model::new(Cli::command());
    let script = match shell {
        Shell::Bash => complete::bash::script(&model),
        Shell::Zsh => complete::zsh::script(&model),
        Shell::Fish => complete::fish::script(&model),
        Shell::Elvish => complete::elvish::script(&model),
        Shell::PowerShell => complete::powershell::script(&model),
        _ => unreachable!("clap_complete::Shell gained a shell; add it to complete/"),
    };
    out.write_all(script.as_bytes())
}

/// The file name each shell's script is committed under.
pub fn completion_file(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "sockerr.bash",
        Shell::Zsh => "_sockerr",
        Shell::Fish => "sockerr.fish",
        Shell::Elvish => "sockerr.elv",
        Shell::PowerShell => "_sockerr.ps1",
        _ => unreachable!("not in SHELLS"),
    }
}

pub fn completions_to(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for shell in SHELLS {
        let mut buf = Vec::new();
        completion(shell, &mut buf)?;
        std::fs::write(dir.join(completion_file(shell)), buf)?;
    }
    Ok(())
}

/// Writes `sockerr.1`, `sockerr-errors.7` and `zh_CN/sockerr-errors.7`.
pub fn man_to(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("zh_CN"))?;
    let mut page = Vec::new();
    command_page(&mut page)?;
    std::fs::write(dir.join("sockerr.1"), tidy(&String::from_utf8_lossy(&page)))?;
    let mut page = Vec::new();
    crate::diagnose::man::page(&mut page, RELEASE_DATE)?;
    std::fs::write(
        dir.join("sockerr-diagnose.1"),
        tidy(&String::from_utf8_lossy(&page)),
    )?;
    for (lang, path) in [
        (Lang::En, "sockerr-errors.7"),
        (Lang::Zh, "zh_CN/sockerr-errors.7"),
    ] {
        let mut page = Vec::new();
        errors_page(&mut page, lang)?;
        let page = String::from_utf8(page).expect("the page is UTF-8");
        let page = match lang {
            Lang::En => page,
            Lang::Zh => cjk_breaks(&page),
        };
        std::fs::write(dir.join(path), page)?;
    }
    Ok(())
}

/// Escapes text for roff: backslashes, and a leading `.` or `'` that would
/// read as a request. Hyphens become `\-` so they stay hyphen-minus in
/// commands people copy.
fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

/// Chinese has no spaces, and troff breaks lines only at spaces: a `\:`
/// (an invisible break point) after each CJK character lets it break
/// anywhere, as a Chinese reader expects, instead of overrunning the line.
/// Not where the terminal wrapper would not break either ([`cjk`]): before
/// closing punctuation, after opening punctuation, inside `——`.
fn cjk_breaks(page: &str) -> String {
    let mut out = String::with_capacity(page.len() * 3 / 2);
    let mut chars = page.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if cjk::is_wide(c)
            && chars
                .peek()
                .is_some_and(|&n| n != '\n' && cjk::may_break_between(c, n))
        {
            out.push_str("\\:");
        }
    }
    out
}

/// Removes what clap_mangen emits that man-page linters warn about: blank
/// lines (roff reads them as vertical space) and a `.br` that repeats.
fn tidy(page: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in page.lines().filter(|l| !l.trim().is_empty()) {
        if line == ".br" && out.last() == Some(&".br") {
            continue;
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

/// The date the man pages carry: the release's, so regenerating is stable.
const RELEASE_DATE: &str = "2026-11-22";

/// The man page of the command: clap_mangen's sections, then the ones only
/// people can write.
fn command_page(w: &mut dyn Write) -> io::Result<()> {
    let man = clap_mangen::Man::new(Cli::command())
        .date(RELEASE_DATE)
        .manual("User Commands");
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    writeln!(w, ".SH DESCRIPTION")?;
    for (i, p) in [
        "sockerr tells a programmer what a socket error means for the call that failed, and \
         what to do about it. Give it an errno name (ECONNRESET), a number (104, or -104 as the \
         kernel writes it), or the C library's message in any case (\"connection reset\"), and \
         optionally the call with --syscall: it prints what the errno means for that call, the \
         likely causes, the fixes, the commands that show the cause on a live system, and the \
         errnos that look alike.",
        "Its knowledge base covers every Linux errno, and per call the errnos that connect(2), \
         send(2), recv(2), bind(2), setsockopt(2), getsockopt(2), accept(2), listen(2), socket(2) \
         and shutdown(2) report, in English and Simplified Chinese; and getaddrinfo(3)'s EAI_* \
         codes (EAI_NONAME, EAI_AGAIN, \"Temporary failure in name resolution\"), a name that does \
         not resolve, with what each runtime and program prints for them. It is embedded in the \
         binary; sockerr-errors(7) prints it as a manual.",
        "sockerr scan reads logs and strace output and explains every socket error in place. \
         sockerr diagnose looks at the live host and says which cause it is (sockerr-diagnose(1)).",
        "sockerr trace runs a program under strace(1), or attaches to running processes, and \
         explains their failed socket calls as they happen, then sums them up; the program's \
         input and output stay its own, and its exit status is sockerr's.",
    ]
    .iter()
    .enumerate()
    {
        writeln!(w, "{}{}", if i > 0 { ".PP\n" } else { "" }, roff(p))?;
    }
    man.render_options_section(w)?;
    man.render_subcommands_section(w)?;
    writeln!(w, ".SH EXAMPLES")?;
    for (cmd, what) in EXAMPLES {
        writeln!(w, ".TP\n.B {}\n{}", roff(cmd), roff(what))?;
    }
    writeln!(w, ".SH EXIT STATUS")?;
    for (code, what) in [
        (
            "0",
            "The errno was found and explained; scan and repro ran (findings or not).",
        ),
        (
            "1",
            "Nothing matched the query (a close name is suggested), an input file could not \
               be read, or a reproduction observed another errno than expected.",
        ),
        (
            "2",
            "Usage error: an unknown option or call name, an empty or non-UTF-8 query, a scan \
               input that is also the output; or an I/O error, writing --help included. A \
               closed output pipe is not an error: sockerr exits 0 quietly.",
        ),
        (
            "trace",
            "The traced program's exit status; killed by signal N, sockerr dies of the same \
               signal (a shell shows 128+N). 127 or 126 when the program is not found or cannot \
               be executed; 2 when strace is missing, cannot start it, or may not attach.",
        ),
    ] {
        writeln!(w, ".TP\n.B {code}\n{}", roff(what))?;
    }
    writeln!(w, ".SH ENVIRONMENT")?;
    for (var, what) in [
        (
            "NO_COLOR",
            "When set and not empty, --color=auto prints no colour. It outranks CLICOLOR_FORCE; \
             --color=always outranks it.",
        ),
        (
            "CLICOLOR_FORCE",
            "When set, not empty and not 0, --color=auto colours even output that is not a \
             terminal (unless NO_COLOR is set).",
        ),
        (
            "CLICOLOR",
            "When 0, --color=auto prints no colour (unless CLICOLOR_FORCE is set).",
        ),
        (
            "COLUMNS",
            "When a number, the width prose is wrapped to (40 to 100), whether or not output \
             is a terminal.",
        ),
        (
            "LC_ALL, LC_MESSAGES, LANG",
            "Without --lang, the first of these that is set and not \
          empty chooses the language: a zh locale (zh_CN.UTF-8) means Simplified Chinese, \
          anything else English.",
        ),
    ] {
        writeln!(w, ".TP\n.B {}\n{}", roff(var), roff(what))?;
    }
    writeln!(w, ".SH SEE ALSO")?;
    writeln!(
        w,
        "{}",
        [
            ("sockerr-errors", 7),
            ("sockerr-diagnose", 1),
            ("errno", 1),
            ("errno", 3),
            ("connect", 2),
            ("send", 2),
            ("recv", 2),
            ("bind", 2),
            ("setsockopt", 2),
            ("socket", 7),
            ("tcp", 7),
            ("strace", 1),
        ]
        .iter()
        .map(|(p, s)| format!(".BR {p} ({s})"))
        .collect::<Vec<_>>()
        .join(",\n")
    )?;
    man.render_version_section(w)
}

/// getaddrinfo's codes as a whole: every code glibc defines with its number
/// on each system and what programs print for it, and the beliefs about
/// them. The per-code explanations are in the GETADDRINFO(3) section.
fn gai_section(w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let t = |en: &'static str, zh: &'static str| if lang == Lang::Zh { zh } else { en };
    writeln!(w, ".SH {}", t("NAME RESOLUTION CODES", "名字解析错误码"))?;
    writeln!(
        w,
        "{}",
        roff(t(
            "getaddrinfo(3) does not set errno: it returns an EAI_* code, and gai_strerror(3) gives \
             its text. The numbers overlap the errnos' (Python prints EAI_NONAME as [Errno -2], \
             which is not ENOENT), so sockerr reads a negative number as an EAI code only in \
             getaddrinfo's context: sockerr -2 --syscall getaddrinfo. Numbers are glibc's; macOS, \
             FreeBSD and Windows number and word them differently, and EAI_SYSTEM means the cause \
             is in errno.",
            "getaddrinfo(3) 不设置 errno：它返回 EAI_* 错误码，文字由 gai_strerror(3) 给出。\
             这些编号与 errno 重叠（Python 把 EAI_NONAME 显示为 [Errno -2]，它并不是 ENOENT），\
             所以 sockerr 只在 getaddrinfo 的语境下把负数当作 EAI 错误码：sockerr -2 --syscall getaddrinfo。\
             编号以 glibc 为准；macOS、FreeBSD 和 Windows 的编号和文字各不相同；EAI_SYSTEM 表示原因在 errno 里。"
        ))
    )?;
    for e in kb::gai::codes() {
        writeln!(w, ".TP\n.B {} ({}) {}", e.name, e.number, roff(&e.message))?;
        let mut parts = Vec::new();
        if let Some(s) = kb::gai::systems(e) {
            for (os, c) in [("macos", s.macos), ("freebsd", s.freebsd), ("musl", s.musl)] {
                if let Some(c) = c {
                    parts.push(format!("{os} {} \"{}\"", c.number, c.message));
                }
            }
            if let Some((name, n)) = s.windows {
                parts.push(format!("windows {name} {n}"));
            }
        }
        writeln!(w, "{}", roff(e.summary.get(lang)))?;
        if !parts.is_empty() {
            writeln!(w, ".br\n{}", roff(&parts.join("; ")))?;
        }
        let names: Vec<String> = sockerr::runtime::for_errno(e)
            .iter()
            .map(|r| format!("{} \"{}\"", r.runtime, r.shown()))
            .collect();
        if !names.is_empty() {
            writeln!(
                w,
                ".br\n{} {}",
                t("Printed as:", "显示为："),
                roff(&names.join("; "))
            )?;
        }
    }
    let myths: Vec<_> = kb::myths()
        .iter()
        .filter(|m| kb::gai::by_name(&m.errno).is_some())
        .collect();
    if !myths.is_empty() {
        writeln!(
            w,
            ".SS {}",
            t("Beliefs about name resolution", "关于名字解析的误解")
        )?;
        for m in myths {
            writeln!(
                w,
                ".TP\n.B \"{}\" ({})\n{}",
                roff(&m.query),
                m.errno,
                roff(m.note.get(lang))
            )?;
        }
    }
    Ok(())
}

/// The knowledge base as a manual: one section per call, one entry per errno.
fn errors_page(w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let t = |en: &'static str, zh: &'static str| if lang == Lang::Zh { zh } else { en };
    writeln!(
        w,
        ".TH SOCKERR-ERRORS 7 {RELEASE_DATE} \"sockerr {}\" \"{}\"",
        env!("CARGO_PKG_VERSION"),
        t("sockerr knowledge base", "sockerr 知识库")
    )?;
    if lang == Lang::Zh {
        // Justifying Chinese stretches the gaps between characters; ragged
        // right is how Chinese pages are set.
        writeln!(w, ".ad l")?;
    }
    writeln!(w, ".SH {}", t("NAME", "名称"))?;
    writeln!(
        w,
        "sockerr\\-errors \\- {}",
        roff(t(
            "socket errno values explained per call, with causes and fixes",
            "按调用解释套接字 errno：原因与解决办法"
        ))
    )?;
    writeln!(w, ".SH {}", t("DESCRIPTION", "描述"))?;
    writeln!(
        w,
        "{}",
        roff(t(
            "This page is sockerr's knowledge base, generated from the same data the sockerr(1) \
             command embeds: for each socket call, every errno it reports, what the errno means \
             for that call, the likely causes, what to do, and the commands that show the cause. \
             Search it with /ECONNRESET in the pager.",
            "本手册页即 sockerr 的知识库，由 sockerr(1) 内嵌的同一份数据生成：对每个套接字调用，\
             列出它会报告的每个 errno、该 errno 对此调用的含义、常见原因、处理办法以及用来诊断的命令。\
             在分页器中输入 /ECONNRESET 即可搜索。"
        ))
    )?;
    for call in kb::calls() {
        writeln!(w, ".SH {}", call.man.to_uppercase())?;
        writeln!(w, "{}", roff(call.summary.get(lang)))?;
        for en in call.entries {
            let e = en.errno();
            writeln!(w, ".SS {} ({}) {}", e.name, e.number, roff(&e.message))?;
            if en.reported {
                writeln!(w, ".I {}: {}", t("action", "处理方式"), en.action.as_str())?;
            } else {
                let (en_text, zh_text) = if kb::gai::is_code(e) {
                    (
                        "glibc's getaddrinfo never returns this code.",
                        "glibc 的 getaddrinfo 从不返回此错误码。",
                    )
                } else {
                    (
                        "Linux does not report this errno from this call.",
                        "Linux 上此调用不会报告该错误。",
                    )
                };
                writeln!(w, ".I {}", roff(t(en_text, zh_text)))?;
            }
            writeln!(w, ".PP\n{}", roff(en.meaning.get(lang)))?;
            if let Some(m) = en.myth {
                writeln!(w, ".PP\n.B {}\n{}", t("Myth:", "误解："), roff(m.get(lang)))?;
            }
            let list = |w: &mut dyn Write, head: &str, items: &[sockerr::Text]| -> io::Result<()> {
                if !items.is_empty() {
                    writeln!(w, ".PP\n.B {head}")?;
                    for i in items {
                        writeln!(w, ".IP \\(bu 2\n{}", roff(i.get(lang)))?;
                    }
                }
                Ok(())
            };
            list(w, t("Causes", "原因"), &en.causes)?;
            list(w, t("What to do", "怎么办"), &en.fixes)?;
            if !en.diagnose.is_empty() {
                writeln!(w, ".PP\n.B {}", t("Diagnose", "诊断"))?;
                for d in en.diagnose {
                    writeln!(
                        w,
                        ".IP \\(bu 2\n.B {}\n.br\n{}",
                        roff(&d.cmd),
                        roff(d.why.get(lang))
                    )?;
                }
            }
            if !en.related.is_empty() {
                writeln!(w, ".PP\n.B {}", t("Related", "相关"))?;
                for r in en.related {
                    writeln!(w, ".IP \\(bu 2\n.B {}\n{}", r.errno, roff(r.note.get(lang)))?;
                }
            }
            if !en.see_also.is_empty() {
                writeln!(
                    w,
                    ".PP\n{} {}",
                    t("See also:", "另见："),
                    roff(&en.see_also.join(", "))
                )?;
            }
        }
    }
    gai_section(w, lang)?;
    failures_section(w, lang)?;
    writeln!(w, ".SH {}", t("SEE ALSO", "另见"))?;
    let calls: Vec<String> = kb::calls()
        .iter()
        .map(|c| {
            let (page, sec) = c
                .man
                .trim_end_matches(')')
                .split_once('(')
                .unwrap_or((c.man.as_str(), "2"));
            format!(".BR {page} ({sec})")
        })
        .collect();
    writeln!(
        w,
        ".BR sockerr (1),\n{},\n.BR socket (7),\n.BR tcp (7)",
        calls.join(",\n")
    )
}

/// The failures that carry no errno (data/failures.json), after the calls:
/// what each is, the log text that identifies it, causes and fixes.
fn failures_section(w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let t = |en: &'static str, zh: &'static str| if lang == Lang::Zh { zh } else { en };
    writeln!(
        w,
        ".SH {}",
        t("SOCKET FAILURES WITHOUT AN ERRNO", "不带错误码的套接字故障")
    )?;
    writeln!(
        w,
        "{}",
        roff(t(
            "Kernel log lines, C library aborts and runtimes' own messages that report a socket \
             failure without naming an errno. sockerr scan finds them by these texts, and \
             sockerr ID explains each.",
            "内核日志、C 库的中止信息和各语言运行时自己的消息中，有些报告了套接字故障却没有给出错误码。\
             sockerr scan 按下列文字识别它们，sockerr ID 可查看各自的解释。"
        ))
    )?;
    for f in sockerr::failure::all() {
        writeln!(w, ".SS {} \\- {}", roff(&f.id), roff(f.title.get(lang)))?;
        let patterns = f
            .patterns
            .iter()
            .map(|p| format!("\\(lq{}\\(rq", roff(p)))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            w,
            ".I {}: {}",
            t("printed by", "输出者"),
            roff(f.printed_by(lang))
        )?;
        writeln!(w, ".br\n{}: {patterns}", t("Text", "文字"))?;
        writeln!(w, ".PP\n{}", roff(f.meaning.get(lang)))?;
        for (head, items) in [
            (t("Causes", "原因"), f.causes),
            (t("What to do", "怎么办"), f.fixes),
        ] {
            writeln!(w, ".PP\n.B {head}")?;
            for i in items {
                writeln!(w, ".IP \\(bu 2\n{}", roff(i.get(lang)))?;
            }
        }
        if !f.diagnose.is_empty() {
            writeln!(w, ".PP\n.B {}", t("Diagnose", "诊断"))?;
            for d in f.diagnose {
                writeln!(
                    w,
                    ".IP \\(bu 2\n.B {}\n.br\n{}",
                    roff(&d.cmd),
                    roff(d.why.get(lang))
                )?;
            }
        }
        if !f.related.is_empty() {
            writeln!(w, ".PP\n.B {}", t("Related", "相关"))?;
            for r in f.related {
                writeln!(w, ".IP \\(bu 2\n.B {}\n{}", r.errno, roff(r.note.get(lang)))?;
            }
        }
        if !f.see_also.is_empty() {
            writeln!(
                w,
                ".PP\n{} {}",
                t("See also:", "另见："),
                roff(&f.see_also.join(", "))
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn troff_break_points_follow_the_terminal_rules() {
        assert_eq!(cjk_breaks("甲乙"), "甲\\:乙");
        assert_eq!(cjk_breaks("甲，乙"), "甲，\\:乙");
        assert_eq!(cjk_breaks("甲（x）乙"), "甲\\:（x）\\:乙");
        assert_eq!(cjk_breaks("甲——乙"), "甲\\:——乙");
    }
}
