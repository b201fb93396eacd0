//! recv(2) cases.

use super::*;
use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tx;
use nix::errno::Errno as E;
use nix::sys::socket::{recv, setsockopt, sockopt, MsgFlags};
use nix::sys::time::{TimeVal, TimeValLike};
use std::ffi::CStr;
use std::os::fd::RawFd;
use std::time::Duration;

/// The call under test: a plain recv of up to 64 bytes.
pub(crate) fn recv_on(t: &mut Trace, fd: RawFd) -> nix::Result<usize> {
    let mut buf = [0u8; 64];
    t.test(
        format!("recv({fd}, buf, 64, 0)"),
        recv(fd, &mut buf, MsgFlags::empty()),
    )
}

pub(crate) fn recv_notconn(t: &mut Trace) -> Res {
    let c = tcp(t)?;
    recv_on(t, raw(&c)).ok();
    Ok(())
}

pub(crate) fn recv_inval_unix(t: &mut Trace) -> Res {
    let u = unix_stream(t)?;
    recv_on(t, raw(&u)).ok();
    Ok(())
}

pub(crate) fn recv_connreset(t: &mut Trace) -> Res {
    let (_l, c) = reset(t)?;
    recv_on(t, raw(&c)).ok();
    Ok(())
}

pub(crate) fn recv_again(t: &mut Trace) -> Res {
    let p = pair(t)?;
    set_nonblocking(t, &p.client)?;
    recv_on(t, raw(&p.client)).ok();
    Ok(())
}

pub(crate) fn recv_timeout(t: &mut Trace) -> Res {
    let p = pair(t)?;
    let c = &p.client;
    t.setup(
        format!(
            "setsockopt({}, SOL_SOCKET, SO_RCVTIMEO, {{100 ms}}, 16)",
            raw(c)
        ),
        setsockopt(c, sockopt::ReceiveTimeout, &TimeVal::milliseconds(100)),
    )?;
    let mut buf = [0u8; 64];
    t.timed_test(format!("recv({}, buf, 64, 0)", raw(c)), || {
        recv(raw(c), &mut buf, MsgFlags::empty())
    })
    .ok();
    Ok(())
}

extern "C" fn on_alarm(_: libc::c_int) {}

pub(crate) fn recv_intr(t: &mut Trace) -> Res {
    let p = pair(t)?;
    let fd = raw(&p.client);
    interrupted(t, format!("recv({fd}, buf, 64, 0)"), || {
        let mut buf = [0u8; 64];
        // SAFETY: a plain recv into a local buffer.
        unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) }
    })
}

/// Runs `blocking`, a raw call that waits forever unless interrupted, in a
/// child whose SIGALRM handler has no SA_RESTART and fires after 100 ms;
/// `shown` is the call as the trace shows it. The child makes only raw,
/// async-signal-safe calls.
pub(crate) fn interrupted(t: &mut Trace, shown: String, blocking: impl FnOnce() -> isize) -> Res {
    let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_alarm as *const () as libc::sighandler_t;
        sa.sa_flags = 0; // no SA_RESTART
        libc::sigemptyset(&mut sa.sa_mask);
        if !rep.result(i64::from(libc::sigaction(
            libc::SIGALRM,
            &sa,
            std::ptr::null_mut(),
        ))) {
            return;
        }
        let it = libc::itimerval {
            it_interval: libc::timeval {
                tv_sec: 0,
                tv_usec: 0,
            },
            it_value: libc::timeval {
                tv_sec: 0,
                tv_usec: 100_000,
            },
        };
        if !rep.result(i64::from(libc::setitimer(
            libc::ITIMER_REAL,
            &it,
            std::ptr::null_mut(),
        ))) {
            return;
        }
        let mut start: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut start);
        let r = blocking();
        let errno = if r < 0 { E::last_raw() } else { 0 };
        let mut end: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut end);
        rep.send(r as i64, errno);
        let ns = (end.tv_sec - start.tv_sec) * 1_000_000_000 + (end.tv_nsec - start.tv_nsec);
        rep.send(ns, 0);
    })?;
    let pid = run.pid;
    let calls = [
        format!("[pid {pid}] sigaction(SIGALRM, {{sa_handler=on_alarm, sa_flags=0}}, NULL)"),
        format!("[pid {pid}] setitimer(ITIMER_REAL, {{it_value=100 ms}}, NULL)"),
    ];
    for (call, &rec) in calls.into_iter().zip(&run.records) {
        t.child_step(call, rec, false);
    }
    if run.records.len() >= 2 {
        t.note(tx(
            "no SA_RESTART: an interrupted call returns instead of restarting",
            "未设 SA_RESTART：被打断的调用直接返回，不会重启",
        ));
    }
    match run.records.get(2) {
        Some(&rec) => {
            t.child_step(format!("[pid {pid}] {shown}"), rec, true);
            if let Some(took) = run.records.get(3) {
                t.last().elapsed = Some(Duration::from_nanos(took.ret.max(0) as u64));
            }
        }
        None => t.event(format!("[pid {pid}] {shown} = ?"), None),
    }
    t.event(describe_status(pid, run.status), None);
    Ok(())
}

pub(crate) fn recv_connrefused(t: &mut Trace) -> Res {
    let u = refused_udp(t)?;
    recv_on(t, raw(&u)).ok();
    Ok(())
}

pub(crate) fn recv_badf(t: &mut Trace) -> Res {
    let s = tcp(t)?;
    let n = raw(&s);
    close_fd(t, s)?;
    recv_on(t, n).ok();
    Ok(())
}

pub(crate) fn recv_notsock(t: &mut Trace) -> Res {
    let name: &CStr = c"sockerr-repro";
    let m = t.setup(
        "memfd_create(\"sockerr-repro\", MFD_CLOEXEC)",
        nix::sys::memfd::memfd_create(name, nix::sys::memfd::MemFdCreateFlag::MFD_CLOEXEC),
    )?;
    t.note(tx(
        "an ordinary file, kept in memory: nothing to clean up",
        "一个普通文件，只存在于内存中：无需清理",
    ));
    recv_on(t, raw(&m)).ok();
    Ok(())
}
