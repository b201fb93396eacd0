//! The words of `sockerr trace` in both languages: who failed, what is
//! normal, repeats, the end, and why an attach was refused.

use sockerr::trace::{ProcInfo, PtraceRules, Refusal};
use sockerr::Lang;

pub(super) fn pick(lang: Lang, en: String, zh: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// `pid 4242 (curl)`, `pid 4242 (curl), thread 4250`.
pub(super) fn who(pid: u32, info: &ProcInfo, lang: Lang) -> String {
    let name = info.name.as_deref().map(clean);
    let process = info.tgid.unwrap_or(pid);
    let named = |n: &Option<String>| match (n, lang) {
        (Some(n), Lang::En) => format!(" ({n})"),
        (Some(n), Lang::Zh) => format!("（{n}）"),
        (None, _) => String::new(),
    };
    let thread = process != pid;
    match lang {
        Lang::En if thread => format!("pid {process}{}, thread {pid}", named(&name)),
        Lang::En => format!("pid {pid}{}", named(&name)),
        Lang::Zh if thread => format!("进程 {process}{} 线程 {pid}", named(&name)),
        Lang::Zh => format!("进程 {pid}{}", named(&name)),
    }
}

/// A name a program chose for itself (`prctl(PR_SET_NAME)`) may hold
/// control characters; they are shown escaped.
pub(super) fn clean(s: &str) -> String {
    let mut v = Vec::new();
    crate::echo::sanitize(s.as_bytes(), &mut v);
    String::from_utf8_lossy(&v).into_owned()
}

pub(super) fn normal_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "  (normal)",
        Lang::Zh => "（正常）",
    }
}

pub(super) fn connect_pending(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "A non-blocking connect on this socket is still in progress, so it has no peer yet: normal while the program waits for it.",
        Lang::Zh => "这个套接字上的非阻塞 connect 仍在进行，所以还没有对端：程序等待连接完成期间这是正常的。",
    }
}

pub(super) fn no_nscd(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "The C library asks the name-service cache daemon (nscd) first and, when none runs, goes on without it: normal unless this host is meant to run nscd.",
        Lang::Zh => "C 库会先询问名字服务缓存守护进程（nscd），它没有运行时就直接继续：除非这台主机本应运行 nscd，否则这是正常的。",
    }
}

pub(super) fn blocking_timeout(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "The socket is in blocking mode, so this is not \"not ready yet\": its timeout (SO_RCVTIMEO or SO_SNDTIMEO) ran out.",
        Lang::Zh => "该套接字处于阻塞模式，所以这不是“暂未就绪”，而是它的超时（SO_RCVTIMEO 或 SO_SNDTIMEO）到期了。",
    }
}

pub(super) fn only_counted(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "normal; later ones are only counted, in the table at the end",
        Lang::Zh => "属正常现象；之后的同类情况只计数，见结尾的表格",
    }
}

/// Repeats are shown while they are few, then at 20, 30 … 100, 200 …:
/// counts with one significant digit.
pub(super) fn shown(n: u64) -> bool {
    let mut m = n;
    while m >= 10 && m % 10 == 0 {
        m /= 10;
    }
    n <= 10 || m < 10
}

fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The note of a repeat: `connect ECONNREFUSED (111): again, 3rd time; explained above`.
pub(super) fn again(title: &str, n: u64, lang: Lang) -> String {
    let thinning = n == 10;
    match lang {
        Lang::En => format!(
            "{title}: again, {} time; explained above{}",
            ordinal(n),
            if thinning {
                "; from here on only the 20th, 30th … 100th, 200th … are shown, and the table at the end counts them all"
            } else {
                ""
            }
        ),
        Lang::Zh => format!(
            "{title}：再次出现（第 {n} 次）；说明见上文{}",
            if thinning {
                "；此后只显示第 20、30……100、200……次，结尾的表格统计全部次数"
            } else {
                ""
            }
        ),
    }
}

pub(super) fn attaching(pids: &[u32], names: &[Option<String>], lang: Lang) -> String {
    let list: Vec<String> = pids
        .iter()
        .zip(names)
        .map(|(p, n)| {
            who(
                *p,
                &ProcInfo {
                    name: n.clone(),
                    tgid: Some(*p),
                },
                lang,
            )
        })
        .collect();
    match lang {
        Lang::En => format!(
            "sockerr: attaching to {} and its threads; Ctrl-C stops tracing and leaves it running",
            list.join(", ")
        ),
        Lang::Zh => format!(
            "sockerr：正在附加到{}及其线程；按 Ctrl-C 停止跟踪，进程继续运行",
            list.join("、")
        ),
    }
}

pub(super) fn signal_name(sig: i32) -> String {
    nix::sys::signal::Signal::try_from(sig)
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|_| format!("signal {sig}"))
}

