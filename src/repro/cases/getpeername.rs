//! getpeername(2) and close(2) cases.

use super::connect::pending_connect;
use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tx;
use nix::sys::socket::{getpeername, SockaddrIn};

/// The realistic ENOTCONN: a non-blocking connect still waiting for its
/// handshake (curl asks getpeername then).
pub(crate) fn getpeername_notconn(t: &mut Trace) -> Res {
    let (_l, _first, c, _addr) = pending_connect(t)?;
    local(t, &c)?;
    t.note(tx(
        "getsockname works already: connect gave the socket its local address",
        "getsockname 此时已经可用：connect 已为套接字分配了本地地址",
    ));
    t.test(
        format!("getpeername({}, …)", raw(&c)),
        getpeername::<SockaddrIn>(raw(&c)).map(drop),
    )
    .ok();
    Ok(())
}

/// A double close: the second one finds the number free. (In a threaded
/// program it may find the number reused and close someone else's file.)
pub(crate) fn close_badf(t: &mut Trace) -> Res {
    let s = tcp(t)?;
    let n = raw(&s);
    close_fd(t, s)?;
    t.note(tx(
        "the number is free again: the next socket or file opened anywhere in the process gets it",
        "这个编号又空闲了：进程中任何地方下一次打开的套接字或文件都会拿到它",
    ));
    t.test(format!("close({n})"), nix::unistd::close(n)).ok();
    Ok(())
}
