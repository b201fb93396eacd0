//! epoll_ctl(2) cases.

use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tx;
use nix::errno::Errno as E;
use std::os::fd::{OwnedFd, RawFd};

fn epoll_create(t: &mut Trace) -> Result<OwnedFd, Stop> {
    // SAFETY: a plain system call.
    let r = E::result(unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) });
    t.setup("epoll_create1(EPOLL_CLOEXEC)", own(r))
}

/// EPOLL_CTL_ADD of `fd` for EPOLLIN, and how strace would show it.
fn add(ep: &OwnedFd, fd: RawFd) -> (String, nix::Result<()>) {
    let mut ev = libc::epoll_event {
        events: libc::EPOLLIN as u32,
        u64: fd as u64,
    };
    // SAFETY: ev lives across the call.
    let r = unsafe { libc::epoll_ctl(raw(ep), libc::EPOLL_CTL_ADD, fd, &mut ev) };
    (
        format!(
            "epoll_ctl({}, EPOLL_CTL_ADD, {fd}, {{events=EPOLLIN, data={{u64={fd}}}}})",
            raw(ep)
        ),
        E::result(r).map(drop),
    )
}

pub(crate) fn epoll_ctl_exist(t: &mut Trace) -> Res {
    let ep = epoll_create(t)?;
    let s = tcp(t)?;
    let (call, r) = add(&ep, raw(&s));
    t.setup(call, r)?;
    t.note(tx(
        "registered: the interest list keys it by (open file, descriptor number)",
        "已注册：兴趣列表以（打开的文件，描述符编号）为键",
    ));
    let (call, r) = add(&ep, raw(&s));
    t.test(call, r).ok();
    Ok(())
}

pub(crate) fn epoll_ctl_perm(t: &mut Trace) -> Res {
    let ep = epoll_create(t)?;
    let m = t.setup(
        "memfd_create(\"sockerr-repro\", MFD_CLOEXEC)",
        nix::sys::memfd::memfd_create(
            c"sockerr-repro",
            nix::sys::memfd::MemFdCreateFlag::MFD_CLOEXEC,
        ),
    )?;
    t.note(tx(
        "an ordinary file, kept in memory: a regular file is always ready, so it has no poll support",
        "一个普通文件，只存在于内存中：普通文件总是就绪，所以它不支持 poll",
    ));
    let (call, r) = add(&ep, raw(&m));
    t.test(call, r).ok();
    Ok(())
}
