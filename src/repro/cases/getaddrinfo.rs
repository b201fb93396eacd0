//! getaddrinfo(3) cases: its EAI codes, which it returns instead of setting
//! errno. The argument errors need no network at all (numeric hosts with
//! AI_NUMERICHOST, so nothing is looked up); the answers of a nameserver
//! come from a responder in a private network namespace (`netns.rs`).

use crate::repro::netns::{self, Answer};
use crate::repro::recorder::*;
use std::ffi::CString;

/// getaddrinfo() in this process, with hints as given. `shown` is how the
/// trace writes the hints.
fn call(
    t: &mut Trace,
    node: Option<&str>,
    service: Option<&str>,
    (family, socktype, flags): (i32, i32, i32),
    shown: &str,
) -> Res {
    let c = |s: Option<&str>| s.map(|s| CString::new(s).expect("no NUL"));
    let (cn, cs) = (c(node), c(service));
    let ptr = |s: &Option<CString>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
    // SAFETY: a zeroed addrinfo is the documented way to start hints.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_flags = flags;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid C strings or NULL, valid hints and result pointer.
    let rc = unsafe { libc::getaddrinfo(ptr(&cn), ptr(&cs), &hints, &mut res) };
    if rc == 0 {
        // SAFETY: res came from a successful getaddrinfo.
        unsafe { libc::freeaddrinfo(res) };
    }
    let q = |s: Option<&str>| s.map_or("NULL".to_string(), |s| format!("\"{s}\""));
    t.gai_test(
        format!("getaddrinfo({}, {}, {{{shown}}}, ...)", q(node), q(service)),
        rc,
    );
    Ok(())
}

pub(crate) fn gai_noname_numerichost(t: &mut Trace) -> Res {
    call(
        t,
        Some("nx.sockerr.test"),
        Some("80"),
        (libc::AF_UNSPEC, libc::SOCK_STREAM, libc::AI_NUMERICHOST),
        "ai_flags=AI_NUMERICHOST, ai_family=AF_UNSPEC, ai_socktype=SOCK_STREAM",
    )
}

pub(crate) fn gai_noname_nxdomain(t: &mut Trace) -> Res {
    netns::lookup(t, "nx.sockerr.test", Answer::NxDomain)
}

pub(crate) fn gai_nodata(t: &mut Trace) -> Res {
    netns::lookup(t, "mailonly.sockerr.test", Answer::NoData)
}

pub(crate) fn gai_again_refused(t: &mut Trace) -> Res {
    netns::lookup(t, "refused.sockerr.test", Answer::Refused)
}

pub(crate) fn gai_again_silent(t: &mut Trace) -> Res {
    netns::lookup(t, "silent.sockerr.test", Answer::Silent)
}

pub(crate) fn gai_service(t: &mut Trace) -> Res {
    call(
        t,
        Some("127.0.0.1"),
        Some("nosuchsvc"),
        (libc::AF_UNSPEC, libc::SOCK_STREAM, libc::AI_NUMERICHOST),
        "ai_flags=AI_NUMERICHOST, ai_family=AF_UNSPEC, ai_socktype=SOCK_STREAM",
    )
}

pub(crate) fn gai_family(t: &mut Trace) -> Res {
    call(
        t,
        Some("127.0.0.1"),
        Some("80"),
        (libc::AF_PACKET, libc::SOCK_STREAM, libc::AI_NUMERICHOST),
        "ai_flags=AI_NUMERICHOST, ai_family=AF_PACKET, ai_socktype=SOCK_STREAM",
    )
}

pub(crate) fn gai_socktype(t: &mut Trace) -> Res {
    call(
        t,
        Some("127.0.0.1"),
        Some("80"),
        (libc::AF_UNSPEC, 99, libc::AI_NUMERICHOST),
        "ai_flags=AI_NUMERICHOST, ai_family=AF_UNSPEC, ai_socktype=99",
    )
}

pub(crate) fn gai_badflags(t: &mut Trace) -> Res {
    call(
        t,
        None,
        Some("80"),
        (libc::AF_UNSPEC, libc::SOCK_STREAM, libc::AI_CANONNAME),
        "ai_flags=AI_CANONNAME, ai_family=AF_UNSPEC, ai_socktype=SOCK_STREAM",
    )
}

pub(crate) fn gai_addrfamily(t: &mut Trace) -> Res {
    call(
        t,
        Some("::1"),
        Some("80"),
        (libc::AF_INET, libc::SOCK_STREAM, libc::AI_NUMERICHOST),
        "ai_flags=AI_NUMERICHOST, ai_family=AF_INET, ai_socktype=SOCK_STREAM",
    )
}
