//! The words of scan's notes: labels, what a finding's setting adds, titles,
//! the first note of an (errno, call) pair and the back-references after it.

use super::*;

pub(crate) fn label(key: &str, lang: Lang) -> &'static str {
    let (en, zh) = match key {
        "action" => ("action", "处理方式"),
        "candidates" => ("candidates", "候选"),
        "no_errno" => ("the text names no errno", "文本没有给出错误码"),
        "no_code" => (
            "the name did not resolve, and the text does not say with which code",
            "名字没有解析出来，文本没有说是哪个错误码",
        ),
        "timeout_short" => ("client-side timeout", "客户端超时"),
        "no_errno_short" => ("no errno", "无错误码"),
        "failure" => ("not an errno", "不是错误码"),
        "explain" => ("explained by", "详见"),
        "not_errno" => (
            "not an errno: a client-side timeout",
            "不是错误码：客户端自己的超时",
        ),
        "not_reported" => (
            "does not report this errno on Linux",
            "在 Linux 上不会报告此错误",
        ),
        _ => unreachable!("unknown label {key}"),
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The sentence a finding's setting adds, before the meaning.
pub(crate) fn context_text(f: &Finding, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match f.context {
        Context::None => return None,
        Context::InProgress => if zh {
            "非阻塞 connect 的正常结果，不是失败：等套接字可写后用 getsockopt(SO_ERROR) 读取结果。"
        } else {
            "Normal for a non-blocking connect, not a failure: wait until the socket is writable, then read the result with getsockopt(SO_ERROR)."
        }
        .to_string(),
        Context::WouldBlock => if zh {
            "非阻塞套接字暂时没有就绪，这是正常的：用 poll/epoll 等待就绪后再调用。"
        } else {
            "Normal for a non-blocking socket that is not ready yet: wait with poll/epoll, then call again."
        }
        .to_string(),
        Context::DeferredConnect => if zh {
            "getsockopt(SO_ERROR) 读到的是此前非阻塞 connect 的结果：失败的是 connect，不是 getsockopt。"
        } else {
            "getsockopt(SO_ERROR) returned the result of an earlier non-blocking connect: the connect failed, not getsockopt."
        }
        .to_string(),
        Context::Interrupted { code } => match (code, zh) {
            ("ERESTARTSYS", false) => "strace shows ERESTARTSYS: a signal interrupted the call. The program sees EINTR, unless the signal's handler was installed with SA_RESTART; then the kernel restarts the call.".to_string(),
            ("ERESTARTSYS", true) => "strace 显示 ERESTARTSYS：调用被信号打断。程序会得到 EINTR；若信号处理函数设置了 SA_RESTART，内核会自动重新执行该调用。".to_string(),
            (c, false) => format!("strace shows {c}: a signal interrupted the call. The program sees EINTR if a signal handler ran; otherwise the kernel restarts the call."),
            (c, true) => format!("strace 显示 {c}：调用被信号打断。若运行了信号处理函数，程序会得到 EINTR；否则内核会重新执行该调用。"),
        },
        Context::Restarted => if zh {
            "strace 显示 ERESTARTNOINTR：调用被信号打断后由内核自动重新执行，程序看不到任何错误。"
        } else {
            "strace shows ERESTARTNOINTR: a signal interrupted the call and the kernel restarts it; the program never sees an error."
        }
        .to_string(),
        Context::EaiSystem => {
            let e = f.errno().map_or("?", |e| e.name.as_str());
            if zh {
                format!("getaddrinfo 以 EAI_SYSTEM 失败，真正的原因是 errno {e}：查询在本机内部就失败了，不是 DNS 的问题。")
            } else {
                format!("getaddrinfo failed with EAI_SYSTEM, and {e} is the real cause: the lookup failed inside the machine, not in DNS.")
            }
        }
        Context::WinSock { name, code } => {
            let e = f.errno().map_or("?", |e| e.name.as_str());
            if zh {
                format!("WinSock 错误 {name}（{code}）对应 Unix 的 {e}。")
            } else {
                format!("WinSock error {name} ({code}) is Unix {e}.")
            }
        }
    })
}

pub(super) fn client_text(c: Client, lang: Lang) -> &'static str {
    let zh = lang == Lang::Zh;
    match (c, zh) {
        (Client::Curl, false) => "curl's own timer ran out (--max-time, --connect-timeout)",
        (Client::Curl, true) => "curl 自己的计时器到期（--max-time、--connect-timeout）",
        (Client::Python, false) => "Python's socket timeout (settimeout) ran out",
        (Client::Python, true) => "Python 套接字的超时（settimeout）到期",
        (Client::Java, false) => "Java's own timeout (setSoTimeout, connect timeout) ran out",
        (Client::Java, true) => "Java 自己的超时（setSoTimeout、connect 超时）到期",
        (Client::Go, false) => "Go's deadline (SetDeadline, context, Client.Timeout) passed",
        (Client::Go, true) => "Go 的截止时间（SetDeadline、context、Client.Timeout）已过",
        (Client::Nginx, false) => {
            "nginx's own proxy timeout (proxy_read_timeout and friends) ran out"
        }
        (Client::Nginx, true) => "nginx 自己的代理超时（proxy_read_timeout 等）到期",
        (Client::Ssh, false) => {
            "ssh's ConnectTimeout ran out while it waited for the server's banner"
        }
        (Client::Ssh, true) => "ssh 等待服务器标识时 ConnectTimeout 到期",
        (Client::Message | Client::Node | Client::Wget, false) => "the program's own timer ran out",
        (Client::Message | Client::Node | Client::Wget, true) => "程序自己的计时器到期",
    }
}

