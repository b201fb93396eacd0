//! accept(2) and listen(2) cases.

use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tx;
use nix::sys::socket::{accept, bind, listen, setsockopt, sockopt, Backlog};
use std::os::fd::OwnedFd;

pub(crate) fn accept_inval(t: &mut Trace) -> Res {
    let s = tcp(t)?;
    bind_lo(t, &s)?;
    t.test(
        format!("accept({}, NULL, NULL)", raw(&s)),
        own(accept(raw(&s))),
    )
    .ok();
    Ok(())
}

pub(crate) fn accept_again(t: &mut Trace) -> Res {
    let l = tcp_nonblocking(t)?;
    bind_lo(t, &l)?;
    listen_on(t, &l, 8)?;
    t.test(
        format!("accept({}, NULL, NULL)", raw(&l)),
        own(accept(raw(&l))),
    )
    .ok();
    Ok(())
}

// listen ----------------------------------------------------------

/// SO_REUSEADDR on, recorded.
pub(crate) fn reuse(t: &mut Trace, fd: &OwnedFd) -> Result<(), Stop> {
    t.setup(
        format!("setsockopt({}, SOL_SOCKET, SO_REUSEADDR, [1], 4)", raw(fd)),
        setsockopt(fd, sockopt::ReuseAddr, &true),
    )
}

pub(crate) fn listen_addrinuse(t: &mut Trace) -> Res {
    let a = tcp(t)?;
    reuse(t, &a)?;
    let addr = bind_lo(t, &a)?;
    let b = tcp(t)?;
    reuse(t, &b)?;
    t.setup(format!("bind({}, {addr})", raw(&b)), bind(raw(&b), &addr))?;
    t.note(tx(
        "allowed: both sockets have SO_REUSEADDR and neither listens yet",
        "允许：两个套接字都设置了 SO_REUSEADDR，且都还没有监听",
    ));
    listen_on(t, &a, 8)?;
    t.test(
        format!("listen({}, 8)", raw(&b)),
        listen(&b, Backlog::new(8).unwrap_or(Backlog::MAXCONN)),
    )
    .ok();
    Ok(())
}

pub(crate) fn listen_opnotsupp(t: &mut Trace) -> Res {
    let u = udp(t)?;
    t.test(
        format!("listen({}, 8)", raw(&u)),
        listen(&u, Backlog::new(8).unwrap_or(Backlog::MAXCONN)),
    )
    .ok();
    Ok(())
}
