//! What an explanation adds for getaddrinfo's EAI codes: every system's
//! number and text (they differ: EAI_NONAME is -2 on Linux, 8 on macOS,
//! WSAHOST_NOT_FOUND 11001 on Windows), the beliefs the knowledge base
//! answers, and Windows' note. Both formats take them from here.

use super::Numbers;
use sockerr::kb::gai;
use sockerr::kb::{self, Myth};
use sockerr::{Errno, Lang, Os, Text};

pub fn numbers(e: &'static Errno) -> Numbers {
    let s = gai::systems(e);
    Numbers {
        linux: e.number,
        macos: s.and_then(|s| s.macos).map(|c| c.number),
        freebsd: s.and_then(|s| s.freebsd).map(|c| c.number),
        winsock: s.and_then(|s| s.windows).map(|(n, v)| (n.as_str(), v)),
        windows_crt: None,
    }
}

/// musl's number, which is glibc's.
pub fn musl(e: &Errno) -> Option<i32> {
    gai::systems(e).and_then(|s| s.musl).map(|c| c.number)
}

/// What each other system's gai_strerror (or FormatMessage) says, where it
/// differs from glibc's, in output order.
pub fn messages(e: &'static Errno) -> Vec<(&'static str, &'static str)> {
    let Some(s) = gai::systems(e) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (os, c) in [("macos", s.macos), ("freebsd", s.freebsd), ("musl", s.musl)] {
        if let Some(c) = c {
            out.push((os, c.message.as_str()));
            if let Some(old) = c.older_message {
                out.push((
                    if os == "freebsd" {
                        "freebsd (older)"
                    } else {
                        os
                    },
                    old.as_str(),
                ));
            }
        }
    }
    if let Some(w) = gai::winsock(e) {
        out.push(("windows", w.message.as_str()));
    }
    out.retain(|(_, m)| *m != e.message.as_str());
    out
}

/// Beliefs about the code the knowledge base answers (`ping works, so DNS
/// works`), besides the entry's own myth.
pub fn myths(e: &Errno) -> Vec<&'static Myth> {
    kb::myths().iter().filter(|m| m.errno == e.name).collect()
}

/// Windows' note on the code, shown without --os or with --os windows.
pub fn windows_note(e: &Errno, os: Option<Os>) -> Option<Text> {
    if os.is_some_and(|o| o != Os::Windows) {
        return None;
    }
    gai::winsock(e).map(|w| w.note)
}

/// "a getaddrinfo code, not an errno", and where the real cause is for
/// EAI_SYSTEM.
pub fn namespace_line(e: &Errno, lang: Lang) -> &'static str {
    match (e.name == "EAI_SYSTEM", lang) {
        (false, Lang::En) => "getaddrinfo(3) return code, not an errno: gai_strerror() gives its text",
        (false, Lang::Zh) => "getaddrinfo(3) 的返回码，不是 errno：文字由 gai_strerror() 给出",
        (true, Lang::En) => "getaddrinfo(3) return code, not an errno: the real cause is in errno, read right after the call",
        (true, Lang::Zh) => "getaddrinfo(3) 的返回码，不是 errno：真正的原因在 errno 里，请在调用返回后立即读取",
    }
}

/// The sentence on the other reading of a number: `-2` as getaddrinfo's
/// return value, or a WinSock code Windows' getaddrinfo also returns.
pub fn other_reading(typed: &str, other: &Errno, lang: Lang) -> String {
    let typed = typed.trim();
    match (typed.starts_with('-'), lang) {
        (true, Lang::En) => format!(
            "as getaddrinfo's return value (Python's [Errno {typed}]; `sockerr {typed} --syscall getaddrinfo`), {typed} is {}: {}",
            other.name, other.message
        ),
        (true, Lang::Zh) => format!(
            "作为 getaddrinfo 的返回值（Python 的 [Errno {typed}]；`sockerr {typed} --syscall getaddrinfo`），{typed} 是 {}：{}",
            other.name, other.message
        ),
        (false, Lang::En) => format!(
            "Windows' getaddrinfo also returns {typed}, for {} (`sockerr {typed} --syscall getaddrinfo`)",
            other.name
        ),
        (false, Lang::Zh) => format!(
            "Windows 的 getaddrinfo 也会返回 {typed}，表示 {}（`sockerr {typed} --syscall getaddrinfo`）",
            other.name
        ),
    }
}