/// Why the kernel refused an attach: a heading, then one line per rule
/// that stands in the way, then what sockerr saw.
pub(super) fn refusal(r: &PtraceRules, lang: Lang) -> Vec<String> {
    let pid = r.pid;
    let name = r.name.as_deref().map(clean);
    let named = |l: Lang| match (&name, l) {
        (Some(n), Lang::En) => format!(" ({n})"),
        (Some(n), Lang::Zh) => format!("（{n}）"),
        (None, _) => String::new(),
    };
    let mut v = vec![pick(
        lang,
        format!(
            "sockerr: the kernel refused to let strace attach to pid {pid}{}:",
            named(Lang::En)
        ),
        format!(
            "sockerr：内核拒绝让 strace 附加到进程 {pid}{}：",
            named(Lang::Zh)
        ),
    )];
    let uid = r
        .target_uids
        .map_or(String::from("?"), |u| u[1].to_string());
    let our = r.our_uid;
    for why in r.refusals() {
        let line = match why {
            Refusal::AlreadyTraced => {
                let (t, tn) = r.traced_by.clone().unwrap_or((0, None));
                let tn = tn.map(|n| clean(&n)).unwrap_or_default();
                pick(
                    lang,
                    format!("it is already traced by pid {t} ({tn}), and a process has only one tracer: stop that one first"),
                    format!("它已被进程 {t}（{tn}）跟踪，而一个进程只能有一个跟踪者：请先停止那个跟踪者"),
                )
            }
            Refusal::OtherUser => pick(
                lang,
                format!("it runs as user {uid} and sockerr as user {our}: tracing another user's process takes root or CAP_SYS_PTRACE (sudo sockerr trace -p {pid})"),
                format!("它以用户 {uid} 运行，而 sockerr 以用户 {our} 运行：跟踪其他用户的进程需要 root 或 CAP_SYS_PTRACE（sudo sockerr trace -p {pid}）"),
            ),
            Refusal::NotDumpable => pick(
                lang,
                "it is not dumpable (a setuid or setgid program, or one that called prctl(PR_SET_DUMPABLE, 0)): only a tracer with CAP_SYS_PTRACE may attach".into(),
                "它不可转储（setuid 或 setgid 程序，或调用过 prctl(PR_SET_DUMPABLE, 0)）：只有具备 CAP_SYS_PTRACE 的跟踪者才能附加".into(),
            ),
            Refusal::YamaRelational => pick(
                lang,
                "kernel.yama.ptrace_scope is 1: a process may be traced only by its ancestors (or a tracer it named with prctl(PR_SET_PTRACER)), and sockerr did not start it; run as root or with CAP_SYS_PTRACE, start the program with sockerr trace -- COMMAND, or, if the host's policy allows, sysctl kernel.yama.ptrace_scope=0".into(),
                "kernel.yama.ptrace_scope 为 1：进程只能被它的祖先进程（或它用 prctl(PR_SET_PTRACER) 指定的跟踪者）跟踪，而它不是 sockerr 启动的；请以 root 或带 CAP_SYS_PTRACE 运行，或用 sockerr trace -- COMMAND 启动程序，或在主机策略允许时执行 sysctl kernel.yama.ptrace_scope=0".into(),
            ),
            Refusal::YamaAdmin => pick(
                lang,
                "kernel.yama.ptrace_scope is 2: only a tracer with CAP_SYS_PTRACE may attach; run as root".into(),
                "kernel.yama.ptrace_scope 为 2：只有具备 CAP_SYS_PTRACE 的跟踪者才能附加；请以 root 运行".into(),
            ),
            Refusal::YamaNone => pick(
                lang,
                "kernel.yama.ptrace_scope is 3: no process may attach to another until the next boot; start the program with sockerr trace -- COMMAND instead".into(),
                "kernel.yama.ptrace_scope 为 3：在下次重启之前，任何进程都不能附加到其他进程；请改用 sockerr trace -- COMMAND 启动程序".into(),
            ),
            Refusal::Other => pick(
                lang,
                "none of the kernel's ptrace rules explains it (same user, no Yama restriction, dumpable): a security module (SELinux, AppArmor) or a container's seccomp profile forbids ptrace; a container needs --cap-add=SYS_PTRACE".into(),
                "内核的 ptrace 规则都解释不了（同一用户、没有 Yama 限制、可转储）：是安全模块（SELinux、AppArmor）或容器的 seccomp 配置禁止了 ptrace；容器需要 --cap-add=SYS_PTRACE".into(),
            ),
        };
        v.push(format!("  • {line}"));
    }
    let scope = r.yama.map_or_else(
        || pick(lang, "none (no Yama)".into(), "无（未启用 Yama）".into()),
        |s| s.to_string(),
    );
    let yes = |b: bool| match (b, lang) {
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
        (true, Lang::Zh) => "有",
        (false, Lang::Zh) => "无",
    };
    v.push(pick(
        lang,
        format!(
            "  seen: sockerr runs as user {our}{}, CAP_SYS_PTRACE: {}, kernel.yama.ptrace_scope: {scope}, pid {pid} runs as user {uid}",
            if our == 0 { " (root)" } else { "" },
            yes(r.cap_sys_ptrace)
        ),
        format!(
            "  所见：sockerr 以用户 {our}{} 运行，CAP_SYS_PTRACE：{}，kernel.yama.ptrace_scope：{scope}，进程 {pid} 以用户 {uid} 运行",
            if our == 0 { "（root）" } else { "" },
            yes(r.cap_sys_ptrace)
        ),
    ));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_thin_out() {
        let shown_up_to_300: Vec<u64> = (1..=300).filter(|n| shown(*n)).collect();
        assert_eq!(
            shown_up_to_300,
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300]
        );
        assert!(shown(5000) && !shown(5001) && !shown(110));
    }

    #[test]
    fn ordinals() {
        let v: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            v,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }
}