pub(super) fn candidates_source(c: Client, errnos: &[&Errno], lang: Lang) -> &'static str {
    let resolver = errnos
        .first()
        .is_some_and(|e| e.namespace() == sockerr::Namespace::Getaddrinfo);
    if resolver {
        return match lang {
            Lang::En => "getent ahosts NAME shows it",
            Lang::Zh => "用 getent ahosts NAME 查看",
        };
    }
    match (c, lang) {
        (Client::Curl, Lang::En) => "curl's exit 7 says only that the connection failed",
        (Client::Curl, Lang::Zh) => "curl 退出码 7 只说明连接失败",
        (Client::Java, Lang::En) => "a bare ConnectException says only that connect failed",
        (Client::Java, Lang::Zh) => "单独的 ConnectException 只说明 connect 失败",
        (_, Lang::En) => "several errnos print this message",
        (_, Lang::Zh) => "多个错误码打印同样的消息",
    }
}

/// "names no errno", or for getaddrinfo's candidates "names no code".
pub(super) fn no_errno_key(errnos: &[&Errno]) -> &'static str {
    match errnos.first() {
        Some(e) if e.namespace() == sockerr::Namespace::Getaddrinfo => "no_code",
        _ => "no_errno",
    }
}

/// The first sentence of a paragraph, in either language.
pub(super) fn first_sentence(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            c == '。' || (c == '.' && (i + 1 == s.len() || s[i + 1..].starts_with(' ')))
        })
        .map_or(s.len(), |(i, c)| i + c.len_utf8());
    &s[..end]
}

/// The action for an errno with a call, or the one most calls give.
pub(crate) fn action_for(e: &Errno, s: Option<Syscall>) -> Option<Action> {
    match s.and_then(|s| e.entry(s)) {
        Some(en) if en.reported => Some(en.action),
        Some(_) => Some(Action::NotReported),
        None => e.usual_action(),
    }
}

/// ": " or "：".
pub(crate) fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// A parenthesis around `s`, in the language's own marks.
pub(crate) fn paren(s: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(" ({s})"),
        Lang::Zh => format!("（{s}）"),
    }
}

/// `recvfrom ECONNRESET (104)`, `connect ECONNREFUSED (111) via SO_ERROR`.
pub(crate) fn title(f: &Finding, e: &Errno, lang: Lang) -> String {
    let mut v = Vec::new();
    write_title(&mut v, f, e, lang).expect("a Vec takes every write");
    String::from_utf8(v).expect("the title is UTF-8")
}

/// [`title`], written straight to `w`.
pub(super) fn write_title(w: &mut dyn Write, f: &Finding, e: &Errno, lang: Lang) -> io::Result<()> {
    let call = match (f.context, &f.call, f.syscall) {
        (Context::DeferredConnect, _, _) => Some("connect"),
        (_, Some(c), _) => Some(c.as_str()),
        (_, None, Some(s)) => Some(s.name()),
        _ => None,
    };
    if let Some(c) = call {
        write!(w, "{c} ")?;
    }
    match f.context {
        Context::WinSock { name, .. } => write!(w, "{name} → {}", e.name)?,
        Context::Interrupted { code } => write!(w, "{code} → {}", e.name)?,
        _ => w.write_all(e.name.as_bytes())?,
    }
    write!(w, " ({})", e.number)?;
    match (f.context, lang) {
        (Context::DeferredConnect, Lang::En) => w.write_all(b" via SO_ERROR"),
        (Context::DeferredConnect, Lang::Zh) => w.write_all("（来自 SO_ERROR）".as_bytes()),
        _ => Ok(()),
    }
}

/// The back-reference of an errno seen before, written straight to `w`
/// (no newline): what [`back_reference`] says for an errno.
pub(super) fn write_back_reference(
    w: &mut dyn Write,
    f: &Finding,
    lang: Lang,
    file: Option<&str>,
    first_file: Option<&str>,
    at: u64,
) -> io::Result<()> {
    let What::Errno(e) = &f.what else {
        return w.write_all(back_reference(f, lang, file, first_file, at)[0].as_bytes());
    };
    write_title(w, f, e, lang)?;
    let other = first_file.filter(|_| file != first_file);
    match (lang, other) {
        (Lang::En, None) => write!(w, ": again, first seen at line {at}"),
        (Lang::En, Some(ff)) => write!(w, ": again, first seen at {ff}:{at}"),
        (Lang::Zh, None) => write!(w, "：再次出现，首次出现于第 {at} 行"),
        (Lang::Zh, Some(ff)) => write!(w, "：再次出现，首次出现于 {ff}:{at}"),
    }
}

