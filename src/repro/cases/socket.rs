//! socket(2) and shutdown(2) cases.

use super::*;
use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tx;
use nix::errno::Errno as E;
use nix::sys::socket::{shutdown, Shutdown};
use std::time::Duration;

/// socket() with numbers nix's types cannot express.
pub(crate) fn raw_socket(t: &mut Trace, call: &str, domain: i32, ty: i32, proto: i32) -> Res {
    let r = E::result(unsafe { libc::socket(domain, ty, proto) });
    // If the kernel surprises us with a socket, it is closed on drop.
    t.test(call, own(r)).ok();
    Ok(())
}

pub(crate) fn socket_afnosupport(t: &mut Trace) -> Res {
    raw_socket(
        t,
        "socket(9999, SOCK_STREAM, 0)",
        9999,
        libc::SOCK_STREAM,
        0,
    )
}

pub(crate) fn socket_protonosupport(t: &mut Trace) -> Res {
    raw_socket(
        t,
        "socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)",
        libc::AF_INET,
        libc::SOCK_STREAM,
        libc::IPPROTO_UDP,
    )
}

pub(crate) fn socket_protonosupport_unix(t: &mut Trace) -> Res {
    // SAFETY: a plain socket() call; the descriptor is owned at once.
    let one = own(E::result(unsafe {
        libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 1)
    }));
    let ok = one.is_ok();
    let _kept = t.step("socket(AF_UNIX, SOCK_STREAM, 1)", one);
    t.note(tx(
        "protocol 1 is accepted: it is PF_UNIX, the family's own number, and means the same as 0",
        "协议号 1 被接受：它就是 PF_UNIX，即该协议族自己的编号，效果与 0 相同",
    ));
    t.expect(
        ok,
        "Linux should accept protocol 1 (PF_UNIX) for an AF_UNIX socket".into(),
        "Linux 应接受 AF_UNIX 套接字使用协议号 1（PF_UNIX）".into(),
    );
    raw_socket(
        t,
        "socket(AF_UNIX, SOCK_STREAM, 2)",
        libc::AF_UNIX,
        libc::SOCK_STREAM,
        2,
    )
}

pub(crate) fn socket_socktnosupport(t: &mut Trace) -> Res {
    raw_socket(
        t,
        "socket(AF_INET, SOCK_RDM, 0)",
        libc::AF_INET,
        libc::SOCK_RDM,
        0,
    )
}

pub(crate) fn socket_inval(t: &mut Trace) -> Res {
    raw_socket(t, "socket(AF_INET, 99, 0)", libc::AF_INET, 99, 0)
}

pub(crate) fn socket_mfile(t: &mut Trace) -> Res {
    /// Low enough to reach in a few calls, high enough for the child's
    /// standard descriptors and its report pipe.
    const WANTED: libc::rlim_t = 16;
    const MAX_CALLS: usize = 64;
    let (_, hard) = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        .map_err(|e| t.fail("getrlimit(RLIMIT_NOFILE)", e))?;
    // The soft limit may not exceed the hard one (setrlimit says EINVAL):
    // under `ulimit -n 8` the case runs with 8, which is just as good.
    let limit = WANTED.min(hard);
    let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
        let lim = libc::rlimit {
            rlim_cur: limit,
            rlim_max: hard,
        };
        if !rep.result(i64::from(libc::setrlimit(libc::RLIMIT_NOFILE, &lim))) {
            return;
        }
        // Bounded: the limit is at most 16, so this ends within 16 calls.
        for _ in 0..MAX_CALLS {
            if !rep.result(i64::from(libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0))) {
                return;
            }
        }
    })?;
    let pid = run.pid;
    let hard_shown = if hard == libc::RLIM_INFINITY {
        "RLIM_INFINITY".to_string()
    } else {
        hard.to_string()
    };
    let mut recs = run.records.iter().copied();
    match recs.next() {
        Some(rec) => {
            let call = format!(
                "[pid {pid}] setrlimit(RLIMIT_NOFILE, {{rlim_cur={limit}, rlim_max={hard_shown}}})"
            );
            if let Err(stop) = child_setup(t, call, rec) {
                t.event(describe_status(pid, run.status), None);
                return Err(stop);
            }
        }
        None => {
            t.event(describe_status(pid, run.status), None);
            return Ok(());
        }
    }
    let call = format!("[pid {pid}] socket(AF_INET, SOCK_STREAM, 0)");
    let sockets: Vec<Record> = recs.clone().take_while(|r| r.ret >= 0).collect();
    match sockets.as_slice() {
        [] => {}
        [one] => t.child_step(call.clone(), *one, false),
        [first, .., last] => {
            t.child_step(call.clone(), *first, false);
            t.event(
                format!(
                    "[pid {pid}] … {} more calls succeed, the last returning {}",
                    sockets.len() - 1,
                    last.ret
                ),
                Some(tx(
                    "each call takes the lowest free descriptor number",
                    "每次调用都取最小的空闲描述符编号",
                )),
            );
        }
    }
    match recs.nth(sockets.len()) {
        Some(rec) => t.child_step(call, rec, true),
        None => t.expect(
            false,
            format!("{MAX_CALLS} sockets opened without reaching the limit"),
            format!("打开了 {MAX_CALLS} 个套接字仍未达到限制"),
        ),
    }
    t.event(describe_status(pid, run.status), None);
    Ok(())
}

// shutdown ----------------------------------------------------------

pub(crate) fn shutdown_notconn(t: &mut Trace) -> Res {
    let c = tcp(t)?;
    t.test(
        format!("shutdown({}, SHUT_RDWR)", raw(&c)),
        shutdown(raw(&c), Shutdown::Both),
    )
    .ok();
    Ok(())
}