/// What a failure without an errno is, in one clause: `not an errno
/// (kernel log): Connection tracking table full`.
pub(super) fn failure_note(x: &Failure, lang: Lang) -> String {
    format!(
        "{}{}{}{}",
        label("failure", lang),
        paren(x.printed_by(lang), lang),
        colon(lang),
        x.title.get(lang)
    )
}

/// The full note for the first time a pair appears.
pub(crate) fn note(f: &Finding, lang: Lang) -> Vec<String> {
    match &f.what {
        What::Errno(e) => {
            // getaddrinfo's codes have one call: its entry explains them.
            let syscall = f
                .syscall
                .or(sockerr::kb::gai::is_code(e).then_some(Syscall::Getaddrinfo));
            let entry = syscall.and_then(|s| e.entry(s));
            let meaning = match entry {
                Some(en) if !en.meaning.get(lang).is_empty() => {
                    let m = first_sentence(en.meaning.get(lang));
                    if en.reported {
                        m.to_string()
                    } else {
                        format!(
                            "{} {}: {m}",
                            f.syscall.map_or("", |s| s.name()),
                            label("not_reported", lang)
                        )
                    }
                }
                _ => {
                    let s = e.summary.get(lang);
                    if s.is_empty() {
                        e.message.to_string()
                    } else {
                        first_sentence(s).to_string()
                    }
                }
            };
            let body = match (context_text(f, lang), lang) {
                (Some(c), Lang::En) => format!("{c} {meaning}"),
                (Some(c), Lang::Zh) => format!("{c}{meaning}"),
                (None, _) => meaning,
            };
            let c = colon(lang);
            let mut v = vec![format!("{}{c}{body}", title(f, e, lang))];
            if let Some(a) = action_for(e, f.syscall) {
                v.push(format!(
                    "{}{c}{} — {}",
                    label("action", lang),
                    a.as_str(),
                    a.describe().get(lang)
                ));
            }
            v
        }
        What::Candidates { client, errnos } => {
            let names: Vec<_> = errnos.iter().map(|e| e.name).collect();
            let c = colon(lang);
            let call = f.syscall.map_or(String::new(), |s| format!("{s}{c}"));
            let semi = if lang == Lang::Zh { "；" } else { "; " };
            vec![format!(
                "{call}{}{}{semi}{}{c}{}",
                label(no_errno_key(errnos), lang),
                paren(candidates_source(*client, errnos, lang), lang),
                label("candidates", lang),
                names.join(", ")
            )]
        }
        What::Failure(x) => {
            let c = colon(lang);
            vec![
                format!(
                    "{}{c}{}{c}{}",
                    x.id,
                    failure_note(x, lang),
                    first_sentence(x.meaning.get(lang))
                ),
                format!("{}{c}sockerr {}", label("explain", lang), x.id),
            ]
        }
        What::ClientTimeout { client } => {
            let tail = match lang {
                Lang::En => "; the kernel reported no error, so this is not ETIMEDOUT",
                Lang::Zh => "；内核并未报告错误，所以这不是 ETIMEDOUT",
            };
            vec![format!(
                "{}{}{tail}",
                label("not_errno", lang),
                paren(client_text(*client, lang), lang)
            )]
        }
    }
}

/// The one-line note for a pair seen before.
pub(super) fn back_reference(
    f: &Finding,
    lang: Lang,
    file: Option<&str>,
    first_file: Option<&str>,
    at: u64,
) -> Vec<String> {
    let what = match &f.what {
        What::Errno(e) => title(f, e, lang),
        What::Candidates { errnos, .. } => {
            let names: Vec<_> = errnos.iter().map(|e| e.name).collect();
            let call = f.syscall.map_or(String::new(), |s| format!("{s} "));
            format!(
                "{call}{}{}{}",
                label("candidates", lang),
                colon(lang),
                names.join(", ")
            )
        }
        What::ClientTimeout { client } => format!(
            "{}{}",
            label("timeout_short", lang),
            paren(client.as_str(), lang)
        ),
        What::Failure(x) => x.id.to_string(),
    };
    let other = first_file.filter(|_| file != first_file);
    vec![match (lang, other) {
        (Lang::En, None) => format!("{what}: again, first seen at line {at}"),
        (Lang::En, Some(ff)) => format!("{what}: again, first seen at {ff}:{at}"),
        (Lang::Zh, None) => format!("{what}：再次出现，首次出现于第 {at} 行"),
        (Lang::Zh, Some(ff)) => format!("{what}：再次出现，首次出现于 {ff}:{at}"),
    }]
}
